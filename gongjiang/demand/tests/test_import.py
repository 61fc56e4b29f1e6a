"""Demand sheets through the ingest machinery (issue 15; ADR 0007): the downloaded template, filled
in Excel, imported by enterprise HR; bad rows reported by row and column, good rows written whole;
the same file again changes nothing."""

import io
from datetime import date

import openpyxl

from gongjiang.demand.models import DemandFiling, JobSeekerCount
from gongjiang.ingest.blank import template_build
from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get

TODAY = date(2026, 3, 10)


def _sheet(tmp_path, rows):
    """The real template (header row as downloaded), with `rows` filled in from row 2."""
    book = openpyxl.load_workbook(io.BytesIO(template_build(kind_get("demand_filings"))))
    sheet = book["数据"]
    headers = [cell.value.rstrip("*") for cell in sheet[1] if cell.value]
    for line, values in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=line, column=column, value=values.get(header))
    path = tmp_path / "需求.xlsx"
    book.save(path)
    return path


GOOD = {"职业（工种）": "6-18-02-04 焊工", "技能等级": "高级工", "需求人数": 5, "拟提供月工资（元）": 7500,
        "希望到岗日期": date(2026, 6, 30), "已发布招聘岗位数": 5, "应聘人数": 10, "符合要求的应聘人数": 2,
        "岗位空缺周数": 9, "已招满": "否"}


def test_hr_imports_the_template_and_bad_rows_are_reported_by_row_and_column(tmp_path, hr_a):
    rows = [GOOD,
            {**GOOD, "职业（工种）": "电焊工人", "技能等级": "技师"},  # unknown occupation
            {**GOOD, "技能等级": "中级工", "需求人数": 0},  # headcount zero
            {**GOOD, "技能等级": "技师", "拟提供月工资（元）": 1500},  # below the minimum wage
            {**GOOD, "技能等级": "高级技师", "希望到岗日期": date(2026, 1, 5)},  # in the past
            {**GOOD, "职业（工种）": "养老护理员", "技能等级": "初级工", "需求人数": 3}]
    outcome = import_file(kind=kind_get("demand_filings"), path=_sheet(tmp_path, rows), actor=hr_a, today=TODAY)
    assert (outcome.created, outcome.rejected) == (2, 4)
    problems = {(r["line"], r["column"]): r["message"] for r in outcome.rejections}
    assert "不存在" in problems[(3, "职业（工种）")]
    assert "焊工" in problems[(3, "职业（工种）")]
    assert "至少为1人" in problems[(4, "需求人数")]
    assert "最低工资标准" in problems[(5, "拟提供月工资（元）")]
    assert "已经过去" in problems[(6, "希望到岗日期")]
    assert sorted(DemandFiling.objects.values_list("occupation__code", flat=True)) == ["4-10-01-05", "6-18-02-04"]


def test_importing_the_same_sheet_again_changes_nothing_and_a_changed_row_revises(tmp_path, hr_a):
    kind = kind_get("demand_filings")
    import_file(kind=kind, path=_sheet(tmp_path, [GOOD]), actor=hr_a, today=TODAY)
    again = import_file(kind=kind, path=_sheet(tmp_path, [GOOD]), actor=hr_a, today=TODAY)
    assert (again.created, again.unchanged) == (0, 1)
    changed = import_file(kind=kind, path=_sheet(tmp_path, [{**GOOD, "需求人数": 7}]), actor=hr_a, today=TODAY)
    assert changed.updated == 1
    filing = DemandFiling.objects.get()
    assert filing.headcount == 7
    assert [h.values["headcount"] for h in filing.history.all()] == [5, 7]


def test_a_dry_run_writes_nothing(tmp_path, hr_a):
    import_file(kind=kind_get("demand_filings"), path=_sheet(tmp_path, [GOOD]), actor=hr_a, today=TODAY, dry_run=True)
    assert not DemandFiling.objects.exists()


def test_demand_sheets_are_for_enterprise_hr_and_job_seekers_for_the_bureau(hr_a, bureau_staff):
    assert kind_get("demand_filings").permission(hr_a)
    assert not kind_get("demand_filings").permission(bureau_staff)
    assert kind_get("job_seekers").permission(bureau_staff)
    assert not kind_get("job_seekers").permission(hr_a)


def test_job_seeker_counts_import(tmp_path, bureau_staff):
    path = tmp_path / "求职.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["职业（工种）代码", "技能等级", "区县", "月份", "求职人数"])
    book.active.append(["6-18-02-04", "高级工", "330902", date(2026, 2, 1), 4])
    book.active.append(["6-18-02-04", "高级工", "定海区", date(2026, 3, 1), -1])
    book.save(path)
    outcome = import_file(kind=kind_get("job_seekers"), path=path, actor=bureau_staff, today=TODAY)
    assert (outcome.created, outcome.rejected) == (1, 1)
    assert JobSeekerCount.objects.get().seekers == 4
