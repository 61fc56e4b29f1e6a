"""Issue 2: bureau staff open a worker and see the archive timeline; enterprise HR cannot open a worker
of another enterprise."""

import re

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_bureau_staff_opens_worker_and_sees_archive_timeline(page, platform):
    login(page, platform, "bureau_staff")
    page.click("text=人才库")
    page.fill("input[name=q]", "")
    page.select_option("select[name=grade_min]", "4")  # 高级工及以上
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    first = page.locator("[data-testid=worker-table] tbody a").first
    name = first.inner_text()
    first.click()
    assert page.locator("[data-testid=worker-name]").inner_text() == name
    timeline = page.locator("[data-testid=archive-timeline] li")
    assert timeline.count() >= 2
    kinds = set(timeline.evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert {"employment", "certificate"} <= kinds
    masked = page.locator("[data-testid=id-number]").inner_text()
    assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", masked)
    page.click("text=查看完整信息")
    page.wait_for_selector("[data-testid=personal-data-revealed]")
    full = page.locator("[data-testid=id-number]").inner_text()
    assert re.fullmatch(r"\d{17}[\dX]", full)
    assert full[-4:] == masked[-4:]


def test_hr_cannot_open_worker_of_another_enterprise(page, platform):
    login(page, platform, "hr2")
    page.goto(f"{platform}/registry/workers/")
    href = page.locator("[data-testid=worker-table] tbody a").first.get_attribute("href")
    page.click("text=退出")
    login(page, platform, "hr")
    page.goto(f"{platform}/registry/workers/")
    own = page.locator("[data-testid=worker-table] tbody a").first
    own_href = own.get_attribute("href")
    response = page.goto(f"{platform}{own_href}")
    assert response.status == 200
    response = page.goto(f"{platform}{href}")
    assert response.status == 404
    assert "无权查看" in page.locator("[data-testid=not-found]").inner_text()


def test_worker_sees_own_archive_in_english_too(page, platform):
    login(page, platform, "worker")
    page.goto(f"{platform}/registry/me/")
    assert page.locator("[data-testid=archive-timeline] li").count() >= 3
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "My lifelong skills archive"
    assert page.locator("[data-testid=archive-timeline] li").count() >= 3
