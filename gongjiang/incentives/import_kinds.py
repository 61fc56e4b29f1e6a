"""Import kinds of special incentives (ADR 0007): finance's payment results (回盘), so a result
file can also come through the import centre with its row-by-row report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.core.errors import DomainError
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, RowError, WriteResult, register

RESULTS = [("paid", gettext_lazy("成功")), ("failed", gettext_lazy("失败"))]


def _validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    from gongjiang.incentives.models import ClaimStatus, LedgerEntry

    entry = LedgerEntry.objects.filter(pk=row["entry_id"], kind="payment").select_related("claim").first()
    if entry is None:
        raise RowError("entry_id", _("流水号 %(n)s 不存在。") % {"n": row["entry_id"]}, _("请使用发放批次导出的清单。"))
    if entry.claim is None or entry.claim.status != ClaimStatus.BATCHED:
        raise RowError("entry_id", _("流水号 %(n)s 的结果已登记。") % {"n": row["entry_id"]}, _("请删除该行后重新导入。"))
    row["entry"] = entry
    return row


def _write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    from gongjiang.incentives.services import payment_result_record

    result = WriteResult(rejected_before_writing=True)
    for row in rows:
        try:
            payment_result_record(actor=ctx.actor, entry=row["entry"], paid=row["result"] == "paid",
                                  reason=row.get("reason", ""), today=ctx.today)
        except DomainError as exc:
            result.rejected.append((row, RowError("entry_id", exc.message)))
        else:
            result.updated += 1
    return result


register(ImportKind(
    name="payment_results", label=gettext_lazy("激励发放回盘结果"),
    description=gettext_lazy("财务发放后的结果：成功则结案，失败则冲正并提醒本人更新账户。"),
    columns=[
        Column("entry_id", gettext_lazy("流水号"), required=True, kind="int", example="123"),
        Column("result", gettext_lazy("结果（成功/失败）"), required=True, kind="choice", choices=RESULTS,
               example="成功", aliases=("结果",)),
        Column("reason", gettext_lazy("失败原因"), example="账户不存在", max_length=255),
    ],
    natural_key="entry_id", validate_row=_validate, write_batch=_write,
))
