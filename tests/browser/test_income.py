"""Issue 6: the statistics office (bureau roles for now) opens the wage price levels, filters to an
occupation subtree and a district, and downloads the Excel publication table.

This module starts its own platform (as `platform` does) because the demo incomes must be generated
after `demo_load`: `income_demo_load` is not yet part of `./run demo`."""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import _free_port, _manage, login

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def income_platform(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # SQLite of its own: this module only reads aggregates
    folder = tmp_path_factory.mktemp("income_platform")
    env["GONGJIANG_SQLITE_PATH"] = str(folder / "income.sqlite3")
    env["GONGJIANG_FAST_PASSWORD_HASHER"] = "1"
    _manage(env, "migrate", "--noinput")
    _manage(env, "demo_load", "--workers", "400", "--quiet")
    _manage(env, "income_demo_load", "--years", "2023", "2024")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gongjiang.manage", "runserver", f"127.0.0.1:{port}",
                               "--noreload"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=Path(__file__).resolve().parents[2])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310 (loopback only)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the platform did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_statistics_office_filters_wage_levels_and_downloads_excel(page, income_platform):
    login(page, income_platform, "bureau_admin")
    page.goto(f"{income_platform}/income/")
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
