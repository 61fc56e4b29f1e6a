"""Deciding and the monthly run: decisions stored with their traces, claims opened (免申即享), arrears."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongjiang.incentives import bulk
from gongjiang.incentives.bulk import copy_supported
from gongjiang.incentives.counting import CONFIRM_WITHIN_DAYS
from gongjiang.incentives.decide import decisions_compute
from gongjiang.incentives.engine import (
    month_next,
    month_start,
    months_between,
    parameters_resolve,
)
from gongjiang.incentives.models import (
    Claim,
    ClaimEvent,
    ClaimMode,
    ClaimStatus,
    Decision,
    DecisionRun,
    PolicyVersion,
    VersionStatus,
)
from gongjiang.incentives.services._common import claims_unconfirmed_waive
from gongjiang.incentives.services.payments import claims_pay_due

DECISION_FIELDS = ("id", "run", "version", "policy", "worker", "enterprise", "period", "period_start", "eligible",
                   "entitled", "already_paid", "amount", "trace", "decided_at")
CLAIM_FIELDS = ("id", "policy", "decision", "worker", "enterprise", "subject_key", "period", "period_start", "amount",
                "mode", "status", "account_masked", "documents", "failure_reason", "pay_deadline", "created_at")
EVENT_FIELDS = ("claim", "action", "status", "message", "at")


@transaction.atomic
def decisions_record(*, version: PolicyVersion, period_start: date, kind: str = DecisionRun.Kind.MONTHLY,
                     worker_ids=None, extra_inputs: dict | None = None, claim_status: str | None = None,
                     today: date | None = None) -> DecisionRun:
    """Decide one month for one published version and store every decision with its trace; for
    each eligible subject with money still due, open a claim (免申即享: awaiting the beneficiary's
    confirmation until `confirm_within_days` after `today`) and notify the beneficiary. A month
    outside the policy's validity is decided as refused, the reason in each explanation. System
    job: no actor. Set-based: a few reads, then COPY (PostgreSQL) or bulk inserts."""
    today = today or timezone.localdate()
    outcomes = decisions_compute(version, period_start, worker_ids=worker_ids, extra_inputs=extra_inputs,
                                 today=today)
    context = outcomes[0].context if outcomes else {}
    run = DecisionRun.objects.create(kind=kind, period_start=period_start, context=context, version=version)
    status = claim_status or ClaimStatus.AWAITING_CONFIRMATION
    payable = [o for o in outcomes if o.eligible and o.due > 0]
    if payable:  # a claim past its confirmation deadline no longer counts: waive it before reopening
        keys, periods = {o.row.subject_key for o in payable}, {o.row.period for o in payable}
        expired = Claim.objects.filter(policy_id=version.policy_id, subject_key__in=keys, period__in=periods)
        claims_unconfirmed_waive(expired, today=today)
    deadline = None
    if status == ClaimStatus.AWAITING_CONFIRMATION:
        days = parameters_resolve(version, on=period_start).get("confirm_within_days")
        deadline = today + timedelta(days=int(days.value) if days else CONFIRM_WITHIN_DAYS)
    if copy_supported():
        _record_copy(run, version, outcomes, payable, status, deadline)
    else:
        _record_orm(run, version, outcomes, payable, status, deadline)
    run.decisions, run.eligible = len(outcomes), sum(1 for o in outcomes if o.eligible)
    run.amount = sum((o.due for o in payable), Decimal("0"))
    run.finished_at = timezone.now()
    run.save(update_fields=["decisions", "eligible", "amount", "finished_at"])
    return run


def _record_orm(run, version, outcomes, payable, status, deadline) -> None:
    decisions = [Decision(run=run, version=version, policy_id=version.policy_id, worker_id=o.row.worker_id,
                          enterprise_id=o.row.enterprise_id, period=o.row.period, period_start=o.row.period_start,
                          eligible=o.eligible, entitled=o.entitled, already_paid=o.already_paid, amount=o.due,
                          trace=o.trace) for o in outcomes]
    Decision.objects.bulk_create(decisions, batch_size=2000)
    by_outcome = {id(o): d for o, d in zip(outcomes, decisions, strict=True)}
    claims = [Claim(policy_id=version.policy_id, decision=by_outcome[id(o)], worker_id=o.row.worker_id,
                    enterprise_id=o.row.enterprise_id, subject_key=o.row.subject_key, period=o.row.period,
                    period_start=o.row.period_start, amount=o.due, mode=version.policy.mode, status=status,
                    pay_deadline=deadline)
              for o in payable]
    Claim.objects.bulk_create(claims, batch_size=2000)
    name = version.policy.name
    ClaimEvent.objects.bulk_create([ClaimEvent(claim=c, action="found", status=c.status,
                                               message=_found_message(name, c.status, c.period, c.amount))
                                    for c in claims], batch_size=2000)


def _record_copy(run, version, outcomes, payable, status, deadline) -> None:
    """PostgreSQL: COPY the decisions (ids from the identity default), read back the ids of the
    payable ones, then COPY their claims and notices."""
    now = timezone.now()
    bulk.rows_copy(Decision, DECISION_FIELDS[1:], [
        (run.pk, version.pk, version.policy_id, o.row.worker_id, o.row.enterprise_id, o.row.period,
         o.row.period_start, o.eligible, o.entitled, o.already_paid, o.due, o.trace, now) for o in outcomes])
    if not payable:
        return
    decision_id = {(w, e, p): pk for pk, w, e, p in Decision.objects.filter(run=run, eligible=True, amount__gt=0)
                   .values_list("id", "worker_id", "enterprise_id", "period")}
    claim_ids = bulk.ids_allocate(Claim, len(payable))
    mode, name = version.policy.mode, version.policy.name
    bulk.rows_copy(Claim, CLAIM_FIELDS, [
        (pk, version.policy_id, decision_id[(o.row.worker_id, o.row.enterprise_id, o.row.period)], o.row.worker_id,
         o.row.enterprise_id, o.row.subject_key, o.row.period, o.row.period_start, o.due, mode, status, "", [], "",
         deadline, now)
        for pk, o in zip(claim_ids, payable, strict=True)])
    bulk.rows_copy(ClaimEvent, EVENT_FIELDS, [
        (pk, "found", status, _found_message(name, status, o.row.period, o.due), now)
        for pk, o in zip(claim_ids, payable, strict=True)])


def _found_message(policy_name: str, status: str, period: str, amount: Decimal) -> str:
    if status == ClaimStatus.AWAITING_CONFIRMATION:
        return f"您符合“{policy_name}”（{period}），应发 {amount} 元，请核对金额并确认收款账户"
    return f"已受理您的“{policy_name}”申报，金额 {amount} 元"


def monthly_run(*, period_start: date, today: date | None = None, versions=None, worker_ids=None,
                claim_ids=None) -> list[DecisionRun]:
    """The monthly run (免申即享): decide every published automatic policy for the month, then pay
    every claim whose public notice has ended without an upheld objection. A scenario test
    (`policy_tests`) narrows it to its own versions, workers and claims."""
    runs = []
    if versions is None:
        versions = PolicyVersion.objects.filter(status=VersionStatus.PUBLISHED, policy__mode=ClaimMode.AUTOMATIC
                                                ).select_related("policy", "policy__document")
    for version in versions:
        document = version.policy.document
        if document.applies_from < month_next(period_start) and (
                document.expires_on is None or document.expires_on >= month_start(period_start)):
            runs.append(decisions_record(version=version, period_start=month_start(period_start),
                                         worker_ids=worker_ids, today=today))
    claims_pay_due(actor=None, today=today or timezone.localdate(), claim_ids=claim_ids)
    return runs


def arrears_run(*, version: PolicyVersion, until: date, worker_ids=None, today: date | None = None
                ) -> list[DecisionRun]:
    """After publishing: decide every month from the document's `applies_from` to `until` — never
    past its `expires_on` — net of what was already paid or committed (end of `003`: 2025-01-01
    to the implementation date)."""
    document = version.policy.document
    last = min(until, document.expires_on) if document.expires_on else until
    return [decisions_record(version=version, period_start=month, kind=DecisionRun.Kind.ARREARS,
                             worker_ids=worker_ids, today=today)
            for month in months_between(document.applies_from, last)]
