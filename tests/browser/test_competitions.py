"""Issue 14: the public sees the competition plan, results in notice and honour quotas without
logging in; an organiser drafts and publishes an event and an unregistered entrant is refused
beside the field; the demo worker's archive shows the title and the promotion a competition gave."""

from datetime import date

import pytest

from gongjiang.registry.tests.factories import id_number_make
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_public_sees_the_plan_results_and_honours_without_logging_in(page, platform):
    page.goto(f"{platform}/competitions/plan/")
    plan = page.locator("[data-testid=plan]")
    assert "青年组" in plan.inner_text()
    assert "成绩公示中" in plan.inner_text()
    page.click("text=电焊工技能竞赛（青年组）")
    page.wait_for_load_state("networkidle")
    assert "公示期至" in page.locator("[data-testid=notice]").inner_text()
    first = page.locator("[data-testid=results] tbody tr").first.inner_text()
    assert "*" in first
    assert "一等奖" in first
    page.click("text=荣誉与认定名单")
    page.wait_for_load_state("networkidle")
    quotas = page.locator("[data-testid=quotas]").inner_text()
    assert "定海名匠" in quotas
    assert "100" in quotas
    assert page.locator("[data-testid=who]").count() == 0  # nobody is logged in


def test_an_organiser_publishes_an_event_and_an_unregistered_entrant_is_refused(page, platform):
    login(page, platform, "organiser")
    page.click("nav >> text=职业技能竞赛")
    page.click("text=拟定竞赛")
    page.fill("#id_name", "浏览器测试焊工竞赛")
    page.select_option("#id_level", "district")
    page.fill("#id_occupation_code", "")
    page.fill("#id_starts_on", "2027-05-10")
    page.fill("#id_ends_on", "2027-05-11")
    page.fill("#id_entry_deadline", "2027-04-30")
    page.fill("#id_places", "20")
    page.click("main form button.primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status]").inner_text() == "草稿"
    page.click("[data-testid=publish]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status]").inner_text() == "已发布（接受报名）"
    # an entrant who is not in the registry: refused beside the field, what was typed kept
    page.fill("[data-testid=entry-form] #id_id_number", id_number_make(region="110101", born=date(1990, 1, 1), seq=7))
    page.fill("[data-testid=entry-form] #id_name", "查无此人")
    page.click("[data-testid=entry-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    form = page.locator("[data-testid=entry-form]").inner_text()
    assert "人才库中没有这个身份证号的人员" in form
    assert page.locator("[data-testid=entry-form] #id_name").input_value() == "查无此人"
    page.context.clear_cookies()
    page.goto(f"{platform}/competitions/plan/")
    assert "浏览器测试焊工竞赛" in page.locator("[data-testid=plan]").inner_text()


def test_the_demo_worker_sees_the_title_and_promotion_in_their_archive(page, platform):
    login(page, platform, "worker")
    page.goto(f"{platform}/registry/me/")
    timeline = page.locator("[data-testid=archive-timeline]").inner_text()
    assert "数控车工职业技能竞赛" in timeline
    assert "技术能手" in timeline
    assert "以赛代评晋级" in timeline
    assert "高级技师" in timeline
