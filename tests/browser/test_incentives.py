"""Issue 5: an officer drafts a parameter change and sees the what-if, a second officer approves,
the monthly run decides and opens the payment, and the worker sees the explanation clause by
clause."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

POLICY = "dinghai-2025-post-subsidy"
CITATION = "浏览器测试：技师岗位补贴调整"


def _logout(page, platform):
    page.context.clear_cookies()


def test_draft_whatif_approve_run_and_worker_sees_explanation(page, platform):
    # the officer drafts a higher technician rate and previews it
    login(page, platform, "bureau_staff")
    page.goto(f"{platform}/incentives/policies/{POLICY}/")
    page.fill("input[name=change_note]", "技师档提高到500元")
    page.click("[data-testid=new-draft]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=version-status]").inner_text() == "草稿"
    draft_url = page.url
    page.select_option("#id_p-name", "amount_technician")
    page.fill("#id_p-value", "500")
    page.fill("#id_p-effective_from", "2025-01-01")
    page.fill("#id_p-citation", CITATION)
    page.click("[data-testid=parameter-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert CITATION in page.locator("[data-testid=parameters]").inner_text()
    page.fill("#id_w-first", "2025-12-01")
    page.fill("#id_w-last", "2025-12-31")
    page.click("[data-testid=whatif-run]")
    page.wait_for_load_state("networkidle")
    assert "人数变化" in page.locator("[data-testid=whatif-summary]").inner_text()
    page.click("[data-testid=submit-version]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=version-status]").inner_text() == "待审批"
    # the drafter is not offered approval; a second officer approves
    assert page.locator("[data-testid=approve-version]").count() == 0
    _logout(page, platform)
    login(page, platform, "bureau_admin")
    page.goto(draft_url)
    page.click("[data-testid=approve-version]")
    page.wait_for_load_state("networkidle")
    # publishing asks for the earlier policy continued (继续给予, issue 17 §7); none is recorded
    assert "尚未登记延续的原政策" in page.content()
    assert page.locator("[data-testid=version-status]").inner_text() == "待审批"
    page.goto(f"{platform}/incentives/policies/{POLICY}/")
    assert "尚未登记延续的原政策" in page.locator("[data-testid=predecessor-warning]").inner_text()
    page.fill("[data-testid=predecessor-form] input[name=note]", "经核实，定海区此前无岗位补贴政策")
    page.click("[data-testid=predecessor-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=predecessor-warning]").count() == 0
    page.goto(draft_url)
    page.click("[data-testid=approve-version]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=version-status]").inner_text() == "已发布"
    # the monthly run for December 2025
    page.goto(f"{platform}/incentives/run/")
    page.fill("#id_month", "2025-12-15")
    page.click("[data-testid=run-month]")
    page.wait_for_load_state("networkidle")
    assert "计算完成" in page.content()
    # the worker sees the explanation on the archive page and clause by clause
    _logout(page, platform)
    login(page, platform, "worker")
    page.goto(f"{platform}/registry/me/")
    section = page.locator("[data-testid=incentive-decisions]")
    assert "技师高级技师岗位补贴" in section.inner_text()
    section.locator("a", has_text="逐条说明").first.click()
    page.wait_for_load_state("networkidle")
    trace = page.locator("[data-testid=decision-trace]").inner_text()
    assert "企业一线岗位" in trace
    assert "在岗口径：当月最后一天在岗" in page.locator("[data-testid=decision-note]").first.inner_text()
    assert "定政发〔2025〕4号" in page.content()
