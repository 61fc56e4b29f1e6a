"""Demand and the shortage catalogue in the browser (issue 15): HR files demand from the Excel
template; the bureau computes the draft and publishes it; the catalogue the post subsidy reads
changes on the edition's first day; the public page, without logging in, shows it with reasons."""

import io
from datetime import date, timedelta

import openpyxl
import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

NEW = "2-02-38-01"  # 人工智能工程技术人员: not in the shipped demo catalogue


def test_public_catalogue_without_login(page, platform):
    page.goto(f"{platform}/accounts/login/")
    page.get_by_test_id("public-catalogue-link").click()
    page.wait_for_selector("[data-testid=public-catalogue]")
    table = page.get_by_test_id("public-catalogue")
    assert "焊工" in table.inner_text()
    assert "船舶修造" in table.inner_text()  # the reason of the shipped edition
    assert page.get_by_test_id("who").count() == 0  # nobody logged in


def _template(page, platform, row: dict) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(page.request.get(f"{platform}/ingest/templates/demand_filings.xlsx").body()))
    sheet = book["数据"]
    for column, cell in enumerate(sheet[1], start=1):
        if cell.value:
            sheet.cell(row=2, column=column, value=row.get(cell.value.rstrip("*")))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_hr_files_from_the_template_bureau_publishes_and_the_public_sees_it(page, platform, browser):
    today = date.today()
    # HR: the filled template through the import page
    login(page, platform, "hr")
    page.goto(f"{platform}/demand/filings/")
    content = _template(page, platform, {
        "职业（工种）": f"{NEW} 人工智能工程技术人员", "技能等级": "技师", "需求人数": 200, "拟提供月工资（元）": 15000,
        "希望到岗日期": today + timedelta(days=60), "已发布招聘岗位数": 200, "应聘人数": 10, "符合要求的应聘人数": 0,
        "岗位空缺周数": 30, "已招满": "否"})
    page.goto(f"{platform}/ingest/?kind=demand_filings")
    page.select_option("select[name=kind]", "demand_filings")
    page.set_input_files("input[name=file]", files=[{"name": "用工需求.xlsx", "buffer": content,
                                                      "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("[data-testid=upload-form] button[type=submit]")
    page.wait_for_selector("[data-testid=job-summary]")
    assert "1 行已通过" in page.get_by_test_id("job-summary").inner_text()
    page.goto(f"{platform}/demand/filings/")
    assert "人工智能工程技术人员" in page.get_by_test_id("filing-table").inner_text()

    # the bureau: compute the draft for the city and this year, publish it from today
    bureau = browser.new_context(locale="zh-CN").new_page()
    login(bureau, platform, "bureau_admin")
    bureau.goto(f"{platform}/demand/catalogues/")
    bureau.fill("[data-testid=compute-form] input[name=area]", "330900")
    bureau.fill("[data-testid=compute-form] input[name=year]", str(today.year))
    bureau.click("[data-testid=compute-form] button[type=submit]")
    bureau.wait_for_selector("[data-testid=entry-table]")
    entries = bureau.get_by_test_id("entry-table").inner_text()
    assert "人工智能工程技术人员" in entries
    assert "新列入" in entries
    bureau.fill("[data-testid=note-form] textarea[name=text]", "与企业座谈结果一致")
    bureau.click("[data-testid=note-form] button[type=submit]")
    assert "与企业座谈结果一致" in bureau.get_by_test_id("review-notes").inner_text()
    bureau.fill("[data-testid=publish-form] input[name=valid_from]", today.isoformat())
    bureau.fill("[data-testid=publish-form] input[name=source]", "舟人社〔演示〕1号")
    bureau.click("[data-testid=publish-form] button[type=submit]")
    bureau.wait_for_selector("[data-testid=catalogue-status]")
    assert bureau.get_by_test_id("catalogue-status").inner_text() == "已发布"

    # what the post subsidy reads: the occupation is listed from the edition's first day, not before
    def listed(on: date) -> bool:
        data = bureau.request.get(f"{platform}/api/v1/demand/shortage-occupations?district_code=330902&on={on}").json()
        return any(item["occupation_code"] == NEW for item in data)

    assert not listed(today - timedelta(days=1))
    assert listed(today)

    # the public, not logged in: the new edition with each occupation's reason
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{platform}/demand/catalogue/")
    assert "舟人社〔演示〕1号" in public.content()
    row = public.get_by_test_id("public-catalogue").locator("tr", has_text="人工智能工程技术人员")
    assert "需求 200 人" in row.inner_text()
