"""The columnar lane of the import pipeline (ADR 0007 §Speed).

Rows are read in chunks, and each column of a chunk is checked at once: the resident ID numbers
with numpy (character codes, MOD 11-2 check, real birth date, known region/year), text with one
regular-expression scan over the joined column, coded columns by parsing each distinct value
once. A row whose every cell passes is a *clean* row: its parsed values are exactly what the
per-cell parsers of `gongjiang.ingest.parsing` would return, without calling them per cell.
Any other row — a blank required cell, a full-width digit, an Excel-mangled ID number, an unknown
code — goes to the per-row lane, which parses it cell by cell and words the rejection. So the
columnar lane decides nothing on its own: it only skips work for rows that cannot fail.
`gongjiang/ingest/tests/test_columnar.py` checks, with random cells, that both lanes agree."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gongjiang.identity import person_name_is_canonical, phone_is_canonical_mobile
from gongjiang.ingest.kinds import TEXT_VALUED_KINDS, Column, RowError
from gongjiang.ingest.parsing import EARLIEST_DATE, MEMO_KINDS, _ResidentIdParser

BAD = object()  # "this cell needs the per-row lane"

_ID_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)
_ID_CHECK = np.array([ord(c) for c in "10X98765432"], dtype=np.uint32)
_DAYS_IN_MONTH = np.array((0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), dtype=np.int64)
# What `parsing.text_clean` would change in a text cell: full-width ASCII and the ideographic space
# (translated), NBSP and zero-width space (replaced), surrounding whitespace (stripped; `\s` is
# `str.isspace`, the same set `str.strip` removes). \x00 is the separator of the joined column. One
# character class scans fast; a match that is a space inside a value (kept by the parser) is let go.
_TEXT_SUSPECT = re.compile("[\\s\uff01-\uff5e\u00a0\u200b]")
_CHANGED = frozenset("\u3000\u00a0\u200b") | frozenset(map(chr, range(0xFF01, 0xFF5F)))


def _blank(raw: Any) -> bool:
    return raw is None or (raw.__class__ is str and (not raw or raw.isspace()))


def cell_parse(column: Column, parse: Callable[[Any], Any], raw: Any) -> Any:
    """One cell as the per-row lane takes it (blank rules included), or BAD if it would be refused."""
    if _blank(raw):
        if column.required:
            return BAD
        return "" if column.kind in TEXT_VALUED_KINDS else None
    try:
        return parse(raw)
    except RowError:
        return BAD


def _id_column(raw: Sequence[Any], parser: _ResidentIdParser) -> tuple[list[Any], np.ndarray]:
    n = len(raw)
    text = np.array([c if c.__class__ is str and len(c) == 18 else "" for c in raw], dtype="<U18")
    codes = text.view(np.uint32).reshape(n, 18)
    digits = codes[:, :17].astype(np.int64) - 48
    ok = ((digits >= 0) & (digits <= 9)).all(axis=1)
    digits = np.where(ok[:, None], digits, 0)
    ok &= _ID_CHECK[(digits @ _ID_WEIGHTS) % 11] == codes[:, 17]
    year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last_day = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + (leap & (month == 2))
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= last_day)
    stamp = year * 10000 + month * 100 + day
    today = parser.today
    ok &= (stamp >= EARLIEST_DATE.year * 10000 + EARLIEST_DATE.month * 100 + EARLIEST_DATE.day) & (
        stamp <= today.year * 10000 + today.month * 100 + today.day)
    # Region and birth year: pairs the full validator has accepted in this import (the per-cell
    # fast path's rule). A pair not seen yet is put to the full validator once, on its first row.
    region = digits[:, :6] @ np.array((100000, 10000, 1000, 100, 10, 1), dtype=np.int64)
    pair = region * 10000 + year

    def known() -> np.ndarray:
        return np.array([int(r) * 10000 + y for r, y in parser.region_years if r.isdigit()], dtype=np.int64)

    unseen = ok & ~np.isin(pair, known())
    if unseen.any():
        for value in np.unique(pair[unseen]).tolist():
            with contextlib.suppress(RowError):
                parser(raw[int(np.flatnonzero(unseen & (pair == value))[0])])
        ok &= np.isin(pair, known())
    return list(raw), ok


def _text_column(raw: Sequence[Any], column: Column) -> tuple[list[Any], np.ndarray] | None:
    """Clean text cells are their own value. None when the column holds non-text cells or the
    separator (the per-cell parser then handles the column)."""
    if not all(c.__class__ is str for c in raw):
        return None
    joined = "\x00".join(raw)
    if joined.count("\x00") != len(raw) - 1:
        return None
    lengths = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
    ok = np.ones(len(raw), dtype=bool)
    if column.required:
        ok &= lengths > 0
    if column.max_length:
        ok &= lengths <= column.max_length
    end = len(joined) - 1
    positions = [p for p in (match.start() for match in _TEXT_SUSPECT.finditer(joined))
                 if joined[p] in _CHANGED or p == 0 or p == end or joined[p - 1] == "\x00" or joined[p + 1] == "\x00"]
    if positions:
        starts = np.cumsum(lengths + 1) - (lengths + 1)
        ok[np.searchsorted(starts, np.array(positions, dtype=np.int64), side="right") - 1] = False
    return list(raw), ok


def _canonical_column(raw: Sequence[Any], column: Column, parse: Callable[[Any], Any]) -> tuple[list[Any], np.ndarray]:
    """Names and phone numbers: a cell already in its stored form (`identity.person_name_is_canonical`,
    `phone_is_canonical_mobile`, the same patterns the validators accept) is its own value; any
    other cell is parsed (a blank optional one gives "")."""
    canonical = person_name_is_canonical if column.kind == "person_name" else phone_is_canonical_mobile
    values = [c if c.__class__ is str and canonical(c) else cell_parse(column, parse, c) for c in raw]
    return values, np.fromiter((value is not BAD for value in values), dtype=bool, count=len(values))


def _distinct_column(raw: Sequence[Any], column: Column, parse: Callable[[Any], Any]) -> tuple[list[Any], np.ndarray]:
    """Coded columns (few distinct values): each distinct cell parsed once."""
    try:
        table = {value: cell_parse(column, parse, value) for value in set(raw)}
    except TypeError:  # an unhashable cell
        values = [cell_parse(column, parse, value) for value in raw]
    else:
        values = [table[value] for value in raw]
    return values, np.fromiter((value is not BAD for value in values), dtype=bool, count=len(values))


def _cell_column(raw: Sequence[Any], column: Column, parse: Callable[[Any], Any]) -> tuple[list[Any], np.ndarray]:
    values = [cell_parse(column, parse, value) for value in raw]
    return values, np.fromiter((value is not BAD for value in values), dtype=bool, count=len(values))


def chunk_parse(plan: Sequence[tuple[int, Column, Callable[[Any], Any]]],
                chunk: Sequence[Sequence[Any]]) -> tuple[list[list[Any]], np.ndarray]:
    """The parsed columns of `chunk` (rows of cells, each at least as wide as the plan's indexes),
    in plan order, and which rows are clean. Values of rows that are not clean are meaningless."""
    ok = np.ones(len(chunk), dtype=bool)
    columns: list[list[Any]] = []
    for index, column, parse in plan:
        raw = [cells[index] for cells in chunk]
        parsed = None
        if column.kind == "id_number" and isinstance(parse, _ResidentIdParser):
            parsed = _id_column(raw, parse)
        elif column.kind == "text":
            parsed = _text_column(raw, column)
        elif column.kind in ("person_name", "phone"):
            parsed = _canonical_column(raw, column, parse)
        elif column.kind in MEMO_KINDS or column.kind == "int":
            # Integers are a pure parse too; a column of them (a class number, a year) usually
            # repeats a few values, parsed here once each.
            parsed = _distinct_column(raw, column, parse)
        if parsed is None:
            parsed = _cell_column(raw, column, parse)
        values, column_ok = parsed
        ok &= column_ok
        columns.append(values)
    return columns, ok
