"""Incentive pages: parse, call a service or selector, render (issue 5 §5, §6)."""


import yaml
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gongjiang.accounts.permissions import allowed, can
from gongjiang.core.errors import DomainError
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.core.uploads import TooLarge, limit, size_check
from gongjiang.incentives import selectors, services
from gongjiang.incentives.engine import OP_LABELS, month_start
from gongjiang.incentives.explain import period_words
from gongjiang.incentives.forms import (
    AccountForm,
    ConditionsForm,
    MonthForm,
    ObjectionDecideForm,
    ObjectionForm,
    ParameterValueForm,
    ResultFileForm,
    ReviewForm,
    WhatIfForm,
)
from gongjiang.incentives.formulas import FORMULAS
from gongjiang.incentives.models import ClaimStatus, Objection, PaymentBatch, VersionStatus

SYNC_RUN_MAX_WORKERS = 20000  # above this a monthly run started from the page goes to the task queue


# What a beneficiary and an officer may each do to a claim (issue 18 §1: the permission table).
CLAIM_ACTIONS = {"confirm": "incentives.own_records", "account": "incentives.own_records",
                 "review": "incentives.officer", "object": "incentives.officer", "decide": "incentives.officer"}


def _officer(request: HttpRequest) -> bool:
    return can(request.user, "incentives.officer")


@allowed("incentives.policy_read")
def policy_list(request: HttpRequest) -> HttpResponse:
    everywhere = request.GET.get("area") == "all"
    policies, others = selectors.policy_list_for(actor=request.user, everywhere=everywhere)
    return render(request, "incentives/policy_list.html", {"policies": policies, "others": others,
                                                           "everywhere": everywhere, "officer": _officer(request)})


@allowed("incentives.policy_read")
def policy_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.ingest.export import export_response

    columns = [("文号", lambda p: p.document.number), ("条款", lambda p: p.clause), ("措施", lambda p: p.name),
               ("享受对象", lambda p: p.get_subject_kind_display()), ("享受方式", lambda p: p.get_mode_display()),
               ("实施区域", lambda p: p.district.name), ("施行日期", lambda p: p.document.effective_from)]
    policies, _others = selectors.policy_list_for(actor=request.user, everywhere=request.GET.get("area") == "all")
    return export_response(actor=request.user, rows_iterable=policies, columns=columns,
                           filename="激励政策", file_format=file_format, object_type="incentive_policy",
                           ip_address=client_ip(request))


@allowed("incentives.policy_read")
def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy = selectors.policy_get(code=code)
    version = services.published_version(policy)
    return render(request, "incentives/policy_detail.html", {
        "policy": policy, "version": version, "officer": _officer(request),
        "parameters": selectors.version_parameters(version) if version else [],
        "versions": policy.versions.select_related("created_by", "approved_by"),
        "facts": FORMULAS[policy.formula].facts, "op_labels": OP_LABELS,
        "predecessor_warning": selectors.policy_predecessor_warning(policy),
        "predecessor_choices": selectors.policy_list().filter(formula=policy.formula).exclude(pk=policy.pk)})


@allowed("incentives.officer")
@require_POST
def policy_predecessor(request: HttpRequest, code: str) -> HttpResponse:
    """Register the policy this one continues (继续给予), or record that there is none (issue 17 §7)."""
    policy = selectors.policy_get(code=code)
    wanted = request.POST.get("continues", "")
    continues = selectors.policy_list().filter(code=wanted).exclude(pk=policy.pk).first() if wanted else None
    if wanted and continues is None:
        messages.error(request, gettext("未找到所选的原政策，请重新选择"))
        return redirect("incentives:policy_detail", code=code)
    try:
        services.policy_predecessor_record(actor=request.user, policy=policy, continues=continues,
                                           note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已登记延续的原政策") if continues else gettext("已记录：无延续的原政策"))
    return redirect("incentives:policy_detail", code=code)


@allowed("incentives.officer")
@require_POST
def version_draft(request: HttpRequest, code: str) -> HttpResponse:
    policy = selectors.policy_get(code=code)
    try:
        version = services.policy_version_draft(actor=request.user, policy=policy,
                                                change_note=request.POST.get("change_note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("incentives:policy_detail", code=code)
    return redirect("incentives:version_detail", version_id=version.pk)


@allowed("incentives.officer")
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = selectors.version_get(version_id=version_id)
    spec = FORMULAS[version.policy.formula]
    names = sorted(set(spec.parameters) | {"notice_working_days"} | {p.name for p in selectors.version_parameters(version)})
    param_form = ParameterValueForm(prefix="p", names=names)
    conditions_form = ConditionsForm(prefix="c", initial={"conditions": yaml.safe_dump(
        version.conditions, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)})
    whatif_form = WhatIfForm(request.GET or None, prefix="w")
    whatif = None
    if request.method == "POST":
        if "p-name" in request.POST:
            param_form = ParameterValueForm(request.POST, prefix="p", names=names)
            if param_form.is_valid():
                try:
                    services.parameter_value_add(actor=request.user, version=version, **param_form.cleaned_data)
                    messages.success(request, "已记录参数取值")
                    return redirect("incentives:version_detail", version_id=version.pk)
                except DomainError as exc:
                    form_add_domain_error(param_form, exc)
        else:
            conditions_form = ConditionsForm(request.POST, prefix="c")
            if conditions_form.is_valid():
                try:
                    parsed = yaml.safe_load(conditions_form.cleaned_data["conditions"])
                    services.policy_version_conditions_set(actor=request.user, version=version, conditions=parsed)
                    messages.success(request, "条件已通过检查并保存")
                    return redirect("incentives:version_detail", version_id=version.pk)
                except yaml.YAMLError:
                    conditions_form.add_error("conditions", "无法解析，请检查缩进和冒号（每项以“- ”开头）")
                except DomainError as exc:
                    conditions_form.add_error("conditions", exc.message)
    if whatif_form.is_bound and whatif_form.is_valid():
        whatif = selectors.whatif(draft=version, first=month_start(whatif_form.cleaned_data["first"]),
                                  last=whatif_form.cleaned_data["last"])
    return render(request, "incentives/version_detail.html", {
        "version": version, "policy": version.policy, "parameters": selectors.version_parameters(version),
        "param_form": param_form, "conditions_form": conditions_form, "whatif_form": whatif_form,
        "whatif": whatif, "facts": spec.facts, "formula_parameters": spec.parameters,
        "editable": version.status == VersionStatus.DRAFT,
        "can_approve": version.status == VersionStatus.SUBMITTED and version.created_by_id != request.user.pk})


@allowed("incentives.officer")
@require_POST
def version_action(request: HttpRequest, version_id: int, action: str) -> HttpResponse:
    version = selectors.version_get(version_id=version_id)
    try:
        if action == "submit":
            services.policy_version_submit(actor=request.user, version=version)
            messages.success(request, "已提交审批，请另一位工作人员审批")
        elif action == "approve":
            services.policy_version_approve(actor=request.user, version=version)
            messages.success(request, "已发布；追溯期间的补发正在后台计算")
        elif action == "reject":
            services.policy_version_reject(actor=request.user, version=version, reason=request.POST.get("reason", ""))
            messages.success(request, "已退回")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("incentives:version_detail", version_id=version.pk)


@allowed("incentives.officer")
def run_month(request: HttpRequest) -> HttpResponse:
    """Start the monthly run: in the request for a small registry, else in the task queue."""
    from gongjiang.registry.models import Worker

    form = MonthForm(request.POST or None, initial={"month": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        month = month_start(form.cleaned_data["month"])
        if Worker.objects.count() <= SYNC_RUN_MAX_WORKERS:
            runs = services.monthly_run(period_start=month)
            messages.success(request, f"{month:%Y年%m月} 计算完成：{len(runs)} 项政策，"
                                      f"{sum(r.decisions for r in runs)} 个决定，{sum(r.eligible for r in runs)} 个符合")
        else:
            from gongjiang.incentives.tasks import monthly_run_task

            monthly_run_task.enqueue(month.isoformat())
            messages.success(request, f"{month:%Y年%m月} 计算已提交后台，完成后在下方列出")
        return redirect("incentives:run_month")
    return render(request, "incentives/run.html", {"form": form, "runs": selectors.decision_run_list()})


@allowed("incentives.officer")
def run_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The runs listed on the run page (city-wide counts and totals; no personal data)."""
    from gongjiang.ingest.export import export_response

    columns = [("开始", lambda r: f"{timezone.localtime(r.started_at):%Y-%m-%d %H:%M}"),
               ("类型", lambda r: r.get_kind_display()),
               ("政策", lambda r: f"{r.version.policy.name}（v{r.version.number}）" if r.version_id else ""),
               ("期间", lambda r: f"{r.period_start:%Y-%m}"),
               ("决定数", lambda r: r.decisions), ("符合数", lambda r: r.eligible), ("金额", lambda r: r.amount)]
    return export_response(actor=request.user, rows_iterable=selectors.decision_run_list(), columns=columns,
                           filename="月度计算", file_format=file_format, object_type="decision_run",
                           ip_address=client_ip(request))


@allowed("incentives.officer")
def claim_list(request: HttpRequest) -> HttpResponse:
    claims = selectors.claim_list(actor=request.user, status=request.GET.get("status", ""),
                                  policy_code=request.GET.get("policy", ""))
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "incentives/claim_list.html", {"page": page, "statuses": ClaimStatus.choices,
                                                          "policies": selectors.policy_list_for(actor=request.user)[0]})


@allowed("incentives.officer")
def claim_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.ingest.export import export_response

    claims = selectors.claim_list(actor=request.user, status=request.GET.get("status", ""),
                                  policy_code=request.GET.get("policy", ""))
    columns = [("编号", lambda c: c.pk), ("对象", lambda c: c.worker.name if c.worker_id else c.enterprise.name),
               ("政策", lambda c: c.policy.name), ("期间", lambda c: period_words(c.period, c.period_start)), ("金额", lambda c: c.amount),
               ("状态", lambda c: c.get_status_display()), ("收款账户", lambda c: c.account_masked)]
    return export_response(actor=request.user, rows_iterable=claims.iterator(chunk_size=2000), columns=columns,
                           filename="享受事项", file_format=file_format, object_type="incentive_claim",
                           filters=dict(request.GET.items()), ip_address=client_ip(request))


def _claim_page(request: HttpRequest, claim, *, account_form=None, review_form=None, status: int = 200) -> HttpResponse:
    beneficiary = not _officer(request)
    review_allowed, review_refusal = selectors.claim_review_availability(actor=request.user, claim=claim)
    return render(request, "incentives/claim_detail.html", {
        "claim": claim, "decision": claim.decision, "events": claim.events.all(), "officer": not beneficiary,
        "objections": claim.objections.all(), "account_form": account_form or AccountForm(),
        "review_form": review_form or ReviewForm(), "review_allowed": review_allowed,
        "review_refusal": review_refusal, "objection_form": ObjectionForm(),
        "decide_form": ObjectionDecideForm()}, status=status)


@allowed("incentives.beneficiary_act")
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    return _claim_page(request, claim)


@allowed(CLAIM_ACTIONS, by="action")
@require_POST
def claim_action(request: HttpRequest, claim_id: int, action: str) -> HttpResponse:
    """One step on a claim. A refused account or review is shown beside its field with what was
    typed kept (issue 10 §10); other refusals come back as a message on the claim page."""
    from gongjiang.core.errors import PermissionDenied

    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    post = request.POST
    try:
        if action == "confirm":
            services.claim_confirm(actor=request.user, claim=claim, account=post.get("account", ""))
        elif action == "account":
            services.claim_account_update(actor=request.user, claim=claim, account=post.get("account", ""))
        elif action == "review":
            services.claim_review(actor=request.user, claim=claim, approve=post.get("approve") == "1",
                                  reason=post.get("reason", ""))
        elif action == "object":
            services.objection_raise(claim=claim, raised_by=post.get("raised_by", ""), reason=post.get("reason", ""))
        elif action == "decide":
            objection = claim.objections.get(pk=int(post.get("objection", "0")), status=Objection.Status.OPEN)
            services.objection_decide(actor=request.user, objection=objection, upheld=post.get("upheld") == "1",
                                      resolution=post.get("resolution", ""))
        messages.success(request, gettext("已办理"))
    except DomainError as exc:
        if action in ("confirm", "account"):
            form = AccountForm(post)
            form.is_valid()
            form_add_domain_error(form, exc)
            return _claim_page(request, claim, account_form=form, status=400)
        if action == "review":
            form = ReviewForm(post)
            form.is_valid()
            form_add_domain_error(form, exc)
            return _claim_page(request, claim, review_form=form, status=400)
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except Objection.DoesNotExist:
        messages.error(request, gettext("该异议已处理或不存在"))
    return redirect("incentives:claim_detail", claim_id=claim.pk)


@allowed("incentives.officer")
def batch_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        batch = services.claims_pay_due(actor=request.user, today=timezone.localdate())
        if batch is None:
            messages.info(request, "没有公示期满、待发放的事项")
        else:
            messages.success(request, f"已生成发放批次 {batch.pk}：{batch.lines} 笔，合计 {batch.total} 元")
        return redirect("incentives:batch_list")
    return render(request, "incentives/batch_list.html", {"batches": selectors.batch_list()[:50],
                                                          "form": ResultFileForm()})


@allowed("incentives.officer")
def batch_export_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = PaymentBatch.objects.get(pk=batch_id)
    content = services.batch_export(actor=request.user, batch=batch)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, f"发放清单-{batch.pk}.xlsx")
    return response


@allowed("incentives.officer")
@require_POST
def batch_results(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = PaymentBatch.objects.get(pk=batch_id)
    form = ResultFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            size_check(upload.size, limit("result_file_mb"))  # before reading it into memory (issue 18 §2)
            counts = services.batch_result_import(actor=request.user, batch=batch, content=upload.read())
            messages.success(request, f"回盘完成：成功 {counts['paid']} 笔，失败 {counts['failed']} 笔")
        except DomainError as exc:
            messages.error(request, exc.message)
        except TooLarge as exc:
            messages.error(request, exc.message + exc.hint)
    else:
        messages.error(request, "请选择回盘文件（.xlsx）")
    return redirect("incentives:batch_list")


@allowed("incentives.beneficiary_act")
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    return render(request, "incentives/decision_detail.html", {"decision": decision, "op_labels": OP_LABELS})


@allowed("incentives.public")
def notice(request: HttpRequest) -> HttpResponse:
    """The public notice list, open to anyone (R9.2, ADR 0026): names partly masked, ID numbers
    masked, no contact. Objections are registered by an officer on the claim."""
    rows = selectors.notice_list(on=timezone.localdate())
    # Deadlines counted Monday–Friday for a year not yet published say so (issue 18 §4).
    notes = list(dict.fromkeys(r["note"] for r in rows if r["note"]))
    return render(request, "incentives/notice.html", {"rows": rows, "calendar_notes": notes,
                                                      "limit": selectors.NOTICE_LIMIT})


@allowed("incentives.public")
def notice_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The public notice as on the page: names and ID numbers masked, so no personal field is exported."""
    from gongjiang.ingest.export import export_response

    columns = [("对象", lambda r: r["name"]), ("身份证号", lambda r: r["id_masked"]), ("政策", lambda r: r["policy"]),
               ("期间", lambda r: r["period"]), ("金额（元）", lambda r: r["amount"]), ("公示截止", lambda r: r["until"])]
    return export_response(actor=request.user, rows_iterable=selectors.notice_list(on=timezone.localdate()),
                           columns=columns, filename="公示名单", file_format=file_format,
                           object_type="incentive_notice", personal_fields=[], ip_address=client_ip(request))


@allowed("incentives.public")
def policies_public(request: HttpRequest) -> HttpResponse:
    """The policies in force with their documents, clauses and standards, for anyone (R9.2, ADR 0026)."""
    today = timezone.localdate()
    return render(request, "incentives/policies_public.html", {
        "documents": selectors.policies_in_force(on=today), "today": today})


@allowed("incentives.beneficiary_act")
def mine(request: HttpRequest) -> HttpResponse:
    """A worker's or an enterprise's decisions (with explanations) and claims (with notices)."""
    decisions = selectors.my_decisions(actor=request.user)
    if decisions is None:
        return redirect("incentives:claim_list")
    applicable = [p for p in selectors.policy_list_for(actor=request.user)[0] if p.mode == "application"] \
        if can(request.user, "incentives.apply") else []
    return render(request, "incentives/mine.html", {"decisions": decisions, "applicable": applicable,
                                                    "claims": selectors.my_claims(actor=request.user),
                                                    "today": timezone.localdate()})


@allowed("incentives.apply")
def claim_apply(request: HttpRequest, code: str) -> HttpResponse:
    """A worker applies (申报) under an application-mode policy (issue 10 §18): one certificate, the
    insured months and the account; the decision is made at once and a refusal names the
    conditions not met, with what was typed kept."""
    from gongjiang.incentives.forms import ApplicationForm

    policy = selectors.policy_get(code=code)
    if policy.mode != "application":
        messages.info(request, gettext("该政策为免申即享，无需申报，符合条件的系统会自动通知您"))
        return redirect("incentives:policy_detail", code=code)
    certificates = selectors.applicable_certificates(actor=request.user)
    form = ApplicationForm(request.POST or None, certificates=certificates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = services.claim_apply(
                    actor=request.user, policy=policy, certificate_id=data["certificate"],
                    insured_months=data["insured_months"], account=data["account"],
                    documents=[line.strip() for line in data["documents"].splitlines() if line.strip()])
                messages.success(request, gettext("已受理您的申报，请留意办理进度"))
                return redirect("incentives:claim_detail", claim_id=claim.pk)
            except DomainError as exc:
                form_add_domain_error(form, exc)
        status = 400
    return render(request, "incentives/apply.html", {"policy": policy, "form": form,
                                                     "version": services.published_version(policy),
                                                     "has_certificates": bool(certificates)}, status=status)


@allowed("incentives.own_records")
def mine_claims_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """A worker's (or an enterprise's) own claims, the rows of "待办与进度" on the page."""
    from gongjiang.ingest.export import export_response

    columns = [("政策", lambda c: c.policy.name), ("期间", lambda c: period_words(c.period, c.period_start)), ("金额", lambda c: c.amount),
               ("状态", lambda c: c.get_status_display()), ("最新通知", lambda c: c.latest_message)]
    return export_response(actor=request.user, rows_iterable=selectors.my_claims(actor=request.user),
                           columns=columns, filename="我的享受事项", file_format=file_format,
                           object_type="incentive_claim", filters={"scope": "mine"}, personal_fields=[],
                           ip_address=client_ip(request))


def _failed_conditions(decision) -> str:
    return "；".join(c["label"] for c in decision.explanation["conditions"] if not c["passed"])


@allowed("incentives.own_records")
def mine_decisions_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """A worker's (or an enterprise's) own decisions, the rows of "专项激励享受情况" on the page."""
    from gongjiang.ingest.export import export_response

    columns = [("政策", lambda d: d.policy.name), ("文号", lambda d: d.policy.document.number),
               ("条款", lambda d: d.policy.clause), ("期间", lambda d: period_words(d.period, d.period_start)),
               ("结果", lambda d: gettext("符合") if d.eligible else gettext("不符合")), ("本次应发（元）", lambda d: d.amount),
               ("原因", _failed_conditions)]
    return export_response(actor=request.user, rows_iterable=selectors.my_decisions(actor=request.user),
                           columns=columns, filename="我的享受情况", file_format=file_format,
                           object_type="incentive_decision", filters={"scope": "mine"}, personal_fields=[],
                           ip_address=client_ip(request))
