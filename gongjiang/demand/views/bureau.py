"""Demand pages for the bureau: aggregates, indicators, weights (R2.1, R2.2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors, services
from gongjiang.demand.forms import (
    WeightForm,
)
from gongjiang.demand.indicators import INDICATORS
from gongjiang.demand.models import Driver
from gongjiang.demand.views._common import _int, _share
from gongjiang.ingest.export import export_response
from gongjiang.reference.models import Occupation

# --- The bureau: aggregates and indicators ----------------------------------------------------


def _year(request: HttpRequest) -> int:
    return _int(request.GET.get("year"), timezone.localdate().year) or timezone.localdate().year


@allowed("demand.analyse")
def analysis(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    dims = [d for d in request.GET.getlist("by") if d in selectors.DIMENSIONS] if "by" in request.GET else ["district"]
    district = request.GET.get("district", "").strip()
    occupation = request.GET.get("occupation", "").strip()
    error, rows = "", []
    try:
        rows = selectors.demand_aggregate(actor=request.user, year=year, dims=dims, district_code=district,
                                          occupation_prefix=occupation)
    except NotFound as exc:
        error = str(exc)
    query = request.GET.copy()
    return render(request, "demand/analysis.html", {
        "rows": rows, "year": year, "dims": dims, "dimensions": selectors.DIMENSIONS, "district": district,
        "occupation": occupation, "error": error, "query": query.urlencode()})


@allowed("demand.analyse")
def analysis_export(request: HttpRequest, file_format: str) -> HttpResponse:
    year = _year(request)
    dims = [d for d in request.GET.getlist("by") if d in selectors.DIMENSIONS]
    try:
        rows = selectors.demand_aggregate(actor=request.user, year=year, dims=dims,
                                          district_code=request.GET.get("district", "").strip(),
                                          occupation_prefix=request.GET.get("occupation", "").strip())
    except NotFound:
        rows = []
    columns = [("职业代码", lambda r: r["occupation"]), ("职业（工种）", lambda r: r["occupation_name"])]
    if "district" in dims:
        columns += [("区县代码", lambda r: r["district"]), ("区县", lambda r: r["district_name"])]
    if "industry" in dims:
        columns += [("行业代码", lambda r: r["industry"] or ""), ("行业", lambda r: r["industry_name"] or "")]
    if "month" in dims:
        columns.append(("月份", lambda r: r["month"].strftime("%Y-%m")))
    if "grade" in dims:
        columns.append(("技能等级", lambda r: str(r["grade_label"])))
    columns += [("需求人数", lambda r: r["headcount"]), ("招聘岗位数", lambda r: r["vacancies"]),
                ("应聘人数", lambda r: r["applicants"]), ("符合要求的应聘人数", lambda r: r["suitable"]),
                ("填报企业数", lambda r: r["enterprises"]), ("持证人数", lambda r: r["holders"]),
                ("求职人数", lambda r: r["seekers"]), ("需求减供给", lambda r: r["gap"])]
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=f"用工需求汇总-{year}",
                           file_format=file_format, object_type="demand_aggregate",
                           filters={"year": year, "by": dims}, ip_address=client_ip(request))


def _computation(request: HttpRequest):
    area = request.GET.get("area", "330900").strip() or "330900"
    year = _year(request)
    top = _int(request.GET.get("top"), 100) or 100
    return area, year, services.catalogue_compute(area_code=area, year=year, top=max(1, min(top, 2000)),
                                                  reference_year=_int(request.GET.get("reference_year")))


@allowed("demand.analyse")
def indicators(request: HttpRequest) -> HttpResponse:
    error, computation, area, year = "", None, request.GET.get("area", "330900"), _year(request)
    try:
        area, year, computation = _computation(request)
    except (DomainError, NotFound) as exc:
        error = getattr(exc, "message", str(exc))
    names = {}
    if computation is not None:
        names = dict(Occupation.objects.filter(code__in=[x.figures.code for x in computation.result.scored])
                     .values_list("code", "name"))
        for scored in computation.result.scored:
            scored.name = names.get(scored.figures.code, "")
    return render(request, "demand/indicators.html", {
        "computation": computation, "error": error, "area": area, "year": year,
        "indicators": {k: label for k, (label, _sign) in INDICATORS.items()},
        "weights": selectors.weight_list(), "query": request.GET.urlencode()})


def _indicator_columns() -> list:
    return [
        ("排名", lambda s: s.rank), ("职业代码", lambda s: s.figures.code),
        ("职业（工种）", lambda s: getattr(s, "name", "")), ("紧缺指数", lambda s: s.score),
        ("主要原因", lambda s: str(Driver(s.driver).label)), ("需求人数", lambda s: s.figures.demand),
        ("持证人数", lambda s: s.figures.holders), ("求职人数", lambda s: s.figures.seekers),
        ("供需缺口", lambda s: s.figures.demand - s.figures.supply),
        ("岗位填补率", lambda s: _share(s.figures.fill_rate)),
        ("每岗位符合要求的应聘人数", lambda s: s.figures.suitable_per_vacancy),
        ("平均空缺周数", lambda s: s.figures.weeks_open), ("填报企业数", lambda s: s.figures.enterprise_count),
        ("填报区县数", lambda s: s.figures.district_count), ("55岁及以上占比", lambda s: _share(s.figures.ageing_share)),
        ("拟提供工资增长率", lambda s: _share(s.figures.wage_growth)),
        ("工资中位数增长率（收入监测）", lambda s: _share(s.figures.pay_growth)),
        ("即将取证的在训人数", lambda s: s.figures.pipeline),
    ]


@allowed("demand.analyse")
def indicators_export(request: HttpRequest, file_format: str) -> HttpResponse:
    try:
        _area, year, computation = _computation(request)
        rows = computation.result.scored
    except (DomainError, NotFound):
        year, rows = _year(request), []
    return export_response(actor=request.user, rows_iterable=rows, columns=_indicator_columns(),
                           filename=f"紧缺指标-{year}", file_format=file_format, object_type="demand_indicators",
                           ip_address=client_ip(request))


@allowed("demand.analyse")
def weights(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.weight_list())
    for row in rows:
        row.label = INDICATORS.get(row.key, (row.key, 1))[0]
    return render(request, "demand/weights.html", {"weights": rows})


@allowed("demand.weights_edit")
def weight_edit(request: HttpRequest) -> HttpResponse:
    form = WeightForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.weight_set(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存权重。"))
        return redirect("demand:weights")
    if request.method == "POST":
        messages.error(request, _("请填写权重（0到1之间）和依据。"))
    return redirect("demand:weights")
