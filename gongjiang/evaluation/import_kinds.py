"""Import kinds for evaluation (issue 13): candidates and scores arrive from exam systems as
spreadsheets and go through the same services as the batch page (`services.candidate_add`,
`services.score_record`), so each row is checked — eligibility, batch state, score range — and a
refused row is reported with the reason, writing nothing for it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import can
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.evaluation import selectors, services
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, RowError, WriteResult, register
from gongjiang.registry.services import worker_find


def _agency_staff(actor: Any) -> bool:
    return actor is not None and can(actor, "evaluation.batch_manage")


def _batch(row: dict[str, Any], ctx: ImportContext):
    cache = ctx.lookups.setdefault("batches", {})
    if row["batch"] not in cache:
        try:
            cache[row["batch"]] = selectors.batch_get(actor=ctx.actor, batch_id=row["batch"])
        except NotFound:
            cache[row["batch"]] = None
    batch = cache[row["batch"]]
    if batch is None:
        raise RowError("batch", _("本机构没有这个评价批次。"), _("批次编号见评价批次页面上方，请核对。"))
    return batch


def _validate_candidate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    row["batch_obj"] = _batch(row, ctx)
    return row


def _write_candidates(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult()
    for row in rows:
        try:
            services.candidate_add(actor=ctx.actor, batch=row["batch_obj"], id_number=row["id_number"],
                                   name=row["name"])
        except DomainError as exc:
            if exc.code == "duplicate":
                result.unchanged += 1
                continue
            result.rejected.append((row, RowError(exc.field or "", exc.message)))
            continue
        result.created += 1
    return result


def _validate_score(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    batch = _batch(row, ctx)
    worker = worker_find(id_number=row["id_number"])
    candidate = batch.candidates.filter(worker=worker).first() if worker else None
    if candidate is None:
        raise RowError("id_number", _("该身份证号不是本批次的考生。"), _("请先在批次中添加考生，再导入成绩。"))
    row["batch_obj"], row["candidate_id"] = batch, candidate.pk
    return row


def _write_scores(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult()
    for row in rows:
        try:
            services.score_record(actor=ctx.actor, batch=row["batch_obj"], candidate_id=row["candidate_id"],
                                  theory=row["theory"], practical=row["practical"], answers=row.get("answers") or None)
        except DomainError as exc:
            column = {"score": "theory", "answers": "answers"}.get(exc.field, "")
            result.rejected.append((row, RowError(column, exc.message)))
            continue
        result.updated += 1
    return result


_BATCH = Column("batch", gettext_lazy("批次编号"), required=True, kind="int", example="12",
                help=gettext_lazy("评价批次页面上方显示的编号"))
_ID = Column("id_number", gettext_lazy("身份证号"), required=True, kind="id_number", example="330902199001011234",
             aliases=("公民身份号码", "身份证号码", "证件号码"))

register(ImportKind(
    name="evaluation_candidates", label=gettext_lazy("评价考生"),
    description=gettext_lazy("把考生加入本机构的评价批次；每人按申报条件审核，不符合的注明原因和可申报日期。"),
    columns=[_BATCH, _ID, Column("name", gettext_lazy("姓名"), required=True, kind="text", example="王焊工")],
    natural_key=("batch", "id_number"), validate_row=_validate_candidate, write_batch=_write_candidates,
    permission=_agency_staff, batch_size=500,
))

register(ImportKind(
    name="evaluation_scores", label=gettext_lazy("评价成绩"),
    description=gettext_lazy("考试系统导出的理论知识和操作技能成绩（0–100）；两项均达到合格分数线为合格。"),
    columns=[_BATCH, _ID,
             Column("theory", gettext_lazy("理论知识成绩"), required=True, kind="decimal", example="86.5"),
             Column("practical", gettext_lazy("操作技能成绩"), required=True, kind="decimal", example="78"),
             Column("answers", gettext_lazy("理论答题卡"), required=False, kind="text", example="ABDCABBDCA",
                    help=gettext_lazy("可选：每题所选答案，依题号顺序（A–H，判断题 T/F，未作答 -），用于雷同答卷核查"))],
    natural_key=("batch", "id_number"), validate_row=_validate_score, write_batch=_write_scores,
    permission=_agency_staff, batch_size=500,
))
