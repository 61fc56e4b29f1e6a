"""Pages of the demand domain (issue 15; R2.1, R2.2): enterprise filings (form, Excel import through
`ingest`, revise, withdraw, history), the bureau's aggregates and indicators, the catalogue draft
with review notes and publication, the weights, and the public catalogue. Thin: parse, call a
service or selector, render; every list exports to Excel."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed, can
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors, services
from gongjiang.demand.forms import (
    ComputeForm,
    FilingForm,
    NoteForm,
    PublishForm,
    ReviseForm,
    WeightForm,
    WithdrawForm,
)
from gongjiang.demand.indicators import INDICATORS
from gongjiang.demand.models import CatalogueStatus, Driver
from gongjiang.ingest.export import export_response
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Occupation


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _share(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


# --- Enterprise filings ----------------------------------------------------------------------


@allowed("demand.filing_list")
def filing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    filings = selectors.filing_list(actor=request.user, status=status if status in ("active", "withdrawn") else "",
                                    year=_int(request.GET.get("year")))
    standing = (selectors.occupation_standing(enterprise_id=request.user.enterprise_id)
                if request.user.enterprise_id else {})
    page = Paginator(filings, 50).get_page(request.GET.get("page"))
    for filing in page:
        filing.standing = standing.get(filing.occupation.code)
    return render(request, "demand/filing_list.html", {"page": page, "status": status})


@allowed("demand.filing_list")
def filing_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    filings = selectors.filing_list(actor=request.user)
    columns = [
        ("编号", lambda f: f.pk), ("填报单位", lambda f: f.enterprise.name), ("区县", lambda f: f.enterprise.district.name),
        ("职业代码", lambda f: f.occupation.code), ("职业（工种）", lambda f: f.occupation.name),
        ("技能等级", lambda f: str(Grade(f.grade).label)), ("需求月份", lambda f: f.period.strftime("%Y-%m")),
        ("需求人数", lambda f: f.headcount), ("拟提供月工资（元）", lambda f: f.wage_offered),
        ("希望到岗日期", lambda f: f.needed_by), ("已发布招聘岗位数", lambda f: f.vacancies_advertised),
        ("应聘人数", lambda f: f.applicants), ("符合要求的应聘人数", lambda f: f.suitable_applicants),
        ("岗位空缺周数", lambda f: f.weeks_open), ("已招满", lambda f: "是" if f.filled else "否"),
        ("状态", lambda f: f.get_status_display()), ("修订次数", lambda f: f.revision),
    ]
    return export_response(actor=request.user, rows_iterable=filings.iterator(), columns=columns, filename="用工需求填报",
                           file_format=file_format, object_type="demand_filing", ip_address=client_ip(request))


def _filing_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k in services.FILING_FIELDS}


@allowed("demand.file")
def filing_new(request: HttpRequest) -> HttpResponse:
    form = FilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.filing_create(actor=request.user, **_filing_values(form))
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已填报：%(o)s %(n)s 人。") % {"o": filing.occupation.name, "n": filing.headcount})
            return redirect("demand:filing_detail", filing_id=filing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "demand/filing_form.html", {"form": form, "title": _("填报用工需求")}, status=status)


@allowed("demand.filing_list")
def filing_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    return render(request, "demand/filing_detail.html", {
        "filing": filing, "history": selectors.filing_history(filing), "withdraw_form": WithdrawForm()})


@allowed("demand.file")
def filing_revise(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    initial = {k: getattr(filing, k) for k in services.FILING_FIELDS}
    initial["occupation"] = f"{filing.occupation.code} {filing.occupation.name}"
    form = ReviseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.filing_revise(actor=request.user, filing=filing, reason=form.cleaned_data["reason"],
                                   **_filing_values(form))
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("demand:filing_detail", filing_id=filing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "demand/filing_form.html", {"form": form, "title": _("修改用工需求"), "filing": filing},
                  status=status)


@allowed("demand.file")
def filing_withdraw(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    if request.method != "POST":
        return redirect("demand:filing_detail", filing_id=filing.pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.filing_withdraw(actor=request.user, filing=filing, reason=form.cleaned_data.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回该填报。"))
    return redirect("demand:filing_detail", filing_id=filing.pk)


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
        ("平均空缺周数", lambda s: s.figures.weeks_open), ("填报企业数", lambda s: len(s.figures.enterprises)),
        ("填报区县数", lambda s: len(s.figures.districts)), ("55岁及以上占比", lambda s: _share(s.figures.ageing_share)),
        ("拟提供工资增长率", lambda s: _share(s.figures.wage_growth)),
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


# --- The catalogue: drafts, review, publication --------------------------------------------------


@allowed("demand.catalogue_compute")
def catalogue_list(request: HttpRequest) -> HttpResponse:
    form = ComputeForm(initial={"year": timezone.localdate().year})
    return render(request, "demand/catalogue_list.html", {"catalogues": selectors.catalogue_list(), "form": form})


@allowed("demand.catalogue_compute")
def catalogue_compute(request: HttpRequest) -> HttpResponse:
    form = ComputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.catalogue_draft_compute(actor=request.user, area_code=data["area"], year=data["year"],
                                                     top=data["top"], reference_year=data["reference_year"])
        except (DomainError, NotFound) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("已计算目录草案：列入 %(n)s 个职业。") % {"n": draft.entries.count()})
            return redirect("demand:catalogue_detail", catalogue_id=draft.pk)
    elif request.method == "POST":
        messages.error(request, _("请填写发布地区代码和年度。"))
    return redirect("demand:catalogue_list")


def _entries_with_notes(catalogue):
    entries = list(selectors.catalogue_entries(catalogue))
    notes = list(catalogue.notes.select_related("author", "entry"))
    by_entry: dict[int, list] = {}
    for note in notes:
        if note.entry_id:
            by_entry.setdefault(note.entry_id, []).append(note)
    for entry in entries:
        entry.review_notes = by_entry.get(entry.pk, [])
    return entries, [n for n in notes if not n.entry_id]


@allowed("demand.catalogue_compute")
def catalogue_detail(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    entries, notes = _entries_with_notes(catalogue)
    previous = selectors.catalogue_previous(catalogue)
    publish_form = PublishForm(initial={"valid_from": date(catalogue.year, 1, 1), "title": catalogue.title})
    weights = [(str(INDICATORS[k][0]) if k in INDICATORS else k, v)
               for k, v in (catalogue.method or {}).get("weights", {}).items()]
    return render(request, "demand/catalogue_detail.html", {
        "catalogue": catalogue, "entries": entries, "notes": notes, "previous": previous, "weights": weights,
        "is_draft": catalogue.status == CatalogueStatus.DRAFT, "note_form": NoteForm(), "publish_form": publish_form,
        "may_publish": can(request.user, "demand.catalogue_publish")})


@allowed("demand.catalogue_compute")
def catalogue_note(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_note_add(actor=request.user, catalogue=catalogue, text=form.cleaned_data["text"],
                                     entry_id=form.cleaned_data.get("entry"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已添加评审意见。"))
    elif request.method == "POST":
        messages.error(request, _("请填写评审意见。"))
    return redirect("demand:catalogue_detail", catalogue_id=catalogue.pk)


@allowed("demand.catalogue_publish")
def catalogue_publish(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_publish(actor=request.user, catalogue=catalogue, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("目录已发布，自 %(d)s 起生效。") % {"d": form.cleaned_data["valid_from"]})
    elif request.method == "POST":
        messages.error(request, _("请填写生效日期。"))
    return redirect("demand:catalogue_detail", catalogue_id=catalogue.pk)


def _entry_columns() -> list:
    return [
        ("排名", lambda e: e.rank or ""), ("上一版排名", lambda e: e.previous_rank or ("列入" if e.in_previous else "新列入")),
        ("职业代码", lambda e: e.occupation.code), ("职业（工种）", lambda e: e.occupation.name),
        ("最低等级", lambda e: str(Grade(e.min_grade).label) if e.min_grade else "不限"),
        ("紧缺原因", lambda e: e.get_driver_display() if e.driver else ""), ("列入理由", lambda e: e.reason or e.note),
        ("紧缺指数", lambda e: e.score if e.score is not None else ""),
    ]


@allowed("demand.catalogue_compute")
def catalogue_export(request: HttpRequest, catalogue_id: int, file_format: str) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    return export_response(actor=request.user, rows_iterable=selectors.catalogue_entries(catalogue).iterator(),
                           columns=_entry_columns(), filename=f"紧缺职业目录-{catalogue.year}-第{catalogue.edition}版",
                           file_format=file_format, object_type="shortage_catalogue",
                           filters={"catalogue": catalogue.pk}, ip_address=client_ip(request))


# --- The public catalogue (no login) -------------------------------------------------------------


@allowed("demand.catalogue_public")
def public_catalogue(request: HttpRequest) -> HttpResponse:
    on = timezone.localdate()
    in_force = list(selectors.shortage_catalogues_in_force(on=on).order_by("-valid_from", "-edition"))
    chosen_id = _int(request.GET.get("edition"))
    editions = list(selectors.catalogues_public())
    chosen = next((c for c in editions if c.pk == chosen_id), None) or (in_force[0] if in_force else
                                                                       (editions[0] if editions else None))
    entries = list(selectors.catalogue_entries(chosen)) if chosen else []
    return render(request, "demand/public_catalogue.html", {
        "chosen": chosen, "entries": entries, "editions": editions, "in_force": in_force, "today": on})


@allowed("demand.catalogue_public")
def public_catalogue_export(request: HttpRequest, catalogue_id: int, file_format: str) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id, published_only=True)
    columns = [c for c in _entry_columns() if c[0] != "紧缺指数"]
    return export_response(actor=request.user, rows_iterable=selectors.catalogue_entries(catalogue).iterator(),
                           columns=columns, filename=f"紧缺职业目录-{catalogue.year}-第{catalogue.edition}版",
                           file_format=file_format, object_type="shortage_catalogue_public",
                           filters={"catalogue": catalogue.pk}, ip_address=client_ip(request))


# --- The forecast (R2.3) ---------------------------------------------------------------------------


FORECAST_TOP = 8  # occupations forecast on the page (each costs about 30 model fits)


def _forecasts(area: str) -> tuple[list, list[dict]]:
    """Forecasts of the area's largest occupations, cached until a filing changes (the fits take seconds)."""
    from django.core.cache import cache

    from gongjiang.demand.forecast import backtest_and_forecast
    from gongjiang.demand.models import DemandFiling

    stamp = DemandFiling.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    key = f"demand:forecast:{area}:{stamp['n']}:{stamp['t'].timestamp() if stamp['t'] else 0}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    axis, series = selectors.monthly_series(area_code=area, top=FORECAST_TOP)
    rows = []
    for code, item in series.items():
        demand = backtest_and_forecast(item["demand"], origins=3)
        supply = backtest_and_forecast(item["supply"], origins=3)
        rows.append({"code": code, "name": item["name"], "months": len(axis), "demand": demand, "supply": supply,
                     "recent": sum(item["demand"][-12:]),
                     "gap": ([round(d - s, 1) for d, s in zip(demand.forecast, supply.forecast, strict=True)]
                             if demand and supply else None)})
    future = [selectors._month_add(axis[-1], i) for i in range(1, 7)] if axis else []
    cache.set(key, (future, rows), 3600)
    return future, rows


@allowed("demand.analyse")
def forecast(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "330900").strip() or "330900"
    error, future, rows = "", [], []
    try:
        future, rows = _forecasts(area)
    except NotFound as exc:
        error = str(exc)
    return render(request, "demand/forecast.html", {"area": area, "future": future, "rows": rows, "error": error})


@allowed("demand.analyse")
def forecast_export(request: HttpRequest, file_format: str) -> HttpResponse:
    area = request.GET.get("area", "330900").strip() or "330900"
    try:
        future, rows = _forecasts(area)
    except NotFound:
        future, rows = [], []
    columns = [("职业代码", lambda r: r["code"]), ("职业（工种）", lambda r: r["name"]),
               ("需求预测方法", lambda r: r["demand"].chosen_label if r["demand"] else "数据不足"),
               ("需求 MASE（所选）", lambda r: r["demand"].mase[r["demand"].chosen] if r["demand"] else ""),
               ("需求 MASE（季节性朴素法）", lambda r: r["demand"].mase["seasonal_naive"] if r["demand"] else ""),
               ("优于季节性朴素法", lambda r: ("是" if r["demand"].beats_naive else "否") if r["demand"] else "")]
    for i, month in enumerate(future):
        columns.append((f"需求预测 {month:%Y-%m}", lambda r, i=i: r["demand"].forecast[i] if r["demand"] else ""))
        columns.append((f"供给预测 {month:%Y-%m}", lambda r, i=i: r["supply"].forecast[i] if r["supply"] else ""))
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=f"供需预测-{area}",
                           file_format=file_format, object_type="demand_forecast", ip_address=client_ip(request))


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
