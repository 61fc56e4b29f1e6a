"""Issue 6: the statistics office (bureau roles for now) opens the wage price levels, filters to an
occupation subtree and a district, and downloads the Excel publication table."""

import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_statistics_office_filters_wage_levels_and_downloads_excel(page, platform):
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/income/")
    page.fill("input[name=occupation]", "6")
    page.select_option("select[name=by]", "district")
    page.select_option("select[name=district]", "330902")
    page.click("[data-testid=wage-filters] button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("[data-testid=wage-table] tbody tr")
    assert rows.count() > 0
    codes = set(page.locator("[data-testid=wage-table] tbody tr td:first-child").all_inner_texts())
    assert all(code == "6" or code.startswith("6-") for code in codes)
    districts = set(page.locator("[data-testid=wage-table] tbody tr td:nth-child(3)").all_inner_texts())
    assert districts <= {"定海区", "合计"}
    with page.expect_download() as download_info:
        page.click("[data-testid=download-xlsx]")
    target = Path(tempfile.mkdtemp()) / "wages.xlsx"
    download_info.value.save_as(target)
    sheet = load_workbook(target).active
    assert "分职业（工种）分技能等级工资价位表" in sheet["A1"].value
    assert sheet.cell(row=3, column=5).value == "高位数（元/年）"
