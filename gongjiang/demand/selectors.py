"""Reads of the shortage occupation catalogue (R2.2). The catalogue is public information, so
these reads need no actor."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongjiang.demand.models import ShortageCatalogue, ShortageOccupation
from gongjiang.reference.models import Division


def _area_codes(district_code: str) -> list[str]:
    """The district and every division above it (a city catalogue applies to its districts)."""
    codes: list[str] = []
    division = Division.objects.filter(code=district_code).select_related("parent").first()
    while division is not None:
        codes.append(division.code)
        division = division.parent
    return codes


def shortage_catalogues_in_force(*, district_code: str | None = None, on: date | None = None
                                 ) -> QuerySet[ShortageCatalogue]:
    """Catalogue editions in force on `on` (default today) for the district (its own and those of
    the city and province above it), or everywhere when `district_code` is None."""
    on = on or timezone.localdate()
    qs = ShortageCatalogue.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)
    if district_code:
        qs = qs.filter(area__code__in=_area_codes(district_code))
    return qs.select_related("area")


def shortage_occupation_codes(*, district_code: str | None = None, on: date | None = None) -> set[str]:
    """Occupation codes (e.g. 6-18-02-04) in the shortage catalogues in force on `on` for the
    district, or in any catalogue when `district_code` is None (R2.2, `003` 二(三)4)."""
    catalogues = shortage_catalogues_in_force(district_code=district_code, on=on)
    return set(ShortageOccupation.objects.filter(catalogue__in=catalogues)
               .values_list("occupation__code", flat=True))


def shortage_occupation_min_grades(*, district_code: str | None = None, on: date | None = None
                                   ) -> dict[str, int | None]:
    """Like `shortage_occupation_codes`, with each code's minimum grade (None: any grade). Where
    two catalogues list one code, the lower minimum applies."""
    catalogues = shortage_catalogues_in_force(district_code=district_code, on=on)
    result: dict[str, int | None] = {}
    for code, grade in ShortageOccupation.objects.filter(catalogue__in=catalogues).values_list(
            "occupation__code", "min_grade"):
        if code not in result:
            result[code] = grade
        elif result[code] is None or grade is None:
            result[code] = None
        else:
            result[code] = min(result[code], grade)
    return result


def shortage_entries(*, catalogue_id: int) -> QuerySet[ShortageOccupation]:
    return ShortageOccupation.objects.filter(catalogue_id=catalogue_id)
