"""Exports in the user's words and time (issue 10 §19): Chinese file names, no `…xlsx.xlsx`, local
dates, the kind of an import in Chinese, personal numbers masked in the import preview."""

import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongjiang.income.tests.worlds import city_snapshot
from gongjiang.ingest.models import ImportJob
from gongjiang.ingest.tests.factories import WORKER_HEADERS, worker_row
from gongjiang.search import services as search_services
from gongjiang.search.models import ShortlistEntry
from gongjiang.search.tests.factories import skilled_worker


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _filename(response) -> str:
    header = response["Content-Disposition"]
    assert "filename*=utf-8''" in header.lower()
    return unquote(header.lower().split("filename*=utf-8''")[1].split(";")[0])


def _upload(client, rows, name="名册.csv"):
    if name.endswith(".xlsx"):
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        data = io.BytesIO()
        workbook.save(data)
        content = data.getvalue()
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        content = buffer.getvalue().encode()
    upload = SimpleUploadedFile(name, content)
    client.post(reverse("ingest:import_list"), {"kind": "workers", "file": upload})
    return ImportJob.objects.get()


def test_the_rejected_rows_report_is_not_named_xlsx_xlsx(client, bureau_admin):
    client.force_login(bureau_admin)
    job = _upload(client, [WORKER_HEADERS, ["1", "坏人", "", ""]], name="名册.xlsx")
    response = client.get(reverse("ingest:job_report", args=[job.pk]))
    assert response.status_code == 200, (job.status, job.message, job.rejected_count)
    assert _filename(response) == "未通过的行-名册.xlsx"


def test_the_template_is_named_in_chinese(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.get(reverse("ingest:template", args=["workers"]))
    assert _filename(response) == "技能人才导入模板.xlsx"


def test_the_wage_table_download_is_named_in_chinese(client, bureau_admin):
    city_snapshot()
    client.force_login(bureau_admin)
    response = client.get("/income/?year=2024&format=xlsx")
    assert _filename(response) == "工资价位-2024.xlsx"


def test_the_import_list_and_its_export_name_the_kind_in_chinese(client, bureau_admin):
    client.force_login(bureau_admin)
    _upload(client, [WORKER_HEADERS, worker_row()], name="a.csv")
    page = client.get(reverse("ingest:import_list")).content.decode()
    assert "<td>技能人才</td>" in page
    assert "<td>workers</td>" not in page
    text = b"".join(client.get(reverse("ingest:import_list_export", args=["csv"])).streaming_content).decode("utf-8-sig")
    assert "技能人才" in text


def test_the_import_preview_masks_the_phone_as_it_masks_the_id_number(client, bureau_admin):
    client.force_login(bureau_admin)
    bad = worker_row()
    bad[2] = "13912345678"
    bad[3] = "999999"  # an unknown district: the row is refused with its phone in it
    job = _upload(client, [WORKER_HEADERS, bad], name="b.csv")
    page = client.get(reverse("ingest:job_detail", args=[job.pk])).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    assert bad[0] not in page


def test_the_shortlist_export_dates_an_entry_by_the_local_day_the_page_shows(client, hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b, name="赵大明")
    shortlist = search_services.shortlist_default(actor=hr_a)
    search_services.shortlist_entry_add(actor=hr_a, shortlist_id=shortlist.pk, worker_id=worker.pk)
    # 17:30 UTC on 1 March is 01:30 on 2 March in China.
    ShortlistEntry.objects.update(added_at=datetime.datetime(2025, 3, 1, 17, 30, tzinfo=datetime.UTC))
    client.force_login(hr_a)
    text = b"".join(client.get(f"/search/shortlists/{shortlist.pk}/export/", {"format": "csv"})
                    .streaming_content).decode("utf-8-sig")
    assert "2025-03-02" in text
    assert "2025-03-01" not in text
