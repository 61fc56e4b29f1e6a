"""Income monitoring API (/api/v1/income/): the same selectors as the pages. Aggregates only."""

from decimal import Decimal

from ninja import Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.income import selectors

router = Router(tags=["收入监测 income"])


class WageLevelOut(Schema):
    occupation: str
    occupation_name: str
    grade: int
    grade_label: str
    group: str
    group_name: str
    is_total: bool
    status: str
    status_label: str
    p10: Decimal | None
    p25: Decimal | None
    p50: Decimal | None
    p75: Decimal | None
    p90: Decimal | None
    mean: Decimal | None
    p10_month: Decimal | None
    p50_month: Decimal | None
    p90_month: Decimal | None
    mean_month: Decimal | None
    zj_low: Decimal | None
    zj_high: Decimal | None
    rse: float | None


class DistributionOut(Schema):
    group: str
    group_name: str
    count: int
    mean: float
    median: float
    gini: float
    deciles: list[float]
    middle_share: float
    histogram: list[int]
    mean_growth: float | None = None
    median_growth: float | None = None


class SoeGapOut(Schema):
    enterprise_id: int
    enterprise_name: str
    high_skilled_growth: float
    manager_growth: float


class EventStudyOut(Schema):
    event_times: list[int]
    coefficients: list[float]
    ci_low: list[float]
    ci_high: list[float]
    did: float
    did_ci: tuple[float, float]
    did_pvalue: float
    pretrend_pvalue: float | None
    treated: int
    controls: int


@router.get("/years", auth=allowed_api("income.read"), response=list[int])
def years(request):
    return selectors.income_years(actor=request.user)


@router.get("/wage-levels", auth=allowed_api("income.read"), response=list[WageLevelOut])
def wage_levels(request, year: int, by: str = "", level: int | None = None, occupation: str = "",
                district: str = "", industry: str = ""):
    """Wage price levels (工资价位) of a year, disclosure control applied; hidden cells have null figures."""
    return selectors.wage_levels(actor=request.user, year=year, by=by or None, level=level,
                                 occupation_prefix=occupation, district=district, industry=industry)


@router.get("/distribution", auth=allowed_api("income.read"), response=list[DistributionOut])
def distribution(request, year: int, population: str = "all", by: str = ""):
    return selectors.income_distribution(actor=request.user, year=year, population=population, by=by or None)


@router.get("/soe-pay-gap", auth=allowed_api("income.read"), response=list[SoeGapOut])
def soe_pay_gap(request, year: int):
    return selectors.soe_pay_gap_list(actor=request.user, year=year)


@router.get("/evaluation", auth=allowed_api("income.read"), response={200: EventStudyOut, 204: None})
def evaluation(request, incentive: str = "grade_upgrade", occupation: str = "", district: str = ""):
    result = selectors.policy_effect(actor=request.user, incentive=incentive, occupation_prefix=occupation,
                                     district=district)
    if result is None:
        return 204, None
    out = result.__dict__.copy()
    if out["pretrend_pvalue"] != out["pretrend_pvalue"]:  # NaN → null
        out["pretrend_pvalue"] = None
    return out
