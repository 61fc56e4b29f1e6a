"""Issue 16 "Show": each role's home page in the browser — the figures of its own work, each a link
that opens the list behind it (never a refusal), HR's chart drawn by ECharts, the worker's career
guidance on the archive."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _figures_open(page, platform) -> int:
    """Follow every figure's link from the home page; each must open (200). Returns how many."""
    page.goto(f"{platform}/")
    links = page.locator("a.figure").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    for href in sorted(set(links)):
        response = page.goto(f"{platform}{href}")
        assert response.status == 200, href
    page.goto(f"{platform}/")
    return len(links)


def test_hr_home_shows_employees_by_grade_with_a_chart_that_opens_the_list(page, platform):
    login(page, platform, "hr")
    assert page.locator("[data-testid=home-staff]").count() == 1
    page.wait_for_selector("#grade-chart svg")  # drawn by ECharts (vendored, no internet)
    assert page.locator("[data-testid=home-claims]").count() == 1
    assert page.locator("[data-testid=home-demand]").count() == 1
    total = int(page.locator("[data-figure=staff-total] b").inner_text())
    by_grade = page.locator("a.figure[data-figure^=grade-] b").all_inner_texts()
    assert total == sum(int(n) for n in by_grade) > 0
    # the figure of one grade opens the list of exactly those employees
    first = page.locator("a.figure[data-figure^=grade-]").first
    count, label = int(first.locator("b").inner_text()), first.locator("span").inner_text()
    first.click()
    page.wait_for_load_state("networkidle")
    assert label in page.locator("[data-testid=top-grade-filter]").inner_text()
    shown = page.locator("[data-testid=worker-table] tbody tr").count()
    assert shown == min(count, 30)
    assert _figures_open(page, platform) >= 4


def test_worker_home_shows_archive_money_and_next_step_and_the_guidance(page, platform):
    login(page, platform, "worker")
    for part in ("home-archive", "home-money", "home-next-step"):
        assert page.locator(f"[data-testid={part}]").count() == 1, part
    assert _figures_open(page, platform) >= 4
    page.click("[data-testid=guidance-link]")
    page.wait_for_load_state("networkidle")
    guidance = page.locator("[data-testid=career-guidance]")
    assert guidance.is_visible()
    assert page.locator("[data-testid=ladder] li").count() == 8
    text = guidance.inner_text()
    assert "申报条件" in text
    assert "技能人才与专业技术人才贯通" in text


def test_trainer_home_shows_its_classes_and_what_is_due(page, platform):
    login(page, platform, "trainer")
    assert page.locator("[data-testid=home-classes]").count() == 1
    assert page.locator("[data-testid=home-due]").count() == 1
    assert _figures_open(page, platform) >= 4


def test_evaluator_home_shows_batches_and_deadlines(page, platform):
    login(page, platform, "evaluator")
    assert page.locator("[data-testid=home-batches]").count() == 1
    assert page.locator("[data-testid=home-deadlines]").count() == 1
    assert _figures_open(page, platform) >= 3


def test_organiser_home_shows_events_and_what_is_due(page, platform):
    login(page, platform, "organiser")
    assert page.locator("[data-testid=home-events]").count() == 1
    assert _figures_open(page, platform) == 4


def test_bureau_staff_see_the_guidance_on_a_workers_archive(page, platform):
    login(page, platform, "bureau_staff")
    page.goto(f"{platform}/registry/workers/?grade_min=2")
    page.locator("[data-testid=worker-table] tbody a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=career-guidance]").is_visible()
