"""Export of list pages and query results to .xlsx and .csv (issue 3 §6; STYLE "every list page
exportable"; R9 audit).

`export_response` streams: CSV row by row through a `StreamingHttpResponse`; .xlsx through
openpyxl's write-only workbook (rows go to a temporary file, not memory) and then the file. Every
export is recorded with `audit_export` (who, what, how many rows, filters, which personal fields).

Cells that a spreadsheet program would run as a formula (starting with = + - @, or tab / CR) are
neutralised with a leading apostrophe-quote (OWASP "CSV injection"); ID-like columns are written as
text so Excel keeps every digit."""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from gongjiang.audit.services import audit_export

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"
EXPORT_FORMATS = ("xlsx", "csv")


def cell_safe(value: Any) -> Any:
    """The value as it may go into a spreadsheet: text that would start a formula gets a leading
    single quote; numbers, dates and booleans pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # the local time shown on the pages
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _content_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _csv_stream(rows: Iterable[Any], columns: list[tuple[str, Callable[[Any], Any]]], counter: list[int],
                finish: Callable[[], None]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel opens UTF-8 CSV correctly only with it
    yield writer.writerow([str(header) for header, _getter in columns])
    for row in rows:
        counter[0] += 1
        yield writer.writerow([cell_safe(getter(row)) for _header, getter in columns])
    finish()


def xlsx_write(path: str, *, sheet_title: str, headers: list[str], rows: Iterable[list[Any]],
               text_columns: set[int] | None = None, widths: dict[int, int] | None = None) -> int:
    """Write a one-sheet workbook with openpyxl's write-only mode; returns the number of data rows.
    `text_columns` (0-based) are written as text cells formatted "@" (ID numbers, codes)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    text_columns = text_columns or set()
    for index, _header in enumerate(headers):
        width = (widths or {}).get(index, 22 if index in text_columns else 14)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for values in rows:
        cells = []
        for index, value in enumerate(values):
            safe = cell_safe(value)
            if index in text_columns:
                cell = WriteOnlyCell(sheet, value="" if safe is None else str(safe))
                cell.number_format = TEXT_FORMAT
            else:
                cell = WriteOnlyCell(sheet, value=safe)
                if isinstance(safe, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count


def export_response(*, actor: Any, rows_iterable: Iterable[Any], columns: list[tuple[str, Callable[[Any], Any]]],
                    filename: str, file_format: str = "xlsx", object_type: str, filters: dict | None = None,
                    personal_fields: list[str] | None = None, text_headers: Iterable[str] = (),
                    ip_address: str | None = None) -> StreamingHttpResponse | FileResponse:
    """An HTTP download of `rows_iterable` as `columns` [(header, getter)], audited.

    The caller has already scoped `rows_iterable` to the actor (a selector) and masked what the
    actor may not see; `personal_fields` names unmasked personal fields included, for the audit
    log. Headers in `text_headers`, or mentioning 号/代码/编号, are written as text."""
    if file_format not in EXPORT_FORMATS:
        file_format = "xlsx"
    forced_text = set(text_headers)
    text_columns = {index for index, (header, _getter) in enumerate(columns)
                    if header in forced_text or any(mark in header for mark in ("号", "代码", "编号"))}

    def audit(count: int) -> None:
        audit_export(actor=actor, object_type=object_type, row_count=count, file_format=file_format,
                     filters=filters, personal_fields=personal_fields, ip_address=ip_address)

    if file_format == "csv":
        counter = [0]
        response = StreamingHttpResponse(
            _csv_stream(rows_iterable, columns, counter, lambda: audit(counter[0])),
            content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = _content_disposition(f"{filename}.csv")
        return response
    spool = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    count = xlsx_write(spool.name, sheet_title=filename, headers=[header for header, _getter in columns],
                       rows=([getter(row) for _header, getter in columns] for row in rows_iterable),
                       text_columns=text_columns)
    audit(count)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
