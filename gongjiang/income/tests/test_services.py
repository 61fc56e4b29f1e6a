"""Income records and snapshots (R7.1; issue 6 §1): corrections supersede, never overwrite."""

from decimal import Decimal

import pytest

from gongjiang.audit.models import AuditEvent
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.income.models import IncomeRecord, IncomeSnapshot
from gongjiang.income.services import income_record_submit, income_snapshot_build
from gongjiang.income.store import snapshot_load
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory


def _submit(actor, worker, **kw):
    values = {"year": 2024, "month": 3, "source": "payroll", "gross_pay": Decimal("9000.00")} | kw
    return income_record_submit(actor=actor, worker=worker, **values)


def test_a_first_record_is_created(bureau_admin, employee_a):
    outcome = _submit(bureau_admin, employee_a)
    assert outcome.outcome == "created"
    assert IncomeRecord.objects.get().gross_pay == Decimal("9000.00")


def test_a_later_record_for_the_same_month_and_source_supersedes_and_keeps_the_old(bureau_admin, employee_a):
    first = _submit(bureau_admin, employee_a).record
    outcome = _submit(bureau_admin, employee_a, gross_pay=Decimal("9500.00"))
    first.refresh_from_db()
    assert outcome.outcome == "superseded"
    assert first.superseded_by == outcome.record
    assert first.gross_pay == Decimal("9000.00")
    assert IncomeRecord.objects.filter(superseded_by__isnull=True).get().gross_pay == Decimal("9500.00")


def test_a_correction_is_audited(bureau_admin, employee_a):
    _submit(bureau_admin, employee_a)
    _submit(bureau_admin, employee_a, gross_pay=Decimal("9100.00"))
    assert AuditEvent.objects.filter(object_type="income_record", action="change").count() == 1


def test_an_identical_resubmission_changes_nothing(bureau_admin, employee_a):
    _submit(bureau_admin, employee_a)
    outcome = _submit(bureau_admin, employee_a)
    assert outcome.outcome == "unchanged"
    assert IncomeRecord.objects.count() == 1


def test_another_source_for_the_same_month_is_a_separate_record(bureau_admin, employee_a):
    _submit(bureau_admin, employee_a)
    _submit(bureau_admin, employee_a, source="tax", gross_pay=Decimal("8800.00"))
    assert IncomeRecord.objects.filter(superseded_by__isnull=True).count() == 2


def test_overtime_above_gross_pay_is_refused_in_chinese(bureau_admin, employee_a):
    with pytest.raises(DomainError, match="加班工资和奖金应在0与应发工资之间"):
        _submit(bureau_admin, employee_a, overtime_pay=Decimal("9500.00"))


def test_a_weight_on_an_administrative_record_is_refused(bureau_admin, employee_a):
    with pytest.raises(DomainError, match="只有抽样调查记录可以有权数"):
        _submit(bureau_admin, employee_a, weight=Decimal("2.5"))


def test_a_survey_record_may_carry_a_weight(bureau_admin, employee_a):
    outcome = _submit(bureau_admin, employee_a, source="survey", weight=Decimal("2.5"))
    assert outcome.record.weight == Decimal("2.5")


def test_month_13_is_refused(bureau_admin, employee_a):
    with pytest.raises(DomainError, match="月份应为1到12"):
        _submit(bureau_admin, employee_a, month=13)


def test_enterprise_hr_may_not_submit_incomes(hr_a, employee_a):
    with pytest.raises(PermissionDenied):
        _submit(hr_a, employee_a)


def test_snapshot_sums_the_months_and_prefers_payroll_over_tax(bureau_admin, employee_a, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 1  # two months: annualised (issue 11 §1)
    for month in (1, 2):
        _submit(bureau_admin, employee_a, month=month, gross_pay=Decimal("1000.50"), overtime_pay=Decimal("100"))
    _submit(bureau_admin, employee_a, month=1, source="tax", gross_pay=Decimal("7777.00"))
    income_snapshot_build(actor=bureau_admin, year=2024)
    snap = snapshot_load(2024)
    assert snap.columns["pay_paid"].tolist() == [200100]
    assert snap.columns["pay"].tolist() == [200100 * 6]
    assert snap.columns["overtime"].tolist() == [20000]
    assert snap.columns["months"].tolist() == [2]
    assert IncomeSnapshot.objects.get(year=2024).records == 3


def test_snapshot_takes_occupation_district_and_grade_from_the_registry(bureau_admin, enterprise_a, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 1
    employment = EmploymentFactory(enterprise=enterprise_a)
    CertificateFactory(worker=employment.worker, grade=5)
    _submit(bureau_admin, employment.worker)
    income_snapshot_build(actor=bureau_admin, year=2024)
    snap = snapshot_load(2024)
    assert snap.occupation_codes == [employment.occupation.code]
    assert snap.district_codes == ["330902"]
    assert snap.columns["grade"].tolist() == [5]


def test_snapshot_leaves_out_superseded_records(bureau_admin, employee_a, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 1
    _submit(bureau_admin, employee_a)
    _submit(bureau_admin, employee_a, gross_pay=Decimal("12000.00"))
    income_snapshot_build(actor=bureau_admin, year=2024)
    assert snapshot_load(2024).columns["pay_paid"].tolist() == [1200000]


def test_a_year_without_records_builds_an_empty_snapshot_and_an_empty_table(bureau_admin):
    from gongjiang.income.selectors import wage_levels

    income_snapshot_build(actor=bureau_admin, year=2024)
    assert wage_levels(actor=bureau_admin, year=2024) == []
    assert wage_levels(actor=bureau_admin, year=2024, by="district") == []
