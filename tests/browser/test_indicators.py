"""Issue 16: a bureau account lands on its targets' progress at `/`: every target with its
citation, the calendar's expectation and the gap, what needs action today, the ECharts drawn, and
each figure leading to the list behind it; the ranking page and the targets page open from it."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_bureau_lands_on_progress_against_its_targets(page, platform):
    login(page, platform, "bureau_staff")
    page.goto(f"{platform}/")
    page.wait_for_load_state("networkidle")
    assert "目标与指标进度" in page.locator("h1").inner_text()
    progress = page.locator("[data-testid=progress]")
    text = progress.inner_text()
    assert "定政發〔2025〕4號" in text
    assert "技能人才总量" in text
    assert any(word in text for word in ("按进度", "落后于进度", "已完成", "未完成"))
    assert page.locator("[data-testid=progress] abbr").first.get_attribute("title")  # the definition on hover
    assert page.locator("#progress-chart canvas").count() == 1  # ECharts drew the completion chart
    page.locator("[data-testid=indicators] tr[data-indicator=skilled_total] a").click()
    page.wait_for_load_state("networkidle")
    assert "/registry/workers/" in page.url
    assert "district=330902" in page.url


def test_the_ranking_and_the_targets_open_from_the_home_page(page, platform):
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/")
    page.click("text=指标晾晒")
    page.wait_for_load_state("networkidle")
    assert "定海区" in page.locator("[data-testid=ranking]").inner_text()
    page.goto(f"{platform}/indicators/targets/")
    targets = page.locator("[data-testid=targets]").inner_text()
    assert "滬就辦〔2024〕1號" in targets
    assert "112700" in targets
