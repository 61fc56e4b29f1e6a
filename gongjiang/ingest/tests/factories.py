"""Files for import tests, written with the same libraries a spreadsheet program's output is read
with (openpyxl for .xlsx, csv for .csv), plus valid numbers from the registry factories."""

import csv
import itertools
from datetime import date
from pathlib import Path

import openpyxl
from hypothesis import strategies as st

from gongjiang.registry.tests.factories import han_digits, id_number_make, uscc_make

_people = itertools.count(1)

WORKER_HEADERS = ["身份证号", "姓名", "联系电话", "常住区县"]


def worker_row(n: int | None = None, name: str | None = None) -> list:
    """A valid workers-import row: distinct ID numbers by birth date and sequence."""
    n = next(_people) if n is None else n
    born = date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
    return [id_number_make(born=born, seq=n % 499), name or f"导入{han_digits(n)}", f"1390000{n % 10000:04d}", "330902"]


def xlsx_write(path: Path, rows: list[list], *, title: str | None = None, sheet_first: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if sheet_first:
        sheet.title = sheet_first
        sheet.append(["这是说明页"])
        sheet = workbook.create_sheet("数据")
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def csv_write(path: Path, rows: list[list], *, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


__all__ = ["WORKER_HEADERS", "csv_write", "id_number_make", "uscc_make", "worker_row", "xlsx_write"]


@st.composite
def id_numbers_typed(draw, regions: tuple[str, ...] = ("330902", "330903", "110105", "999999", "000000")) -> str:
    """Resident ID numbers as clerks type them: valid ones, and ones with a wrong check character, a
    mistyped digit, a lower-case x, an impossible month or day (hypothesis strategy)."""
    born = draw(st.dates(date(1890, 1, 1), date(2030, 12, 31)))
    number = id_number_make(region=draw(st.sampled_from(regions)), born=born, seq=draw(st.integers(0, 499)))
    how = draw(st.sampled_from(["keep", "keep", "checksum", "digit", "lower_x", "month", "day"]))
    if how == "checksum":
        return number[:17] + draw(st.sampled_from("0123456789X"))
    if how == "digit":
        at = draw(st.integers(0, 16))
        return number[:at] + draw(st.sampled_from("0123456789")) + number[at + 1:]
    if how == "lower_x":
        return number.lower()
    if how == "month":
        return number[:10] + draw(st.sampled_from(["00", "13", "02"])) + number[12:]
    if how == "day":
        return number[:12] + draw(st.sampled_from(["00", "29", "30", "31", "32"])) + number[14:]
    return number


def crashing_kind(written: list, *, background: bool = False):
    """An import kind whose third batch (of two rows) crashes after a statement in its transaction;
    `written` collects the rows each batch was given. `background`: written on the writer thread."""
    from gongjiang.ingest.kinds import Column, ImportKind, WriteResult
    from gongjiang.registry.models import Worker

    def write(rows, ctx):
        written.extend(row["n"] for row in rows)
        Worker.objects.filter(pk=-1).update(name="x")  # a statement inside the batch transaction
        if 5 in [row["n"] for row in rows]:
            raise RuntimeError("simulated crash in the third batch")
        return WriteResult(created=len(rows))

    return ImportKind(name="crash_background_test" if background else "crash_test", label="test",
                      columns=[Column("n", "编号", required=True, kind="int")], natural_key="n",
                      validate_row=lambda row, ctx: row, write_batch=write, batch_size=2,
                      background_write=(lambda actor: True) if background else None)
