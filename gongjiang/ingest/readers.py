"""Streaming readers for what clerks send: .xlsx, .xls, .csv (issue 3 §2; ADR 0007).

Each reader yields `(line, cells)`: the row number as the spreadsheet program shows it and the
cell values (str for CSV; str/int/float/date for workbooks). .csv is read line by line; .xlsx up
to CALAMINE_MAX_BYTES with python-calamine (fast; the sheet is held in memory), larger ones with
openpyxl's read-only mode (rows parsed from the zip stream, flat memory). .xls (BIFF, Excel
97-2003) cannot be streamed by xlrd; such files are small (65,536 rows at most). A file that
cannot be read raises `UnreadableFile` with a Chinese message."""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

INSTRUCTION_SHEETS = {"填写说明", "说明", "instructions", "代码表"}
SNIFF_BYTES = 64 * 1024
# .xlsx files up to this size are read with python-calamine (fast, whole sheet in memory: a 16 MiB
# file is about 600,000 template rows, ~250 MB); larger ones stream through openpyxl (ADR 0007).
CALAMINE_MAX_BYTES = 16 * 1024 * 1024
FORMATS = ("xlsx", "xls", "csv")


class UnreadableFile(Exception):
    """The file as a whole cannot be read (CLI exit code 2)."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = str(message)
        self.hint = str(hint)
        super().__init__(self.message + self.hint)


def file_format(name: str, head: bytes) -> str:
    """xlsx / xls / csv, by content first (clerks rename files), then by extension."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in {"xlsx", "xlsm"}:
        raise UnreadableFile(_("文件扩展名是 .xlsx，但内容不是 Excel 工作簿，可能已损坏。"),
                             _("请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。"))
    if suffix in {"csv", "txt", ""} or b"," in head or b"\t" in head:
        return "csv"
    raise UnreadableFile(_("无法识别的文件类型。"), _("请上传 .xlsx、.xls 或 .csv 文件。"))


def csv_encoding(head: bytes) -> str:
    """utf-8-sig (with BOM), utf-8, or gb18030 (what Chinese Excel writes for "CSV")."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _csv_rows(path: Path, head: bytes) -> Iterator[tuple[int, list[Any]]]:
    encoding = csv_encoding(head)
    first_line = head.split(b"\n", 1)[0]
    delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
    try:
        with open(path, encoding=encoding, newline="") as handle:
            yield from enumerate(csv.reader(handle, delimiter=delimiter), start=1)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("文件第 %(pos)s 字节附近的文字无法按 %(enc)s 编码读取。") % {"pos": exc.start, "enc": encoding},
                             _("请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”或 .xlsx 后再上传。")) from exc
    except csv.Error as exc:
        raise UnreadableFile(_("CSV 文件格式有误：%(e)s。") % {"e": exc}, _("请用 Excel 打开后另存为 .xlsx 再上传。")) from exc


def _calamine_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """python-calamine (Rust): ~20x faster than openpyxl, but it holds the sheet's cells in memory
    (about 0.4 KB a row of a template), so it is used for files up to CALAMINE_MAX_BYTES only."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        index = next((i for i, name in enumerate(names) if name.strip().lower() not in INSTRUCTION_SHEETS), 0)
        sheet = workbook.get_sheet_by_index(index)
    except (CalamineError, OSError, ValueError) as exc:
        raise UnreadableFile(_("Excel 文件无法打开，可能已损坏或已加密。"),
                             _("请确认文件能在 Excel 或 WPS 中打开、没有设置打开密码，然后另存为 .xlsx 再上传。")) from exc
    yield from enumerate(sheet.iter_rows(), start=1)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    if path.stat().st_size <= CALAMINE_MAX_BYTES:
        return _calamine_rows(path)
    return _openpyxl_rows(path)


def _openpyxl_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """openpyxl read-only mode: rows are parsed from the zip stream, memory stays flat."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(_("Excel 文件无法打开，可能已损坏或已加密。"),
                             _("请确认文件能在 Excel 或 WPS 中打开、没有设置打开密码，然后另存为 .xlsx 再上传。")) from exc
    try:
        sheet = next((ws for ws in workbook.worksheets if ws.title.strip().lower() not in INSTRUCTION_SHEETS),
                     workbook.worksheets[0])
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


def _xls_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError, IndexError) as exc:
        raise UnreadableFile(_("Excel 97-2003 (.xls) 文件无法打开，可能已损坏或已加密。"),
                             _("请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。")) from exc
    try:
        names = book.sheet_names()
        index = next((i for i, name in enumerate(names) if name.strip().lower() not in INSTRUCTION_SHEETS), 0)
        sheet = book.sheet_by_index(index)
        for r in range(sheet.nrows):
            cells: list[Any] = []
            for c, cell in enumerate(sheet.row(r)):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
                    cells.append(int(cell.value) if abs(cell.value) < 1e15 else cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    cells.append(None)
                else:
                    cells.append(sheet.cell_value(r, c))
            yield r + 1, cells
    finally:
        book.release_resources()


def rows_read(path: str | Path, name: str = "") -> Iterator[tuple[int, list[Any]]]:
    """Every row of the data sheet (the first that is not an instruction sheet) as (line, cells)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise UnreadableFile(_("文件无法读取。"), _("请重新上传。")) from exc
    if not head:
        raise UnreadableFile(_("文件是空的。"), _("请确认上传的是填好数据的文件。"))
    fmt = file_format(name or path.name, head)
    _bounds_check(path, fmt)
    if fmt == "xlsx":
        return _xlsx_rows(path)
    if fmt == "xls":
        return _xls_rows(path)
    return _csv_rows(path, head)


def _bounds_check(path: Path, fmt: str) -> None:
    """Refuse a file past the upload limits before a reader opens it (issue 18 §2): an .xlsx by its
    zip directory and recorded dimension (a zip bomb never reaches calamine or openpyxl), a .csv by
    its line count (one pass over the bytes). .xls holds at most 65,536 rows by format."""
    from gongjiang.core.uploads import TooLarge, limit, xlsx_inspect

    try:
        if fmt == "xlsx":
            xlsx_inspect(path)
        elif fmt == "csv":
            max_rows = limit("import_rows")
            lines = 0
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                    lines += chunk.count(b"\n")
                    if lines > max_rows:
                        raise TooLarge(_("表格超过了一次导入 %(max)s 行的上限。") % {"max": f"{max_rows:,}"},
                                       _("请把文件分成几个较小的文件（例如每个不超过 10 万行），分别上传。"))
    except TooLarge as exc:
        raise UnreadableFile(exc.message, exc.hint) from exc
