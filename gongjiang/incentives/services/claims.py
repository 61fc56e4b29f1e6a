"""Claims: the beneficiary's confirmation, applications (申报), two reviews, public notice and objections,
account updates, reminders and waiver."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from gongjiang.accounts.permissions import Scope, require, scope
from gongjiang.core.calendar import working_days_add
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.incentives.engine import (
    month_start,
    parameters_resolve,
)
from gongjiang.incentives.models import (
    Claim,
    ClaimMode,
    ClaimStatus,
    Decision,
    DecisionRun,
    Objection,
    Policy,
)
from gongjiang.incentives.services._common import (
    NOTICE_WORKING_DAYS,
    _notify,
    _require_officer,
    claims_unconfirmed_waive,
)
from gongjiang.incentives.services.runs import decisions_record
from gongjiang.incentives.services.versions import published_version


def _claim_for_beneficiary(actor: Any, claim: Claim) -> None:
    seen = scope(actor)
    own = (seen == Scope.OWN and claim.worker_id and actor.worker_id == claim.worker_id) or (
        seen == Scope.ENTERPRISE and claim.enterprise_id and actor.enterprise_id == claim.enterprise_id)
    if not own:
        raise NotFound("未找到该事项，或您无权查看")


def _account_digits(account: str) -> str:
    """The account number typed, without spaces; refuses an empty or malformed one in words."""
    digits = (account or "").replace(" ", "").strip()
    if not digits:
        raise DomainError("请填写收款账户（银行卡号或社保卡金融账户）", field="account")
    if not (digits.isdigit() and 12 <= len(digits) <= 30):
        raise DomainError("收款账户应为 12–30 位数字（银行卡号或社保卡金融账户），请核对后重新填写", field="account")
    return digits


@transaction.atomic
def claim_confirm(*, actor: Any, claim: Claim, account: str) -> Claim:
    """The beneficiary's one-step confirmation (免申即享): the amount is right and this is the
    account (bank account or the social security card's financial account) to pay into."""
    _claim_for_beneficiary(actor, claim)
    if claim.status != ClaimStatus.AWAITING_CONFIRMATION:
        raise DomainError("该事项已确认，无需重复确认")
    if claim.pay_deadline and claim.pay_deadline < timezone.localdate():
        raise DomainError(f"已超过确认期限（{claim.pay_deadline:%Y-%m-%d}），该期视为放弃；如有异议请联系区人社局")
    digits = _account_digits(account)
    claim.account_masked = f"{digits[:4]}****{digits[-4:]}"
    claim.status = ClaimStatus.SUBMITTED
    claim.save(update_fields=["account_masked", "status"])
    _notify(claim, actor, "confirm", "您已确认金额和收款账户，等待初审")
    return claim


@transaction.atomic
def claim_apply(*, actor: Any, policy: Policy, certificate_id: int, insured_months: int, account: str,
                documents: list[str] | None = None, applied_on: date | None = None) -> Claim:
    """An application (申报) under an application-mode policy (the skill-upgrade subsidy): the
    worker applies for one certificate with the insured months and supporting documents; the
    decision is made and stored at once, and a claim opens only when eligible."""
    require(actor, "incentives.own_records", message="只有本人可以申报个人补贴")
    if scope(actor) != Scope.OWN:
        raise PermissionDenied("只有本人可以申报个人补贴")
    if policy.mode != ClaimMode.APPLICATION:
        raise DomainError("该政策为免申即享，无需申报，符合条件的系统会自动通知您")
    version = published_version(policy)
    if version is None:
        raise DomainError("该政策尚未发布，暂不能申报")
    if not actor.worker.certificates.filter(pk=certificate_id).exists():
        raise DomainError("请选择您本人的证书", field="certificate")
    applied_on = applied_on or timezone.localdate()
    if Claim.objects.filter(policy=policy, subject_key=f"w{actor.worker_id}", period=f"cert:{certificate_id}",
                            status__in=[s for s in ClaimStatus.values if s not in {"rejected", "waived"}]).exists():
        raise DomainError("该证书已申报，请勿重复申报")
    run = decisions_record(version=version, period_start=month_start(applied_on), kind=DecisionRun.Kind.SINGLE,
                           worker_ids=[actor.worker_id], claim_status=ClaimStatus.SUBMITTED,
                           extra_inputs={"certificate_id": certificate_id, "insured_months": insured_months,
                                         "applied_on": applied_on})
    decision = Decision.objects.filter(run=run).first()
    claim = Claim.objects.filter(decision=decision).first()
    if claim is None:
        explanation = decision.explanation if decision else {}
        failed = ([explanation["refused"]] if explanation.get("refused") else []) + [
            c["label"] for c in explanation.get("conditions", []) if not c["passed"]]
        raise DomainError("不符合申领条件：" + ("；".join(failed) or "无可补贴金额") + "。详见“享受记录”中的计算过程")
    digits = _account_digits(account)
    claim.account_masked, claim.documents, claim.insured_months = f"{digits[:4]}****{digits[-4:]}", documents or [], \
        insured_months
    claim.save(update_fields=["account_masked", "documents", "insured_months"])
    return claim


def _reviewable(actor: Any, claim: Claim) -> None:
    _require_officer(actor)
    from gongjiang.incentives.selectors import claim_scope

    if not claim_scope(actor).filter(pk=claim.pk).exists():
        raise NotFound("未找到该事项，或您无权查看")


@transaction.atomic
def claim_review(*, actor: Any, claim: Claim, approve: bool, reason: str = "", today: date | None = None) -> Claim:
    """First review (初审) then second review (复审) by a different officer; the second approval
    opens the public notice (公示) of `notice_working_days` working days. A rejection needs a
    reason, which the applicant is told."""
    _reviewable(actor, claim)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in {ClaimStatus.SUBMITTED, ClaimStatus.FIRST_REVIEWED}:
        raise DomainError(f"该事项状态为“{claim.get_status_display()}”，不在审核环节")
    if not approve:
        if not reason.strip():
            raise DomainError("不予通过时请填写理由，系统将告知申请人", field="reason")
        claim.status = ClaimStatus.REJECTED
        claim.save(update_fields=["status"])
        _notify(claim, actor, "reject", f"审核不予通过：{reason.strip()}")
        return claim
    if claim.status == ClaimStatus.SUBMITTED:
        claim.status, claim.first_reviewer = ClaimStatus.FIRST_REVIEWED, actor
        claim.save(update_fields=["status", "first_reviewer"])
        _notify(claim, actor, "first_review", "初审通过，等待复审")
        return claim
    if claim.first_reviewer_id == actor.pk:
        raise PermissionDenied("复审须由初审人以外的工作人员办理")
    claim.status, claim.second_reviewer = ClaimStatus.IN_NOTICE, actor
    # Working days with statutory holidays and 调休 (issue 18 §4); a year not yet published is
    # counted Monday–Friday, recorded on the claim and said beside the date.
    claim.notice_opened_on = today or timezone.localdate()
    notice = working_days_add(claim.notice_opened_on, _notice_working_days(claim))
    claim.notice_until = notice.day
    claim.notice_assumed_years = _years_text(notice.assumed_years)
    claim.save(update_fields=["status", "second_reviewer", "notice_opened_on", "notice_until", "notice_assumed_years"])
    with translation.override(settings.LANGUAGE_CODE):  # events are kept in Chinese, like the others
        note = f"（{notice.note}）" if notice.fallback else ""
    _notify(claim, actor, "second_review", f"复审通过，公示至 {claim.notice_until:%Y-%m-%d}{note}，公示期满无异议后发放")
    return claim


def _notice_working_days(claim: Claim) -> int:
    params = parameters_resolve(published_version(claim.policy) or claim.decision.version, on=claim.period_start)
    return int(params["notice_working_days"].value) if "notice_working_days" in params else NOTICE_WORKING_DAYS


def _years_text(years: tuple[int, ...]) -> str:
    return ",".join(str(y) for y in years)


@transaction.atomic
def claim_notices_recount() -> int:
    """After the calendar package learns a year (docs/operations/working-days.md): the notices
    still open whose deadline was counted Monday–Friday are counted again from the day they were
    opened. A notice is only ever extended, never shortened (the public was told the first date),
    and the beneficiary is told. Run by an operator (`gongjiang policy notices-recount`), no actor.
    Returns how many claims were counted again."""
    from gongjiang.core.calendar import assumed_years_parse

    count = 0
    open_claims = Claim.objects.select_for_update().filter(
        status__in=[ClaimStatus.IN_NOTICE, ClaimStatus.ON_HOLD], notice_opened_on__isnull=False
    ).exclude(notice_assumed_years="")
    for claim in open_claims:
        notice = working_days_add(claim.notice_opened_on, _notice_working_days(claim))
        if notice.assumed_years == assumed_years_parse(claim.notice_assumed_years):
            continue  # the package still does not know those years
        before = claim.notice_until
        claim.notice_until = max(notice.day, before)
        claim.notice_assumed_years = _years_text(notice.assumed_years)
        claim.save(update_fields=["notice_until", "notice_assumed_years"])
        told = (f"公示截止日按已公布的放假调休安排重新计算，延至 {claim.notice_until:%Y-%m-%d}"
                if claim.notice_until > before else f"公示截止日按已公布的放假调休安排核对，仍为 {before:%Y-%m-%d}")
        if notice.fallback:
            with translation.override(settings.LANGUAGE_CODE):
                told += f"（{notice.note}）"
        _notify(claim, None, "notice_recount", told)
        count += 1
    return count


@transaction.atomic
def objection_raise(*, claim: Claim, raised_by: str, reason: str) -> Objection:
    """Anyone may object during the public notice; the claim is held until the objection is decided."""
    if claim.status != ClaimStatus.IN_NOTICE:
        raise DomainError("只能对公示中的事项提出异议")
    if not reason.strip() or not raised_by.strip():
        raise DomainError("请填写异议人和异议理由", field="reason")
    objection = Objection.objects.create(claim=claim, raised_by=raised_by.strip(), reason=reason.strip())
    claim.status = ClaimStatus.ON_HOLD
    claim.save(update_fields=["status"])
    _notify(claim, None, "objection", "公示期间收到异议，暂缓发放，核查后告知结果")
    return objection


@transaction.atomic
def objection_decide(*, actor: Any, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Upheld: the claim is rejected. Dismissed: it returns to notice (paid when the notice ends)."""
    _reviewable(actor, objection.claim)
    if objection.status != Objection.Status.OPEN:
        raise DomainError("该异议已处理")
    if not resolution.strip():
        raise DomainError("请填写处理说明", field="resolution")
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.resolution, objection.decided_by = resolution.strip(), actor
    objection.save(update_fields=["status", "resolution", "decided_by"])
    claim = objection.claim
    if upheld:
        claim.status = ClaimStatus.REJECTED
        message = f"公示异议成立，不予发放：{resolution.strip()}"
    else:
        claim.status = ClaimStatus.IN_NOTICE if not claim.objections.filter(status="open").exists() \
            else ClaimStatus.ON_HOLD
        message = "公示异议经核查不成立，继续办理"
    claim.save(update_fields=["status"])
    _notify(claim, actor, "objection_decided", message)
    return objection


@transaction.atomic
def claim_account_update(*, actor: Any, claim: Claim, account: str) -> Claim:
    """After a failed payment the beneficiary gives a working account; the claim is paid in the
    next batch."""
    _claim_for_beneficiary(actor, claim)
    if claim.status != ClaimStatus.FAILED:
        raise DomainError("只有发放失败的事项需要更新账户")
    digits = _account_digits(account)
    claim.account_masked, claim.status = f"{digits[:4]}****{digits[-4:]}", ClaimStatus.PAYABLE
    claim.save(update_fields=["account_masked", "status"])
    _notify(claim, actor, "account_updated", "已更新收款账户，将在下一批次发放")
    return claim


def claims_remind_and_waive(*, today: date, claim_ids=None) -> dict:
    """Daily: remind beneficiaries of failed payments; waive those past their deadline, and the
    claims found automatically (免申即享) left unconfirmed past their confirmation deadline — which
    stopped counting toward caps that day (counting rule, issue 17 §5). A scenario test narrows
    it to its own claims."""
    unconfirmed = Claim.objects.all() if claim_ids is None else Claim.objects.filter(pk__in=claim_ids)
    waived = claims_unconfirmed_waive(unconfirmed, today=today)
    failed = Claim.objects.filter(status=ClaimStatus.FAILED)
    if claim_ids is not None:
        failed = failed.filter(pk__in=claim_ids)
    for claim in failed:
        if claim.pay_deadline and claim.pay_deadline < today:
            claim.status = ClaimStatus.WAIVED
            claim.save(update_fields=["status"])
            _notify(claim, None, "waived", "逾期未更新收款账户，视为放弃")
            waived += 1
        else:
            _notify(claim, None, "reminder", f"提醒：发放失败，请于 {claim.pay_deadline:%Y-%m-%d} 前更新收款账户")
    return {"waived": waived}
