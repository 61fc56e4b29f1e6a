"""Evaluation pages: parse, call a service or selector, render. The verification pages, the
published keys and the revocation list are public (no log-in)."""

from __future__ import annotations

import json

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjiang.accounts.permissions import Scope, allowed, can, scope
from gongjiang.core.calendar import assumed_years_note
from gongjiang.core.errors import DomainError
from gongjiang.core.forms import form_add_domain_error
from gongjiang.evaluation import credentials, exports, keys, selectors, services
from gongjiang.evaluation.forms import (
    AgencyForm,
    AwardForm,
    BatchForm,
    CandidateForm,
    ExaminerForm,
    NegativeEntryForm,
    NegativeLiftForm,
    RevokeForm,
    RuleForm,
    ScopeForm,
    StatusForm,
    VerifyForm,
)
from gongjiang.evaluation.models import BatchStatus, CertificateStatus, EligibilityRule, ResultStatus
from gongjiang.reference.models import Division
from gongjiang.registry.selectors import enterprise_by_uscc

CREDENTIAL_MAX_BYTES = 2 * 1024 * 1024  # a certificate PDF is about 100 KB


def _enterprise_by_uscc(form, field: str):
    code = (form.cleaned_data.get(field) or "").strip().upper()
    if not code:
        return None, True
    enterprise = enterprise_by_uscc(code)
    if enterprise is None:
        form.add_error(field, "人才库中没有该统一社会信用代码的企业，请核对或先登记企业")
        return None, False
    return enterprise, True


def _fail(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


# --- Home and agencies -----------------------------------------------------------------------


@allowed("evaluation.read")
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    agency = selectors.agency_scope(request.user).first() if scope(request.user) == Scope.AGENCY else None
    return render(request, "evaluation/home.html", {
        "agency": agency, "batches": selectors.batch_list(actor=request.user)[:10],
        "overdue": selectors.batches_overdue(actor=request.user, today=today),
        "agency_count": selectors.agency_scope(request.user).count(), "today": today,
    })


@allowed("evaluation.read")
def agency_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.agency_scope(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "evaluation/agency_list.html", {"page": page})


@allowed("evaluation.read")
def agency_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.agencies(request, selectors.agency_scope(request.user), file_format)


@allowed("evaluation.agency_file")
def agency_create(request: HttpRequest) -> HttpResponse:
    districts = Division.objects.filter(level=3, retired_on__isnull=True).order_by("code")
    if scope(request.user) == Scope.DISTRICT:
        districts = districts.filter(pk=request.user.district_id)
    form = AgencyForm(request.POST or None, districts=districts, initial={"filed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        enterprise, ok = _enterprise_by_uscc(form, "enterprise_uscc")
        if ok:
            data = {k: v for k, v in form.cleaned_data.items() if k != "enterprise_uscc"}
            try:
                agency = services.agency_file(actor=request.user, enterprise=enterprise, **data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, f"已备案 {agency.name}，请设置其评价范围")
                return redirect("evaluation:agency_detail", agency_id=agency.pk)
    return render(request, "evaluation/form.html", {"form": form, "title": "备案评价机构"})


@allowed("evaluation.read")
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    return render(request, "evaluation/agency_detail.html", {
        "agency": agency, "scopes": agency.scopes.select_related("occupation"),
        "examiners": agency.examiners.select_related("enterprise"), "scope_form": ScopeForm(),
        "status_form": StatusForm(initial={"status": agency.status}), "examiner_form": ExaminerForm(),
        "batches": selectors.batch_list(actor=request.user).filter(agency=agency)[:20],
    })


@allowed("evaluation.agency_file")
@require_POST
def agency_scope(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    try:
        if request.POST.get("remove"):
            services.agency_scope_remove(actor=request.user, agency=agency, scope_id=int(request.POST["remove"]))
            messages.success(request, "已删除该评价范围")
        else:
            form = ScopeForm(request.POST)
            if not form.is_valid():
                raise DomainError("请选择职业（工种）和等级")
            line = services.agency_scope_add(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, f"评价范围已增加：{line}")
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "请选择要删除的评价范围"))
    return redirect("evaluation:agency_detail", agency_id=agency.pk)


@allowed("evaluation.agency_file")
@require_POST
def agency_status(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请选择状态")
        services.agency_status_set(actor=request.user, agency=agency, **form.cleaned_data)
        messages.success(request, "状态已更新")
    except DomainError as exc:
        _fail(request, exc)
    return redirect("evaluation:agency_detail", agency_id=agency.pk)


@allowed("evaluation.examiner_manage")
@require_POST
def examiner_add(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    form = ExaminerForm(request.POST)
    if form.is_valid():
        enterprise, ok = _enterprise_by_uscc(form, "enterprise_uscc")
        if ok:
            try:
                examiner = services.examiner_add(actor=request.user, agency=agency, name=form.cleaned_data["name"],
                                                 card_number=form.cleaned_data["card_number"], enterprise=enterprise)
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, f"已登记考评员 {examiner.name}")
                return redirect("evaluation:agency_detail", agency_id=agency.pk)
    for errors in form.errors.values():
        messages.error(request, "；".join(errors))
    return redirect("evaluation:agency_detail", agency_id=agency.pk)


# --- Eligibility rules -----------------------------------------------------------------------


@allowed("evaluation.read")
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/rule_list.html", {"rules": selectors.rule_list()})


@allowed("evaluation.read")
def rule_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.rules(request, selectors.rule_list(), file_format)


@allowed("evaluation.rule_edit")
def rule_edit(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    rule = None
    if rule_id is not None:
        rule = EligibilityRule.objects.filter(pk=rule_id).first()
        if rule is None:
            from django.http import Http404

            raise Http404("未找到该申报条件")
    initial = {"occupation": rule.occupation, "grade": rule.grade, "route": rule.route,
               "previous_grade": rule.previous_grade, "years": rule.years, "school_kinds": rule.school_kinds,
               "training_hours": rule.training_hours, "citation": rule.citation} if rule else {}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(actor=request.user, instance=rule, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, "申报条件已保存")
            return redirect("evaluation:rule_list")
    return render(request, "evaluation/form.html", {
        "form": form, "title": "修改申报条件" if rule else "新增申报条件",
        "note": "同一职业、同一等级可有多条途径，考生满足任一条即可申报。途径为院校毕业时选择学校类别，"
                "为正规培训时填写标准学时。"})


# --- Batches ---------------------------------------------------------------------------------


@allowed("evaluation.read")
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = selectors.batch_list(actor=request.user, status=request.GET.get("status", ""))
    page = Paginator(batches, 30).get_page(request.GET.get("page"))
    return render(request, "evaluation/batch_list.html", {"page": page, "statuses": BatchStatus.choices,
                                                           "today": timezone.localdate()})


@allowed("evaluation.read")
def batch_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    batches = selectors.batch_list(actor=request.user, status=request.GET.get("status", ""))
    return exports.batches(request, batches, file_format)


@allowed("evaluation.batch_manage")
def batch_create(request: HttpRequest) -> HttpResponse:
    agency = selectors.agency_scope(request.user).first()
    form = BatchForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_plan(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, "已建立评价批次，请添加考生")
            return redirect("evaluation:batch_detail", evaluation_batch_id=batch.pk)
    return render(request, "evaluation/form.html", {"form": form, "title": "计划评价批次",
                                                    "note": "只能选择本机构备案评价范围内的职业和等级。"})


@allowed("evaluation.read")
def batch_detail(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, batch_id=evaluation_batch_id)
    manage = can(request.user, "evaluation.batch_manage")
    today = timezone.localdate()
    return render(request, "evaluation/batch_detail.html", {
        "batch": batch, "candidates": selectors.batch_candidates(batch), "manage": manage,
        "editable": manage and batch.status == BatchStatus.PLANNED, "candidate_form": CandidateForm(),
        "notice_note": assumed_years_note(batch.notice_assumed_years), "today": today,
        "notice_over": batch.notice_until is not None and today > batch.notice_until,
        "overdue": batch.report_due is not None and not batch.reported_on and today > batch.report_due,
        "results": ResultStatus, "examiners": batch.examiners.all(),
        "pdf_job": selectors.certificate_pdf_job(batch) if batch.status == BatchStatus.ISSUED else None,
    })


def _batch_for_action(request: HttpRequest, evaluation_batch_id: int):
    return selectors.batch_get(actor=request.user, batch_id=evaluation_batch_id)


@allowed("evaluation.batch_manage")
@require_POST
def candidate_add(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    batch = _batch_for_action(request, evaluation_batch_id)
    form = CandidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写考生的公民身份号码和姓名")
    else:
        try:
            candidate = services.candidate_add(actor=request.user, batch=batch, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, exc)
        else:
            (messages.success if candidate.eligible else messages.warning)(
                request, f"{candidate.worker.name}：{candidate.eligibility_reason}")
    return redirect("evaluation:batch_detail", evaluation_batch_id=batch.pk)


@allowed("evaluation.batch_manage")
@require_POST
def candidates_employees(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    batch = _batch_for_action(request, evaluation_batch_id)
    try:
        added = services.candidates_from_employees(actor=request.user, batch=batch)
    except DomainError as exc:
        _fail(request, exc)
    else:
        eligible = sum(c.eligible for c in added)
        messages.success(request, f"已从本单位职工中添加 {len(added)} 名考生，其中 {eligible} 名符合申报条件")
    return redirect("evaluation:batch_detail", evaluation_batch_id=batch.pk)


@allowed("evaluation.batch_manage")
@require_POST
def candidates_training(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    batch = _batch_for_action(request, evaluation_batch_id)
    try:
        added = services.candidates_from_training(actor=request.user, batch=batch)
    except DomainError as exc:
        _fail(request, exc)
    else:
        eligible = sum(c.eligible for c in added)
        messages.success(request, f"已从培训结业学员中添加 {len(added)} 名考生，其中 {eligible} 名符合申报条件")
    return redirect("evaluation:batch_detail", evaluation_batch_id=batch.pk)


@allowed("evaluation.batch_manage")
@require_POST
def scores(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    """All scores of the batch in one form: fields theory_<id> and practical_<id>."""
    batch = _batch_for_action(request, evaluation_batch_id)
    saved, problems = 0, []
    for candidate in selectors.batch_candidates(batch).filter(eligible=True):
        theory = request.POST.get(f"theory_{candidate.pk}")
        practical = request.POST.get(f"practical_{candidate.pk}")
        if theory is None and practical is None:
            continue
        try:
            services.score_record(actor=request.user, batch=batch, candidate_id=candidate.pk, theory=theory,
                                  practical=practical)
            saved += 1
        except DomainError as exc:
            problems.append(f"{candidate.worker.name}：{exc.message}")
    if problems:
        messages.error(request, "以下成绩未保存：" + "；".join(problems))
    if saved:
        messages.success(request, f"已保存 {saved} 名考生的成绩")
    return redirect("evaluation:batch_detail", evaluation_batch_id=batch.pk)


def _batch_step(request: HttpRequest, evaluation_batch_id: int, step) -> HttpResponse:
    batch = _batch_for_action(request, evaluation_batch_id)
    try:
        message = step(batch)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, message)
    return redirect("evaluation:batch_detail", evaluation_batch_id=batch.pk)


@allowed("evaluation.batch_manage")
@require_POST
def batch_publish(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    def step(batch):
        batch = services.batch_publish(actor=request.user, batch=batch)
        return f"评价结果已公示，公示期至 {batch.notice_until:%Y-%m-%d}（5个工作日）"
    return _batch_step(request, evaluation_batch_id, step)


@allowed("evaluation.batch_manage")
@require_POST
def batch_issue(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    def step(batch):
        issued = services.batch_issue(actor=request.user, batch=batch)
        if issued:  # the PDFs are made in the background (ADR 0021 §PDFs in the background)
            services.certificate_pdfs_enqueue(actor=request.user, batch=batch,
                                              verify_url=request.build_absolute_uri(reverse("evaluation:verify")))
            return f"已颁发 {len(issued)} 本证书，已写入持证人的终身职业技能档案；证书 PDF 正在后台生成"
        return f"已颁发 {len(issued)} 本证书，已写入持证人的终身职业技能档案"
    return _batch_step(request, evaluation_batch_id, step)


@allowed("evaluation.certificate_pdfs")
def batch_pdfs(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    """The progress of the batch's PDF job: the partial the batch page polls (htmx) until done."""
    batch = selectors.batch_get(actor=request.user, batch_id=evaluation_batch_id)
    return render(request, "evaluation/_pdf_progress.html",
                  {"batch": batch, "pdf_job": selectors.certificate_pdf_job(batch)})


@allowed("evaluation.certificate_pdfs")
@require_POST
def batch_pdfs_make(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    """生成 / 重新生成: queue the batch's PDF job (a failed one resumes where it stopped)."""
    def step(batch):
        services.certificate_pdfs_enqueue(actor=request.user, batch=batch,
                                          verify_url=request.build_absolute_uri(reverse("evaluation:verify")))
        return "证书 PDF 已开始在后台生成"
    return _batch_step(request, evaluation_batch_id, step)


@allowed("evaluation.certificate_pdfs")
def batch_pdfs_zip(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    """Every PDF of the batch as one zip, each file as it was stored; recorded as an export."""
    import tempfile
    import zipfile

    from django.http import FileResponse

    from gongjiang.audit.services import audit_export
    from gongjiang.core.http import client_ip
    from gongjiang.evaluation.models import PdfJobStatus
    from gongjiang.ingest.export import _content_disposition

    batch = selectors.batch_get(actor=request.user, batch_id=evaluation_batch_id)
    job = selectors.certificate_pdf_job(batch)
    if job is None or job.status != PdfJobStatus.DONE:
        return HttpResponse("本批次的证书 PDF 尚未全部生成，生成完成后方可下载压缩包", status=409,
                            content_type="text/plain; charset=utf-8")
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    count = 0
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for name, content in selectors.batch_pdf_files(batch):
            archive.writestr(name, content)
            count += 1
    spool.seek(0)
    audit_export(actor=request.user, object_type="certificate_pdf", row_count=count, file_format="zip",
                 filters={"batch": batch.pk}, personal_fields=["name"], ip_address=client_ip(request))
    response = FileResponse(spool, content_type="application/zip")
    response["Content-Disposition"] = _content_disposition(
        f"{batch.occupation.name}{batch.get_grade_display()}_{batch.exam_date:%Y-%m-%d}_证书PDF.zip")
    return response


@allowed("evaluation.batch_manage")
@require_POST
def batch_report(request: HttpRequest, evaluation_batch_id: int) -> HttpResponse:
    def step(batch):
        services.batch_report(actor=request.user, batch=batch)
        return "已报送人社局"
    return _batch_step(request, evaluation_batch_id, step)


@allowed("evaluation.read")
def batch_candidates_export(request: HttpRequest, evaluation_batch_id: int, file_format: str) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, batch_id=evaluation_batch_id)
    return exports.candidates(request, batch, selectors.batch_candidates(batch), file_format)


# --- Certificates ----------------------------------------------------------------------------


def verification_url(request: HttpRequest, credential: str) -> str:
    return request.build_absolute_uri(reverse("evaluation:verify")) + "?c=" + credential


def _qr_svg(text: str) -> str:
    return segno.make(text, error="l").svg_inline(scale=2, title="证书二维码")


@allowed("evaluation.read")
def certificate_list(request: HttpRequest) -> HttpResponse:
    certs = selectors.certificate_list(actor=request.user, status=request.GET.get("status", ""),
                                       number=request.GET.get("q", ""))
    page = Paginator(certs, 30).get_page(request.GET.get("page"))
    return render(request, "evaluation/certificate_list.html", {"page": page, "statuses": CertificateStatus.choices})


@allowed("evaluation.read")
def certificate_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    certs = selectors.certificate_list(actor=request.user, status=request.GET.get("status", ""),
                                       number=request.GET.get("q", ""))
    return exports.certificates(request, certs, file_format)


def _certificate_page(request: HttpRequest, cert, template: str, extra: dict | None = None) -> HttpResponse:
    link = verification_url(request, cert.credential)
    claims = json.loads(credentials.b64url_decode(cert.credential.split(".")[1]))
    return render(request, template, {"cert": cert, "claims": claims, "link": link, "qr": _qr_svg(link),
                                      **(extra or {})})


@allowed("evaluation.read")
def certificate_detail(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = selectors.certificate_get(actor=request.user, certificate_id=certificate_id)
    return _certificate_page(request, cert, "evaluation/certificate_detail.html",
                             {"can_revoke": can(request.user, "evaluation.certificate_revoke")})


@allowed("evaluation.read")
def certificate_credential(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = selectors.certificate_get(actor=request.user, certificate_id=certificate_id)
    return _credential_file(cert)


def _credential_file(cert) -> HttpResponse:
    response = HttpResponse(cert.credential, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.jwt"'
    return response


def _claims_of(cert) -> dict:
    """What the certificate's credential states (signed by us; not verified again here)."""
    return json.loads(credentials.b64url_decode(cert.credential.split(".")[1]))


def _pdf_file(request: HttpRequest, cert) -> HttpResponse:
    """The certificate's PDF: the one the background job kept, byte for byte; made on request for
    certificates issued before (or whose batch job has not reached them). Recorded as an export."""
    from gongjiang.audit.services import audit_export
    from gongjiang.core.http import client_ip
    from gongjiang.evaluation.pdf import certificate_pdf

    data = selectors.certificate_pdf_stored(cert)
    if data is None:
        claims = _claims_of(cert)
        try:
            key = keys.private_key_for(cert.key_id)
        except LookupError:
            return HttpResponse("该证书的签名密钥已随平台根密钥更换而停用，不能再生成 PDF；签名凭证仍可查验",
                                status=409, content_type="text/plain; charset=utf-8")
        try:
            data = certificate_pdf(claims=claims, holder=cert.worker.name, credential=cert.credential,
                                   link=verification_url(request, cert.credential), key=key)
        except FileNotFoundError as exc:  # the Chinese font is not installed on this server
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    audit_export(actor=request.user, object_type="certificate_pdf", row_count=1, file_format="pdf",
                 filters={"certificate": cert.pk, "number": cert.number}, personal_fields=["name"],
                 ip_address=client_ip(request))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.pdf"'
    return response


@allowed("evaluation.read")
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    return _pdf_file(request, selectors.certificate_get(actor=request.user, certificate_id=certificate_id))


@allowed("evaluation.own_certificates")
def my_certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = selectors.own_certificates(actor=request.user).filter(pk=certificate_id).first()
    if cert is None:
        from django.http import Http404

        raise Http404("未找到该证书，或您无权查看")
    return _pdf_file(request, cert)


@allowed("evaluation.certificate_revoke")
def certificate_revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = selectors.certificate_get(actor=request.user, certificate_id=certificate_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(actor=request.user, certificate=cert, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, f"证书 {cert.number} 已撤销")
            return redirect("evaluation:certificate_detail", certificate_id=cert.pk)
    return render(request, "evaluation/form.html", {
        "form": form, "title": f"撤销证书 {cert.number}",
        "note": "撤销后，公开查验将显示“已撤销”及原因，证书从持证人档案中移除。此操作记入审计日志。"})


@allowed("evaluation.own_certificates")
def my_certificates(request: HttpRequest) -> HttpResponse:
    certs = list(selectors.own_certificates(actor=request.user))
    for cert in certs:
        cert.link = verification_url(request, cert.credential)
    return render(request, "evaluation/my_certificates.html", {"certs": certs})


@allowed("evaluation.own_certificates")
def my_certificate(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = selectors.own_certificates(actor=request.user).filter(pk=certificate_id).first()
    if cert is None:
        from django.http import Http404

        raise Http404("未找到该证书，或您无权查看")
    return _certificate_page(request, cert, "evaluation/certificate_print.html")


@allowed("evaluation.own_certificates")
def my_certificate_credential(request: HttpRequest, certificate_id: int) -> HttpResponse:
    cert = selectors.own_certificates(actor=request.user).filter(pk=certificate_id).first()
    if cert is None:
        from django.http import Http404

        raise Http404("未找到该证书，或您无权查看")
    return _credential_file(cert)


# --- Quality audit (R4.3) --------------------------------------------------------------------


@allowed("evaluation.audit")
def audit(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/audit.html", {
        "rates": selectors.pass_rates_against_peers(actor=request.user),
        "conflicts": selectors.examiner_conflicts(actor=request.user),
        "overdue": selectors.batches_overdue(actor=request.user, today=timezone.localdate()),
        "findings": selectors.audit_findings(actor=request.user),
    })


# --- Public: verification, keys, revocations -------------------------------------------------


def _verdict(text: str | bytes) -> dict:
    """Check a credential (or a certificate PDF) online: signature under the published keys, then
    this platform's status."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    result = credentials.any_verify(data, keys.published_keys())
    if not result.valid:
        return {"status": "invalid", "message": result.message}
    record = selectors.certificate_public_status(str(result.claims.get("no", "")))
    if record is None:
        return {"status": "unknown", "claims": result.claims,
                "message": "签名有效，但本平台没有该证书的记录（可能由其他平台颁发），请向发证机构核实"}
    if record.status == CertificateStatus.REVOKED:
        return {"status": "revoked", "claims": result.claims, "record": record,
                "message": f"该证书已于 {timezone.localtime(record.revoked_at):%Y-%m-%d} 被撤销：{record.revoked_reason}"}
    if not record.agency.is_active:
        return {"status": "valid", "claims": result.claims, "record": record,
                "message": f"证书有效（发证机构目前{record.agency.get_status_display()}，此前颁发的证书不受影响）"}
    return {"status": "valid", "claims": result.claims, "record": record, "message": "证书有效：签名校验通过，未被撤销"}


@allowed("evaluation.public")
def results_notice(request: HttpRequest) -> HttpResponse:
    """Evaluation results in notice (公示), open to anyone, names and ID numbers masked (ADR 0026)."""
    return render(request, "evaluation/results_notice.html", {
        "batches": selectors.results_in_notice(on=timezone.localdate())})


@allowed("public")
def verify(request: HttpRequest) -> HttpResponse:
    verdict = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.GET.get("c"):
        verdict = _verdict(request.GET["c"][:CREDENTIAL_MAX_BYTES])
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("file"):
            raw = data["file"].read(CREDENTIAL_MAX_BYTES + 1)
            if len(raw) > CREDENTIAL_MAX_BYTES:
                verdict = {"status": "invalid", "message": "文件过大：证书 PDF 或凭证文件不超过 2 MB"}
            else:
                verdict = _verdict(raw)
        elif data.get("credential"):
            verdict = _verdict(data["credential"][:CREDENTIAL_MAX_BYTES])
        elif data.get("number") and data.get("name"):
            cert = selectors.certificate_public_find(number=data["number"], name=data["name"])
            verdict = _verdict(cert.credential) if cert else {
                "status": "unknown", "message": "未找到该证书：请核对证书编号和持证人姓名（须与证书上一致）"}
        else:
            verdict = {"status": "invalid", "message": "请填写证书编号和姓名，或粘贴二维码内容，或上传凭证文件"}
    return render(request, "evaluation/verify.html", {"form": form, "verdict": verdict})


@allowed("public")
def public_keys(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/keys.html", {
        "jwks": json.dumps(keys.jwks(), ensure_ascii=False, indent=2),
        "keys_url": request.build_absolute_uri(reverse("evaluation:keys_json")),
        "revocations_url": request.build_absolute_uri(reverse("evaluation:revocations")),
        "status_url": request.build_absolute_uri(reverse("evaluation:status_list"))})


@allowed("public")
def public_keys_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(keys.jwks())


@allowed("public")
def status_list(request: HttpRequest) -> HttpResponse:
    """The W3C Bitstring Status List credential (a JWS, `vc+jwt`), for verifiers offline."""
    response = HttpResponse(services.status_list_sign(), content_type="application/vc+jwt")
    response["Content-Disposition"] = 'attachment; filename="status-list.jws"'
    return response


@allowed("public")
def revocations(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.revocation_list_sign(), content_type="application/jwt")
    response["Content-Disposition"] = 'attachment; filename="revocations.jws"'
    return response




# --- 直接认定 and 破格晋升 ----------------------------------------------------------------------


@allowed("evaluation.read")
def award_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.award_scope(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "evaluation/award_list.html", {"page": page})


@allowed("evaluation.batch_manage")
def award_create(request: HttpRequest) -> HttpResponse:
    agency = selectors.agency_scope(request.user).first()
    form = AwardForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_request(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, "已提交，待人社局审批")
            return redirect("evaluation:award_list")
    return render(request, "evaluation/form.html", {
        "form": form, "title": "申请直接认定或破格晋升",
        "note": "仅限用人单位自主评价机构为本单位在职职工申请。直接认定适用于尚无本职业等级的职工；破格晋升适用于业绩突出、"
                "申请等级高于现有等级的职工。经人社局批准后即颁发证书。"})


@allowed("evaluation.award_decide")
@require_POST
def award_decide(request: HttpRequest, award_id: int) -> HttpResponse:
    award = selectors.award_scope(request.user).filter(pk=award_id).first()
    if award is None:
        from django.http import Http404

        raise Http404("未找到该认定申请，或您无权查看")
    try:
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            raise DomainError("请选择批准或不批准")
        award = services.award_decide(actor=request.user, award=award, approve=decision == "approve",
                                      note=request.POST.get("note", ""))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"已{award.get_status_display()}" +
                         (f"，证书 {award.certificate.number} 已颁发" if award.certificate else ""))
    return redirect("evaluation:award_list")


# --- Negative list (失信名单, R4.3) -----------------------------------------------------------


@allowed("evaluation.negative_list")
def negative_list(request: HttpRequest) -> HttpResponse:
    """The bureau's negative list of agencies and examiners, with the form to add an entry."""
    agencies = selectors.agency_scope(request.user)
    form = NegativeEntryForm(request.POST or None, agencies=agencies,
                             initial={"listed_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.negative_entry_add(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, f"已列入失信名单：{entry.subject_name}")
            return redirect("evaluation:negative_list")
    state = request.GET.get("state", "")
    page = Paginator(selectors.negative_list(actor=request.user, state=state), 30).get_page(request.GET.get("page"))
    return render(request, "evaluation/negative_list.html", {
        "form": form, "page": page, "state": state, "today": timezone.localdate(), "lift_form": NegativeLiftForm()})


@allowed("evaluation.negative_list")
def negative_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.negative_entries(request, selectors.negative_list(actor=request.user,
                                                                     state=request.GET.get("state", "")), file_format)


@allowed("evaluation.negative_list")
@require_POST
def negative_lift(request: HttpRequest, negative_entry_id: int) -> HttpResponse:
    entry = selectors.negative_entry_get(actor=request.user, entry_id=negative_entry_id)
    try:
        entry = services.negative_entry_lift(actor=request.user, entry=entry,
                                             reason=request.POST.get("lift_reason", ""))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"已移出失信名单：{entry.subject_name}")
    return redirect("evaluation:negative_list")
