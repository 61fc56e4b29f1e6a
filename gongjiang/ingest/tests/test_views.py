"""Pages: upload, progress/result, report download, templates, exports (issue 3 §1, §5, §6)."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.ingest.export import cell_safe
from gongjiang.ingest.models import ImportJob, ImportStatus
from gongjiang.ingest.tests.factories import WORKER_HEADERS, worker_row
from gongjiang.registry.tests.factories import EnterpriseFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def _upload(client, rows, kind="workers"):
    upload = SimpleUploadedFile("名册.csv", _csv_bytes(rows), content_type="text/csv")
    return client.post(reverse("ingest:import_list"), {"kind": kind, "file": upload})


def test_small_upload_is_imported_at_once_and_shows_the_result(client, bureau_admin):
    client.force_login(bureau_admin)
    response = _upload(client, [WORKER_HEADERS, worker_row(), ["1", "坏", "", ""]])
    job = ImportJob.objects.get()
    page = client.get(response.url).content.decode()
    assert job.status == ImportStatus.DONE
    assert "1 行已通过，1 行未通过" in page


def test_job_page_polls_while_the_job_is_queued(client, bureau_admin):
    client.force_login(bureau_admin)
    job = ImportJob.objects.create(kind="workers", actor=bureau_admin, original_name="a.csv", checksum="0" * 64)
    page = client.get(reverse("ingest:job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page


def test_report_download_is_recorded_as_an_export(client, bureau_admin):
    client.force_login(bureau_admin)
    _upload(client, [WORKER_HEADERS, ["1", "坏", "", ""]])
    job = ImportJob.objects.get()
    response = client.get(reverse("ingest:job_report", args=[job.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="import_report:workers").exists()


def test_another_users_import_is_not_found(client, bureau_admin, bureau_staff):
    job = ImportJob.objects.create(kind="workers", actor=bureau_admin, original_name="a.csv", checksum="0" * 64)
    client.force_login(bureau_staff)
    assert client.get(reverse("ingest:job_detail", args=[job.pk])).status_code == 404


def test_enterprise_hr_is_not_offered_the_workers_kind(client, hr_a):
    client.force_login(hr_a)
    response = _upload(client, [WORKER_HEADERS, worker_row()])
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_template_has_text_formatted_id_column_dropdowns_and_instructions(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.get(reverse("ingest:template", args=["certificates"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data = workbook["数据"]
    assert data["A1"].value == "身份证号*"
    assert data["A2"].number_format == "@"
    assert data["G1"].value == "等级"
    assert any("G2" in str(v.sqref) for v in data.data_validations.dataValidation)
    assert "填写说明" in workbook.sheetnames


def test_template_filled_in_imports(client, bureau_admin, tmp_path):
    from gongjiang.ingest.engine import import_file
    from gongjiang.ingest.kinds import kind_get

    client.force_login(bureau_admin)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("ingest:template", args=["workers"])).content))
    number, name, phone, _district = worker_row()
    for column, value in zip("ABCEF", [number, name, phone, "330902 定海区", "否"], strict=True):
        workbook["数据"][f"{column}2"] = value
    workbook.save(tmp_path / "filled.xlsx")
    assert import_file(kind=kind_get("workers"), path=tmp_path / "filled.xlsx", actor=bureau_admin).created == 1


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(value):
    assert cell_safe(value) == "'" + value


def test_worker_list_csv_export_is_masked_neutralised_and_audited(client, bureau_admin, employee_a):
    employee_a.name = "=HYPERLINK(1)"
    employee_a.save()
    client.force_login(bureau_admin)
    response = client.get(reverse("registry:worker_list_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:2] == ["'=HYPERLINK(1)", employee_a.id_number_masked]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="worker").get().detail["rows"] == 1


def test_enterprise_list_xlsx_export_writes_codes_as_text(client, bureau_staff, enterprise_a):
    EnterpriseFactory(district=enterprise_a.district.__class__.objects.get(code="330903"))
    client.force_login(bureau_staff)
    response = client.get(reverse("registry:enterprise_list_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2  # header and the one enterprise in the staff member's district
    assert (sheet["B2"].value, sheet["B2"].number_format) == (enterprise_a.uscc, "@")


def test_import_list_is_exportable(client, bureau_admin):
    client.force_login(bureau_admin)
    ImportJob.objects.create(kind="workers", actor=bureau_admin, original_name="-danger.csv", checksum="0" * 64)
    response = client.get(reverse("ingest:import_list_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'-danger.csv" in text


def test_api_upload_imports_and_returns_the_job(client, bureau_admin):
    client.force_login(bureau_admin)
    upload = SimpleUploadedFile("a.csv", _csv_bytes([WORKER_HEADERS, worker_row()]), content_type="text/csv")
    response = client.post("/api/v1/ingest/jobs", {"kind": "workers", "file": upload})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["created_count"]) == ("done", 1)


def test_api_lists_only_the_kinds_the_caller_may_import(client, hr_a):
    client.force_login(hr_a)
    names = {kind["name"] for kind in client.get("/api/v1/ingest/kinds").json()}
    assert names >= {"employment", "certificates", "trainings"}
    assert "workers" not in names


def test_large_upload_is_queued_for_the_background_worker(client, bureau_admin, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr("gongjiang.ingest.views.SYNC_IMPORT_BYTES", 0)
    client.force_login(bureau_admin)
    _upload(client, [WORKER_HEADERS, worker_row()])
    assert ImportJob.objects.get().status == ImportStatus.QUEUED
    assert DBTaskResult.objects.filter(task_path__endswith="import_job_task").exists()


def test_background_task_runs_the_queued_job(bureau_admin):
    from gongjiang.ingest import services
    from gongjiang.ingest.tasks import import_job_task

    upload = SimpleUploadedFile("a.csv", _csv_bytes([WORKER_HEADERS, worker_row()]))
    job = services.import_job_create(actor=bureau_admin, kind_name="workers", upload=upload, name="a.csv")
    import_job_task.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)


def test_result_page_masks_id_numbers_of_rejected_rows(client, bureau_admin):
    client.force_login(bureau_admin)
    number, name, _phone, _district = worker_row()
    response = _upload(client, [WORKER_HEADERS, [number, name, "", "999999"]])
    page = client.get(response.url).content.decode()
    assert number not in page
    assert number[:4] + "**********" + number[-4:] in page


def test_a_crashed_job_is_marked_failed_with_how_to_resume(bureau_admin, monkeypatch):
    from gongjiang.ingest import services

    upload = SimpleUploadedFile("a.csv", _csv_bytes([WORKER_HEADERS, worker_row()]))
    job = services.import_job_create(actor=bureau_admin, kind_name="workers", upload=upload, name="a.csv")

    def crash(**kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(services, "import_file", crash)
    with pytest.raises(RuntimeError):
        services.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "重新导入同一文件" in job.message


def test_an_xlsx_job_shows_a_percentage_while_it_runs(bureau_admin, tmp_path, monkeypatch):
    """The progress bar of an .xlsx import knows the row count from the sheet (no percentage was
    shown for .xlsx before): seen from inside the import, the job is part-way, not at 0 of 0."""
    from gongjiang.ingest import services
    from gongjiang.ingest.tests.factories import xlsx_write

    path = xlsx_write(tmp_path / "w.xlsx", [WORKER_HEADERS, *[worker_row() for _ in range(4)]], sheet_first="填写说明")
    job = services.import_job_create(actor=bureau_admin, kind_name="workers", name="w.xlsx",
                                     upload=SimpleUploadedFile("w.xlsx", path.read_bytes()))
    real_import = services.import_file
    seen = []

    def watching_import(**kwargs):
        running = ImportJob.objects.get(pk=job.pk)
        running.rows_done = 2
        seen.append((running.rows_total, running.percent))
        return real_import(**kwargs)

    monkeypatch.setattr(services, "import_file", watching_import)
    services.import_job_run(job=job)
    assert seen == [(5, 40)]  # header + 4 rows; 2 done


def test_an_exported_timestamp_is_the_local_time_shown_on_the_pages(settings):
    import datetime as dt

    settings.TIME_ZONE = "Asia/Shanghai"
    stamp = dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC)
    assert cell_safe(stamp) == dt.datetime(2026, 3, 1, 9, 30)
