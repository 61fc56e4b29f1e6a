"""Payments and the ledger: batches, the database guard against double payment, reversals, finance's
Excel export and result import."""

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_export, audit_record
from gongjiang.core.errors import DomainError
from gongjiang.incentives.models import (
    Claim,
    ClaimEvent,
    ClaimStatus,
    LedgerEntry,
    PaymentBatch,
    SubjectKind,
)
from gongjiang.incentives.services._common import (
    PAY_DEADLINE_DAYS,
    _notify,
    _require_officer,
)


def _attempt(claim: Claim) -> int:
    return LedgerEntry.objects.filter(policy_id=claim.policy_id, subject_key=claim.subject_key, period=claim.period,
                                      kind=LedgerEntry.Kind.REVERSAL).count()


def claim_pay(*, claim: Claim, batch: PaymentBatch, actor: Any = None) -> LedgerEntry | None:
    """Write the payment entry for one claim into `batch`. The database refuses a second payment
    for the same policy, subject and period (also when two officers or workers race); the loser
    gets None and its claim is left untouched."""
    try:
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            if locked.status not in {ClaimStatus.IN_NOTICE, ClaimStatus.PAYABLE}:
                return None
            entry = LedgerEntry.objects.create(
                policy_id=locked.policy_id, subject_key=locked.subject_key, worker_id=locked.worker_id,
                enterprise_id=locked.enterprise_id, period=locked.period, period_start=locked.period_start,
                kind=LedgerEntry.Kind.PAYMENT, attempt=_attempt(locked), amount=locked.amount, claim=locked,
                decision_id=locked.decision_id, batch=batch,
                recorded_by=actor if actor and actor.is_authenticated else None)
            locked.status = ClaimStatus.BATCHED
            locked.save(update_fields=["status"])
            _notify(locked, actor, "batched", f"已提交财务发放 {locked.amount} 元")
            return entry
    except IntegrityError:
        return None


@transaction.atomic
def claims_pay_due(*, actor: Any = None, today: date, claim_ids=None) -> PaymentBatch | None:
    """Put every claim whose notice ended before `today` without an open objection, and every
    claim made payable again after a fixed account, into a new payment batch — set-based: the
    claims are locked (others running at the same time skip them), the payment entries inserted in
    bulk, and the database's unique constraint drops any payment for a (policy, subject, period)
    that already has one."""
    due = Claim.objects.filter(Q(status=ClaimStatus.IN_NOTICE, notice_until__lt=today) | Q(status=ClaimStatus.PAYABLE))
    if claim_ids is not None:  # a scenario test pays only its own claims
        due = due.filter(pk__in=claim_ids)
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    rows = list(due.order_by("id").values_list("id", "policy_id", "subject_key", "worker_id", "enterprise_id",
                                               "period", "period_start", "amount", "decision_id"))
    if not rows:
        return None
    recorder = actor if actor and actor.is_authenticated else None
    batch = PaymentBatch.objects.create(created_by=recorder)
    reversals = {(p, k, per): n for p, k, per, n in LedgerEntry.objects.filter(
        kind=LedgerEntry.Kind.REVERSAL, policy_id__in={r[1] for r in rows})
        .values_list("policy_id", "subject_key", "period").annotate(n=Count("id"))}
    LedgerEntry.objects.bulk_create([
        LedgerEntry(policy_id=policy_id, subject_key=key, worker_id=worker_id, enterprise_id=enterprise_id,
                    period=period, period_start=start, kind=LedgerEntry.Kind.PAYMENT,
                    attempt=reversals.get((policy_id, key, period), 0), amount=amount, claim_id=claim_id,
                    decision_id=decision_id, batch=batch, recorded_by=recorder)
        for claim_id, policy_id, key, worker_id, enterprise_id, period, start, amount, decision_id in rows],
        batch_size=5000, ignore_conflicts=True)
    paid = dict(LedgerEntry.objects.filter(batch=batch).values_list("claim_id", "amount"))
    paid_ids = sorted(paid)
    for chunk in range(0, len(paid_ids), 5000):
        Claim.objects.filter(pk__in=paid_ids[chunk:chunk + 5000]).update(status=ClaimStatus.BATCHED)
    ClaimEvent.objects.bulk_create([ClaimEvent(claim_id=pk, actor=recorder, action="batched", status=ClaimStatus.BATCHED,
                                               message=f"已提交财务发放 {paid[pk]} 元") for pk in paid_ids],
                                   batch_size=5000)
    batch.total, batch.lines = sum(paid.values(), Decimal("0")), len(paid)
    batch.save(update_fields=["total", "lines"])
    return batch


@transaction.atomic
def ledger_reverse(*, actor: Any, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """A correction: a reversing entry cancelling `entry` (never an edit). A payment is reversed
    at most once (database constraint)."""
    _require_officer(actor)
    return _reverse(entry=entry, reason=reason, actor=actor)


def _reverse(*, entry: LedgerEntry, reason: str, actor: Any = None) -> LedgerEntry:
    if entry.kind != LedgerEntry.Kind.PAYMENT:
        raise DomainError("只能冲正发放记录")
    if not reason.strip():
        raise DomainError("请填写冲正原因", field="reason")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise DomainError("该笔发放已冲正，不能重复冲正")
    reversal = LedgerEntry.objects.create(
        policy_id=entry.policy_id, subject_key=entry.subject_key, worker_id=entry.worker_id,
        enterprise_id=entry.enterprise_id, period=entry.period, period_start=entry.period_start,
        kind=LedgerEntry.Kind.REVERSAL, attempt=entry.attempt, amount=-entry.amount, reverses=entry,
        claim_id=entry.claim_id, decision_id=entry.decision_id, reason=reason.strip()[:255],
        recorded_by=actor if actor and actor.is_authenticated else None)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="ledger_entry", object_id=entry.pk,
                 summary=f"冲正 {entry.amount} 元：{reason.strip()}")
    return reversal


@transaction.atomic
def subsidy_claw_back(*, actor: Any, formulas: set[str], periods: set[str], reason: str) -> dict[str, int]:
    """Take back what policies of `formulas` decided for `periods` (e.g. a training subsidy whose
    trainee a supervision check confirmed as fraudulent, issue 12): every payment not yet reversed
    gets the ledger's reversing entry (`_reverse`, the one way money is corrected; never an edit)
    and its claim a notice; every claim still open before payment is refused (不予通过), so it is
    never paid. The engine's decisions then stay blocked by the facts that caused this. Returns
    {"reversed": n, "amount": total reversed (yuan, as text), "stopped": n}."""
    _require_officer(actor)
    if not reason.strip():
        raise DomainError("请填写追回原因", field="reason")
    reversed_count, total = 0, Decimal("0")
    payments = LedgerEntry.objects.select_for_update(of=("self",)).filter(
        kind=LedgerEntry.Kind.PAYMENT, policy__formula__in=formulas, period__in=periods, reversed_by__isnull=True)
    for entry in payments.order_by("id"):
        _reverse(entry=entry, reason=reason, actor=actor)
        reversed_count, total = reversed_count + 1, total + entry.amount
        if entry.claim_id:
            _notify(Claim.objects.get(pk=entry.claim_id), actor, "claw_back",
                    f"已发放的 {entry.amount} 元冲正追回：{reason.strip()}"[:255])
    stopped = 0
    for claim in Claim.objects.select_for_update(of=("self",)).filter(
            policy__formula__in=formulas, period__in=periods,
            status__in=[ClaimStatus.AWAITING_CONFIRMATION, ClaimStatus.SUBMITTED, ClaimStatus.FIRST_REVIEWED,
                        ClaimStatus.IN_NOTICE, ClaimStatus.ON_HOLD, ClaimStatus.PAYABLE]).order_by("id"):
        claim.status = ClaimStatus.REJECTED
        claim.save(update_fields=["status"])
        _notify(claim, actor, "reject", f"不予发放：{reason.strip()}"[:255])
        stopped += 1
    return {"reversed": reversed_count, "amount": str(total), "stopped": stopped}


BATCH_COLUMNS = ["流水号", "姓名/单位", "政策", "期间", "金额（元）", "收款账户", "结果（成功/失败）", "失败原因"]


def batch_export(*, actor: Any, batch: PaymentBatch) -> bytes:
    """The payment list for finance as an Excel workbook (audited). Finance fills in the last two
    columns and the file comes back through `batch_result_import`."""
    _require_officer(actor)
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "发放清单"
    sheet.append(BATCH_COLUMNS)
    entries = batch.entries.select_related("worker", "enterprise", "policy", "claim").order_by("id")
    for e in entries:
        subject = e.worker.name if e.worker_id else e.enterprise.name
        sheet.append([e.pk, subject, e.policy.name, e.period, str(e.amount), e.claim.account_masked if e.claim else "",
                      "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch.status = PaymentBatch.Status.EXPORTED
    batch.save(update_fields=["status"])
    audit_export(actor=actor, object_type="payment_batch", row_count=len(entries), file_format="xlsx",
                 filters={"batch": batch.pk}, personal_fields=["name", "account_masked"])
    return buffer.getvalue()


def payment_result_record(*, actor: Any, entry: LedgerEntry, paid: bool, reason: str = "",
                          today: date | None = None) -> Claim:
    """Record finance's result for one payment entry. Paid: the claim is closed. Failed: a
    reversing entry, the claim waits for a new account with a deadline, and the beneficiary is
    reminded. Refuses an entry whose result is already recorded."""
    _require_officer(actor)
    claim = Claim.objects.select_for_update().get(pk=entry.claim_id)
    if claim.status != ClaimStatus.BATCHED or LedgerEntry.objects.filter(reverses=entry).exists():
        raise DomainError(f"流水号 {entry.pk} 的结果已登记（当前状态：{claim.get_status_display()}）")
    today = today or timezone.localdate()
    if paid:
        claim.status = ClaimStatus.PAID
        claim.save(update_fields=["status"])
        _notify(claim, actor, "paid", f"{entry.amount} 元已发放至 {claim.account_masked}")
        return claim
    reason = reason.strip() or "未说明原因"
    _reverse(entry=entry, reason=f"发放失败：{reason}", actor=actor)
    claim.status, claim.failure_reason = ClaimStatus.FAILED, reason[:255]
    claim.pay_deadline = today + timedelta(days=PAY_DEADLINE_DAYS)
    claim.save(update_fields=["status", "failure_reason", "pay_deadline"])
    _notify(claim, actor, "failed", f"发放失败（{reason}），请于 {claim.pay_deadline:%Y-%m-%d} 前更新收款账户，逾期视为放弃")
    return claim


@transaction.atomic
def batch_result_import(*, actor: Any, batch: PaymentBatch, content: bytes, today: date | None = None) -> dict:
    """Read finance's result file for one batch (the exported workbook with 结果 and 失败原因
    filled in) and record each row with `payment_result_record`. The same rows can also come
    through the import centre (`import_kinds.py`, kind `payment_results`)."""
    _require_officer(actor)
    from openpyxl import load_workbook

    from gongjiang.core.uploads import TooLarge, limit, size_check, xlsx_inspect

    try:  # bounded before openpyxl opens it (issue 18 §2): size, inflated size, rows
        size_check(len(content), limit("result_file_mb"))
        xlsx_inspect(io.BytesIO(content), max_inflated_mb=limit("result_file_mb") * 20)
    except TooLarge as exc:
        raise DomainError(exc.message + exc.hint, field="file") from exc
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
    except Exception as exc:
        raise DomainError("无法读取回盘文件，请上传由本系统导出、填写结果后的 .xlsx 文件", field="file") from exc
    counts = {"paid": 0, "failed": 0}
    entries = {e.pk: e for e in batch.entries.filter(kind=LedgerEntry.Kind.PAYMENT)}
    for line, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] is None:
            continue
        entry = entries.get(int(row[0])) if str(row[0]).isdigit() else None
        result = (str(row[6] or "")).strip()
        if entry is None:
            raise DomainError(f"第 {line} 行流水号 {row[0]} 不属于本批次，请使用本批次导出的文件")
        if result not in {"成功", "失败"}:
            raise DomainError(f"第 {line} 行“结果”应填写“成功”或“失败”，现为“{result}”")
        payment_result_record(actor=actor, entry=entry, paid=result == "成功", reason=str(row[7] or ""), today=today)
        counts["paid" if result == "成功" else "failed"] += 1
    batch.status = PaymentBatch.Status.SETTLED
    batch.save(update_fields=["status"])
    return counts


def subject_kind_of(claim: Claim) -> str:
    return SubjectKind.WORKER if claim.worker_id else SubjectKind.ENTERPRISE
