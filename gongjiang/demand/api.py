"""Demand API (/api/v1/demand/): the shortage catalogue in force (R2.2) and demand filings (R2.1)."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_LIMIT, MAX_OFFSET, IsoDate, errors, text, text_query
from gongjiang.demand import selectors, services
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


# --- Demand filings (issue 15; R2.1) ------------------------------------------------------------


class FilingIn(Schema):
    occupation: text(140, "职业代码（如 6-18-02-04）或准确名称", min_length=1, title="职业（工种）")  # type: ignore[valid-type]
    grade: int = Field(..., ge=1, le=8, title="技能等级", description="1 学徒工 … 4 高级工 5 技师 6 高级技师 … 8 首席技师")
    headcount: int = Field(..., ge=-1_000_000, le=1_000_000, title="需求人数")
    # Money travels as a decimal string (never a float); the pattern keeps the document honest.
    wage_offered: str = Field(..., pattern=r"^\d{1,8}(\.\d{1,2})?$", max_length=11, title="拟提供月工资（元）",
                              description="税前月工资（元），如 7500 或 7500.50")
    needed_by: IsoDate = Field(..., title="希望到岗日期")
    period: IsoDate | None = Field(None, title="需求月份", description="留空为本月")
    vacancies_advertised: int = Field(0, ge=0, le=100_000, title="已发布招聘岗位数")
    applicants: int = Field(0, ge=0, le=100_000, title="应聘人数")
    suitable_applicants: int = Field(0, ge=0, le=100_000, title="符合要求的应聘人数")
    weeks_open: int = Field(0, ge=0, le=520, title="岗位空缺周数")
    filled: bool = Field(False, title="已招满")


class FilingOut(Schema):
    id: int
    enterprise_name: str
    occupation_code: str
    occupation_name: str
    grade: int
    period: date
    headcount: int
    wage_offered: Decimal
    needed_by: date
    vacancies_advertised: int
    applicants: int
    suitable_applicants: int
    weeks_open: int
    filled: bool
    status: str
    revision: int


def _filing_out(f) -> FilingOut:
    return FilingOut(id=f.pk, enterprise_name=f.enterprise.name, occupation_code=f.occupation.code,
                     occupation_name=f.occupation.name, grade=f.grade, period=f.period, headcount=f.headcount,
                     wage_offered=f.wage_offered, needed_by=f.needed_by, vacancies_advertised=f.vacancies_advertised,
                     applicants=f.applicants, suitable_applicants=f.suitable_applicants, weeks_open=f.weeks_open,
                     filled=f.filled, status=f.status, revision=f.revision)


@router.get("/filings", auth=allowed_api("demand.filing_list"), response={200: list[FilingOut], **errors(401, 403, 422)},
            summary="用工需求填报（本单位或本辖区）")
def filings_list(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100, title="年度"),
                 status: Literal["active", "withdrawn"] | None = Query(None, title="状态"),
                 limit: int = Query(50, ge=1, le=MAX_LIMIT, title="条数"),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET, title="跳过条数")):
    qs = selectors.filing_list(actor=request.user, status=status or "", year=year)
    return [_filing_out(f) for f in qs[offset:offset + limit]]


@router.post("/filings", auth=allowed_api("demand.file"), response={201: FilingOut, **errors(400, 401, 403, 422)},
             summary="填报用工需求（企业人事）")
def filings_create(request: HttpRequest, payload: FilingIn):
    filing = services.filing_create(actor=request.user, **payload.dict())
    return 201, _filing_out(filing)
