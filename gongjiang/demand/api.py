"""Shortage occupation catalogue API (/api/v1/demand/), R2.2."""


from django.http import HttpRequest
from ninja import Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import IsoDate, errors, text_query
from gongjiang.demand.selectors import shortage_catalogues_in_force, shortage_occupation_min_grades

router = Router(tags=["需求 demand"])


class ShortageOut(Schema):
    occupation_code: str
    min_grade: int | None


class CatalogueOut(Schema):
    title: str
    area_code: str
    year: int
    source: str
    is_demo: bool


@router.get("/shortage-occupations", auth=allowed_api("demand.catalogue_read"), response={200: list[ShortageOut], **errors(401, 422)}, summary="急需紧缺职业（工种）")
def shortage_occupations(request: HttpRequest, district_code: str | None = text_query(12, default=None),
                         on: IsoDate | None = None):
    grades = shortage_occupation_min_grades(district_code=district_code, on=on)
    return [ShortageOut(occupation_code=code, min_grade=grade) for code, grade in sorted(grades.items())]


@router.get("/shortage-catalogues", auth=allowed_api("demand.catalogue_read"), response={200: list[CatalogueOut], **errors(401, 422)}, summary="现行目录及其来源")
def shortage_catalogues(request: HttpRequest, district_code: str | None = text_query(12, default=None),
                        on: IsoDate | None = None):
    return [CatalogueOut(title=c.title, area_code=c.area.code, year=c.year, source=c.source, is_demo=c.is_demo)
            for c in shortage_catalogues_in_force(district_code=district_code, on=on)]
