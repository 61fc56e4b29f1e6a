"""Import and export in the browser (issue 3): download a template, fill it, upload it, see the
result; a bad row comes back with its reason; the worker list downloads as Excel."""

import io

import openpyxl
import pytest

from gongjiang.registry.tests.factories import id_number_make
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _filled_template(page, platform, rows) -> bytes:
    response = page.request.get(f"{platform}/ingest/templates/workers.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.body()))
    sheet = workbook["数据"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_clerk_uploads_the_filled_template_and_sees_good_and_bad_rows(page, platform):
    login(page, platform, "bureau_admin")
    page.goto(f"{platform}/ingest/")
    assert page.get_by_test_id("template-workers").is_visible()
    content = _filled_template(page, platform, [[id_number_make(seq=431), "浏览器甲", "13900000431", "330902"],
                                                ["12345", "浏览器乙", "", ""]])
    page.select_option("select[name=kind]", "workers")
    page.set_input_files("input[name=file]", files=[{"name": "名册.xlsx", "buffer": content,
                                                      "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("[data-testid=upload-form] button[type=submit]")
    page.wait_for_selector("[data-testid=job-summary]")
    assert "1 行已通过，1 行未通过" in page.get_by_test_id("job-summary").inner_text()
    assert "身份证号应为18位" in page.get_by_test_id("rejections").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("report-link").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_worker_list_exports_to_excel(page, platform):
    login(page, platform, "bureau_staff")
    page.goto(f"{platform}/registry/workers/")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet["B1"].value == "身份证号"
    assert "*" in str(sheet["B2"].value)
