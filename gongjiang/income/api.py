"""Income monitoring API (/api/v1/income/): the same selectors as the pages. Aggregates only."""

from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import errors, text_query
from gongjiang.income import selectors
from gongjiang.income.analysis import BY_CHOICES
from gongjiang.income.distribution import POPULATIONS

# Years a snapshot can exist for; any other year is malformed (422), not a missing file.
Year = Query(..., ge=2000, le=2100, title="年度", description="例如 2024")
By = Literal["", *BY_CHOICES]
BY = Query("", title="分组", description="district（区县）或 industry（行业），空为不分组")

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
    did_ci: list[float] = Field(min_length=2, max_length=2, description="DiD 效应的 95% 置信区间 [下限, 上限]")
    did_pvalue: float
    pretrend_pvalue: float | None
    treated: int
    controls: int


@router.get("/years", auth=allowed_api("income.read"), response={200: list[int], **errors(401, 403)})
def years(request):
    return selectors.income_years(actor=request.user)


@router.get("/wage-levels", auth=allowed_api("income.read"), response={200: list[WageLevelOut], **errors(400, 401, 403, 422)})
def wage_levels(request, year: int = Year, by: By = BY, level: int | None = Query(None, ge=1, le=4, title="职业层级"),
                occupation: str = text_query(16), district: str = text_query(12), industry: str = text_query(8)):
    """Wage price levels (工资价位) of a year, disclosure control applied; hidden cells have null figures."""
    return selectors.wage_levels(actor=request.user, year=year, by=by or None, level=level,
                                 occupation_prefix=occupation, district=district, industry=industry)


@router.get("/distribution", auth=allowed_api("income.read"), response={200: list[DistributionOut], **errors(400, 401, 403, 422)})
def distribution(request, year: int = Year, population: Literal[POPULATIONS] = Query("all", title="人群"), by: By = BY):
    return selectors.income_distribution(actor=request.user, year=year, population=population, by=by or None)


@router.get("/soe-pay-gap", auth=allowed_api("income.read"), response={200: list[SoeGapOut], **errors(400, 401, 403, 422)})
def soe_pay_gap(request, year: int = Year):
    return selectors.soe_pay_gap_list(actor=request.user, year=year)


@router.get("/evaluation", auth=allowed_api("income.read"), response={200: EventStudyOut, 204: None, **errors(401, 403, 422)})
def evaluation(request, incentive: Literal["grade_upgrade"] = "grade_upgrade", occupation: str = text_query(16),
               district: str = text_query(12)):
    result = selectors.policy_effect(actor=request.user, incentive=incentive, occupation_prefix=occupation,
                                     district=district)
    if result is None:
        return 204, None
    out = result.__dict__.copy()
    if out["pretrend_pvalue"] != out["pretrend_pvalue"]:  # NaN → null
        out["pretrend_pvalue"] = None
    return out
