"""The workforce survey page (R2.4; `000` 三(四)4): totals, structure and industry distribution of
skilled and high-skilled workers, and the structure of demand for high-skilled workers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import allowed
from gongjiang.core.errors import NotFound
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors
from gongjiang.ingest.export import export_response

__all__ = ["workforce", "workforce_export"]

TABLES = (("by_grade", gettext_lazy("技能人才按等级")), ("by_age", gettext_lazy("技能人才按年龄")),
          ("by_sex", gettext_lazy("技能人才按性别")), ("by_major", gettext_lazy("技能人才按职业大类")),
          ("by_industry", gettext_lazy("技能人才按行业（门类）")), ("high_by_major", gettext_lazy("高技能人才按职业大类")),
          ("high_by_industry", gettext_lazy("高技能人才按行业（门类）")),
          ("demand_by_grade", gettext_lazy("高技能人才需求按等级")), ("demand_by_major", gettext_lazy("高技能人才需求按职业大类")),
          ("demand_by_industry", gettext_lazy("高技能人才需求按行业（门类）")))


def _params(request: HttpRequest) -> tuple[str, int]:
    area = (request.GET.get("area") or "330900").strip() or "330900"
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return area, year


@allowed("demand.analyse")
def workforce(request: HttpRequest) -> HttpResponse:
    area, year = _params(request)
    survey, error = None, ""
    try:
        survey = selectors.workforce_survey(area_code=area, year=year)
    except NotFound as exc:
        error = str(exc)
    charts = {}
    if survey:
        charts = {key: {"labels": [str(r["label"]) for r in survey[key]], "counts": [r["count"] for r in survey[key]]}
                  for key in ("by_grade", "by_industry", "demand_by_grade", "demand_by_industry")}
    tables = [(key, str(title), survey[key]) for key, title in TABLES] if survey else []
    return render(request, "demand/workforce.html", {"area": area, "year": year, "survey": survey, "error": error,
                                                     "tables": tables, "charts": charts})


@allowed("demand.analyse")
def workforce_export(request: HttpRequest, file_format: str) -> HttpResponse:
    area, year = _params(request)
    try:
        survey = selectors.workforce_survey(area_code=area, year=year)
    except NotFound:
        survey = None
    rows = []
    if survey:
        rows.append({"table": _("合计"), "label": _("技能人才"), "count": survey["skilled"], "share": None})
        rows.append({"table": _("合计"), "label": _("高技能人才"), "count": survey["high_skilled"],
                     "share": survey["high_share"]})
        rows.append({"table": _("合计"), "label": _("高技能人才需求人数"), "count": survey["demand_total"], "share": None})
        for key, title in TABLES:
            rows.extend({"table": str(title), **row} for row in survey[key])
    columns = [("表", lambda r: r["table"]), ("类别", lambda r: str(r["label"])), ("人数", lambda r: r["count"]),
               ("占比", lambda r: "" if r["share"] is None else round(r["share"], 4))]
    return export_response(actor=request.user, rows_iterable=rows, columns=columns,
                           filename=f"技能人才队伍调查-{area}-{year}", file_format=file_format,
                           object_type="demand_workforce", ip_address=client_ip(request))
