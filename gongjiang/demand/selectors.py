"""Reads of the shortage occupation catalogue (R2.2). The published catalogue is public
information, so these reads need no actor; drafts are never "in force". Demand filings are read within the
actor's scope (`registry.selectors.enterprise_scope`); their aggregates and the figures a catalogue
is computed from are counts, not personal data (ADR 0023)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Min, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.core.errors import NotFound
from gongjiang.demand.indicators import (
    NEAR_RETIREMENT_AGE,
    OccupationFigures,
)
from gongjiang.demand.models import (
    CatalogueStatus,
    DemandFiling,
    DemandFilingRevision,
    FilingStatus,
    IndicatorWeight,
    JobSeekerCount,
    ShortageCatalogue,
    ShortageOccupation,
)
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Division, Occupation
from gongjiang.registry.selectors import enterprise_scope


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
    qs = ShortageCatalogue.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on,
                                          status=CatalogueStatus.PUBLISHED)
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


# --- Demand filings (R2.1) -------------------------------------------------------------------


def filing_list(*, actor: Any, status: str = "", occupation_prefix: str = "", year: int | None = None
                ) -> QuerySet[DemandFiling]:
    """Filings of the enterprises the actor sees (HR: their own; bureau staff: the district's;
    bureau administrators: all), newest month first."""
    qs = DemandFiling.objects.filter(enterprise__in=enterprise_scope(actor)).select_related(
        "enterprise", "enterprise__district", "occupation")
    if status:
        qs = qs.filter(status=status)
    if occupation_prefix:
        qs = qs.filter(Q(occupation__code=occupation_prefix) | Q(occupation__code__startswith=occupation_prefix + "-"))
    if year:
        qs = qs.filter(period__year=year)
    return qs


def filing_get(*, actor: Any, filing_id: int) -> DemandFiling:
    """One filing within the actor's scope; `NotFound` otherwise (as for one that does not exist)."""
    filing = filing_list(actor=actor).filter(pk=filing_id).first()
    if filing is None:
        raise NotFound(_("未找到该需求填报，或您无权查看"))
    return filing


def filing_history(filing: DemandFiling) -> QuerySet[DemandFilingRevision]:
    return filing.history.select_related("actor")


def occupation_standing(*, enterprise_id: int, on: date | None = None) -> dict[str, ShortageOccupation]:
    """For an enterprise's occupations: the entry of the catalogue in force for its district, if any
    (shown beside HR's filings)."""
    from gongjiang.registry.models import Enterprise

    enterprise = Enterprise.objects.filter(pk=enterprise_id).select_related("district").first()
    if enterprise is None:
        return {}
    catalogues = shortage_catalogues_in_force(district_code=enterprise.district.code, on=on)
    return {entry.occupation.code: entry for entry in
            ShortageOccupation.objects.filter(catalogue__in=catalogues).select_related("occupation", "catalogue")}


# --- Aggregates and the catalogue's figures (R2.1, R2.2) ------------------------------------------

#: Dimensions the bureau may group demand by, with their screen words.
DIMENSIONS = {"district": _("区县"), "industry": _("行业"), "month": _("月份"), "grade": _("技能等级")}


def _area_q(area: Division, path: str) -> Q:
    """Divisions under `area` (itself for a district; by code prefix for a city or province)."""
    width = {Division.Level.PROVINCE: 2, Division.Level.PREFECTURE: 4}.get(area.level)
    field = f"{path}__code" if path else "code"
    if width is None:
        return Q(**{field: area.code})
    return Q(**{f"{field}__startswith": area.code[:width]})


def area_get(code: str) -> Division:
    area = Division.objects.filter(code=code).first()
    if area is None:
        raise NotFound(_("行政区划代码 %(c)s 不存在") % {"c": code})
    return area


def demand_aggregate(*, actor: Any, year: int, dims: list[str], district_code: str = "",
                     occupation_prefix: str = "") -> list[dict]:
    """Active filings of `year` in the actor's scope, summed by occupation and the chosen
    dimensions (district, industry, month, grade), each row with the supply of its occupation
    (holders at or above the row's grade in the row's district, where those are grouped; and job
    seekers)."""
    dims = [d for d in DIMENSIONS if d in dims]
    fields = {"occupation": "occupation__code", "occupation_name": "occupation__name"}
    if "district" in dims:
        fields.update(district="enterprise__district__code", district_name="enterprise__district__name")
    if "industry" in dims:
        fields.update(industry="enterprise__industry__code", industry_name="enterprise__industry__name")
    if "month" in dims:
        fields["month"] = "period"
    if "grade" in dims:
        fields["grade"] = "grade"
    qs = filing_list(actor=actor, status=FilingStatus.ACTIVE, occupation_prefix=occupation_prefix, year=year)
    if district_code:
        qs = qs.filter(_area_q(area_get(district_code), "enterprise__district"))
    rows = list(qs.values(*fields.values()).annotate(
        headcount=Sum("headcount"), vacancies=Sum("vacancies_advertised"), applicants=Sum("applicants"),
        suitable=Sum("suitable_applicants"), enterprises=Count("enterprise", distinct=True),
        filings=Count("pk")).order_by(*fields.values()))
    names = {value: key for key, value in fields.items()}
    out = []
    codes = {row["occupation__code"] for row in rows}
    holders = _holders(codes, on=date(year, 12, 31))
    seeker_qs = JobSeekerCount.objects.filter(period__year=year, occupation__code__in=codes)
    if district_code:
        seeker_qs = seeker_qs.filter(_area_q(area_get(district_code), "district"))
    seekers = list(seeker_qs.values_list("occupation__code", "district__code", "grade", "period", "seekers"))
    for row in rows:
        item = {names.get(k, k): v for k, v in row.items()}
        grade = item.get("grade") or 1
        district = item.get("district")
        item["grade_label"] = Grade(item["grade"]).label if item.get("grade") else ""
        item["holders"] = sum(1 for h in holders.get(item["occupation"], [])
                              if h.grade >= grade and (district is None or district in h.districts))
        month = item.get("month")
        matching = sum(n for code, place, level, period, n in seekers
                       if code == item["occupation"] and level >= grade and (district is None or place == district)
                       and (month is None or period == month))
        item["seekers"] = matching if month is not None else round(matching / 12)  # a monthly average
        item["gap"] = item["headcount"] - item["holders"] - item["seekers"]
        out.append(item)
    return out


@dataclass
class _Holder:
    worker_id: int
    grade: int
    birth_date: date
    districts: set[str]


def _holders(codes: set[str], *, on: date, area: Division | None = None) -> dict[str, list[_Holder]]:
    """Registry workers holding a certificate of each occupation issued by `on` (their highest grade),
    with the districts they live or currently work in; only those in `area` when given."""
    return _holders_on(codes, on=[on], area=area)[on]


def _holders_on(codes: set[str], *, on: list[date], area: Division | None = None
                ) -> dict[date, dict[str, list[_Holder]]]:
    """`_holders` for several dates at once, reading the certificates once."""
    from gongjiang.registry.models import Certificate, Employment

    if not codes:
        return {day: {} for day in on}
    certificates = Certificate.objects.filter(occupation__code__in=codes, issued_on__lte=max(on), grade__isnull=False)
    held: dict[tuple[str, int], list[tuple[date, int]]] = {}
    about: dict[int, tuple[date, str | None]] = {}
    for code, worker_id, grade, issued, birth, home in certificates.values_list(
            "occupation__code", "worker_id", "grade", "issued_on", "worker__birth_date",
            "worker__residence_district__code"):
        held.setdefault((code, worker_id), []).append((issued, grade))
        about[worker_id] = (birth, home)
    work: dict[int, set[str]] = {}
    for worker_id, district in Employment.objects.filter(worker_id__in=certificates.values("worker_id"),
                                                         end_date__isnull=True).values_list(
            "worker_id", "enterprise__district__code"):
        work.setdefault(worker_id, set()).add(district)
    places: dict[int, set[str] | None] = {}
    for worker_id, (_birth, home) in about.items():
        districts = set(work.get(worker_id, set()))
        if home:
            districts.add(home)
        places[worker_id] = districts if area is None or any(_in_area(d, area) for d in districts) else None
    out: dict[date, dict[str, list[_Holder]]] = {}
    for day in on:
        found: dict[str, list[_Holder]] = {}
        for (code, worker_id), certs in held.items():
            districts = places[worker_id]
            grades = [grade for issued, grade in certs if issued <= day]
            if districts is None or not grades:
                continue
            found.setdefault(code, []).append(_Holder(worker_id, max(grades), about[worker_id][0], districts))
        out[day] = found
    return out


def _in_area(code: str, area: Division) -> bool:
    width = {Division.Level.PROVINCE: 2, Division.Level.PREFECTURE: 4}.get(area.level)
    return code == area.code if width is None else code[:width] == area.code[:width]


def filing_aggregates(*, area: Division, year: int) -> list[tuple]:
    """The active filings of `area` in `year` summed per occupation in the database (one row per
    occupation, not one per filing): code, demand, vacancies, filled vacancies, applicants, suitable
    applicants, weeks open × vacancies, enterprises, districts, lowest grade, Σ wage × headcount —
    what `indicators.figures_aggregate` computes from filings one by one (the tests check both agree)."""
    # By the area's district ids (not a join on the division code): PostgreSQL then scans the
    # year's filings by the (period, occupation) index and hash-joins the enterprises — 5× faster
    # on 1.2 million filings than the nested loop the code join leads it to (bench/demand).
    districts = list(Division.objects.filter(_area_q(area, "")).values_list("pk", flat=True))
    filings = DemandFiling.objects.filter(enterprise__district_id__in=districts, status=FilingStatus.ACTIVE,
                                          period__gte=date(year, 1, 1), period__lte=date(year, 12, 31))
    rows = list(filings.values("occupation_id").annotate(
        demand=Sum("headcount"), vacancies=Sum("vacancies_advertised"),
        filled=Sum("vacancies_advertised", filter=Q(filled=True)), applicants=Sum("applicants"),
        suitable=Sum("suitable_applicants"), weeks=Sum(F("weeks_open") * F("vacancies_advertised")),
        enterprises=Count("enterprise", distinct=True), districts=Count("enterprise__district", distinct=True),
        min_grade=Min("grade"), wage=Sum(F("wage_offered") * F("headcount"), output_field=DecimalField()),
    ).values_list("occupation_id", "demand", "vacancies", "filled", "applicants", "suitable", "weeks",
                  "enterprises", "districts", "min_grade", "wage").order_by())
    codes = dict(Occupation.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "code"))
    return sorted(((codes[row[0]], *row[1:]) for row in rows), key=lambda row: row[0])


def catalogue_rows(*, area: Division, year: int, holders: dict[str, list[_Holder]] | None = None
                   ) -> tuple[list[tuple], dict[str, list[_Holder]], list[tuple]]:
    """What the catalogue of `area` and `year` is computed from: the filings summed per occupation
    (`filing_aggregates`), the registry holders of their occupations in the area at the year's end
    (`holders` when the caller read them already), and the job-seeker counts of the year summed per
    occupation and grade."""
    aggregates = filing_aggregates(area=area, year=year)
    codes = {row[0] for row in aggregates}
    if holders is None:
        holders = _holders(codes, on=date(year, 12, 31), area=area)
    seekers = list(JobSeekerCount.objects.filter(_area_q(area, "district"), period__year=year,
                                                 occupation__code__in=codes).values_list(
        "occupation__code", "grade").annotate(n=Sum("seekers")).order_by())
    return aggregates, holders, seekers


def figures_from_rows(aggregates: list[tuple], holders: dict[str, list[_Holder]], seekers: list[tuple], *,
                      year: int) -> dict[str, OccupationFigures]:
    """Pure: the figures of every occupation from `catalogue_rows` (see `occupation_figures`)."""
    figures = {}
    for code, demand, vacancies, filled, applicants, suitable, weeks, enterprises, districts, grade, wage in aggregates:
        figures[code] = OccupationFigures(
            code, demand=demand or 0, vacancies=vacancies or 0, filled_vacancies=filled or 0,
            applicants=applicants or 0, suitable=suitable or 0, weeks_weighted=weeks or 0,
            enterprise_count=enterprises, district_count=districts, min_grade=grade, wage_weighted=float(wage or 0))
    end = date(year, 12, 31)
    for code, o in figures.items():
        for h in holders.get(code, []):
            if h.grade >= (o.min_grade or 1):
                o.holders += 1
                age = end.year - h.birth_date.year - ((end.month, end.day) < (h.birth_date.month, h.birth_date.day))
                o.holders_near_retirement += age >= NEAR_RETIREMENT_AGE
    totals: dict[str, int] = {}
    for code, grade, count in seekers:
        if code in figures and grade >= (figures[code].min_grade or 1):
            totals[code] = totals.get(code, 0) + count
    for code, total in totals.items():
        figures[code].seekers = round(total / 12)
    return figures


def occupation_figures(*, area_code: str, year: int) -> dict[str, OccupationFigures]:
    """The figures of every occupation with active filings in `area` in `year`, with supply
    (holders at or above the lowest grade filed, living or working in the area; job seekers of the
    area at or above that grade, summed over the year's months divided by 12, i.e. a monthly
    average) — the input of `indicators.scores_compute`."""
    return occupation_figures_years(area_code=area_code, years=[year])[year]


def occupation_figures_years(*, area_code: str, years: list[int]) -> dict[int, dict[str, OccupationFigures]]:
    """`occupation_figures` of several years, reading the registry's certificates once."""
    area = area_get(area_code)
    aggregates = {year: filing_aggregates(area=area, year=year) for year in years}
    codes = {row[0] for rows in aggregates.values() for row in rows}
    holders = _holders_on(codes, on=[date(year, 12, 31) for year in years], area=area)
    out = {}
    for year in years:
        seekers = list(JobSeekerCount.objects.filter(_area_q(area, "district"), period__year=year,
                                                     occupation__code__in={row[0] for row in aggregates[year]})
                       .values_list("occupation__code", "grade").annotate(n=Sum("seekers")).order_by())
        figures = figures_from_rows(aggregates[year], holders[date(year, 12, 31)], seekers, year=year)
        pipeline_set(figures, area=area, year=year)
        out[year] = figures
    return out


def pipeline_set(figures: dict[str, OccupationFigures], *, area: Division, year: int) -> None:
    """Each occupation's trainees about to certify in the area at the year's end (or today, for the
    current year), from the training domain (`training.selectors.pipeline_counts`)."""
    from gongjiang.training.selectors import pipeline_counts

    on = min(date(year, 12, 31), timezone.localdate())
    districts = Division.objects.filter(_area_q(area, "")).values_list("code", flat=True)
    for code, count in pipeline_counts(occupation_codes=list(figures), district_codes=districts, on=on).items():
        figures[code].pipeline = count


def pay_growth(year: int) -> tuple[dict[str, float], list[int]]:
    """Growth of each occupation's published median annual pay (income monitoring) between the
    latest two consecutive years built up to `year` (looking back three years), and those years
    ([] when none: the indicator is then missing for every occupation, and the method says so)."""
    from gongjiang.income.selectors import occupation_median_pay

    for later in range(year, year - 4, -1):
        now, before = occupation_median_pay(year=later), occupation_median_pay(year=later - 1)
        if now is not None and before is not None:
            return ({code: float(value / before[code]) - 1 for code, value in now.items()
                     if before.get(code)}, [later - 1, later])
    return {}, []


def weights_current() -> dict[str, Decimal]:
    return dict(IndicatorWeight.objects.values_list("key", "weight"))


def weight_list() -> QuerySet[IndicatorWeight]:
    return IndicatorWeight.objects.select_related("updated_by")


# --- Catalogue editions (R2.2) -----------------------------------------------------------------


def catalogue_list(*, status: str = "", area_code: str = "") -> QuerySet[ShortageCatalogue]:
    qs = ShortageCatalogue.objects.select_related("area").annotate(entry_count=Count("entries"))
    if status:
        qs = qs.filter(status=status)
    if area_code:
        qs = qs.filter(area__code=area_code)
    return qs


def catalogue_get(*, catalogue_id: int, published_only: bool = False) -> ShortageCatalogue:
    qs = catalogue_list(status=CatalogueStatus.PUBLISHED if published_only else "")
    catalogue = qs.filter(pk=catalogue_id).first()
    if catalogue is None:
        raise NotFound(_("未找到该目录"))
    return catalogue


def catalogue_entries(catalogue: ShortageCatalogue) -> QuerySet[ShortageOccupation]:
    return (ShortageOccupation.objects.filter(catalogue=catalogue, occupation__isnull=False)
            .select_related("occupation").order_by("rank", "occupation__code"))


def catalogue_previous(catalogue: ShortageCatalogue) -> ShortageCatalogue | None:
    """The latest published edition of the same area before this one (by start, then edition)."""
    qs = ShortageCatalogue.objects.filter(area=catalogue.area, status=CatalogueStatus.PUBLISHED).exclude(
        pk=catalogue.pk)
    if catalogue.status == CatalogueStatus.PUBLISHED:
        qs = qs.filter(valid_from__lt=catalogue.valid_from)
    return qs.order_by("-valid_from", "-year", "-edition").first()


def catalogues_public() -> QuerySet[ShortageCatalogue]:
    """Published editions, newest first (the public page)."""
    return catalogue_list(status=CatalogueStatus.PUBLISHED).order_by("-valid_from", "-edition")


# --- Monthly series for the forecast (R2.3) ------------------------------------------------------


def _month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def monthly_series(*, area_code: str, months: int = 36, top: int = 15) -> tuple[list[date], dict[str, dict]]:
    """The last `months` months up to the latest month with filings in the area, and for the `top`
    occupations by demand over them: {"demand": [...], "supply": [...], "name": ...} per code.
    Supply = job seekers of the month plus certificates of the occupation issued that month to
    workers of the area."""
    from gongjiang.registry.models import Certificate

    area = area_get(area_code)
    filings = DemandFiling.objects.filter(_area_q(area, "enterprise__district"), status=FilingStatus.ACTIVE)
    last = filings.order_by("-period").values_list("period", flat=True).first()
    if last is None:
        return [], {}
    earliest = filings.order_by("period").values_list("period", flat=True).first()
    first = max(_month_add(last, -(months - 1)), earliest)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    axis = [_month_add(first, i) for i in range(months)]
    index = {m: i for i, m in enumerate(axis)}
    totals = (filings.filter(period__gte=first).values("occupation__code").annotate(total=Sum("headcount"))
              .order_by("-total", "occupation__code")[:top])
    codes = [row["occupation__code"] for row in totals]
    names = dict(Occupation.objects.filter(code__in=codes).values_list("code", "name"))
    series = {code: {"name": names.get(code, ""), "demand": [0.0] * months, "supply": [0.0] * months}
              for code in codes}
    for code, period, total in (filings.filter(period__gte=first, occupation__code__in=codes)
                                .values_list("occupation__code", "period").annotate(total=Sum("headcount"))):
        series[code]["demand"][index[period]] += total
    for code, period, total in (JobSeekerCount.objects.filter(_area_q(area, "district"), period__gte=first,
                                                               period__lte=last, occupation__code__in=codes)
                                .values_list("occupation__code", "period").annotate(total=Sum("seekers"))):
        series[code]["supply"][index[period]] += total
    in_area = Q(worker__residence_district__in=Division.objects.filter(_area_q(area, "")))
    for code, issued in Certificate.objects.filter(in_area, occupation__code__in=codes, issued_on__gte=first,
                                                   issued_on__lte=_month_add(last, 1)).values_list(
            "occupation__code", "issued_on"):
        month = date(issued.year, issued.month, 1)
        if month in index:
            series[code]["supply"][index[month]] += 1
    return axis, series


def filing_counts(*, actor: Any) -> dict[str, int]:
    """The actor's demand filings by status (enterprise HR's home page), with the active headcount."""
    from django.db.models import Count, Sum

    counts = dict(filing_list(actor=actor).order_by().values("status")
              .annotate(n=Count("id")).values_list("status", "n"))
    headcount = filing_list(actor=actor, status="active").aggregate(n=Sum("headcount"))["n"] or 0
    return {"active": counts.get("active", 0), "withdrawn": counts.get("withdrawn", 0), "headcount": headcount}
# --- The forecast runs (R2.3) -------------------------------------------------------------------------


def forecast_data_stamp() -> str:
    """What the forecast is computed from, in one string: the filings' count and last change (a run
    whose stamp differs from today's was computed from other data)."""
    from django.db.models import Max

    stamp = DemandFiling.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    return f"{stamp['n']}:{stamp['t'].isoformat() if stamp['t'] else ''}"


def forecast_compute(*, area_code: str, top: int) -> dict:
    """The forecast of the area's `top` occupations by demand, JSON-ready: the months, the months
    forecast, and per occupation its demand and supply backtests and forecasts and the gap forecast
    (`forecast.backtest_and_forecast`). Takes tens of seconds: run by `tasks.forecast_run_task`."""
    from gongjiang.demand.forecast import AHEAD, backtest_and_forecast

    axis, series = monthly_series(area_code=area_code, top=top)
    rows = []
    for code, item in series.items():
        demand = backtest_and_forecast(item["demand"], origins=3, ahead=AHEAD)
        supply = backtest_and_forecast(item["supply"], origins=3, ahead=AHEAD)
        rows.append({"code": code, "name": item["name"], "recent": sum(item["demand"][-12:]),
                     "demand_series": item["demand"], "supply_series": item["supply"],
                     "demand": demand.as_dict() if demand else None, "supply": supply.as_dict() if supply else None,
                     "gap": ([round(d - s, 1) for d, s in zip(demand.forecast, supply.forecast, strict=True)]
                             if demand and supply else None)})
    future = [_month_add(axis[-1], i) for i in range(1, AHEAD + 1)] if axis else []
    demand_results = {row["code"]: row["demand"] for row in rows}
    return {"axis": [m.isoformat() for m in axis], "future": [m.isoformat() for m in future], "rows": rows,
            "hierarchy": forecast_hierarchy(area_code=area_code, axis=axis, series=series, results=demand_results)}


def _district_series(area: Division, axis: list[date], codes: list[str]) -> dict[tuple[str, str], list[float]]:
    """Monthly demand of each occupation in each district of the area (pairs with any demand)."""
    index = {m: i for i, m in enumerate(axis)}
    found: dict[tuple[str, str], list[float]] = {}
    rows = (DemandFiling.objects.filter(_area_q(area, "enterprise__district"), status=FilingStatus.ACTIVE,
                                        period__gte=axis[0], period__lte=axis[-1], occupation__code__in=codes)
            .values_list("occupation__code", "enterprise__district__code", "period").annotate(n=Sum("headcount"))
            .order_by())
    for code, district, period, total in rows:
        found.setdefault((code, district), [0.0] * len(axis))[index[period]] += total
    return dict(sorted(found.items()))


#: Occupation × district series a run reconciles at most (a city of 20 districts × 8 occupations
#: would cost 160+ fits; the run then reports the hierarchy as skipped).
HIERARCHY_MAX_BOTTOM = 60


def forecast_hierarchy(*, area_code: str, axis: list[date], series: dict[str, dict], results: dict) -> dict | None:
    """The demand forecast reconciled over occupation × district (`reconcile.py`): every series of
    the hierarchy forecast and backtested, the reconciliation chosen by backtest, the coherent
    forecasts of the districts' and the city's totals. None when the area has fewer than two
    bottom series or too short a history."""
    import numpy as np

    from gongjiang.demand import reconcile
    from gongjiang.demand.forecast import AHEAD, backtest_and_forecast

    area = area_get(area_code)
    if not axis or area.level == Division.Level.COUNTY:
        return None
    codes = [code for code, item in results.items() if item]
    bottom_series = _district_series(area, axis, codes)
    if len(bottom_series) < 2:
        return None
    if len(bottom_series) > HIERARCHY_MAX_BOTTOM:  # each series costs about a second of CPU (bench/demand)
        return {"skipped": True, "bottom_count": len(bottom_series), "limit": HIERARCHY_MAX_BOTTOM}
    keys, s = reconcile.hierarchy(list(bottom_series))
    bottom = np.array(list(bottom_series.values()))
    values = s @ bottom  # every series of the hierarchy, months as columns
    fits = []
    for key, row in zip(keys, values, strict=True):
        if key[0] == "occupation" and results.get(key[1]):
            fits.append(results[key[1]])  # the occupation's city series, forecast already
            continue
        result = backtest_and_forecast(list(row), origins=3, ahead=AHEAD)
        if result is None:
            return None
        fits.append(result.as_dict())
    scored = reconcile.reconcile_backtest(values, [f["backtest"] for f in fits], [f["chosen"] for f in fits], keys, s)
    base = np.array([f["forecast"] for f in fits], dtype=float)
    coherent = np.clip(reconcile.reconcile(base, s, scored["chosen"], scored["variances"]), 0, None)
    names = dict(Division.objects.filter(code__in=[k[-1] for k in keys if k[0] in ("district", "bottom")])
                 .values_list("code", "name"))
    occupation_names = {code: item["name"] for code, item in series.items()}
    out_rows = []
    for i, key in enumerate(keys):
        if key[0] == "total":
            label = str(_("全部预测职业"))
        elif key[0] == "district":
            label = names.get(key[1], key[1])
        elif key[0] == "occupation":
            label = occupation_names.get(key[1], key[1])
        else:
            label = f"{occupation_names.get(key[1], key[1])} · {names.get(key[2], key[2])}"
        out_rows.append({"level": key[0], "key": list(key[1:]), "label": label, "method": fits[i]["chosen"],
                         "base": [round(float(v), 1) for v in base[i]],
                         "coherent": [round(float(v), 1) for v in coherent[i]]})
    return {"chosen": scored["chosen"], "helps": scored["helps"], "mase": scored["mase"], "rows": out_rows,
            "bottom_count": len(bottom_series)}


def forecast_run_latest(*, area_code: str) -> tuple[Any, Any]:
    """The area's latest finished run and the run waiting (queued or running), either may be None."""
    from gongjiang.demand.models import ForecastRun, ForecastStatus

    runs = ForecastRun.objects.filter(area__code=area_code).select_related("area", "requested_by")
    done = runs.filter(status=ForecastStatus.DONE).order_by("-finished_at", "-pk").first()
    waiting = runs.filter(status__in=[ForecastStatus.QUEUED, ForecastStatus.RUNNING]).first()
    failed = runs.filter(status=ForecastStatus.FAILED).order_by("-pk").first()
    if failed is not None and (done is None or failed.pk > done.pk) and waiting is None:
        waiting = failed
    return done, waiting


# --- The workforce survey (R2.4; `000` 三(四)4) ------------------------------------------------------

AGE_BANDS = ((0, 29, gettext_lazy("30岁以下")), (30, 39, gettext_lazy("30–39岁")), (40, 49, gettext_lazy("40–49岁")),
             (50, 54, gettext_lazy("50–54岁")), (55, 200, gettext_lazy("55岁及以上")))


def _share_rows(counts: dict, labels: dict, total: int, order: list | None = None) -> list[dict]:
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], str(k)))
    return [{"key": k, "label": labels.get(k, k) or _("未填"), "count": counts.get(k, 0),
             "share": counts.get(k, 0) / total if total else None} for k in keys]


def workforce_survey(*, area_code: str, year: int) -> dict:
    """The skilled workforce of the area at the end of `year` (or today, for the current year), from
    the registry: skilled workers (holding a graded certificate) and high-skilled workers (高级工 or
    above, GLOSSARY), by grade, age band, sex, occupation major group and industry of their current
    employer; and the structure of the year's demand for high-skilled workers (active filings of
    高级工 or above) by grade, occupation major group and industry. Counts only (R2.4)."""
    from gongjiang.reference.grades import HIGH_SKILLED_MIN
    from gongjiang.reference.models import Industry
    from gongjiang.registry.models import Certificate, Employment, Worker

    area = area_get(area_code)
    on = min(date(year, 12, 31), timezone.localdate())
    divisions = Division.objects.filter(_area_q(area, ""))
    in_area = Worker.objects.filter(Q(residence_district__in=divisions) | Q(
        employments__enterprise__district__in=divisions, employments__end_date__isnull=True)).values("pk")
    certificates = Certificate.objects.filter(issued_on__lte=on, grade__isnull=False, worker_id__in=in_area)
    best: dict[int, tuple[int, str]] = {}
    for worker_id, grade, code in certificates.values_list("worker_id", "grade", "occupation__code"):
        if worker_id not in best or grade > best[worker_id][0]:
            best[worker_id] = (grade, code or "")
    employer: dict[int, tuple[str, str]] = {}
    for worker_id, district, industry in Employment.objects.filter(
            worker_id__in=certificates.values("worker_id"), end_date__isnull=True, start_date__lte=on).order_by("worker_id", "-start_date", "pk").values_list(
            "worker_id", "enterprise__district__code", "enterprise__industry__code"):
        employer.setdefault(worker_id, (district, industry or ""))
    people = Worker.objects.filter(pk__in=list(best)).values_list("pk", "birth_date", "sex",
                                                                  "residence_district__code")
    sections = {code: (parent or code) for code, parent in Industry.objects.values_list("code", "parent__code")}
    rows = []
    for worker_id, birth, sex, home in people:
        work = employer.get(worker_id)
        places = {p for p in (home, work[0] if work else None) if p}
        if not any(_in_area(p, area) for p in places):
            continue
        grade, code = best[worker_id]
        age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
        band = next(label for low, high, label in AGE_BANDS if low <= age <= high)
        rows.append((grade, str(band), sex, code[:1], sections.get(work[1], "") if work else ""))
    skilled = len(rows)
    high = [r for r in rows if r[0] >= HIGH_SKILLED_MIN]

    def count(items, index):
        found: dict = {}
        for item in items:
            found[item[index]] = found.get(item[index], 0) + 1
        return found

    majors = dict(Occupation.objects.filter(level=1).values_list("code", "name"))
    section_names = dict(Industry.objects.filter(level=Industry.Level.SECTION).values_list("code", "name"))
    grades = list(Grade.values)
    grade_labels = {g: str(Grade(g).label) for g in grades}
    from gongjiang.registry.models import Sex

    sex_labels = {k: str(v) for k, v in Sex.choices}
    band_order = [str(label) for _low, _high, label in AGE_BANDS]
    filings = DemandFiling.objects.filter(_area_q(area, "enterprise__district"), status=FilingStatus.ACTIVE,
                                          period__year=year, grade__gte=HIGH_SKILLED_MIN)
    demand_rows = list(filings.values_list("grade", "occupation__code", "enterprise__industry__code")
                       .annotate(n=Sum("headcount")).order_by())
    demand_total = sum(n for *_k, n in demand_rows)

    def demand_by(index, key=lambda v: v):
        found: dict = {}
        for row in demand_rows:
            k = key(row[index])
            found[k] = found.get(k, 0) + row[3]
        return found

    return {
        "area": area, "year": year, "on": on, "skilled": skilled, "high_skilled": len(high),
        "high_share": len(high) / skilled if skilled else None,
        "by_grade": _share_rows(count(rows, 0), grade_labels, skilled, [g for g in grades if count(rows, 0).get(g)]),
        "by_age": _share_rows(count(rows, 1), {}, skilled, band_order),
        "by_sex": _share_rows(count(rows, 2), sex_labels, skilled),
        "by_major": _share_rows(count(rows, 3), majors, skilled),
        "by_industry": _share_rows(count(rows, 4), section_names, skilled),
        "high_by_industry": _share_rows(count(high, 4), section_names, len(high)),
        "high_by_major": _share_rows(count(high, 3), majors, len(high)),
        "demand_total": demand_total,
        "demand_by_grade": _share_rows(demand_by(0), grade_labels, demand_total,
                                       [g for g in grades if demand_by(0).get(g)]),
        "demand_by_major": _share_rows(demand_by(1, lambda c: (c or "")[:1]), majors, demand_total),
        "demand_by_industry": _share_rows(demand_by(2, lambda c: sections.get(c or "", "")), section_names,
                                          demand_total),
    }
