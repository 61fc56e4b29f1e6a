"""Bounded uploads (issue 18 §2): a zip bomb, a sheet that records too many rows, and files over the
per-kind size limits are refused with a Chinese message before a workbook library opens them."""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongjiang.core.uploads import TooLarge, xlsx_inspect
from gongjiang.ingest.models import ImportJob
from gongjiang.ingest.readers import UnreadableFile, rows_read
from gongjiang.ingest.tests.factories import WORKER_HEADERS, worker_row, xlsx_write

PROJECT = Path(__file__).resolve().parents[3]
MB = 1024 * 1024


def zip_bomb_xlsx(path: Path, inflated_mb: int = 200) -> Path:
    """A real workbook (written by openpyxl) whose sheet is replaced by `inflated_mb` MB of the same
    row over and over: deflate shrinks it ~1000 times, as in the report (0.5 MB -> 200 MB)."""
    xlsx_write(path, [WORKER_HEADERS, worker_row()])
    with zipfile.ZipFile(path) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    row = b'<row><c t="inlineStr"><is><t>330902199001011234</t></is></c></row>'
    chunk = row * (MB // len(row))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for name, content in members.items():
            if name != "xl/worksheets/sheet1.xml":
                bomb.writestr(name, content)
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            for _ in range(inflated_mb):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def _with_dimension(path: Path, ref: str) -> Path:
    with zipfile.ZipFile(path) as original:
        members = {info.filename: original.read(info) for info in original.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index('<dimension ref="')
    end = sheet.index('"', start + len('<dimension ref="'))
    members["xl/worksheets/sheet1.xml"] = (sheet[:start] + f'<dimension ref="{ref}' + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as rewritten:
        for name, content in members.items():
            rewritten.writestr(name, content)
    return path


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def limits(settings):
    def set_limits(**changes):
        settings.GONGJIANG_UPLOAD_LIMITS = {**settings.GONGJIANG_UPLOAD_LIMITS, **changes}
    return set_limits


def test_zip_bomb_is_refused_before_any_reader_inflates_it(tmp_path):
    """In a fresh process: reading the 0.5 MB bomb raises the refusal and the process grows by less
    than 30 MB (python-calamine would inflate the 200 MB sheet into ~500 MB of memory)."""
    bomb = zip_bomb_xlsx(tmp_path / "名册.xlsx")
    assert bomb.stat().st_size < 1 * MB
    script = f"""
import json, resource, django
django.setup()
from gongjiang.ingest.readers import UnreadableFile, rows_read
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    for _ in rows_read({str(bomb)!r}):
        pass
    message = None
except UnreadableFile as exc:
    message = str(exc)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"message": message, "grown_kb": after - before}}, ensure_ascii=False))
"""
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongjiang.config.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=environ, capture_output=True, text=True,
                            timeout=120)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert "解压后比原文件大 100 倍以上" in outcome["message"]
    assert outcome["grown_kb"] < 30 * 1024


def test_zip_bomb_upload_is_refused_on_the_form_with_what_to_do(client, bureau_admin, tmp_path):
    client.force_login(bureau_admin)
    bomb = zip_bomb_xlsx(tmp_path / "名册.xlsx")
    upload = SimpleUploadedFile("名册.xlsx", bomb.read_bytes())
    page = client.post(reverse("ingest:import_list"), {"kind": "workers", "file": upload}).content.decode()
    assert "不像正常的表格" in page
    assert "另存为 .xlsx 再上传" in page
    assert not ImportJob.objects.exists()


def test_a_sheet_that_records_more_rows_than_the_limit_is_refused(tmp_path, limits):
    limits(import_rows=1_000_000)
    path = _with_dimension(xlsx_write(tmp_path / "大表.xlsx", [WORKER_HEADERS, worker_row()]), "A1:D2000000")
    with pytest.raises(UnreadableFile, match="表格有 2,000,000 行，超过了一次导入 1,000,000 行的上限") as refused:
        rows_read(path)
    assert "分成几个较小的文件" in refused.value.hint


def test_a_workbook_that_inflates_past_the_limit_is_refused(tmp_path, limits):
    limits(import_inflated_mb=1)
    rows = [WORKER_HEADERS] + [worker_row(n) for n in range(1, 12_000)]
    path = xlsx_write(tmp_path / "名册.xlsx", rows)
    with pytest.raises(TooLarge, match="解压后有 \\d+ MB，超过了 1 MB 的上限"):
        xlsx_inspect(path)


def test_an_ordinary_workbook_passes_and_reports_its_rows(tmp_path):
    path = xlsx_write(tmp_path / "名册.xlsx", [WORKER_HEADERS, worker_row(), worker_row()])
    assert xlsx_inspect(path).rows == 3
    assert len(list(rows_read(path))) == 3


def test_a_csv_over_the_row_limit_is_refused(tmp_path, limits):
    limits(import_rows=10)
    path = tmp_path / "名册.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([WORKER_HEADERS] + [worker_row(n) for n in range(1, 30)])
    with pytest.raises(UnreadableFile, match="超过了一次导入 10 行的上限"):
        rows_read(path)


def _csv_upload(size_mb: float) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(WORKER_HEADERS)
    n = 1
    while buffer.tell() < size_mb * MB:
        writer.writerow(worker_row(n))
        n += 1
    return SimpleUploadedFile("名册.csv", buffer.getvalue().encode(), content_type="text/csv")


def test_an_import_file_over_its_size_limit_is_refused_with_the_limit(client, bureau_admin, limits):
    limits(import_mb=1, result_file_mb=5)  # the upload handler lets it through; the import refuses it
    client.force_login(bureau_admin)
    page = client.post(reverse("ingest:import_list"), {"kind": "workers", "file": _csv_upload(1.2)}).content.decode()
    assert "超过了 1 MB 的上限" in page
    assert "分成几个较小的文件" in page
    assert not ImportJob.objects.exists()


def test_an_upload_past_every_limit_is_not_even_read_to_the_end(client, bureau_admin, limits):
    limits(import_mb=1, result_file_mb=1)
    client.force_login(bureau_admin)
    page = client.post(reverse("ingest:import_list"), {"kind": "workers", "file": _csv_upload(1.5)}).content.decode()
    assert "文件超过了 1 MB 的上限。请把文件分成几个较小的文件" in page
    assert not ImportJob.objects.exists()
