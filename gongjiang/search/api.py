"""Talent search API (/api/v1/search/) for partner systems: the same selectors and services as the
pages, the same scope, consent and audit (issue 4 §5)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_ID, RecordId, errors, text, text_query
from gongjiang.core.http import client_ip
from gongjiang.search import selectors, services
from gongjiang.search.programmes import programme_filters_apply
from gongjiang.search.query import (
    AGE_MAX,
    AGE_MIN,
    CERT_KIND_LABELS,
    PAGE_MAX,
    PAGE_SIZE,
    PAGE_SIZE_MAX,
    search_query_parse,
)

router = Router(tags=["人才检索 search"])


class HitOut(Schema):
    worker_id: int
    name: str = Field(description="姓名；企业查看本单位以外且未同意联系的人员时为脱敏姓名")
    name_masked: bool
    sex: str
    age: int
    top_grade: int | None
    top_grade_label: str
    district: str
    employer: str
    exact: bool = Field(description="是否精确匹配所查职业")
    reasons: list[str] = Field(description="匹配原因")
    contact_status: str
    phone_masked: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    items: list[HitOut]
    grade_facets: list[FacetOut]
    district_facets: list[FacetOut]
    facets_estimated: bool = Field(description="匹配人数较多（约 2000 人以上）时，总数与分面计数为按样本估算的近似值")
    notes: list[str]


@router.get("/workers", auth=allowed_api("search.search"), response={200: SearchOut, **errors(400, 401, 403, 422)},
            summary="检索技能人才（按职业、等级、区县、证书、荣誉、年限、年龄、行业、关键词）")
def workers_search(request: HttpRequest, q: str = text_query(title="关键词"), occupation: str = text_query(16, title="职业代码"),
                   grade_min: str = text_query(16, "1–8，或“高级工”“技师”等", title="最低等级"),
                   district: str = text_query(12, title="区县代码"),
                   district_by: Literal["", "work", "home"] = Query("", title="区县按",
                                                                   description="留空：工作单位所在地或常住地；work：工作单位所在地；home：常住地"),
                   nearby: bool = False,
                   certificate_kind: Literal["", *CERT_KIND_LABELS] = "", honours: bool = False,
                   years_min: int | None = Query(None, ge=0, le=60, title="从业年限"),
                   age_min: int | None = Query(None, ge=AGE_MIN, le=AGE_MAX, title="最小年龄"),
                   age_max: int | None = Query(None, ge=AGE_MIN, le=AGE_MAX, title="最大年龄"),
                   industry: str = text_query(8, title="行业代码"), shortage: bool = False,
                   subsidy_ends: int | None = Query(None, ge=2000, le=2100, title="岗位补贴到期年份",
                                                    description="仅人社局用户，例如 2026"),
                   page: int = Query(1, ge=1, le=PAGE_MAX, title="页码"),
                   page_size: int = Query(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, title="每页条数")):
    query = search_query_parse({
        "q": q, "occupation": occupation, "grade_min": grade_min, "district": district, "district_by": district_by, "nearby": nearby,
        "certificate_kind": certificate_kind, "honours": honours, "years_min": years_min, "age_min": age_min,
        "age_max": age_max, "industry": industry, "shortage": shortage, "subsidy_ends": subsidy_ends, "page": page,
        "page_size": page_size})
    query = programme_filters_apply(actor=request.user, query=query)
    result = selectors.worker_search(actor=request.user, query=query)
    services.search_record(actor=request.user, filters=query.as_filters(), result_count=result.total,
                           ip_address=client_ip(request))
    return {
        "total": result.total, "page": result.page, "pages": result.pages, "items": result.hits,
        "grade_facets": [{"value": str(g or ""), "label": label, "count": n} for g, label, n in result.grade_facets],
        "district_facets": [{"value": c, "label": name, "count": n} for c, name, n in result.district_facets],
        "facets_estimated": result.facets_estimated, "notes": result.notes,
    }


class ShortlistIn(Schema):
    name: text(100, "名单名称")


class ShortlistOut(Schema):
    id: int
    name: str
    size: int = 0


class EntryIn(Schema):
    worker_id: RecordId
    note: text(500, "备注") = ""


class NoteIn(Schema):
    note: text(500, "备注")


class EntryOut(Schema):
    id: int
    worker_id: int
    name: str
    name_masked: bool
    top_grade_label: str
    occupation: str
    district: str
    note: str
    contact_status_label: str


@router.get("/shortlists", auth=allowed_api("search.shortlist"), response={200: list[ShortlistOut], **errors(401, 403)}, summary="本单位候选名单")
def shortlists_list(request: HttpRequest):
    return list(selectors.shortlist_list(actor=request.user))


@router.post("/shortlists", auth=allowed_api("search.shortlist"), response={201: ShortlistOut, **errors(400, 401, 403, 422)}, summary="新建候选名单")
def shortlists_create(request: HttpRequest, payload: ShortlistIn):
    return 201, services.shortlist_create(actor=request.user, name=payload.name)


@router.get("/shortlists/{shortlist_id}", auth=allowed_api("search.shortlist"), response={200: list[EntryOut], **errors(401, 403, 404, 422)},
            summary="候选名单中的人员")
def shortlists_entries(request: HttpRequest, shortlist_id: int = Path(..., ge=1, le=MAX_ID)):
    shortlist = selectors.shortlist_get(actor=request.user, shortlist_id=shortlist_id)
    return [{"id": r.entry.pk, "worker_id": r.entry.worker_id, "name": r.name, "name_masked": r.name_masked,
             "top_grade_label": r.top_grade_label, "occupation": r.occupation, "district": r.district,
             "note": r.entry.note, "contact_status_label": r.contact_status_label}
            for r in selectors.shortlist_rows(actor=request.user, shortlist=shortlist)]


@router.post("/shortlists/{shortlist_id}/entries", auth=allowed_api("search.shortlist"), response={201: dict, **errors(400, 401, 403, 404, 422)},
             summary="加入候选名单")
def shortlists_entry_add(request: HttpRequest, payload: EntryIn, shortlist_id: int = Path(..., ge=1, le=MAX_ID)):
    entry = services.shortlist_entry_add(actor=request.user, shortlist_id=shortlist_id, worker_id=payload.worker_id,
                                         note=payload.note)
    return 201, {"id": entry.pk}


@router.patch("/entries/{entry_id}", auth=allowed_api("search.shortlist"), response={200: dict, **errors(400, 401, 403, 404, 422)}, summary="修改候选人备注")
def entries_annotate(request: HttpRequest, payload: NoteIn, entry_id: int = Path(..., ge=1, le=MAX_ID)):
    entry = services.shortlist_entry_annotate(actor=request.user, entry_id=entry_id, note=payload.note)
    return {"id": entry.pk, "note": entry.note}


@router.delete("/entries/{entry_id}", auth=allowed_api("search.shortlist"), response={204: None, **errors(401, 403, 404, 422)}, summary="移出候选名单")
def entries_remove(request: HttpRequest, entry_id: int = Path(..., ge=1, le=MAX_ID)):
    services.shortlist_entry_remove(actor=request.user, entry_id=entry_id)
    return 204, None


class ContactIn(Schema):
    worker_id: RecordId
    message: text(500, "留言") = ""


class ContactOut(Schema):
    id: int
    enterprise_name: str = Field(alias="enterprise.name")
    worker_id: int
    message: str
    status: str


class DecisionIn(Schema):
    accept: bool


@router.post("/contact-requests", auth=allowed_api("search.contact_request"), response={201: ContactOut, **errors(400, 401, 403, 404, 422)},
             summary="向人员发出联系请求")
def contact_requests_create(request: HttpRequest, payload: ContactIn):
    return 201, services.contact_request_create(actor=request.user, worker_id=payload.worker_id,
                                                message=payload.message)


@router.get("/contact-requests/mine", auth=allowed_api("search.contact_answer"), response={200: list[ContactOut], **errors(401, 403)},
            summary="发给本人的联系请求（劳动者）")
def contact_requests_mine(request: HttpRequest):
    return list(selectors.contact_request_list_for_worker(actor=request.user))


@router.post("/contact-requests/{request_id}/decision", auth=allowed_api("search.contact_answer"), response={200: ContactOut, **errors(400, 401, 403, 404, 422)},
             summary="同意或拒绝联系请求（劳动者本人）")
def contact_requests_decide(request: HttpRequest, payload: DecisionIn, request_id: int = Path(..., ge=1, le=MAX_ID)):
    return services.contact_request_decide(actor=request.user, request_id=request_id, accept=payload.accept)


class ContactDataOut(Schema):
    name: str
    phone: str


@router.post("/workers/{worker_id}/contact", auth=allowed_api("search.contact_request"), response={200: ContactDataOut, **errors(401, 403, 404, 422)},
             summary="查看已同意联系的人员的姓名和电话（记录审计日志）")
def workers_contact(request: HttpRequest, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    return services.contact_reveal(actor=request.user, worker_id=worker_id, ip_address=client_ip(request))
