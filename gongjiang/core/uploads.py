"""Bounded uploads (issue 18 §2; ADR 0012).

Two guards, both before any workbook library sees the file:

- `BoundedUploadHandler` stops reading an uploaded file once it passes the largest limit of any
  upload kind (the per-kind limit is checked by the service that receives the file, with a message
  that names it), so an endless upload neither fills memory nor the temporary disk.
- `xlsx_inspect` reads only the zip directory and the first bytes of the data sheet: the total
  inflated size, each member's compression ratio (a zip bomb inflates hundreds of times; real
  sheets 5-20 times) and the row count the sheet records in `<dimension ref="A1:K1000"/>`.
  openpyxl and python-calamine would otherwise inflate the sheet (python-calamine all of it, into
  memory) before we learn anything."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Members smaller than this are not judged by their ratio (an empty styles.xml compresses 50x).
RATIO_FLOOR_BYTES = 1 * MB
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?\"")
_SHEET_HEAD_BYTES = 64 * 1024


def limit(name: str) -> int:
    return int(settings.GONGJIANG_UPLOAD_LIMITS[name])


class TooLarge(Exception):
    """An upload is over one of its limits. `message` says which and `hint` what to do (Chinese)."""

    def __init__(self, message: str, hint: str) -> None:
        self.message, self.hint = str(message), str(hint)
        super().__init__(self.message + self.hint)


def split_hint() -> str:
    return _("请把文件分成几个较小的文件（例如每个不超过 10 万行），分别上传。")


def size_check(size: int, max_mb: int) -> None:
    if size > max_mb * MB:
        raise TooLarge(_("文件有 %(size).1f MB，超过了 %(mb)d MB 的上限。") % {"size": size / MB, "mb": max_mb},
                       split_hint())


@dataclass(frozen=True)
class XlsxFacts:
    inflated_bytes: int
    rows: int | None  # the data sheet's recorded last row; None when the sheet does not say


def xlsx_inspect(source: str | Path | IO[bytes], *, max_inflated_mb: int | None = None,
                 max_rows: int | None = None, max_ratio: int | None = None) -> XlsxFacts:
    """Refuse (`TooLarge`) an .xlsx whose members inflate past `max_inflated_mb` in total or more
    than `max_ratio` times each, or whose sheets record more than `max_rows` rows; limits default
    to settings.GONGJIANG_UPLOAD_LIMITS. Reads the zip's directory and at most 64 KB of each sheet.
    A file that is not a zip at all is left to the reader (it says so in its own words)."""
    max_inflated = (max_inflated_mb if max_inflated_mb is not None else limit("import_inflated_mb")) * MB
    max_rows = max_rows if max_rows is not None else limit("import_rows")
    max_ratio = max_ratio if max_ratio is not None else limit("xlsx_max_ratio")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        return XlsxFacts(0, None)
    with archive:
        infos = archive.infolist()
        inflated = sum(info.file_size for info in infos)
        if inflated > max_inflated:
            raise TooLarge(_("这个 Excel 文件解压后有 %(size)d MB，超过了 %(mb)d MB 的上限。")
                           % {"size": inflated // MB, "mb": max_inflated // MB}, split_hint())
        for info in infos:
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
                raise TooLarge(_("这个 Excel 文件解压后比原文件大 %(ratio)d 倍以上，不像正常的表格（可能是恶意构造的压缩文件）。")
                               % {"ratio": max_ratio},
                               _("请用 Excel 或 WPS 打开后另存为 .xlsx 再上传；如果表格确实很大，请分成几个文件上传。"))
        rows: int | None = None
        for name in (n.filename for n in infos if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n.filename)):
            with archive.open(name) as member:
                head = member.read(_SHEET_HEAD_BYTES)
            found = _DIMENSION.search(head)
            if found is None:
                continue
            sheet_rows = int(found.group(1) or 1)
            rows = max(rows or 0, sheet_rows)
            if sheet_rows > max_rows:
                raise TooLarge(_("表格有 %(rows)s 行，超过了一次导入 %(max)s 行的上限。") % {"rows": f"{sheet_rows:,}",
                                                                               "max": f"{max_rows:,}"},
                               split_hint())
        return XlsxFacts(inflated, rows)


class BoundedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: skips a file once it passes the largest upload limit, and
    marks the request (`request.upload_too_large`, the limit in MB) so the page can say so."""

    def __init__(self, request=None):
        super().__init__(request)
        self.max_bytes = max(limit("import_mb"), limit("result_file_mb")) * MB
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            if self.request is not None:
                self.request.upload_too_large = self.max_bytes // MB
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
