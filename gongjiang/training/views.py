"""Pages of the training domain: the trainer portal (its own navigation), the bureau's
institution, class and supervision pages, and the public catalogues and map (no login).
Views parse, call a service or selector, render; permissions come from accounts.permissions."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed, can
from gongjiang.core.errors import DomainError
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.training import coverage, forms, selectors, services, supervision
from gongjiang.training.models import ClassStatus, Enrolment, FindingStatus, InstitutionStatus, Rule


def _page(request: HttpRequest, qs, per: int = 50):
    return Paginator(qs, per).get_page(request.GET.get("page"))


def _export(request, rows, columns, filename, object_type, file_format):
    from gongjiang.ingest.export import export_response

    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=filename,
                           file_format=file_format, object_type=object_type, filters=dict(request.GET.items()),
                           ip_address=client_ip(request))


# --- Workbench ---------------------------------------------------------------------------------


@allowed("training.workbench")
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"counts": selectors.class_counts(user),
               "classes": selectors.class_list(actor=user)[:10]}
    if can(user, "training.class_file"):
        context["institution"] = selectors.institution_get(actor=user, institution_id=user.training_institution_id)
    year = timezone.localdate().year
    context["year"], context["person_times"] = year, selectors.person_times(actor=user, year=year)
    context["last_year"] = selectors.person_times(actor=user, year=year - 1)
    if can(user, "training.supervision"):
        context["open_findings"] = selectors.finding_list(actor=user, status=FindingStatus.OPEN).count()
    return render(request, "training/home.html", context)


# --- Institutions ------------------------------------------------------------------------------

_INSTITUTION_COLUMNS = [
    ("机构名称", lambda i: i.name), ("统一社会信用代码", lambda i: i.uscc), ("办学性质", lambda i: i.get_kind_display()),
    ("办学许可证号", lambda i: i.licence_number), ("所在区县", lambda i: i.district.name),
    ("状态", lambda i: i.get_status_display()), ("等级", lambda i: i.get_grade_display() or "未评级"),
    ("准入日期", lambda i: i.admitted_on), ("培训班数", lambda i: i.class_count)]


@allowed("training.institution_manage")
def institution_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.institution_list(actor=request.user, q=request.GET.get("q", ""))
    return render(request, "training/institution_list.html", {"page": _page(request, qs)})


@allowed("training.institution_manage")
def institution_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return _export(request, selectors.institution_list(actor=request.user, q=request.GET.get("q", "")),
                   _INSTITUTION_COLUMNS, "培训机构", "training_institution", file_format)


@allowed("training.institution_manage")
def institution_create(request: HttpRequest) -> HttpResponse:
    form = forms.InstitutionForm(request.POST or None, initial={"admitted_on": timezone.localdate(),
                                                                "district": request.user.district_id})
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_admit(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已准入 %(n)s") % {"n": institution.name})
            return redirect("training:institution_detail", institution.pk)
    return render(request, "training/form.html", {"form": form, "title": _("准入培训机构")})


@allowed("training.workbench")
def institution_detail(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = selectors.institution_get(actor=request.user, institution_id=institution_id)
    return render(request, "training/institution_detail.html", {
        "institution": institution, "sites": institution.sites.all(), "scope": institution.scope.all(),
        "classes": selectors.class_list(actor=request.user).filter(institution=institution)[:50],
        "grade_form": forms.GradeForm(initial={"grade": institution.grade}),
        "status_form": forms.StatusForm(initial={"status": institution.status}),
        "site_form": forms.SiteForm(), "statuses": InstitutionStatus})


@allowed({"grade": "training.institution_manage", "status": "training.institution_manage",
          "site": "training.site_edit"}, by="action")
def institution_action(request: HttpRequest, institution_id: int, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    institution = selectors.institution_get(actor=request.user, institution_id=institution_id)
    form = {"grade": forms.GradeForm, "status": forms.StatusForm, "site": forms.SiteForm}[action](request.POST)
    try:
        if not form.is_valid():
            raise DomainError("；".join(f"{form.fields[f].label}：{' '.join(e)}" if f in form.fields else " ".join(e)
                                       for f, e in form.errors.items()))
        data = form.cleaned_data
        if action == "grade":
            services.institution_grade_set(actor=request.user, institution=institution, grade=data["grade"])
        elif action == "status":
            services.institution_status_set(actor=request.user, institution=institution, status=data["status"],
                                            reason=data["status_reason"])
        else:
            services.site_save(actor=request.user, institution=institution, **data)
        messages.success(request, _("已保存"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("training:institution_detail", institution.pk)


# --- Programme catalogue -----------------------------------------------------------------------

_PROGRAMME_COLUMNS = [
    ("项目编号", lambda p: p.code), ("项目名称", lambda p: p.name), ("职业（工种）", lambda p: p.occupation.name),
    ("职业代码", lambda p: p.occupation.code), ("培训等级", lambda p: p.get_grade_display() or "—"),
    ("标准学时", lambda p: p.hours), ("补贴标准（元/人）", lambda p: p.subsidy_standard), ("依据", lambda p: p.citation)]


@allowed("training.programme_manage")
def programme_list(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存培训项目"))
            return redirect("training:programme_list")
    return render(request, "training/programme_list.html", {"programmes": selectors.programme_list(), "form": form})


@allowed("training.programme_manage")
def programme_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return _export(request, selectors.programme_list(), _PROGRAMME_COLUMNS, "补贴性培训项目目录", "training_programme",
                   file_format)


# --- Classes -----------------------------------------------------------------------------------

_CLASS_COLUMNS = [
    ("班级编号", lambda c: c.pk), ("班级名称", lambda c: c.name), ("培训机构", lambda c: c.institution.name),
    ("培训项目", lambda c: c.programme.name), ("培训场地", lambda c: c.site.name), ("授课教师", lambda c: c.teacher),
    ("开班日期", lambda c: c.start_date), ("结班日期", lambda c: c.end_date), ("计划学时", lambda c: c.planned_hours),
    ("计划人数", lambda c: c.capacity), ("已报名", lambda c: c.enrolled), ("状态", lambda c: c.get_status_display())]


@allowed("training.workbench")
def class_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.class_list(actor=request.user, status=request.GET.get("status", ""), q=request.GET.get("q", ""))
    return render(request, "training/class_list.html", {"page": _page(request, qs), "statuses": ClassStatus.choices})


@allowed("training.workbench")
def class_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    qs = selectors.class_list(actor=request.user, status=request.GET.get("status", ""), q=request.GET.get("q", ""))
    return _export(request, qs, _CLASS_COLUMNS, "培训班", "training_class", file_format)


@allowed("training.class_file")
def class_create(request: HttpRequest) -> HttpResponse:
    form = forms.ClassForm(request.POST or None, institution_id=request.user.training_institution_id)
    if request.method == "POST" and form.is_valid():
        try:
            training_class = services.class_file(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已报备，等待人社局审批"))
            return redirect("training:class_detail", training_class.pk)
    return render(request, "training/form.html", {"form": form, "title": _("报备培训班"),
                                                  "note": _("培训项目须在补贴性培训项目目录内，且属于本机构准予培训的职业范围。")})


@allowed("training.workbench")
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    training_class = selectors.class_get(actor=request.user, class_id=class_id)
    roster = selectors.class_roster(training_class)
    return render(request, "training/class_detail.html", {
        "c": training_class, "sessions": training_class.sessions.all(), "roster": roster,
        "checkins": selectors.class_checkins(training_class, limit=200),
        "findings": training_class.findings.all(),
        "owner": can(request.user, "training.class_file"),
        "session_form": forms.SessionForm(), "enrol_form": forms.EnrolForm(), "upload_form": forms.UploadForm(),
        "complete_form": forms.CompleteForm(initial={"completed_on": training_class.end_date}),
        "outcome": request.session.pop("training_import_outcome", None)})


@allowed("training.workbench")
def class_roster_export(request: HttpRequest, class_id: int, file_format: str) -> HttpResponse:
    training_class = selectors.class_get(actor=request.user, class_id=class_id)
    columns = [("姓名", lambda e: e.worker.name), ("身份证号", lambda e: e.worker.id_number_masked),
               ("签到次数", lambda e: e.checkin_count),
               ("实到学时", lambda e: round((e.attended_minutes or 0) / 60, 1)),
               ("结业", lambda e: "是" if hasattr(e, "completion") else "否"),
               ("考核合格", lambda e: ("合格" if e.completion.exam_passed else "不合格") if hasattr(e, "completion") else "")]
    return _export(request, selectors.class_roster(training_class), columns, f"学员名册-{training_class.name}",
                   "training_enrolment", file_format)


_CLASS_ACTIONS = {"approve": "training.class_approve", "reject": "training.class_approve",
                  "session": "training.class_file", "enrol": "training.class_file", "checkins": "training.class_file",
                  "checkin": "training.class_file", "complete": "training.class_file"}


def _form_error(form) -> DomainError:
    return DomainError("；".join(f"{form.fields[f].label}：{' '.join(e)}" if f in form.fields else " ".join(e)
                                for f, e in form.errors.items()))


@allowed(_CLASS_ACTIONS, by="action")
def class_action(request: HttpRequest, class_id: int, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    training_class = selectors.class_get(actor=request.user, class_id=class_id)
    user = request.user
    try:
        if action in ("approve", "reject"):
            services.class_decide(actor=user, training_class=training_class, approve=action == "approve",
                                  reason=request.POST.get("reason", ""))
            messages.success(request, _("已批准") if action == "approve" else _("已退回"))
        elif action == "session":
            form = forms.SessionForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            starts_at, ends_at = form.moments()
            services.session_add(actor=user, training_class=training_class, starts_at=starts_at, ends_at=ends_at,
                                 topic=form.cleaned_data["topic"])
            messages.success(request, _("已添加课表"))
        elif action == "enrol":
            form = forms.EnrolForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            enrolment = services.trainee_enrol(actor=user, training_class=training_class, **form.cleaned_data)
            messages.success(request, _("%(n)s 已登记入班") % {"n": enrolment.worker.name})
        elif action == "checkins":
            form = forms.UploadForm(request.POST, request.FILES)
            if not form.is_valid():
                raise _form_error(form)
            _checkins_upload(request, form.cleaned_data["file"])
        elif action == "checkin":
            form = forms.CheckinForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            enrolment = Enrolment.objects.filter(training_class=training_class,
                                                 pk=form.cleaned_data["enrolment"]).first()
            if enrolment is None:
                raise DomainError(_("请选择本班名册中的学员"), field="enrolment")
            services.checkin_record(actor=user, enrolment=enrolment, checked_in_at=form.cleaned_data["checked_in_at"],
                                    checked_out_at=form.cleaned_data["checked_out_at"])
            messages.success(request, _("已录入考勤"))
        elif action == "complete":
            form = forms.CompleteForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            passed = {int(v) for v in request.POST.getlist("passed") if v.isdigit()}
            count = services.class_complete(actor=user, training_class=training_class,
                                            completed_on=form.cleaned_data["completed_on"], passed_ids=passed)
            messages.success(request, _("已登记 %(n)s 名学员结业，并记入其终身职业技能档案") % {"n": count})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("training:class_detail", training_class.pk)


def _checkins_upload(request: HttpRequest, upload) -> None:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError(_("请上传 .xlsx 或 .csv 文件"), field="file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"checkins{suffix}"
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        from gongjiang.ingest.readers import UnreadableFile

        try:
            outcome = services.checkins_import(actor=request.user, path=str(path), name=upload.name)
        except UnreadableFile as exc:
            raise DomainError(str(exc), field="file") from exc
    if outcome.rejected:
        request.session["training_import_outcome"] = {
            "rejected": outcome.rejected, "rows": outcome.rows,
            "rejections": [{k: str(v) for k, v in r.items()} for r in outcome.rejections[:50]]}
        messages.error(request, _("文件中有 %(n)s 行有问题，整份文件未导入。请按下表修改后重新上传。") % {"n": outcome.rejected})
    elif not outcome.rows:
        messages.error(request, _("文件中没有考勤记录"))
    else:
        messages.success(request, _("已导入 %(c)s 条签到记录（%(u)s 条此前已导入）") % {"c": outcome.created, "u": outcome.unchanged})


# --- Supervision -------------------------------------------------------------------------------

_FINDING_COLUMNS = [
    ("编号", lambda f: f.pk), ("规则", lambda f: f.get_rule_display()), ("培训机构", lambda f: f.institution.name),
    ("培训班", lambda f: f.training_class.name if f.training_class else ""), ("疑点说明", lambda f: f.reason),
    ("核查状态", lambda f: f.get_status_display()), ("核查结论", lambda f: f.outcome), ("发现时间", lambda f: f.found_at)]


@allowed("training.supervision")
def finding_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.finding_list(actor=request.user, status=request.GET.get("status", ""),
                                rule=request.GET.get("rule", ""))
    return render(request, "training/finding_list.html", {"page": _page(request, qs), "rules": Rule.choices,
                                                          "statuses": FindingStatus.choices})


@allowed("training.supervision")
def finding_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    qs = selectors.finding_list(actor=request.user, status=request.GET.get("status", ""),
                                rule=request.GET.get("rule", ""))
    return _export(request, qs, _FINDING_COLUMNS, "培训监管疑点", "training_finding", file_format)


@allowed("training.supervision")
def supervision_run(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    counts = supervision.supervision_run(actor=request.user)
    messages.success(request, _("监管规则已运行，发现 %(n)s 条疑点（已处理的疑点保持原结论）") % {"n": sum(counts.values())})
    return redirect("training:finding_list")


@allowed("training.supervision")
def finding_detail(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_get(actor=request.user, finding_id=finding_id)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviewed = supervision.finding_review(actor=request.user, finding=finding, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            back = getattr(reviewed, "claw_back", None)
            if back and (back["reversed"] or back["stopped"]):
                messages.success(request, _("已记录核查结论：已冲正追回 %(n)s 笔已发放的培训补贴，共 %(a)s 元；停发 %(s)s 笔尚未发放的补贴")
                                 % {"n": back["reversed"], "a": back["amount"], "s": back["stopped"]})
            else:
                messages.success(request, _("已记录核查结论"))
            return redirect("training:finding_detail", finding.pk)
    return render(request, "training/finding_detail.html", {
        "finding": finding, "form": form, "enrolments": finding.enrolments.select_related("worker")[:100]})


# --- Enterprise-run training and training funds (R3.5) ----------------------------------------

_STANDING = {"below": _("低于工资总额的1.5%"), "within": _("在1.5%–2.5%之间"), "above": _("高于工资总额的2.5%"),
             "no_wage_bill": _("收入监测中没有本年工资总额")}
_FUND_COLUMNS = [
    ("企业", lambda r: r["enterprise"]), ("年度", lambda r: r["year"]), ("填报培训项数", lambda r: r["filings"]),
    ("参训人次", lambda r: r["trainees"]), ("培训经费支出（元）", lambda r: r["spend"]),
    ("工资总额（元）", lambda r: r["wage_bill"] if r["wage_bill"] is not None else ""),
    ("占工资总额比例", lambda r: f"{r['share'] * 100:.2f}%" if r["share"] is not None else ""),
    ("按1.5%应使用（元）", lambda r: r["minimum"] if r["minimum"] is not None else ""),
    ("情况", lambda r: str(_STANDING[r["standing"]]))]
_ENTERPRISE_TRAINING_COLUMNS = [
    ("企业", lambda t: t.enterprise.name), ("培训类型", lambda t: t.get_kind_display()), ("培训名称", lambda t: t.name),
    ("职业（工种）", lambda t: t.occupation.name if t.occupation else ""), ("开始日期", lambda t: t.start_date),
    ("结束日期", lambda t: t.end_date), ("参训人数", lambda t: t.trainees), ("培训学时", lambda t: t.hours),
    ("培训经费支出（元）", lambda t: t.spend)]


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@allowed("training.enterprise_read")
def enterprise_training(request: HttpRequest) -> HttpResponse:
    """HR: file the enterprise's own training and see its fund use; bureau: every enterprise's."""
    year = _year(request)
    form = forms.EnterpriseTrainingForm(request.POST or None) if can(request.user, "training.enterprise_file") else None
    if request.method == "POST":
        if form is None:
            return HttpResponseNotAllowed(["GET"])
        if form.is_valid():
            try:
                services.enterprise_training_file(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已填报企业培训"))
                return redirect("training:enterprise_training")
    rows = selectors.training_fund_use(actor=request.user, year=year)
    for row in rows:
        row["standing_label"] = _STANDING[row["standing"]]
        row["share_percent"] = f"{row['share'] * 100:.2f}%" if row["share"] is not None else "—"
    return render(request, "training/enterprise_training.html", {
        "year": year, "form": form, "rows": rows,
        "filings": _page(request, selectors.enterprise_training_scope(request.user).filter(start_date__year=year))})


@allowed("training.enterprise_read")
def enterprise_fund_export(request: HttpRequest, file_format: str) -> HttpResponse:
    year = _year(request)
    return _export(request, selectors.training_fund_use(actor=request.user, year=year), _FUND_COLUMNS,
                   f"企业培训经费使用-{year}", "enterprise_training", file_format)


@allowed("training.enterprise_read")
def enterprise_training_export(request: HttpRequest, file_format: str) -> HttpResponse:
    year = _year(request)
    return _export(request, selectors.enterprise_training_scope(request.user).filter(start_date__year=year),
                   _ENTERPRISE_TRAINING_COLUMNS, f"企业培训-{year}", "enterprise_training", file_format)


# --- Public (no login) -------------------------------------------------------------------------


@allowed("training.public_read")
def public_catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    return render(request, "training/public_catalogue.html", {
        "institutions": selectors.public_institution_list(q=q)[:200],
        "programmes": selectors.public_programme_list(q=q)[:200], "q": q})


@allowed("training.public_read")
def public_map(request: HttpRequest) -> HttpResponse:
    sites = [(f"{s.institution.name}·{s.name}", float(s.longitude), float(s.latitude)) for s in selectors.public_sites()]
    towns = coverage.coverage(sites)
    chart = {"sites": [{"name": n, "value": [lon, lat]} for n, lon, lat in sites],
             "towns": [{"name": t.name, "value": [t.longitude, t.latitude], "within": t.within} for t in towns],
             "radii_km": {m: float(coverage.radius_km(m)) for m in coverage.MINUTES}}
    return render(request, "training/public_map.html", {
        "towns": towns, "uncovered": [t for t in towns if t.within is None], "site_count": len(sites),
        "speed": coverage.SPEED_KMH, "radii": chart["radii_km"], "chart_json": json.dumps(chart, ensure_ascii=False)})
