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


def _texts_outside(page, selector: str) -> list[str]:
    """Texts of the chart (ECharts' SVG renderer) that stick out of its box."""
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return [...document.querySelectorAll(selector + ' svg text')].filter((t) => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                                   || r.bottom > box.bottom + 1);
        }).map((t) => t.textContent);
    }""", selector)


def test_wage_chart_keeps_its_rotated_labels_inside(page, platform):
    # issue 10 item 20: rotated x-axis labels were clipped
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/income/?level=1")  # major groups: cells large enough to publish in the small demo
    page.wait_for_selector("#wage-chart svg text")
    labels = page.locator("#wage-chart svg text").all_text_contents()
    categories = [t for t in labels if t and not t.replace(",", "").isdigit()
                  and t not in {"元/年", "低位数", "中位数", "高位数"}]
    assert len(categories) >= 3  # occupation × grade labels are drawn
    assert _texts_outside(page, "#wage-chart") == []


def test_evaluation_chart_has_a_legend_and_starts_at_the_first_period(page, platform):
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/income/evaluation/")
    page.wait_for_selector("#event-chart svg text")
    texts = page.locator("#event-chart svg text").all_text_contents()
    assert {"效应", "95%下限", "95%上限"} <= set(texts)
    assert _texts_outside(page, "#event-chart") == []
    gap = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('event-chart'))
                                      .getOption().xAxis[0].boundaryGap""")
    assert gap is False  # the first period sits on the axis start, no empty band before it
