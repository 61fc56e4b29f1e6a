"""Import kind for income records (issue 6 §1; R7.1 "大数据+小调查"): payroll, tax, social insurance and
survey data arrive as spreadsheets, are linked to the registry by ID number, and corrections
supersede earlier records (`services.income_record_submit`). After a write the affected years'
snapshots are rebuilt in the background."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import can
from gongjiang.core.errors import DomainError
from gongjiang.income.models import IncomeSource
from gongjiang.income.services import income_record_submit
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, RowError, WriteResult, register
from gongjiang.registry.models import Enterprise
from gongjiang.registry.services import worker_find


def _statistics_office(actor: Any) -> bool:
    return actor is not None and can(actor, "income.records_import")


def _prepare(ctx: ImportContext) -> None:
    ctx.lookups["years"] = set()


def _validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    worker = worker_find(id_number=row["id_number"])
    if worker is None:
        raise RowError("id_number", _("身份证号对应的人员尚未登记在人才库。"), _("请先导入或登记该人员，再导入其收入。"))
    row["worker"] = worker
    if not 1 <= row["month"] <= 12:
        raise RowError("month", _("月份应为1到12。"), _("请填写数字月份，如 3。"))
    if not 2000 <= row["year"] <= ctx.today.year:
        raise RowError("year", _("年度不在2000年到今年之间。"), _("请填写四位数年度，如 2024。"))
    if row["gross_pay"] < 0:
        raise RowError("gross_pay", _("应发工资不能为负数。"), _("请核对金额；扣款不在此表填报。"))
    for key in ("overtime_pay", "bonus"):
        if row.get(key) is not None and not (0 <= row[key] <= row["gross_pay"]):
            raise RowError(key, _("加班工资或奖金超过了应发工资。"), _("应发工资含加班工资和奖金，请核对三列金额。"))
    weight = row.get("weight")
    if row["source"] != IncomeSource.SURVEY and weight not in (None, Decimal(1)):
        raise RowError("weight", _("只有抽样调查记录可以填写权数。"), _("行政记录请把权数留空。"))
    if weight is not None and weight <= 0:
        raise RowError("weight", _("权数应大于0。"), _("请填写抽样设计给出的权数。"))
    row["enterprise_obj"] = None
    if row.get("uscc"):
        row["enterprise_obj"] = Enterprise.objects.filter(uscc=row["uscc"]).first()
        if row["enterprise_obj"] is None:
            raise RowError("uscc", _("发薪单位的统一社会信用代码未在企业库登记。"), _("请核对代码，或先登记该单位。"))
    return row


def _write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult()
    for row in rows:
        try:
            outcome = income_record_submit(
                actor=ctx.actor, worker=row["worker"], year=row["year"], month=row["month"], source=row["source"],
                gross_pay=row["gross_pay"], overtime_pay=row.get("overtime_pay"), bonus=row.get("bonus"),
                weight=row.get("weight") or Decimal(1), enterprise=row.get("enterprise_obj"),
                occupation=row.get("occupation"), grade=row.get("grade"))
        except DomainError as exc:
            result.rejected.append((row, RowError(exc.field or "", exc.message)))
            continue
        if outcome.outcome == "created":
            result.created += 1
        elif outcome.outcome == "superseded":
            result.updated += 1
        else:
            result.unchanged += 1
        ctx.lookups.setdefault("years", set()).add(row["year"])
    if not ctx.dry_run and (result.created or result.updated):
        from gongjiang.income.tasks import income_snapshot_rebuild

        for year in sorted(ctx.lookups["years"]):
            transaction.on_commit(lambda y=year: income_snapshot_rebuild.enqueue(year=y))
    return result


register(ImportKind(
    name="income_records", label=gettext_lazy("收入记录"),
    description=gettext_lazy("按人按月报送的工资收入：企业工资表、个税、社保缴费基数或抽样调查。"
                             "同一人同一月同一来源再次报送视为更正，原记录保留。"),
    columns=[
        Column("id_number", gettext_lazy("身份证号"), required=True, kind="id_number", example="330902199001011234",
               aliases=("公民身份号码", "身份证号码", "证件号码")),
        Column("year", gettext_lazy("年度"), required=True, kind="int", example="2024"),
        Column("month", gettext_lazy("月份"), required=True, kind="int", example="3"),
        Column("source", gettext_lazy("数据来源"), required=True, kind="choice", choices=IncomeSource.choices,
               example="企业工资表"),
        Column("gross_pay", gettext_lazy("应发工资（元）"), required=True, kind="decimal", example="9850.00",
               aliases=("应发合计", "工资总额")),
        Column("overtime_pay", gettext_lazy("其中：加班工资（元）"), kind="decimal", example="600.00",
               aliases=("加班工资", "加班费")),
        Column("bonus", gettext_lazy("其中：奖金（元）"), kind="decimal", example="0", aliases=("奖金",)),
        Column("weight", gettext_lazy("调查权数"), kind="decimal", example="",
               help=gettext_lazy("仅抽样调查记录填写")),
        Column("uscc", gettext_lazy("发薪单位统一社会信用代码"), kind="uscc", example="91330902MA2A0B1C2D"),
        Column("occupation", gettext_lazy("职业（工种）"), kind="occupation", example="6-18-01-01",
               help=gettext_lazy("调查记录填写；行政记录留空时取人才库中的职业")),
        Column("grade", gettext_lazy("技能等级"), kind="grade", example="高级工"),
    ],
    natural_key=("id_number", "year", "month", "source"),
    validate_row=_validate, write_batch=_write, prepare=_prepare, permission=_statistics_office,
))
