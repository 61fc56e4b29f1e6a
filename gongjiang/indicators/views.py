"""Pages of targets and indicators (ADR 0025): the bureau's home page (progress against every
target and the calendar, what needs action today, charts), targets and bureau-entered figures
(enter, correct, delete; import through the import centre), and the ranking (指标晾晒) with its
export. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongjiang.accounts.permissions import allowed, can
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.indicators import charts, selectors, services
from gongjiang.indicators.catalogue import BY_CODE, INDICATORS
from gongjiang.indicators.forms import FigureForm, TargetForm
from gongjiang.indicators.models import Target
from gongjiang.reference.models import Division


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _area(request: HttpRequest, areas: list[Division], year: int) -> Division | None:
    return selectors.area_pick(areas, request.GET.get("area", ""), year)


@allowed("indicators.read")
def home(request: HttpRequest) -> HttpResponse:
    """The bureau's home page (served at `/` for bureau accounts by core.views.home)."""
    today = timezone.localdate()
    year = _year(request, today.year)
    areas = selectors.areas_for(request.user)
    area = _area(request, areas, year)
    on, base, snapshot = services.snapshot_for(year, today=today)
    rows = selectors.progress(area, year, on, base=base) if area else []
    values = selectors.values_from_base(base, area.code) if area else []
    usage = []
    if area is not None:
        from gongjiang.competitions.selectors import programme_usage
        from gongjiang.indicators.queries import area_prefix

        usage = [u for u in programme_usage(on=today) if u["programme"].area.code.startswith(area_prefix(area.code))]
    years = sorted(set(Target.objects.values_list("year", flat=True)) | {today.year})
    return render(request, "indicators/home.html", {
        "today": today, "year": year, "years": years, "areas": areas, "area": area, "rows": rows,
        "values": values, "snapshot": snapshot, "actions": selectors.actions_today(actor=request.user, today=today),
        "usage": usage, "chart": charts.home_chart(rows, values, usage),
        "may_edit": can(request.user, "indicators.target_edit")})


@allowed("indicators.refresh")
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    from gongjiang.indicators.tasks import snapshot_refresh_task

    snapshot_refresh_task.enqueue(timezone.localdate().isoformat())
    messages.success(request, _("已提交重新计算，完成后刷新本页即可看到最新数字。"))
    return redirect(request.POST.get("next") or "indicators:home")


# --- Targets -----------------------------------------------------------------------------------


@allowed("indicators.read")
def target_list(request: HttpRequest) -> HttpResponse:
    targets = selectors.target_list(actor=request.user, area_code=request.GET.get("area", ""),
                                    year=_year(request, 0) or None)
    return render(request, "indicators/target_list.html", {
        "targets": [(t, BY_CODE.get(t.indicator)) for t in targets],
        "may_edit": can(request.user, "indicators.target_edit")})


TARGET_COLUMNS = [
    ("指标", lambda t: str(BY_CODE[t.indicator].label) if t.indicator in BY_CODE else t.indicator),
    ("指标代码", lambda t: t.indicator), ("地区代码", lambda t: t.area.code), ("地区", lambda t: t.area.name),
    ("企业统一社会信用代码", lambda t: t.enterprise.uscc if t.enterprise_id else ""),
    ("乡镇（街道）代码", lambda t: t.township_code), ("乡镇（街道）", lambda t: t.township_name),
    ("目标年度", lambda t: t.year), ("累计起始年度", lambda t: t.from_year or ""), ("目标值", lambda t: t.value),
    ("单位", lambda t: str(BY_CODE[t.indicator].unit) if t.indicator in BY_CODE else ""),
    ("比较方式", lambda t: t.get_comparison_display()), ("进度要求", lambda t: t.get_path_display()),
    ("文件文号", lambda t: t.document), ("条款", lambda t: t.clause), ("原文表述", lambda t: t.wording)]


@allowed("indicators.read")
def target_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.ingest.export import export_response

    targets = selectors.target_list(actor=request.user)
    return export_response(actor=request.user, rows_iterable=targets, columns=TARGET_COLUMNS, filename="目标",
                           file_format=file_format, object_type="indicator_target", personal_fields=[],
                           ip_address=client_ip(request))


def _target_data(form: TargetForm) -> dict:
    data = dict(form.cleaned_data)
    fields = services.target_fields(area_code=data.pop("area_code"), enterprise_uscc=data.pop("enterprise_uscc"),
                                    township_code=data.pop("township_code"), township_name=data.pop("township_name"))
    return {**data, **fields}


@allowed("indicators.target_edit")
def target_edit(request: HttpRequest, target_id: int | None = None) -> HttpResponse:
    target = None
    if target_id is not None:
        target = Target.objects.filter(pk=target_id, pk__in=selectors.target_list(actor=request.user)).select_related(
            "area", "enterprise").first()
        if target is None:
            raise NotFound("未找到该目标，或您无权修改")
    initial = {}
    if target is not None:
        initial = {"indicator": target.indicator, "area_code": target.area.code, "year": target.year,
                   "enterprise_uscc": target.enterprise.uscc if target.enterprise_id else "",
                   "township_code": target.township_code, "township_name": target.township_name,
                   "from_year": target.from_year, "value": target.value.normalize(), "comparison": target.comparison,
                   "path": target.path, "document": target.document, "clause": target.clause,
                   "wording": target.wording, "note": target.note}
    elif request.user.district_id:
        initial = {"area_code": request.user.district.code, "year": timezone.localdate().year}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(actor=request.user, target=target, **_target_data(form))
        except DomainError as exc:
            if exc.field == "area":
                exc.field = "area_code"
            elif exc.field == "enterprise":
                exc.field = "enterprise_uscc"
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("目标已保存"))
            return redirect("indicators:target_list")
    return render(request, "indicators/target_form.html", {"form": form, "target": target,
                                                           "indicators": INDICATORS})


@allowed("indicators.target_edit")
@require_POST
def target_delete(request: HttpRequest, target_id: int) -> HttpResponse:
    try:
        services.target_delete(actor=request.user, target_id=target_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("目标已删除"))
    return redirect("indicators:target_list")


# --- Figures the bureau enters -----------------------------------------------------------------


@allowed("indicators.read")
def figure_list(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/figure_list.html", {
        "figures": selectors.figure_list(actor=request.user), "may_edit": can(request.user, "indicators.target_edit")})


@allowed("indicators.target_edit")
def figure_edit(request: HttpRequest, figure_id: int | None = None) -> HttpResponse:
    figure = None
    if figure_id is not None:
        figure = selectors.figure_list(actor=request.user).filter(pk=figure_id).first()
        if figure is None:
            raise NotFound("未找到该数据，或您无权修改")
    initial = {}
    if figure is not None:
        initial = {"kind": figure.kind, "area_code": figure.area.code, "year": figure.year,
                   "value": figure.value.normalize(), "source": figure.source, "note": figure.note}
    elif request.user.district_id:
        initial = {"area_code": request.user.district.code, "year": timezone.localdate().year}
    form = FigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("area_code").strip()
        area = Division.objects.filter(code=code).first()
        try:
            if area is None:
                raise DomainError(f"行政区划代码“{code}”不存在，请填写 6 位代码，例如 330902", field="area_code")
            services.figure_save(actor=request.user, figure=figure, area=area, **data)
        except DomainError as exc:
            if exc.field == "area":
                exc.field = "area_code"
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("数据已保存"))
            return redirect("indicators:figure_list")
    return render(request, "indicators/figure_form.html", {"form": form, "figure": figure})


@allowed("indicators.target_edit")
@require_POST
def figure_delete(request: HttpRequest, figure_id: int) -> HttpResponse:
    try:
        services.figure_delete(actor=request.user, figure_id=figure_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("数据已删除"))
    return redirect("indicators:figure_list")


# --- Ranking (指标晾晒) --------------------------------------------------------------------------


def _ranking_args(request: HttpRequest) -> tuple[int, list, str]:
    today = timezone.localdate()
    year = _year(request, today.year)
    choices = selectors.ranking_indicators(year)
    code = request.GET.get("indicator", "")
    if code not in {i.code for i in choices}:
        code = choices[0].code if choices else ""
    return year, choices, code


def _on(year: int) -> date:
    return selectors.reference_date(year)


def _ranking_district(request: HttpRequest, year: int) -> tuple[list[Division], Division | None]:
    """The districts whose 乡镇/街道 have targets, and the one asked for (None: every unit)."""
    districts = selectors.ranking_districts(year)
    code = request.GET.get("district", "")
    return districts, next((d for d in districts if d.code == code), None)


@allowed("indicators.read")
def ranking(request: HttpRequest) -> HttpResponse:
    year, choices, code = _ranking_args(request)
    districts, district = _ranking_district(request, year)
    on = _on(year)
    base = selectors.snapshot_base(on=on)[0] if on == timezone.localdate() else None
    units = selectors.ranking(code, year, on, base=base, district=district) if code else []
    return render(request, "indicators/ranking.html", {
        "year": year, "choices": choices, "indicator": BY_CODE.get(code), "units": units, "on": on,
        "districts": districts, "district": district})


def _figure_text(value: Decimal | None, indicator) -> str:
    from gongjiang.indicators.templatetags.indicator_figures import indicator_value

    return indicator_value(value, indicator)


@allowed("indicators.ranking_export")
def ranking_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.ingest.export import export_response

    year, _choices, code = _ranking_args(request)
    _districts, district = _ranking_district(request, year)
    on = _on(year)
    base = selectors.snapshot_base(on=on)[0] if on == timezone.localdate() else None
    units = selectors.ranking(code, year, on, base=base, district=district) if code else []
    indicator = BY_CODE.get(code)
    columns = [("名次", lambda u: u.rank), ("单位", lambda u: u.name), ("代码", lambda u: u.code), ("类别", lambda u: u.kind),
               ("指标", lambda u: str(u.progress.indicator.label)),
               ("实际", lambda u: _figure_text(u.progress.actual, indicator)),
               ("目标", lambda u: _figure_text(u.progress.target_value, indicator)),
               ("完成率", lambda u: f"{u.progress.completion * 100:.1f}%" if u.progress.completion is not None else "—"),
               ("按进度应达", lambda u: _figure_text(u.progress.expected, indicator)),
               ("进度", lambda u: u.progress.status_label),
               ("依据", lambda u: f"{u.progress.target.document} {u.progress.target.clause}"),
               ("统计截止日", lambda _u: on.isoformat())]
    name = f"指标晾晒{year}" + (f"{district.name}乡镇街道" if district else "") + (f"{indicator.label}" if indicator else "")
    return export_response(actor=request.user, rows_iterable=units, columns=columns, filename=name[:28],
                           file_format=file_format, object_type="indicator_ranking", personal_fields=[],
                           ip_address=client_ip(request))


# --- Monthly bulletins (R8.2; ADR 0025 §Bulletin) ---------------------------------------------------


def _last_month(today: date) -> str:
    first = today.replace(day=1)
    previous = first - timedelta(days=1)
    return f"{previous.year}-{previous.month:02d}"


@allowed("indicators.bulletin")
def bulletin_list(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    today = timezone.localdate()
    areas = selectors.areas_for(request.user)
    bulletins = selectors.bulletin_list(actor=request.user)
    pending = bulletins.filter(status__in=["queued", "running"]).exists()
    return render(request, "indicators/bulletin_list.html", {
        "areas": areas, "page": Paginator(bulletins, 30).get_page(request.GET.get("page")), "default_month": _last_month(today),
        "max_month": f"{today.year}-{today.month:02d}", "pending": pending})


@allowed("indicators.bulletin")
@require_POST
def bulletin_create(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        messages.error(request, _("月份应写成 2026-11 的格式，请重新选择"))
        return redirect("indicators:bulletin_list")
    try:
        services.bulletin_request(actor=request.user, area_code=request.POST.get("area", ""), year=year,
                                  month=month, file_format=request.POST.get("file_format", "pdf"))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("indicators:bulletin_list")
    messages.success(request, _("已提交生成通报，通常一分钟内完成；完成后在下表下载。"))
    return redirect("indicators:bulletin_list")


@allowed("indicators.bulletin")
def bulletin_download(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    from gongjiang.audit.services import audit_export
    from gongjiang.indicators.models import Bulletin
    from gongjiang.ingest.export import _content_disposition

    bulletin = selectors.bulletin_get(actor=request.user, bulletin_id=bulletin_id)
    if bulletin.status != "done":
        raise NotFound(_("该通报尚未生成完成，暂不能下载"))
    data = bytes(Bulletin.objects.values_list("content", flat=True).get(pk=bulletin.pk))
    audit_export(actor=request.user, object_type="indicator_bulletin", row_count=1, file_format=bulletin.file_format,
                 filters={"bulletin": bulletin.pk, "area": bulletin.area.code, "month": f"{bulletin.year}-{bulletin.month:02d}"},
                 ip_address=client_ip(request))
    content_type = ("application/pdf" if bulletin.file_format == "pdf"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = _content_disposition(bulletin.filename)
    return response


@allowed("indicators.bulletin")
@require_POST
def bulletin_delete(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    services.bulletin_delete(actor=request.user, bulletin_id=bulletin_id)
    messages.success(request, _("已从通报档案中删除。"))
    return redirect("indicators:bulletin_list")


# --- Performance evaluation of funded programmes (`000` 三(四)2; ADR 0033 §Performance) ----------


def _performance_args(request: HttpRequest) -> tuple[int, list[int]]:
    from gongjiang.indicators.performance import performance_years

    years = performance_years()
    today = timezone.localdate()
    return _year(request, years[0] if years else today.year), years or [today.year]


@allowed("indicators.read")
def performance(request: HttpRequest) -> HttpResponse:
    from gongjiang.core.errors import PermissionDenied
    from gongjiang.indicators import performance as perf

    year, years = _performance_args(request)
    rows = perf.performance(actor=request.user, year=year)
    effect, effect_for, effect_error = None, None, ""
    wanted = request.GET.get("effect", "")
    if wanted.isdigit():
        effect_for = next((r for r in rows if r.policy_id == int(wanted)), None)
        if effect_for is not None:
            try:
                effect = perf.pay_effect(actor=request.user, policy_id=effect_for.policy_id)
            except PermissionDenied as error:
                effect_error = str(error)
            except DomainError as error:
                effect_error = str(error)
            if effect is None and not effect_error:
                effect_error = _("收入监测数据中没有可比较的受益人和未受益人（需要受益前后多个年度的收入记录），暂不能估计收入效果。")
    return render(request, "indicators/performance.html", {
        "year": year, "years": years, "rows": rows, "effect": effect, "effect_for": effect_for,
        "effect_error": effect_error, "total": sum((r.paid for r in rows), Decimal(0))})


@allowed("indicators.read")
def performance_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.indicators import performance as perf
    from gongjiang.ingest.export import export_response

    year, _years = _performance_args(request)
    rows = perf.performance(actor=request.user, year=year)
    columns = [("政策", lambda r: r.policy_name), ("政策代码", lambda r: r.policy_code),
               ("依据", lambda r: f"{r.document} {r.clause}"), ("实施区域", lambda r: r.district), ("年度", lambda r: r.year),
               ("发放金额（元）", lambda r: r.paid), ("受益人数", lambda r: r.people), ("受益企业数", lambda r: r.enterprises),
               ("此后取得证书人数", lambda r: r.certified_after), ("此后晋升等级人数", lambda r: r.promoted_after),
               ("取得证书比例", lambda r: f"{r.certified_share * 100:.1f}%" if r.certified_share is not None else "—"),
               ("每名取证者对应资金（元）", lambda r: r.money_per_certificate if r.money_per_certificate is not None else "—")]
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=f"绩效评估{year}",
                           file_format=file_format, object_type="indicator_performance", personal_fields=[],
                           ip_address=client_ip(request))
