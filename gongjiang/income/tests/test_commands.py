"""`gongjiang wages publish|build` (issue 6 §6)."""

import csv
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
    income_record_submit(actor=bureau_admin, worker=employee_a, year=2024, month=1, source="payroll",
                         gross_pay=Decimal("8000"))
    call_command("wages", "build", "--year", "2024")
    assert snapshot_load(2024).columns["pay"].tolist() == [800000]
