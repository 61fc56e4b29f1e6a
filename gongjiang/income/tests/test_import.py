"""Income records arrive through the import machinery (issue 6 §1; ADR 0007)."""

from decimal import Decimal

from gongjiang.income.models import IncomeRecord
from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.ingest.tests.factories import csv_write

HEADERS = ["身份证号", "年度", "月份", "数据来源", "应发工资（元）", "其中：加班工资（元）"]


def _run(tmp_path, rows, actor):
    return import_file(kind=kind_get("income_records"), path=csv_write(tmp_path / "i.csv", [HEADERS, *rows]),
                       actor=actor)


def test_income_rows_are_linked_by_id_number(bureau_admin, employee_a, tmp_path):
    outcome = _run(tmp_path, [[employee_a.id_number_plain(), "2024", "3", "企业工资表", "9850.00", "600"]], bureau_admin)
    assert outcome.created == 1
    record = IncomeRecord.objects.get()
    assert (record.worker, record.gross_pay, record.overtime_pay) == (employee_a, Decimal("9850.00"), Decimal("600"))


def test_a_second_import_of_the_month_supersedes(bureau_admin, employee_a, tmp_path):
    _run(tmp_path, [[employee_a.id_number_plain(), "2024", "3", "企业工资表", "9850.00", ""]], bureau_admin)
    outcome = _run(tmp_path, [[employee_a.id_number_plain(), "2024", "3", "企业工资表", "9950.00", ""]], bureau_admin)
    assert outcome.updated == 1
    assert IncomeRecord.objects.count() == 2


def test_an_unregistered_person_is_rejected_with_a_hint(bureau_admin, tmp_path):
    from gongjiang.ingest.tests.factories import id_number_make

    outcome = _run(tmp_path, [[id_number_make(seq=77), "2024", "3", "企业工资表", "9850.00", ""]], bureau_admin)
    assert outcome.rejections[0]["message"] == "身份证号对应的人员尚未登记在人才库。"


def test_overtime_above_gross_is_rejected(bureau_admin, employee_a, tmp_path):
    outcome = _run(tmp_path, [[employee_a.id_number_plain(), "2024", "3", "企业工资表", "100", "200"]], bureau_admin)
    assert outcome.rejections[0]["column"] in ("overtime_pay", "其中：加班工资（元）")


def test_enterprise_hr_may_not_import_incomes(hr_a):
    assert not kind_get("income_records").permission(hr_a)


def test_an_import_that_wrote_records_queues_the_snapshot_rebuild(bureau_admin, employee_a, tmp_path,
                                                                    django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        _run(tmp_path, [[employee_a.id_number_plain(), "2024", "3", "企业工资表", "9850.00", ""]], bureau_admin)
    task = DBTaskResult.objects.get()
    assert task.task_path == "gongjiang.income.tasks.income_snapshot_rebuild"
    assert task.args_kwargs["kwargs"] == {"year": 2024}


def test_the_rebuild_task_builds_the_snapshot(bureau_admin, employee_a, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 1  # one month of pay counts here (annualised)
    from gongjiang.income.services import income_record_submit
    from gongjiang.income.store import snapshot_load
    from gongjiang.income.tasks import income_snapshot_rebuild

    income_record_submit(actor=bureau_admin, worker=employee_a, year=2024, month=1, source="payroll",
                         gross_pay=Decimal("5000"))
    assert income_snapshot_rebuild.call(year=2024) == 1
    assert snapshot_load(2024).columns["pay_paid"].tolist() == [500000]
