"""Reading the tables operators supply: CSV (UTF-8, UTF-8 with BOM, or GBK) and Excel (.xlsx, .xls).

Officials export the occupational classification from many tools; these readers accept the usual
variants (a title row above the header, Chinese or English column names, codes typed as numbers,
full-width dashes) and turn every data row into a dict that remembers its line in the file, so
errors can name it (`第 12 行：…`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongjiang.reference.loading import ReferenceDataError

# Accepted column names, compared after removing spaces and lower-casing.
OCCUPATION_COLUMNS = {
    "code": {"代码", "code", "职业代码", "职业编码", "编码", "职业（工种）代码", "职业(工种)代码"},
    "name": {"名称", "name", "职业名称", "职业（工种）名称", "职业(工种)名称"},
    "level": {"层级", "level", "级别", "层次"},
    "parent_code": {"上级代码", "parent_code", "parent", "父级代码", "上级"},
    "gbm": {"gbm", "gb/t6565代码", "gb/t6565", "国标代码"},
}
HEADER_SEARCH_ROWS = 10
DASHES = re.compile(r"[‐‑‒–—―－−﹣]")


def _cell_text(value: Any) -> str:
    """A cell as text: integral floats lose their `.0` (Excel stores 6 as 6.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReferenceDataError(_("无法识别文件编码；请另存为 UTF-8 或 GBK 编码的 CSV"))


def _csv_rows(path: Path) -> list[list[str]]:
    text = _csv_text(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReferenceDataError(_("无法打开 Excel 文件：{error}").format(error=exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _xls_rows(path: Path) -> list[list[str]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path))
    except Exception as exc:  # xlrd raises its own XLRDError and others
        raise ReferenceDataError(_("无法打开 Excel 文件：{error}").format(error=exc)) from exc
    sheet = book.sheet_by_index(0)
    return [[_cell_text(value) for value in sheet.row_values(index)] for index in range(sheet.nrows)]


def table_rows_read(path: Path) -> list[list[str]]:
    """Every row of the first sheet (or of the CSV) as text cells; row i is line i + 1."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return _csv_rows(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_rows(path)
    if suffix == ".xls":
        return _xls_rows(path)
    raise ReferenceDataError(_("不支持的文件类型“{suffix}”；请使用 CSV、XLSX 或 XLS").format(suffix=suffix))


def _normalise_header(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _columns_find(rows: list[list[str]], wanted: dict[str, set[str]]) -> tuple[int, dict[str, int]]:
    """The header row (index) and the column index of each known field found in it."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for column, header in enumerate(row):
            key = _normalise_header(header)
            for field, names in wanted.items():
                if field not in found and key in {_normalise_header(name) for name in names}:
                    found[field] = column
        if "code" in found and "name" in found:
            return index, found
    raise ReferenceDataError(
        _("找不到表头：文件前 {n} 行中须有“代码”（code）和“名称”（name）两列").format(n=HEADER_SEARCH_ROWS)
    )


def occupation_code_normalise(text: str) -> str:
    """6－18－02－04 or ' 6-18-02-04 ' → 6-18-02-04 (full-width dashes, spaces)."""
    return re.sub(r"\s+", "", DASHES.sub("-", text))


def occupation_rows_read(path: Path) -> list[dict[str, str]]:
    """Rows of an occupational classification file, ready for `services.occupations_load`.

    Columns 代码/code and 名称/name are required; 层级/level, 上级代码/parent_code and GB/T 6565
    代码/gbm are used when present. Blank rows are skipped. Each dict carries its `line` in the
    file. Refuses (`ReferenceDataError`) an unknown file type, an unreadable encoding, a file
    without those headers, or a file with no data rows.
    """
    rows = table_rows_read(path)
    header_index, columns = _columns_find(rows, OCCUPATION_COLUMNS)
    result = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]

        def cell(field: str, cells: list[str] = cells) -> str:
            column = columns.get(field)
            return cells[column].strip() if column is not None and column < len(cells) else ""

        if not any(cell(field) for field in columns):
            continue
        row = {
            "line": str(index + 1),
            "code": occupation_code_normalise(cell("code")),
            "name": cell("name"),
            "level": cell("level"),
            "parent_code": occupation_code_normalise(cell("parent_code")),
        }
        if "gbm" in columns:
            row["gbm"] = cell("gbm")
        result.append(row)
    if not result:
        raise ReferenceDataError(_("文件中没有数据行"))
    return result
