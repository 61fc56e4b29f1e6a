"""`gongjiang wages publish|build` (issue 6 §6)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from gongjiang.income.services import income_record_submit
from gongjiang.income.store import snapshot_load
from gongjiang.income.tests.worlds import city_snapshot

pytestmark = pytest.mark.django_db


def test_publish_writes_the_excel_table(tmp_path):
    city_snapshot()
    out = tmp_path / "wages.xlsx"
    call_command("wages", "publish", "--year", "2024", "--out", str(out))
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "2024年分职业（工种）分技能等级工资价位表"
    assert sheet.cell(row=4, column=3).value == "全部等级"


def test_publish_by_district_writes_csv_with_a_district_column(tmp_path):
    city_snapshot()
    out = tmp_path / "wages.csv"
    call_command("wages", "publish", "--year", "2024", "--by", "district", "--out", str(out))
    with out.open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert header[2] == "区县"


def test_publish_refuses_another_file_type(tmp_path):
    city_snapshot()
    with pytest.raises(CommandError, match=r"扩展名应为 \.xlsx 或 \.csv"):
        call_command("wages", "publish", "--year", "2024", "--out", str(tmp_path / "wages.pdf"))


def test_publish_of_a_year_without_data_explains_what_to_do(tmp_path):
    with pytest.raises(CommandError, match="wages build --year 2019"):
        call_command("wages", "publish", "--year", "2019", "--out", str(tmp_path / "w.csv"))


def test_build_makes_the_snapshot_from_records(bureau_admin, employee_a):
    for month in range(1, 13):
        income_record_submit(actor=bureau_admin, worker=employee_a, year=2024, month=month, source="payroll",
                             gross_pay=Decimal("8000"))
    call_command("wages", "build", "--year", "2024")
    assert snapshot_load(2024).columns["pay"].tolist() == [12 * 800000]


def test_build_leaves_part_year_workers_out_of_annual_pay_and_says_so(bureau_admin, employee_a, employee_b):
    # issue 11 §1: a worker paid January–June only is not a full year's pay (按年计算)
    for month in range(1, 13):
        income_record_submit(actor=bureau_admin, worker=employee_a, year=2024, month=month, source="payroll",
                             gross_pay=Decimal("8000"))
    for month in range(1, 7):
        income_record_submit(actor=bureau_admin, worker=employee_b, year=2024, month=month, source="payroll",
                             gross_pay=Decimal("8000"))
    out = io.StringIO()
    call_command("wages", "build", "--year", "2024", stdout=out)
    snap = snapshot_load(2024)
    assert snap.columns["worker"].tolist() == [employee_a.pk]
    assert snap.annual_rule == {"min_months": 12, "excluded": 1, "annualised": 0}
    assert "1 人全年工作不足12个月，不计入年度统计" in out.getvalue()


def test_build_annualises_pay_of_workers_with_enough_months_when_so_set(bureau_admin, employee_a, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 6
    for month in range(7, 13):
        income_record_submit(actor=bureau_admin, worker=employee_a, year=2024, month=month, source="payroll",
                             gross_pay=Decimal("8000.01"))
    call_command("wages", "build", "--year", "2024")
    snap = snapshot_load(2024)
    assert snap.columns["pay"].tolist() == [12 * 800001]  # 6 months × 8,000.01 × 12 ÷ 6
    assert snap.columns["pay_paid"].tolist() == [6 * 800001]
    assert snap.columns["base_monthly"].tolist() == [800001]  # pay per month worked: unchanged
