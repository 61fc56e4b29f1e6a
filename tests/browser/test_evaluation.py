"""Issue 13: the demo agency scores a batch and publishes it for its 公示, issues the certificates
of a batch whose 公示 has ended; anyone verifies a certificate on the public page without logging
in; the bureau revokes it; the page and the offline command then say revoked."""

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser
PROJECT = Path(__file__).resolve().parents[2]


def _batch_with_status(page, platform, status_label):
    page.goto(f"{platform}/evaluation/batches/")
    row = page.locator("[data-testid=batch-table] tbody tr", has_text=status_label).first
    row.locator("a").first.click()
    page.wait_for_load_state("networkidle")


def test_agency_runs_a_batch_public_page_verifies_bureau_revokes(page, browser, platform, tmp_path):
    login(page, platform, "evaluator")
    assert page.locator("[data-testid=no-tiles]").count() == 0
    page.click("text=技能评价")
    assert page.locator("[data-testid=my-agency]").count() == 1

    # A planned batch: enter every score, then publish for the 5-working-day 公示.
    _batch_with_status(page, platform, "计划中")
    for field in page.locator("input[name^=theory_], input[name^=practical_]").all():
        field.fill("85")
    page.click("[data-testid=save-scores]")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.locator(".messages").inner_text()
    page.click("[data-testid=publish]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=batch-status]").inner_text() == "公示中"
    page.click("[data-testid=issue]")
    page.wait_for_load_state("networkidle")
    assert "期满后方可发证" in page.locator(".messages").inner_text()

    # The demo batch whose 公示 has ended: issue, then open a certificate.
    page.goto(f"{platform}/evaluation/batches/?status=in_notice")
    rows = page.locator("[data-testid=batch-table] tbody tr")
    rows.last.locator("a").first.click()  # the earlier one (the list is newest first)
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=issue]")
    page.wait_for_load_state("networkidle")
    assert "已颁发" in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=batch-status]").inner_text() == "已发证"
    assert page.locator("[data-testid=report-due]").count() == 1
    page.locator("[data-testid=certificate-link]").first.click()
    page.wait_for_load_state("networkidle")
    number = page.locator("[data-testid=certificate-number]").inner_text()
    assert re.fullmatch(r"S\d{21}", number)
    assert page.locator("[data-testid=qr] svg").count() == 1
    link = page.locator("[data-testid=verify-link]").get_attribute("href")
    credential = link.split("?c=", 1)[1]

    # Anyone, with no log-in, in a fresh browser context.
    anonymous = browser.new_context(locale="zh-CN").new_page()
    anonymous.goto(link)
    assert anonymous.locator("[data-testid=verify-status]").inner_text() == "有效"
    assert anonymous.locator("[data-testid=verified-number]").inner_text() == number
    anonymous.goto(f"{platform}/evaluation/verify/?c={credential[:-4]}AAAA")
    assert anonymous.locator("[data-testid=verify-status]").inner_text() == "无效"

    # The bureau revokes it with a reason.
    page.context.clear_cookies()
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/evaluation/certificates/?q={number}")
    page.locator("[data-testid=certificate-table] tbody a").first.click()
    page.click("[data-testid=revoke]")
    page.fill("textarea[name=reason]", "浏览器测试：冒名顶替")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert "已撤销" in page.locator("[data-testid=certificate-status]").inner_text()

    anonymous.goto(link)
    assert anonymous.locator("[data-testid=verify-status]").inner_text() == "已撤销"
    assert "冒名顶替" in anonymous.locator("[data-testid=verify-message]").inner_text()

    # The offline command, with only the published files.
    for name, url in (("keys.json", "/evaluation/keys.json"), ("revocations.jws", "/evaluation/revocations.jws")):
        (tmp_path / name).write_bytes(urllib.request.urlopen(platform + url).read())  # noqa: S310 (loopback)
    (tmp_path / "cert.jwt").write_text(credential, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "gongjiang.manage", "certificates", "verify",
                             str(tmp_path / "cert.jwt"), "--keys", str(tmp_path / "keys.json"),
                             "--revocations", str(tmp_path / "revocations.jws")], cwd=PROJECT, capture_output=True,
                            text=True, timeout=120, env={"PATH": "/usr/bin:/bin",
                                                         "GONGJIANG_SQLITE_PATH": str(tmp_path / "none.sqlite3")})
    assert result.returncode == 1
    assert result.stdout.startswith("已撤销")
    assert "冒名顶替" in result.stdout
    # The W3C Bitstring Status List alone says revoked too (the bit at the certificate's index).
    (tmp_path / "status.jws").write_bytes(urllib.request.urlopen(platform + "/evaluation/status/1").read())  # noqa: S310
    by_bit = subprocess.run([sys.executable, "-m", "gongjiang.manage", "certificates", "verify",
                             str(tmp_path / "cert.jwt"), "--keys", str(tmp_path / "keys.json"),
                             "--status-list", str(tmp_path / "status.jws")], cwd=PROJECT, capture_output=True,
                            text=True, timeout=120, env={"PATH": "/usr/bin:/bin",
                                                         "GONGJIANG_SQLITE_PATH": str(tmp_path / "none.sqlite3")})
    assert by_bit.returncode == 1, by_bit.stdout + by_bit.stderr
    assert by_bit.stdout.startswith("已撤销")
