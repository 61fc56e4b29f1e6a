"""Excel exports of the catalogue editions, the weights and a filing's history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from gongjiang.accounts.permissions import allowed
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors
from gongjiang.demand.indicators import INDICATORS
from gongjiang.demand.models import CatalogueStatus
from gongjiang.ingest.export import export_response

# --- Exports of the remaining lists ---------------------------------------------------------------


@allowed("demand.catalogue_compute")
def catalogue_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    columns = [("编号", lambda c: c.pk), ("目录名称", lambda c: c.title), ("发布地区代码", lambda c: c.area.code),
               ("发布地区", lambda c: c.area.name), ("年度", lambda c: c.year), ("版次", lambda c: c.edition),
               ("状态", lambda c: c.get_status_display()), ("条目数", lambda c: c.entry_count),
               ("生效日期", lambda c: c.valid_from if c.status == CatalogueStatus.PUBLISHED else ""),
               ("失效日期", lambda c: c.valid_to or ""), ("来源", lambda c: c.source)]
    return export_response(actor=request.user, rows_iterable=selectors.catalogue_list(), columns=columns,
                           filename="紧缺职业目录版本", file_format=file_format, object_type="shortage_catalogue_list",
                           ip_address=client_ip(request))


@allowed("demand.analyse")
def weights_export(request: HttpRequest, file_format: str) -> HttpResponse:
    columns = [("指标", lambda w: str(INDICATORS.get(w.key, (w.key, 1))[0])), ("指标代码", lambda w: w.key),
               ("权重", lambda w: w.weight), ("依据", lambda w: w.source),
               ("修改人", lambda w: w.updated_by.username if w.updated_by else ""),
               ("修改时间", lambda w: w.updated_at)]
    return export_response(actor=request.user, rows_iterable=selectors.weight_list(), columns=columns,
                           filename="紧缺指标权重", file_format=file_format, object_type="demand_weights",
                           ip_address=client_ip(request))


@allowed("demand.filing_list")
def filing_history_export(request: HttpRequest, filing_id: int, file_format: str) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    columns = [("时间", lambda h: h.at), ("操作", lambda h: h.get_action_display()),
               ("操作人", lambda h: h.actor.username if h.actor else ""),
               ("需求人数", lambda h: h.values.get("headcount")), ("拟提供月工资（元）", lambda h: h.values.get("wage_offered")),
               ("应聘人数", lambda h: h.values.get("applicants")),
               ("符合要求的应聘人数", lambda h: h.values.get("suitable_applicants")),
               ("已招满", lambda h: "是" if h.values.get("filled") else "否"), ("说明", lambda h: h.reason)]
    return export_response(actor=request.user, rows_iterable=selectors.filing_history(filing), columns=columns,
                           filename=f"填报记录-{filing.pk}", file_format=file_format, object_type="demand_filing_history",
                           filters={"filing": filing.pk}, ip_address=client_ip(request))
