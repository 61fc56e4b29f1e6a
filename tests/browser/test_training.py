"""Issue 12 "Show": an institution files a class, enrols trainees, imports check-ins; the bureau
sees a planted anomaly (machine-clicking), confirms it, and the subsidy for those trainees is not
paid. And the public institution list and the training map open without logging in."""

from datetime import date

import openpyxl
import pytest

from gongjiang.registry.tests.factories import id_number_make
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

DAY = "2025-11-03"
POLICY = "dinghai-2025-training-subsidy"


SLOTS = (("08:00", "10:00"), ("10:10", "12:00"), ("13:00", "16:50"))


def _checkin_file(path, class_id, people):
    """Three check-ins each; the first trainee's seconds vary like a person's, the others' agree
    to the second (machine-clicked)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["班级编号", "身份证号", "姓名", "签到时间", "签退时间", "设备编号"])
    for n, (number, name) in enumerate(people):
        for k, (start, end) in enumerate(SLOTS):
            seconds_in, seconds_out = (13 + 7 * k, 41 - 5 * k) if n == 0 else (0, 0)
            sheet.append([class_id, number, name, f"{DAY} {start}:{seconds_in:02d}", f"{DAY} {end}:{seconds_out:02d}",
                          "FACE-9"])
    book.save(path)
    return path


def test_file_enrol_import_confirm_and_not_paid(page, platform, tmp_path):
    login(page, platform, "trainer")
    assert "报备培训班" in page.locator("nav.mainnav").inner_text()
    page.goto(f"{platform}/training/classes/new/")
    page.select_option("#id_programme", label="焊工（高级工）")
    page.select_option("#id_site", index=1)
    page.fill("#id_name", "浏览器测试焊工班")
    page.fill("#id_teacher", "陈建国")
    page.fill("#id_start_date", DAY)
    page.fill("#id_end_date", DAY)
    page.fill("#id_planned_hours", "8")
    page.fill("#id_capacity", "10")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=class-status]").inner_text().startswith("待审批")
    class_url = page.url
    class_id = int(class_url.rstrip("/").rsplit("/", 1)[1])

    page.context.clear_cookies()
    login(page, platform, "bureau_staff")
    page.goto(class_url)
    page.click("[data-testid=approve]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=class-status]").inner_text().startswith("已批准")

    page.context.clear_cookies()
    login(page, platform, "trainer")
    page.goto(class_url)
    page.click("summary")
    page.fill("#id_day", DAY)
    page.fill("#id_starts", "08:00")
    page.fill("#id_ends", "17:00")
    page.click("form[action$='/session/'] button")
    page.wait_for_load_state("networkidle")
    people = [(id_number_make(seq=480 + i, born=date(1991, 4, 2 + i)), name)
              for i, name in enumerate(["浏览器真学员", "浏览器机点甲", "浏览器机点乙"])]
    for number, name in people:
        page.fill("#id_id_number", number)
        page.fill("#id_name", name)
        page.click("[data-testid=enrol]")
        page.wait_for_load_state("networkidle")
    page.set_input_files("#id_file", str(_checkin_file(tmp_path / "考勤.xlsx", class_id, people)))
    page.click("[data-testid=import-checkins]")
    page.wait_for_load_state("networkidle")
    assert "已导入 9 条签到记录" in page.locator("ul.messages").inner_text()
    page.fill("#id_completed_on", DAY)
    page.click("[data-testid=complete]")
    page.wait_for_load_state("networkidle")
    assert "已登记 3 名学员结业" in page.locator("ul.messages").inner_text()

    page.context.clear_cookies()
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/training/findings/")
    page.click("[data-testid=run-supervision]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{platform}/training/findings/?rule=identical_sequence")
    page.locator("table.grid tbody tr", has_text="浏览器测试焊工班").locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert "精确到秒完全相同" in page.locator("[data-testid=reason]").inner_text()
    page.select_option("#id_status", "confirmed")
    page.fill("#id_outcome", "调取录像：两人未到场")
    page.click("[data-testid=review]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=finding-status]").inner_text() == "确认违规"

    page.goto(f"{platform}/incentives/run/")
    page.fill("#id_month", DAY)
    page.click("[data-testid=run-month]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{platform}/incentives/claims/?policy={POLICY}")
    claims = page.locator("table").inner_text()
    assert "浏览器真学员" in claims
    assert "浏览器机点甲" not in claims
    assert "浏览器机点乙" not in claims


def test_public_list_and_map_open_without_login(page, platform):
    page.goto(f"{platform}/training/public/")
    assert "舟山市海岛职业技能培训学校" in page.locator("[data-testid=public-institutions]").inner_text()
    assert "焊工（高级工）" in page.locator("[data-testid=public-programmes]").inner_text()
    page.goto(f"{platform}/training/public/map/")
    page.wait_for_function("document.querySelector('[data-testid=map-chart] canvas') !== null")
    assert "金塘镇" in page.locator("[data-testid=uncovered]").inner_text()


def test_hr_files_enterprise_training_and_the_bureau_sees_its_fund_use(page, platform):
    # R3.5: the enterprise's HR files an apprenticeship with its spending; the page sets the year's
    # spending against the wage bill from income monitoring; the bureau sees the enterprise too.
    year = date.today().year
    login(page, platform, "hr")
    assert "企业培训" in page.locator("nav.mainnav").inner_text()
    page.goto(f"{platform}/training/enterprise/?year={year}")
    page.select_option("#id_kind", label="新型学徒制")
    page.fill("#id_name", "浏览器测试学徒班")
    page.fill("#id_start_date", f"{year}-01-05")
    page.fill("#id_end_date", f"{year}-01-04")  # before the start: refused, nothing written
    page.fill("#id_trainees", "8")
    page.fill("#id_hours", "120")
    page.fill("#id_spend", "24000")
    page.click("[data-testid=enterprise-training-save]")
    page.wait_for_load_state("networkidle")
    assert "结束日期不能早于开始日期" in page.content()
    page.fill("#id_end_date", f"{year}-06-30")
    page.click("[data-testid=enterprise-training-save]")
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-testid=fund-table]").inner_text()
    assert "24000" in table
    assert "浏览器测试学徒班" in page.content()
    page.context.clear_cookies()
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/training/enterprise/?year={year}")
    assert "24000" in page.locator("[data-testid=fund-table]").inner_text()
    with page.expect_download() as download:
        page.click("[data-testid=fund-export-xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")
