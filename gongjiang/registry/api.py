"""Registry API (/api/v1/registry/): the same selectors and services as the pages."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_ID, MAX_LIMIT, MAX_OFFSET, IsoDate, RecordId, errors, text, text_query
from gongjiang.core.http import client_ip
from gongjiang.core.paging import LIST_COUNT_CAP
from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.registry import selectors, services
from gongjiang.registry.models import EnterpriseSize, Ownership

router = Router(tags=["人才库 registry"])


class WorkerOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: date
    id_number_masked: str = Field(description="脱敏身份证号")
    phone_masked: str
    discoverable: bool


class WorkerListOut(Schema):
    count: int = Field(description="符合条件的人数；超过 count_cap 时只数到 count_cap")
    count_capped: bool = Field(False, description="人数超过 count_cap：请用筛选条件缩小范围")
    items: list[WorkerOut]


class TimelineEntryOut(Schema):
    on: date
    kind: str
    kind_label: str
    title: str
    detail: str
    record_id: int


class ArchiveOut(Schema):
    worker: WorkerOut
    timeline: list[TimelineEntryOut]


class PersonalDataOut(Schema):
    id_number: str
    ss_card: str
    phone: str


class WorkerIn(Schema):
    id_number: text(32, "公民身份号码，18 位或 15 位")
    name: text(64, "姓名")
    phone: text(32) = ""
    ss_card: text(32) = ""
    residence_district_code: text(12, "常住地区县代码（6 位）") = ""
    discoverable: bool = False


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    district_code: str = Field(alias="district.code")
    district_name: str = Field(alias="district.name")
    township_code: str = Field("", description="乡镇（街道）代码（9 位）；未填为空")
    township_name: str = Field("", description="乡镇（街道）名称")
    industry_code: str | None = Field(None, alias="industry.code")
    size: str
    ownership: str


class EnterpriseIn(Schema):
    uscc: text(32, "统一社会信用代码（18 位）")
    name: text(200, "单位名称")
    district_code: text(12, "所在区县代码（6 位）")
    township_code: text(9, "乡镇（街道）代码：9 位数字，前 6 位为所在区县代码", title="乡镇（街道）代码") = ""
    township_name: text(64, "乡镇（街道）名称", title="乡镇（街道）") = ""
    industry_code: text(8, "国民经济行业代码") = ""
    size: Literal["", *EnterpriseSize.values] = ""
    ownership: Literal[*Ownership.values] = "private"
    address: text(255) = ""


class EmploymentIn(Schema):
    id_number: text(32, "公民身份号码，18 位或 15 位")
    name: text(64, "姓名")
    enterprise_id: RecordId | None = None
    start_date: IsoDate
    post: text(128, "岗位") = ""
    occupation_code: text(16, "职业（工种）代码") = ""
    is_front_line: bool = False
    is_second_job: bool = False


class EmploymentOut(Schema):
    id: int
    worker_id: int
    enterprise_id: int
    start_date: date
    end_date: date | None


@router.get("/workers", auth=allowed_api("registry.worker_list"), response={200: WorkerListOut, **errors(401, 403, 422)}, summary="检索人员（本人权限范围内）")
def workers_list(request: HttpRequest, q: str = text_query(), district: str = text_query(12),
                 grade_min: int | None = Query(None, ge=1, le=8, title="最低等级"), occupation: str = text_query(16),
                 enterprise_id: int | None = Query(None, ge=1, le=MAX_ID), limit: int = Query(50, ge=1, le=MAX_LIMIT, title="条数"),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET, title="跳过条数")):
    qs = selectors.worker_list(actor=request.user, text=q, district_code=district, grade_min=grade_min,
                               occupation_code=occupation, enterprise_id=enterprise_id,
                               name_reach=max(selectors.NAME_SEARCH_REACH, offset + limit + 1))
    # A district's list can hold a million people: count at most LIST_COUNT_CAP, as the page does.
    counted = qs.order_by().values("pk")[: LIST_COUNT_CAP + 1].count()
    return {"count": min(counted, LIST_COUNT_CAP), "count_capped": counted > LIST_COUNT_CAP,
            "items": list(qs[offset:offset + limit])}


@router.get("/workers/{worker_id}", auth=allowed_api("registry.worker_read"), response={200: ArchiveOut, **errors(401, 403, 404, 422)}, summary="人员终身职业技能档案")
def workers_get(request: HttpRequest, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    worker, entries = selectors.worker_archive(actor=request.user, worker_id=worker_id)
    return {"worker": worker, "timeline": [
        {"on": e.on, "kind": e.kind, "kind_label": e.kind_label, "title": e.title, "detail": e.detail,
         "record_id": e.record.pk} for e in entries]}


@router.post("/workers/{worker_id}/personal-data", auth=allowed_api("registry.personal_data_read"), response={200: PersonalDataOut, **errors(401, 403, 404, 422)},
             summary="查看完整身份证号与联系方式（记录审计日志）")
def workers_personal_data(request: HttpRequest, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    return services.worker_personal_data_read(actor=request.user, worker=worker, ip_address=client_ip(request))


def _division(code: str) -> Division | None:
    return Division.objects.filter(code=code).first() if code else None


@router.post("/workers", auth=allowed_api("registry.worker_register"), response={201: WorkerOut, **errors(400, 401, 403, 422)}, summary="登记人员")
def workers_create(request: HttpRequest, payload: WorkerIn):
    worker = services.worker_register(actor=request.user, id_number=payload.id_number, name=payload.name,
                                      phone=payload.phone, ss_card=payload.ss_card,
                                      residence_district=_division(payload.residence_district_code),
                                      discoverable=payload.discoverable)
    return 201, worker


@router.post("/employments", auth=allowed_api("registry.employee_add"), response={201: EmploymentOut, **errors(400, 401, 403, 404, 422)},
             summary="登记就业（新员工入职）")
def employments_create(request: HttpRequest, payload: EmploymentIn):
    enterprise = (selectors.enterprise_get(actor=request.user, enterprise_id=payload.enterprise_id)
                  if payload.enterprise_id else None)
    occupation = Occupation.objects.filter(code=payload.occupation_code).first() if payload.occupation_code else None
    employment = services.employee_add(actor=request.user, id_number=payload.id_number, name=payload.name,
                                       enterprise=enterprise, start_date=payload.start_date, post=payload.post,
                                       occupation=occupation, is_front_line=payload.is_front_line,
                                       is_second_job=payload.is_second_job)
    return 201, employment


@router.get("/enterprises", auth=allowed_api("registry.enterprise_list"), response={200: list[EnterpriseOut], **errors(401, 403, 422)}, summary="企业列表（本人权限范围内）")
def enterprises_list(request: HttpRequest, q: str = text_query(), district: str = text_query(12),
                     limit: int = Query(50, ge=1, le=MAX_LIMIT, title="条数"),
                     offset: int = Query(0, ge=0, le=MAX_OFFSET, title="跳过条数")):
    return list(selectors.enterprise_list(actor=request.user, text=q, district_code=district)[offset:offset + limit])


@router.get("/enterprises/{enterprise_id}", auth=allowed_api("registry.enterprise_list"), response={200: EnterpriseOut, **errors(401, 403, 404, 422)}, summary="企业详情")
def enterprises_get(request: HttpRequest, enterprise_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.enterprise_get(actor=request.user, enterprise_id=enterprise_id)


@router.post("/enterprises", auth=allowed_api("registry.enterprise_register"), response={201: EnterpriseOut, **errors(400, 401, 403, 422)}, summary="登记企业")
def enterprises_create(request: HttpRequest, payload: EnterpriseIn):
    from gongjiang.core.errors import DomainError

    district = _division(payload.district_code)
    if district is None:
        raise DomainError(f"区县代码 {payload.district_code} 不存在", field="district_code")
    industry = Industry.objects.filter(code=payload.industry_code).first() if payload.industry_code else None
    enterprise = services.enterprise_register(actor=request.user, uscc=payload.uscc, name=payload.name,
                                              district=district, industry=industry, size=payload.size,
                                              ownership=payload.ownership, address=payload.address,
                                              township_code=payload.township_code,
                                              township_name=payload.township_name)
    return 201, enterprise
