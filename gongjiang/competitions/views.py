"""Competition, honour and designation pages: parse, call a service or selector, render (ADR 0024).
Public pages (plan, results, honour lists) need no log-in and show masked names only."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjiang.accounts.permissions import allowed, can
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.competitions import exports, selectors, services
from gongjiang.competitions.forms import (
    CompetitionForm,
    EntryForm,
    NominationForm,
    ObjectionForm,
    ObjectionHandleForm,
    ResultForm,
    ReviewForm,
    StudioMemberForm,
    StudioReviewForm,
)
from gongjiang.competitions.models import CompetitionStatus, ProgrammeKind
from gongjiang.core.errors import DomainError
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.uploads import TooLarge, limit, size_check
from gongjiang.reference.models import Occupation
from gongjiang.registry import selectors as registry_selectors

# Acts on one event, each with its action in the permission table (ADR 0011).
COMPETITION_ACTIONS = {"publish": "competitions.organise", "entry": "competitions.organise",
                       "result": "competitions.organise", "notice": "competitions.organise",
                       "confirm": "competitions.results_confirm", "entries_import": "competitions.organise",
                       "results_import": "competitions.organise", "objection": "competitions.objection_handle",
                       "certificate": "competitions.organise"}
NOMINATION_ACTIONS = {"approve": "honours.review", "reject": "honours.review", "award": "honours.review",
                      "certificate": "honours.review", "review": "honours.review",
                      "member": "honours.nominate"}


# --- Public ----------------------------------------------------------------------------------


@allowed("competitions.public")
def plan(request: HttpRequest) -> HttpResponse:
    return render(request, "competitions/plan.html", {"events": selectors.competition_plan()})


@allowed("competitions.public")
def plan_detail(request: HttpRequest, competition_id: int) -> HttpResponse:
    competition = selectors.competition_public_get(competition_id=competition_id)
    return _plan_detail(request, competition)


def _plan_detail(request, competition, form=None, status=200):
    results = selectors.results_public(competition)
    return render(request, "competitions/plan_detail.html", {
        "competition": competition, "results": results, "objections": selectors.objections_public(competition),
        "objection_form": form or ObjectionForm(results=results),
        "may_object": competition.status == CompetitionStatus.RESULTS_IN_NOTICE
        and competition.notice_from <= timezone.localdate() <= competition.notice_until}, status=status)


@allowed("competitions.objection_lodge")
@require_POST
def objection_lodge(request: HttpRequest, competition_id: int) -> HttpResponse:
    """Anyone (logged in or not) lodges an objection to results in their notice."""
    competition = selectors.competition_public_get(competition_id=competition_id)
    form = ObjectionForm(request.POST, results=selectors.results_public(competition))
    if not form.is_valid():
        return _plan_detail(request, competition, form, status=400)
    data = form.cleaned_data
    result = competition.results.filter(pk=data["result"]).first() if data["result"] else None
    try:
        objection = services.objection_lodge(actor=request.user, competition=competition, reason=data["reason"],
                                             lodger_name=data["lodger_name"], lodger_phone=data["lodger_phone"],
                                             result=result)
    except DomainError as exc:
        form_add_domain_error(form, exc)
        return _plan_detail(request, competition, form, status=400)
    messages.success(request, f"异议已提交（编号 {objection.pk}），组织单位将在公示期内核实处理，处理结果在本页公布")
    return redirect("competitions:plan_detail", competition_id=competition.pk)


@allowed("competitions.public")
def honour_list(request: HttpRequest) -> HttpResponse:
    return render(request, "competitions/honour_list.html", {
        "rows": selectors.honour_list_public(), "usage": selectors.programme_usage()})


@allowed("competitions.public")
def plan_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.public_export(request, "plan", file_format)


@allowed("competitions.public")
def honour_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.public_export(request, "honours", file_format)


# --- Organisers ------------------------------------------------------------------------------


@allowed("competitions.organise")
def competition_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(request, "competitions/competition_list.html", {
        "events": selectors.competition_list(actor=request.user, status=status),
        "status_label": dict(CompetitionStatus.choices).get(status, "")})


@allowed("competitions.organise")
def competition_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.competition_list_export(request, file_format)


@allowed("competitions.organise")
def competition_new(request: HttpRequest) -> HttpResponse:
    form = CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("occupation_code").strip()
        occupation = Occupation.objects.filter(code=code).first() if code else None
        district = request.user.district if request.user.district_id else None
        if code and occupation is None:
            form.add_error("occupation_code", f"职业分类大典中没有编码 {code}，请核对")
        elif district is None and not request.user.is_superuser:
            form.add_error(None, "本账号未绑定所属区县，不能拟定竞赛；请联系人社局在账号中填写所属区县")
        else:
            district = district or _default_district()
            try:
                competition = services.competition_create(actor=request.user, district=district,
                                                          occupation=occupation, **data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, f"已拟定“{competition.name}”，核对后请发布到竞赛计划")
                return redirect("competitions:competition_detail", competition_id=competition.pk)
    return render(request, "competitions/form.html", {"form": form, "title": "拟定竞赛"})


def _default_district():
    """For a superuser without a district: the first district of the reference data."""
    from gongjiang.reference.models import Division

    return Division.objects.filter(level=3).order_by("code").first()


@allowed("competitions.organise")
def competition_detail(request: HttpRequest, competition_id: int) -> HttpResponse:
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    return _detail(request, competition)


def _detail(request, competition, entry_form=None, result_form=None, status=200, handle_forms=None):
    objections = list(selectors.objection_list(competition))
    results = list(selectors.result_list(competition))
    for objection in objections:
        objection.form = (handle_forms or {}).get(objection.pk) or ObjectionHandleForm(
            initial={"objection_id": objection.pk, "result": objection.result_id}, prefix=f"o{objection.pk}",
            results=results)
    return render(request, "competitions/competition_detail.html", {
        "competition": competition, "entries": selectors.entry_list(competition), "objections": objections,
        "may_handle": can(request.user, "competitions.objection_handle")
        and competition.status == CompetitionStatus.RESULTS_IN_NOTICE,
        "results": selectors.result_list(competition), "entry_form": entry_form or EntryForm(),
        "result_form": result_form or ResultForm(), "today": timezone.localdate(),
        "may_confirm": can(request.user, "competitions.results_confirm"),
        "taking_entries": competition.status == CompetitionStatus.PUBLISHED}, status=status)


@allowed(COMPETITION_ACTIONS, by="action")
@require_POST
def competition_action(request: HttpRequest, competition_id: int, action: str) -> HttpResponse:
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    try:
        if action == "publish":
            services.competition_publish(actor=request.user, competition=competition)
            messages.success(request, "已发布到竞赛计划，开始接受报名")
        elif action == "entry":
            form = EntryForm(request.POST)
            if not form.is_valid():
                return _detail(request, competition, entry_form=form, status=400)
            try:
                entry = services.entry_add(actor=request.user, competition=competition, **form.cleaned_data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
                return _detail(request, competition, entry_form=form, status=400)
            messages.success(request, f"{entry.worker.name} 报名成功")
        elif action == "result":
            form = ResultForm(request.POST)
            if not form.is_valid():
                return _detail(request, competition, result_form=form, status=400)
            try:
                result = services.result_record(actor=request.user, competition=competition, **form.cleaned_data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
                return _detail(request, competition, result_form=form, status=400)
            messages.success(request, f"已登记 {result.entry.worker.name} 第 {result.rank} 名")
        elif action == "notice":
            competition = services.results_publish(actor=request.user, competition=competition)
            messages.success(request, f"成绩已公示，公示期至 {competition.notice_until:%Y-%m-%d}")
        elif action in ("entries_import", "results_import"):
            kind = action.removesuffix("_import")
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError("请选择要导入的文件（.xlsx、.xls 或 .csv）")
            try:
                size_check(upload.size, limit("import_mb"))
            except TooLarge as exc:
                raise DomainError(exc.message + exc.hint) from exc
            suffix = Path(upload.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as spool:
                for chunk in upload.chunks():
                    spool.write(chunk)
                spool.flush()
                count = services.rows_import(actor=request.user, competition=competition, kind=kind,
                                             path=spool.name, name=upload.name)
            messages.success(request, f"已导入 {count} 行")
        elif action == "objection":
            prefix = f"o{request.POST.get('objection', '')}"
            form = ObjectionHandleForm(request.POST, prefix=prefix, results=selectors.result_list(competition))
            objection = competition.objections.filter(pk=request.POST.get(f"{prefix}-objection_id") or 0).first()
            if objection is None or not form.is_valid():
                if objection is None:
                    raise DomainError("未找到该异议")
                return _detail(request, competition, status=400, handle_forms={objection.pk: form})
            data = form.cleaned_data
            try:
                objection = services.objection_handle(actor=request.user, objection=objection,
                                                      uphold=data["decision"] == "uphold", note=data["note"],
                                                      result=competition.results.filter(pk=data["result"]).first()
                                                      if data["result"] else None,
                                                      rank=data["rank"], award=data["award"])
            except DomainError as exc:
                form_add_domain_error(form, exc)
                return _detail(request, competition, status=400, handle_forms={objection.pk: form})
            messages.success(request, f"异议 {objection.pk} 已处理：{objection.get_status_display()}")
        elif action == "certificate":
            result = competition.results.filter(pk=request.POST.get("result") or 0).first()
            if result is None:
                raise DomainError("未找到该成绩")
            document = services.result_certificate_issue(actor=request.user, result=result)
            return redirect("competitions:document_pdf", document_id=document.pk)
        elif action == "confirm":
            promotions = services.results_confirm(actor=request.user, competition=competition)
            messages.success(request, f"成绩已确认并写入选手档案；以赛代评 {len(promotions)} 人")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("competitions:competition_detail", competition_id=competition.pk)


@allowed("competitions.organise")
def entry_list_export(request: HttpRequest, competition_id: int, file_format: str) -> HttpResponse:
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    return exports.competition_export(request, competition, "entries", file_format)


@allowed("competitions.organise")
def result_list_export(request: HttpRequest, competition_id: int, file_format: str) -> HttpResponse:
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    return exports.competition_export(request, competition, "results", file_format)


@allowed("competitions.rules_read")
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(request, "competitions/rule_list.html", {"rules": selectors.promotion_rule_list(),
                                                           "promotions": selectors.promotion_list(actor=request.user)[:200]})


@allowed("competitions.rules_read")
def rule_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.rule_list_export(request, file_format)


# --- Honours, studios, designations ----------------------------------------------------------


@allowed("honours.nominate")
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "competitions/programme_list.html", {
        "usage": selectors.programme_usage(), "nominations": selectors.nomination_scope(request.user)[:500],
        "may_review": can(request.user, "honours.review"), "review_form": ReviewForm()})


@allowed("honours.nominate")
def nomination_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return exports.nomination_list_export(request, file_format)


@allowed("honours.nominate")
def nominate(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(programme_id=programme_id)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uscc = data.pop("enterprise_uscc").strip().upper()
        enterprise = None
        if uscc:
            enterprise = registry_selectors.enterprise_scope(request.user).filter(uscc=uscc).first()
            if enterprise is None:
                form.add_error("enterprise_uscc", "您可管理的企业中没有这个统一社会信用代码")
        if not form.errors:
            try:
                services.nomination_create(actor=request.user, programme=programme, enterprise=enterprise, **data)
            except DomainError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, f"已推荐参评“{programme.title}”，等待人社局审核")
                return redirect("competitions:programme_list")
    note = f"名额 {programme.quota} 个；依据：{programme.citation}"
    if programme.kind in (ProgrammeKind.DESIGNATION, ProgrammeKind.COMMUNITY):
        note += f"；须提交：{programme.evidence_required}"
    return render(request, "competitions/form.html", {"form": form, "title": f"推荐参评：{programme}", "note": note},
                  status=400 if form.errors else 200)


@allowed("honours.nominate")
def nomination_detail(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    return _nomination_page(request, nomination, StudioMemberForm())


def _nomination_page(request, nomination, form, status=200, review_form=None):
    return render(request, "competitions/nomination_detail.html", {
        "n": nomination, "members": nomination.members.select_related("worker").order_by("role", "joined_on"),
        "reviews": nomination.reviews.select_related("reviewed_by"),
        "review_form": review_form or StudioReviewForm(initial={"year": timezone.localdate().year - 1}),
        "form": form, "may_review": can(request.user, "honours.review")}, status=status)


@allowed(NOMINATION_ACTIONS, by="action")
@require_POST
def nomination_action(request: HttpRequest, nomination_id: int, action: str) -> HttpResponse:
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    note = request.POST.get("note", "")
    if action == "member":
        form = StudioMemberForm(request.POST)
        if not form.is_valid():
            return _nomination_page(request, nomination, form, status=400)
        try:
            member = services.studio_member_add(actor=request.user, nomination=nomination, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
            return _nomination_page(request, nomination, form, status=400)
        messages.success(request, f"已登记{member.get_role_display()} {member.worker.name}")
        return redirect("competitions:nomination_detail", nomination_id=nomination.pk)
    if action == "review":
        review_form = StudioReviewForm(request.POST)
        if not review_form.is_valid():
            return _nomination_page(request, nomination, StudioMemberForm(), status=400, review_form=review_form)
        try:
            review = services.studio_review_record(actor=request.user, nomination=nomination,
                                                   **review_form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(review_form, exc)
            return _nomination_page(request, nomination, StudioMemberForm(), status=400, review_form=review_form)
        messages.success(request, f"{review.year}年度考核已登记：{review.get_outcome_display()}")
        return redirect("competitions:nomination_detail", nomination_id=nomination.pk)
    try:
        if action == "certificate":
            document = services.honour_certificate_issue(actor=request.user, nomination=nomination)
            return redirect("competitions:document_pdf", document_id=document.pk)
        if action in ("approve", "reject"):
            nomination = services.nomination_review(actor=request.user, nomination=nomination,
                                                    approve=action == "approve", note=note)
        else:
            nomination = services.nomination_award(actor=request.user, nomination=nomination)
        messages.success(request, f"{nomination.subject_name}：{nomination.get_status_display()}")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("competitions:programme_list")


# --- Certificates of award and statements for banks (ADR 0024) ---------------------------------


def _document_link(request: HttpRequest, document) -> str:
    return request.build_absolute_uri(reverse("competitions:verify")) + "?c=" + document.credential


DOCUMENT_ROWS = {  # claim → label, in the order printed
    "name": "名　　称", "id": "身份证号", "uscc": "统一社会信用代码", "event": "竞　　赛", "level": "级　　别",
    "rank": "名　　次", "award": "奖　　项", "title": "授予称号", "grade": "职业技能等级", "honour": "荣誉称号",
    "lead": "领办人", "period": "期　　限", "titles": "荣誉称号", "employees": "在职职工", "skilled": "持证技能人才",
    "high_skilled": "高技能人才", "skilled_ratio": "技能人才占比", "high_skilled_ratio": "高技能人才占比",
    "issuer": "出具单位", "no": "编　　号", "date": "出具日期", "until": "有效期至",
}


@allowed("competitions.document_read")
def document_pdf(request: HttpRequest, document_id: int) -> HttpResponse:
    from gongjiang.evaluation import keys
    from gongjiang.evaluation.pdf import signed_pdf

    document = selectors.document_get(actor=request.user, document_id=document_id)
    claims = dict(document.claims)
    claims["name"] = document.holder  # the printed document names its holder in full; the credential masks
    rows = [(label, "、".join(claims[key]) if isinstance(claims[key], list) else claims[key])
            for key, label in DOCUMENT_ROWS.items() if key in claims and claims[key] not in ("", [])]
    try:
        data = signed_pdf(title=claims["doc"], document_title=f"{claims['doc']} {document.number}", on=claims["date"],
                          rows=rows, credential=document.credential, link=_document_link(request, document),
                          key=keys.signing_key())
    except FileNotFoundError as exc:  # the Chinese font is not installed on this server
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="signed_document", object_id=document.pk,
                 summary=f"下载 {document.get_kind_display()} {document.number}")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    return response


@allowed("competitions.public")
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone (a bank, an insurer, an employer) checks a certificate of award or a statement:
    the link in its QR code, the pasted credential, or the PDF itself."""
    verdict = None
    if request.GET.get("c"):
        verdict = services.document_verify(request.GET["c"][:20_000].encode("utf-8"))
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None:
            raw = upload.read(2 * 1024 * 1024 + 1)
            verdict = ({"status": "invalid", "message": "文件过大：证书 PDF 不超过 2 MB"}
                       if len(raw) > 2 * 1024 * 1024 else services.document_verify(raw))
        elif request.POST.get("credential", "").strip():
            verdict = services.document_verify(request.POST["credential"][:20_000].encode("utf-8"))
        else:
            verdict = {"status": "invalid", "message": "请粘贴扫码得到的内容，或上传证书、证明的 PDF 文件"}
    rows = [(label, "、".join(verdict["claims"][key]) if isinstance(verdict["claims"][key], list)
             else verdict["claims"][key]) for key, label in DOCUMENT_ROWS.items()
            if key in verdict.get("claims", {})] if verdict and verdict.get("claims") else []
    return render(request, "competitions/verify.html", {"verdict": verdict, "rows": rows})


@allowed("competitions.statement_issue")
def statements(request: HttpRequest) -> HttpResponse:
    """The bureau issues statements for banks and insurers: a worker's grade and titles, or an
    enterprise's certified skilled-talent ratio."""
    if request.method == "POST":
        try:
            if request.POST.get("kind") == "enterprise":
                enterprise = registry_selectors.enterprise_by_uscc(request.POST.get("uscc", ""))
                if enterprise is None:
                    raise DomainError("没有这个统一社会信用代码的企业，请核对")
                document = services.enterprise_statement_issue(actor=request.user, enterprise=enterprise)
            else:
                from gongjiang.registry.services import worker_find

                worker = worker_find(id_number=request.POST.get("id_number", "").strip())
                if worker is None or worker.name != request.POST.get("name", "").strip():
                    raise DomainError("身份证号与姓名在人才库中对不上，请核对")
                document = services.worker_statement_issue(actor=request.user, worker=worker)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已出具 {document.get_kind_display()} {document.number}")
        return redirect("competitions:statements")
    return render(request, "competitions/statements.html", {
        "documents": selectors.document_scope(request.user).order_by("-issued_on", "-id")[:200]})
