"""Writes of income monitoring (R7.1): record incomes with corrections, build yearly snapshots."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import require
from gongjiang.audit.services import audit_record
from gongjiang.core.errors import DomainError
from gongjiang.income import protection
from gongjiang.income.models import SOURCE_PRIORITY, IncomeRecord, IncomeSnapshot, IncomeSource
from gongjiang.income.store import snapshot_read, snapshot_write
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate, Employment, Enterprise

SOE_OWNERSHIPS = {"central_soe", "municipal_soe", "district_soe"}
# Managers (管理人员) for the SOE pay-growth comparison (`001` (十三)): 职业分类大典 major group 1
# (单位负责人), or a post whose title names a managing role.
MANAGER_POST_WORDS = ("经理", "负责人", "厂长", "总监", "董事", "总经理", "主任")


def is_manager(occupation_code: str, post: str) -> bool:
    return occupation_code.split("-")[0] == "1" or any(word in (post or "") for word in MANAGER_POST_WORDS)
FEN = Decimal(100)


def require_statistics_office(actor: Any) -> None:
    """Income data are personal data (R9.1, `000` 三(四)3): only the statistics office may handle
    them. Until a statistics-office role exists, that is the bureau roles and superusers."""
    if actor is None:
        return  # system jobs (demo loader, snapshot build after an import)
    require(actor, "income.read", message=_("只有统计部门（目前为人社局账号）可以处理收入数据。"))


@dataclass(frozen=True)
class RecordOutcome:
    record: IncomeRecord
    outcome: str  # created, superseded (a correction), unchanged


def _same(record: IncomeRecord, values: dict[str, Any]) -> bool:
    return all(getattr(record, key) == value for key, value in values.items())


@transaction.atomic
def income_record_submit(*, actor: Any, worker: Any, year: int, month: int, source: str, gross_pay: Decimal,
                         overtime_pay: Decimal | None = None, bonus: Decimal | None = None,
                         weight: Decimal = Decimal(1), enterprise: Enterprise | None = None,
                         occupation: Any = None, grade: int | None = None) -> RecordOutcome:
    """Record one worker's pay for a month from one source. A later record for the same worker,
    month and source is a correction: it supersedes the current one, which is kept and linked
    (never overwritten). An identical resubmission changes nothing (imports are idempotent).

    Refuses: a non-statistics actor; a month outside 1–12; negative pay; overtime or bonus above
    gross pay; a weight on an administrative record."""
    require_statistics_office(actor)
    if source not in IncomeSource.values:
        raise DomainError(_("数据来源“%(s)s”无效。") % {"s": source}, field="source")
    if not 1 <= int(month) <= 12:
        raise DomainError(_("月份应为1到12，收到 %(m)s。") % {"m": month}, field="month")
    if gross_pay < 0:
        raise DomainError(_("应发工资不能为负数，请核对。"), field="gross_pay")
    for key, part in (("overtime_pay", overtime_pay), ("bonus", bonus)):
        if part is not None and not (0 <= part <= gross_pay):
            raise DomainError(_("加班工资和奖金应在0与应发工资之间（它们是应发工资的一部分）。"), field=key)
    weight = Decimal(weight)
    if source != IncomeSource.SURVEY and weight != 1:
        raise DomainError(_("只有抽样调查记录可以有权数；行政记录的权数为1，请清空权数列。"), field="weight")
    if weight <= 0:
        raise DomainError(_("调查权数应大于0。"), field="weight")
    values = {"gross_pay": gross_pay, "overtime_pay": overtime_pay, "bonus": bonus, "weight": weight,
              "enterprise": enterprise, "occupation": occupation, "grade": grade}
    current = (IncomeRecord.objects.select_for_update()
               .filter(worker=worker, year=year, month=month, source=source, superseded_by__isnull=True).first())
    if current is not None and _same(current, values):
        return RecordOutcome(current, "unchanged")
    new = IncomeRecord(worker=worker, year=year, month=month, source=source,
                       received_by=actor if actor is not None and actor.is_authenticated else None, **values)
    if current is None:
        new.save()
        return RecordOutcome(new, "created")
    # At most one current row per worker, month and source (a partial unique constraint): retire the
    # old row first (linked to itself for the instant), then save the correction and link the two.
    IncomeRecord.objects.filter(pk=current.pk).update(superseded_by=current.pk)
    new.save()
    IncomeRecord.objects.filter(pk=current.pk).update(superseded_by=new.pk)
    audit_record(actor=actor, action="change", object_type="income_record", object_id=current.pk,
                 summary=f"收入记录更正 {year}-{int(month):02d} {source}", detail={"superseded_by": new.pk})
    return RecordOutcome(new, "superseded")


def _fen(value: Decimal | None) -> int:
    return int((value or Decimal(0)) * FEN)


def _employment_by_worker(worker_ids: list[int], year: int) -> dict[int, Employment]:
    """The main (not second) job each worker held longest into the year: latest start on or before
    31 December, not ended before 1 January."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    chosen: dict[int, Employment] = {}
    qs = (Employment.objects.filter(worker_id__in=worker_ids, start_date__lte=end, is_second_job=False)
          .exclude(end_date__lt=start).select_related("enterprise", "occupation").order_by("start_date", "pk"))
    for employment in qs.iterator(chunk_size=5000):
        chosen[employment.worker_id] = employment
    return chosen


def _grade_by_worker(worker_ids: list[int], year: int) -> dict[int, int]:
    grades: dict[int, int] = {}
    qs = Certificate.objects.filter(worker_id__in=worker_ids, issued_on__lte=date(year, 12, 31),
                                    grade__isnull=False).values_list("worker_id", "grade")
    for worker_id, grade in qs.iterator(chunk_size=5000):
        grades[worker_id] = max(grades.get(worker_id, 0), grade)
    return grades


def income_snapshot_build(*, actor: Any, year: int) -> IncomeSnapshot:
    """Build the year's columnar snapshot from the current (non-superseded) records (ADR 0010).

    One row per worker-year: the months of pay summed, each month taken from the most direct source
    (payroll, tax, social insurance, then survey); occupation and grade as the survey reported them,
    else from the registry (main job in the year; highest grade certified by 31 December); district
    and industry those of the paying enterprise. Refuses a non-statistics actor."""
    require_statistics_office(actor)
    rank = {source: i for i, source in enumerate(SOURCE_PRIORITY)}
    months: dict[tuple[int, int], tuple] = {}
    fields = ("worker_id", "month", "source", "gross_pay", "overtime_pay", "bonus", "weight", "enterprise_id",
              "occupation__code", "grade")
    qs = IncomeRecord.objects.filter(year=year, superseded_by__isnull=True).values_list(*fields)
    n_records = 0
    for row in qs.iterator(chunk_size=20000):
        n_records += 1
        key = (row[0], row[1])
        if key not in months or rank[row[2]] < rank[months[key][2]]:
            months[key] = row
    per_worker: dict[int, list[tuple]] = defaultdict(list)
    for (worker_id, _month), row in months.items():
        per_worker[worker_id].append(row)
    worker_ids = sorted(per_worker)
    employments = _employment_by_worker(worker_ids, year)
    grades = _grade_by_worker(worker_ids, year)
    enterprise_ids = {r[7] for rows in per_worker.values() for r in rows if r[7]}
    enterprises = {e.pk: e for e in Enterprise.objects.filter(pk__in=enterprise_ids)
                   .select_related("district", "industry")}
    out: dict[str, list] = defaultdict(list)
    for worker_id in worker_ids:
        rows = sorted(per_worker[worker_id], key=lambda r: r[1])
        employment = employments.get(worker_id)
        enterprise_id = next((r[7] for r in reversed(rows) if r[7]), None)
        enterprise = enterprises.get(enterprise_id) if enterprise_id else (employment.enterprise if employment else None)
        occupation = next((r[8] for r in reversed(rows) if r[8]), None) or (
            employment.occupation.code if employment and employment.occupation else "")
        grade = next((r[9] for r in reversed(rows) if r[9]), None) or grades.get(worker_id, 0)
        survey = all(r[2] == IncomeSource.SURVEY for r in rows)
        out["worker"].append(worker_id)
        out["occupation_code"].append(occupation)
        out["grade"].append(grade)
        out["district_code"].append(enterprise.district.code if enterprise else "")
        out["industry_code"].append(enterprise.industry.code if enterprise and enterprise.industry else "")
        out["enterprise"].append(enterprise.pk if enterprise else 0)
        out["soe"].append(bool(enterprise and enterprise.ownership in SOE_OWNERSHIPS))
        out["manager"].append(is_manager(occupation, employment.post if employment else ""))
        out["pay"].append(sum(_fen(r[3]) for r in rows))
        out["overtime"].append(sum(_fen(r[4]) for r in rows))
        out["bonus"].append(sum(_fen(r[5]) for r in rows))
        out["months"].append(len(rows))
        out["weight"].append(float(max(r[6] for r in rows)) if survey else 1.0)
        out["survey"].append(survey)
    columns = {key: np.asarray(values) for key, values in out.items()}
    if not worker_ids:
        columns = {key: np.zeros(0, dtype=dtype) for key, dtype in (
            ("worker", np.int64), ("occupation_code", str), ("grade", np.int8), ("district_code", str),
            ("industry_code", str), ("enterprise", np.int64), ("soe", bool), ("pay", np.int64),
            ("overtime", np.int64), ("bonus", np.int64), ("months", np.int8), ("weight", np.float64),
            ("survey", bool), ("manager", bool))}
    path = snapshot_write(columns, year=year)  # applies the annual-pay rule (store.annual_rule)
    protection.protection_build(snapshot_read(path), path)  # the year's tables protected together
    snapshot, _created = IncomeSnapshot.objects.update_or_create(
        year=year, defaults={"path": str(path), "rows": snapshot_read(path).rows, "records": n_records})
    return snapshot


def grade_label(grade: int) -> str:
    return str(Grade(grade).label) if grade else _("无技能等级")


@transaction.atomic
def income_records_delete_years(*, actor: Any, years: list[int]) -> int:
    """Delete every income record of `years` (demo reloads only: real corrections supersede).
    Deletes the oldest link of each correction chain first, as the chain is protected."""
    require_statistics_office(actor)
    deleted = 0
    qs = IncomeRecord.objects.filter(year__in=years)
    while qs.exists():
        count, _detail = qs.filter(supersedes__isnull=True).delete()
        if not count:
            break
        deleted += count
    return deleted


def income_demo_load(*, actor: Any = None, years: tuple[int, ...] | None = None, seed: int = 20260,
                     replace: bool = True) -> dict[int, int]:
    """Generate calibrated demo payroll records for every worker employed in `years` (demo.py) and
    build the yearly snapshots. Returns records written per year."""
    from gongjiang.income import demo

    require_statistics_office(actor)
    years = tuple(years or demo.YEARS)
    if replace:
        income_records_delete_years(actor=actor, years=list(years))
    specs: list[demo.WorkerSpec] = []
    for year in years:
        start, end = date(year, 1, 1), date(year, 12, 31)
        ids = list(Employment.objects.filter(start_date__lte=end, is_second_job=False).exclude(end_date__lt=start)
                   .values_list("worker_id", flat=True).distinct())
        employments = _employment_by_worker(ids, year)
        grades = _grade_by_worker(ids, year)
        for worker_id, employment in employments.items():
            specs.append(demo.WorkerSpec(
                worker_id=worker_id, year=year, enterprise_id=employment.enterprise_id,
                grade=grades.get(worker_id, 0),
                occupation_code=employment.occupation.code if employment.occupation else "",
                front_line=employment.is_front_line))
    pay = demo.annual_pay(specs, seed=seed)
    written: dict[int, int] = defaultdict(int)
    batch: list[IncomeRecord] = []
    cent = Decimal("0.01")
    for spec in specs:
        gross, overtime, bonus = pay[(spec.worker_id, spec.year)]
        for month, (g, o, b) in enumerate(demo.monthly_split(gross, overtime, bonus), start=1):
            batch.append(IncomeRecord(
                worker_id=spec.worker_id, year=spec.year, month=month, source=IncomeSource.PAYROLL,
                gross_pay=(Decimal(g) / FEN).quantize(cent), overtime_pay=(Decimal(o) / FEN).quantize(cent),
                bonus=(Decimal(b) / FEN).quantize(cent), enterprise_id=spec.enterprise_id))
        written[spec.year] += 12
        if len(batch) >= 20_000:
            IncomeRecord.objects.bulk_create(batch)
            batch = []
    IncomeRecord.objects.bulk_create(batch)
    for year in years:
        income_snapshot_build(actor=actor, year=year)
    return dict(written)
