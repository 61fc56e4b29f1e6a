"""Issue 16 "Show": the public portal opened without logging in, each of its links followed and
rendering in Chinese; the English switch; the print stylesheet hides navigation and forms."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


def test_the_portal_opens_without_logging_in_and_every_link_renders_in_chinese(page, platform):
    page.goto(f"{platform}/public/")
    assert page.locator("h1").inner_text() == "技能人才公共服务"
    assert "登录" in page.locator("header.topbar").inner_text()
    links = page.locator("[data-testid=portal-link]")
    targets = [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert len(targets) >= 10
    for label, href in targets:
        response = page.goto(f"{platform}{href}")
        assert response.status == 200, href
        assert "/accounts/login/" not in page.url, href  # opened without logging in
        heading = page.locator("main h1").first.inner_text()
        assert CJK.search(heading), (href, heading)
        assert CJK.search(page.locator("main").inner_text()), href
        page.go_back()
        assert label in page.locator("main").inner_text()


def test_the_public_pages_show_the_policies_and_the_published_wage_levels(page, platform):
    page.goto(f"{platform}/incentives/public/")
    assert page.locator("[data-testid=policy-document]").count() >= 1
    assert "定政发〔2025〕4号" in page.locator("main").inner_text()
    assert "1600 元" in page.locator("main").inner_text()
    page.goto(f"{platform}/income/public/")
    assert page.locator("[data-testid=public-wage-table] tbody tr").count() >= 1
    assert "不公布任何人的收入" in page.locator("main").inner_text()


def test_the_portal_switches_to_english_and_back(page, platform):
    page.goto(f"{platform}/public/")
    # The switch submits a form: wait for the new page's heading, not for the old page's network.
    page.select_option("header .lang select", "en")
    expect(page.locator("h1")).to_have_text("Public services for skilled workers")
    page.select_option("header .lang select", "zh-hans")
    expect(page.locator("h1")).to_have_text("技能人才公共服务")


def test_printing_hides_the_navigation_and_the_forms(page, platform):
    page.goto(f"{platform}/income/public/")
    page.emulate_media(media="print")
    assert not page.locator("header .lang").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert page.locator("[data-testid=public-wage-table]").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
