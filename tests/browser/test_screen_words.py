"""Issue 10 (Show): every role walks its navigation and the pages they link to, in a real browser,
and no visible text carries an engineering name — snake_case words, `#12` object names, our
requirement numbers (R7.2) — nor does any offered link end in a refusal. Collapsed technical views
(`<details>` closed) are not visible text, which is what the bureau's raw names are allowed in.

Log-in names are what people type, not code: the demo's (`bureau_staff`…) are masked before
matching, wherever they appear (the user's own box, the audit log's 操作人 column)."""

import re

import pytest

from gongjiang.demo.accounts import DEMO_USERNAMES
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

RAW = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|#\d+|\bR\d+\.\d+\b")
ROLES = ["bureau_admin", "bureau_staff", "hr", "worker", "trainer", "evaluator"]
SKIP = re.compile(r"/admin/|/accounts/logout|export|\.(xlsx|csv|pdf)(\?|$)|/api/")
PER_PATTERN = 2  # pages of one kind (e.g. /registry/workers/N/) visited per role


def _visible(page) -> str:
    text = page.locator("main").inner_text()
    for name in sorted(DEMO_USERNAMES, key=len, reverse=True):
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", "·", text)
    return text


def _walk(page, platform: str) -> tuple[dict[str, list[str]], set[str]]:
    """Every link of the navigation and the home page, and the links of those pages one step on."""
    page.goto(f"{platform}/")
    start = [page.url.removeprefix(platform)]
    start += [a.get_attribute("href") for a in page.locator("nav.mainnav a, .tiles a").all()]
    queue, depth, seen, per_kind, found = list(start), dict.fromkeys(start, 0), set(), {}, {}
    while queue:
        url = queue.pop(0)
        if not url or url in seen or SKIP.search(url) or not url.startswith("/"):
            continue
        kind = re.sub(r"\d+", "N", url.split("?")[0])
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if per_kind[kind] > PER_PATTERN:
            continue
        seen.add(url)
        response = page.goto(platform + url)
        assert response.status < 400, f"{url} answered {response.status}"
        hits = sorted(set(RAW.findall(_visible(page))))
        if hits:
            found[url] = hits
        if depth[url] < 1:
            for a in page.locator("main a").all()[:60]:
                href = a.get_attribute("href")
                if href and href.startswith("/") and href not in depth:
                    depth[href] = depth[url] + 1
                    queue.append(href)
    return found, seen


@pytest.fixture(scope="module")
def with_claims(browser, platform):
    """A monthly run, so claims and decisions exist to be walked to (October 2025)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    login(page, platform, "bureau_staff")
    page.goto(f"{platform}/incentives/run/")
    page.fill("#id_month", "2025-10-15")
    page.click("[data-testid=run-month]")
    page.wait_for_load_state("networkidle")
    context.close()
    return platform


@pytest.mark.parametrize("role", ROLES)
def test_no_raw_identifier_on_any_page_a_role_is_offered(page, with_claims, role):
    login(page, with_claims, role)
    found, visited = _walk(page, with_claims)
    assert len(visited) >= 3, visited  # the walk reached the role's pages
    assert found == {}, f"{role}: raw identifiers on screen: {found}"


def test_english_mode_names_languages_in_their_own_names_and_money_in_english(page, with_claims):
    login(page, with_claims, "worker")
    options = page.locator("select[name=language] option").all_inner_texts()
    assert options == ["简体中文", "English"]
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")  # the menu submits itself
    assert page.locator("select[name=language] option").all_inner_texts() == ["简体中文", "English"]
    page.goto(f"{with_claims}/incentives/mine/")
    link = page.locator("[data-testid=incentive-decisions] a", has_text="Condition-by-condition").first
    link.click()
    page.wait_for_load_state("networkidle")
    facts = page.locator("dl.facts").inner_text()
    assert "yuan" in facts
    assert "元" not in facts
    trace = page.locator("[data-testid=decision-trace]").inner_text()
    assert "Front-line post" in trace
