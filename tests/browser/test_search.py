"""Issue 4 in the browser: an HR user searches, filters, shortlists and exports."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _index_rebuilt(browser, platform) -> None:
    """demo_load writes the registry directly; the bureau administrator rebuilds the search index."""
    context = browser.new_context(locale="zh-CN")
    admin = context.new_page()
    login(admin, platform, "bureau_admin")
    admin.goto(f"{platform}/search/index/")
    admin.click("text=重建检索文档")
    admin.wait_for_load_state("networkidle")
    assert int(admin.get_by_test_id("doc-count").inner_text()) > 0
    context.close()


def test_hr_searches_filters_shortlists_and_exports(browser, page, platform):
    _index_rebuilt(browser, platform)
    # given an HR user on the search page
    login(page, platform, "hr")
    page.click("nav >> text=人才检索")
    page.wait_for_load_state("networkidle")
    # when they search without conditions, results come with reasons and facets
    rows = page.get_by_test_id("search-results").locator("tbody tr[data-worker]")
    assert rows.count() > 0
    assert "职业：" in page.get_by_test_id("search-results").inner_text() \
        or "最近活动" in page.get_by_test_id("search-results").inner_text()
    assert "按等级" in page.get_by_test_id("facets").inner_text()
    # when they filter on a minimum grade
    page.select_option("select[name=grade_min]", "3")
    page.click("button:has-text('检索')")
    page.wait_for_load_state("networkidle")
    page.wait_for_url("**grade_min=3**")
    assert rows.count() > 0
    grades = page.get_by_test_id("search-results").locator("tbody td:nth-child(2)").all_inner_texts()
    assert not any(g.startswith(("初级工", "学徒工", "—")) for g in grades)
    # and shortlist the first match
    first = rows.first
    first.locator("button:has-text('加入候选名单')").click()
    page.locator("text=已加入候选名单").first.wait_for()  # in the row (htmx) or as a page message
    # then the shortlist holds them, can be annotated and exported
    page.click("nav >> text=候选名单")
    page.click("text=我的候选名单")
    table = page.get_by_test_id("shortlist")
    assert table.locator("tbody tr").count() == 1
    table.locator("input[name=note]").fill("下周面试")
    table.locator("button:has-text('保存备注')").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("shortlist").locator("input[name=note]").input_value() == "下周面试"
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert sheet.cell(row=1, column=1).value == "姓名"
    assert sheet.cell(row=2, column=7).value == "下周面试"
