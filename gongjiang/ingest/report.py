"""The report of rejected rows (issue 3 §3): the rows as the clerk sent them, with the reason beside
each, in the template's column order, ready to correct and upload again. Written as the rows are
found (openpyxl write-only mode spools to a temporary file), so a file with many bad rows does
not fill memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from gongjiang.ingest.export import TEXT_FORMAT, cell_safe
from gongjiang.ingest.kinds import Column, ImportKind, RowError

TEXT_KINDS = {"id_number", "uscc", "certificate_number", "occupation", "division", "industry", "text", "person_name", "phone"}


class ReportWriter:
    def __init__(self, kind: ImportKind, header_cells: list[Any], mapping: dict[int, Column], *,
                 enabled: bool = True) -> None:
        self.enabled = enabled
        self.kind = kind
        self.mapping = mapping
        self.headers = {column.key: str(column.header) for column in kind.columns}
        self.columns = sorted(mapping.items())
        self.workbook: Any = None
        self.sheet: Any = None
        self.count = 0

    def _open(self) -> None:
        """The workbook is created with the first rejected row: a clean file costs nothing."""
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(_("未通过的行"))
        self.sheet.append([_("原行号"), *(str(column.header) for _index, column in self.columns), _("错误说明")])

    def add(self, line: int, cells: list[Any], errors: list[RowError]) -> None:
        from openpyxl.cell import WriteOnlyCell

        if not self.enabled:
            return
        if self.workbook is None:
            self._open()
        row: list[Any] = [line]
        for index, column in self.columns:
            raw = cells[index] if index < len(cells) else None
            if column.kind in TEXT_KINDS and raw is not None:
                cell = WriteOnlyCell(self.sheet, value=str(cell_safe(raw)))
                cell.number_format = TEXT_FORMAT
                row.append(cell)
            else:
                row.append(cell_safe(raw))
        reasons = []
        for error in errors:
            where = self.headers.get(error.column_key, "")
            reasons.append(f"{where}：{error}" if where else str(error))
        row.append(cell_safe("；".join(reasons)))
        self.sheet.append(row)
        self.count += 1

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.workbook.save(path)
        return path

    def discard(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None
