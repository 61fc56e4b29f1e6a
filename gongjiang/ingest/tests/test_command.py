"""`gongjiang import <kind> FILE --report OUT.xlsx [--dry-run]`: exit codes 0 / 1 / 2 (issue 3 §5)."""

import pytest
from django.core.management import call_command

from gongjiang.ingest.models import ImportJob, ImportStatus
from gongjiang.ingest.tests.factories import WORKER_HEADERS, csv_write, worker_row
from gongjiang.registry.models import Worker


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _exit_code(*args) -> int:
    try:
        call_command("import", *args)
    except SystemExit as exc:
        return exc.code
    return 0


def test_exit_code_0_when_every_row_is_accepted(db, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()])
    assert _exit_code("workers", str(path)) == 0
    assert Worker.objects.count() == 1


def test_exit_code_1_and_report_written_when_some_rows_are_rejected(db, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row(), ["12345", "坏", "", ""]])
    report = tmp_path / "out.xlsx"
    assert _exit_code("workers", str(path), "--report", str(report)) == 1
    assert report.stat().st_size > 0


def test_exit_code_2_when_the_file_cannot_be_read(db, tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"not a workbook")
    assert _exit_code("workers", str(path)) == 2
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_dry_run_writes_nothing_but_records_the_job(db, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()])
    assert _exit_code("workers", str(path), "--dry-run") == 0
    assert not Worker.objects.exists()
    assert ImportJob.objects.get().dry_run


def test_the_import_is_recorded_with_checksum_and_counts(db, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row(), worker_row()])
    _exit_code("workers", str(path), "--user", "")
    job = ImportJob.objects.get()
    assert (len(job.checksum), job.created_count, job.status) == (64, 2, ImportStatus.DONE)


def test_an_empty_file_ends_with_its_own_message_and_exit_code_2(db, tmp_path, capsys):
    # Issue 10 §22: it ended in a Python traceback (exit 1).
    path = tmp_path / "EMPTY.csv"
    path.write_bytes(b"")
    assert _exit_code("workers", str(path)) == 2
    assert "文件是空的" in capsys.readouterr().err
    assert not Worker.objects.exists()


def test_an_unknown_user_ends_with_exit_code_2(db, tmp_path, capsys):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()])
    assert _exit_code("workers", str(path), "--user", "nobody") == 2
    assert "没有用户“nobody”" in capsys.readouterr().err


def test_a_name_no_person_bears_is_refused_with_how_to_write_one(db, tmp_path):
    # Issue 10 §22: `=cmd|' /C calc'!A0` was accepted into the registry.
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row(name="=cmd|' /C calc'!A0"),
                                          worker_row(name="阿依古丽·买买提"), worker_row(name="John O'Brien")])
    assert _exit_code("workers", str(path)) == 1
    assert sorted(Worker.objects.values_list("name", flat=True)) == ["John O'Brien", "阿依古丽·买买提"]
    job = ImportJob.objects.get()
    assert job.rejected_count == 1


def test_a_phone_number_missing_digits_is_refused(db, tmp_path):
    # Issue 10 §11: "1380000" was imported.
    row = worker_row()
    row[2] = "1380000"
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, row])
    assert _exit_code("workers", str(path)) == 1
    assert not Worker.objects.exists()
