"""Readers and cell parsing: what clerks really send (issue 3 §2)."""

import datetime

import openpyxl
import pytest

from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import Column, kind_get
from gongjiang.ingest.parsing import date_parse
from gongjiang.ingest.readers import UnreadableFile, csv_encoding, rows_read
from gongjiang.ingest.tests.factories import WORKER_HEADERS, csv_write, worker_row, xlsx_write
from gongjiang.registry.models import Worker

DATE = Column("d", "日期", kind="date")


@pytest.mark.parametrize("raw", ["2024.3.5", "2024/03/05", "2024-3-5", "2024年3月5日", "20240305", 45356,
                                 "45356", datetime.datetime(2024, 3, 5), "２０２４年３月５日"])
def test_dates_in_every_clerk_spelling_parse_to_the_same_day(raw):
    assert date_parse(raw, DATE) == datetime.date(2024, 3, 5)


def test_impossible_date_is_refused_with_a_hint():
    with pytest.raises(Exception, match="不是一个存在的日期"):
        date_parse("2024-02-30", DATE)


def test_gb18030_csv_is_detected():
    assert csv_encoding("身份证号,姓名\n".encode("gb18030")) == "gb18030"


def test_utf8_with_bom_csv_is_detected():
    assert csv_encoding("\ufeff身份证号,姓名\n".encode()) == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_imports(bureau_admin, tmp_path, encoding):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row(name="陈一")], encoding=encoding)
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert outcome.created == 1
    assert Worker.objects.get().name == "陈一"


def test_header_below_a_merged_title_row_is_found(bureau_admin, tmp_path):
    path = xlsx_write(tmp_path / "w.xlsx", [WORKER_HEADERS, worker_row()], title="2024年定海区技能人才名册")
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert (outcome.header_line, outcome.created) == (2, 1)


def test_columns_in_another_order_with_extra_columns_are_mapped_and_extras_reported(bureau_admin, tmp_path):
    number, name, phone, district = worker_row()
    path = xlsx_write(tmp_path / "w.xlsx", [["备注", "姓名 *", "公民身份号码"], ["x", name, number]])
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert outcome.created == 1
    assert outcome.ignored_columns == ["备注"]


def test_trailing_empty_rows_are_not_counted(bureau_admin, tmp_path):
    path = xlsx_write(tmp_path / "w.xlsx", [WORKER_HEADERS, worker_row(), [None, None], ["", " "]])
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert (outcome.rows, outcome.rejected) == (1, 0)


def test_full_width_digits_and_spaces_in_id_numbers_are_accepted(bureau_admin, tmp_path):
    number, name, _phone, _district = worker_row()
    wide = " " + number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"}) + "　"
    path = csv_write(tmp_path / "w.csv", [["身份证号", "姓名"], [wide, name]])
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert outcome.created == 1
    assert Worker.objects.get().id_number_plain() == number


def test_id_number_mangled_by_excel_is_rejected_with_the_reason(bureau_admin, tmp_path):
    path = tmp_path / "w.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["身份证号", "姓名"])
    workbook.active.append([330902198506150000, "张三"])
    workbook.save(path)
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert outcome.rejected == 1
    assert "Excel" in outcome.rejections[0]["message"]


def test_instruction_sheet_before_the_data_is_skipped(bureau_admin, tmp_path):
    path = xlsx_write(tmp_path / "w.xlsx", [WORKER_HEADERS, worker_row()], sheet_first="填写说明")
    assert import_file(kind=kind_get("workers"), path=path, actor=bureau_admin).created == 1


def test_file_that_is_not_a_spreadsheet_cannot_be_read(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"\x00\x01garbage")
    with pytest.raises(UnreadableFile, match="不是 Excel"):
        list(rows_read(path))


def test_file_without_the_required_headers_cannot_be_read(bureau_admin, tmp_path):
    path = csv_write(tmp_path / "w.csv", [["姓名", "电话"], ["张三", "1"]])
    with pytest.raises(UnreadableFile, match="身份证号"):
        import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)


def test_large_xlsx_is_streamed_through_openpyxl_with_the_same_result(bureau_admin, tmp_path, monkeypatch):
    monkeypatch.setattr("gongjiang.ingest.readers.CALAMINE_MAX_BYTES", 0)
    path = xlsx_write(tmp_path / "w.xlsx", [WORKER_HEADERS, worker_row(), ["1", "坏", "", ""]], title="名册")
    outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert (outcome.header_line, outcome.created, outcome.rejected_lines) == (2, 1, [4])


def test_calamine_and_openpyxl_read_the_same_cells(tmp_path, monkeypatch):
    path = xlsx_write(tmp_path / "w.xlsx", [WORKER_HEADERS, worker_row(n=3)])
    fast = [[str(c) for c in cells] for _line, cells in rows_read(path)]
    monkeypatch.setattr("gongjiang.ingest.readers.CALAMINE_MAX_BYTES", 0)
    slow = [["" if c is None else str(c) for c in cells] for _line, cells in rows_read(path)]
    assert fast == slow


def test_corrupted_xlsx_cannot_be_read(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(UnreadableFile, match="无法打开"):
        list(rows_read(path))
