"""Secondary suppression across every table published for a year (issue 11 §2; R9.1, R7.2).

Each table protected on its own leaks: the city-wide table hid a cell the by-district table printed,
and with the all-grades mean × head count the hidden 技师 cell came back to the yuan. So a year's
tables are protected *together*:

1. **The published family** (`FAMILY`): occupation as recorded and at each level of the
   classification (4 职业 … 1 大类) × {city-wide, by district, by industry}: every cell and every
   total line of `analysis.wage_table`. The pages, the API and `wages publish` show only rows of
   these tables (a district or industry filter selects rows of the by-district or by-industry
   table; district × industry is not published).
2. **One node per set of workers.** Two figures describing the same workers are one figure,
   whatever they are called (the by-district total of 电工/技师 is the city-wide cell; an
   occupation working in one district only has the same cell in both tables; a level-3 group with
   one occupation equals it). A node is identified by the set of its *base cells* — the non-empty
   (occupation as recorded, grade, district, industry) combinations — through two independent
   64-bit random sums over that set (a collision of different sets has probability ~2⁻¹²⁸).
3. **Lines**: every additive relation the family publishes — in each table a total line and its
   cells (grades of an occupation, districts or industries of an occupation × grade), and between
   consecutive levels a parent and its children (for each grade, district, industry and the
   totals). A node's primary status is the strictest of the tables it appears in.
4. `disclosure.secondary_suppress` over all nodes and lines together: no line keeps exactly one
   hidden member, so no hidden sum (mean × head count) is the difference of published ones, and
   a node hidden anywhere is hidden everywhere it is published. Quantiles do not add up; a hidden
   cell's quantiles could only be read where the same workers are published under another name,
   which step 2 rules out.

The steps work on `CellTable`s from any engine (`analysis.wage_table` or `spark.wage_table`) and
on the base cells, so both engines hide the same cells. A year's protected family is computed
once per process and snapshot file (`year_protected`) — the cost is in bench/income/RESULTS.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from gongjiang.income import disclosure
from gongjiang.income.analysis import CellTable, occupation_at_level, wage_table
from gongjiang.income.store import Snapshot

LEVELS: tuple[int | None, ...] = (None, 4, 3, 2, 1)  # None: as recorded (finest)
BYS: tuple[str | None, ...] = (None, "district", "industry")
FAMILY = tuple((level, by) for level in LEVELS for by in BYS)



@dataclass(frozen=True)
class BaseCells:
    """The non-empty (occupation as recorded, grade, district, industry) combinations of a year."""

    occupation: np.ndarray  # object arrays of codes
    grade: np.ndarray
    district: np.ndarray
    industry: np.ndarray


def base_cells(snap: Snapshot) -> BaseCells:
    """The base cells of a snapshot (numpy engine)."""
    cols = snap.columns
    key = ((cols["occ_idx"].astype(np.int64) << 40) | (cols["grade"].astype(np.int64) << 32)
           | (cols["district_idx"].astype(np.int64) << 16) | cols["industry_idx"].astype(np.int64))
    unique = np.unique(key)
    occ = np.asarray(snap.occupation_codes, dtype=object)[(unique >> 40).astype(np.int64)] if len(unique) else \
        np.zeros(0, object)
    return BaseCells(occ, ((unique >> 32) & 0xFF).astype(np.int64),
                     np.asarray(snap.district_codes, dtype=object)[((unique >> 16) & 0xFFFF).astype(np.int64)]
                     if len(unique) else np.zeros(0, object),
                     np.asarray(snap.industry_codes, dtype=object)[(unique & 0xFFFF).astype(np.int64)]
                     if len(unique) else np.zeros(0, object))


def _codes_at(codes: np.ndarray, level: int | None) -> np.ndarray:
    codes = np.asarray(codes).astype(str)
    if not level or not len(codes):
        return codes
    uniques, inverse = np.unique(codes, return_inverse=True)
    rolled = np.asarray([occupation_at_level(c, level) for c in uniques], dtype=object).astype(str)
    return rolled[inverse.ravel()]


TOTAL = "(total)"  # the group of a total line (and of every row of a city-wide table); never a code
ALL_GRADES = -1


def _row_keys(table: CellTable, by: str | None) -> pd.DataFrame:
    """(occupation, grade or ALL_GRADES for an all-grades line, group or TOTAL) per row."""
    total = table.is_total.astype(bool)
    grade = np.where(total & (not by), ALL_GRADES, table.grade.astype(np.int64))
    group = np.where(total | (not by), TOTAL, table.group.astype(str))
    return pd.DataFrame({"occ": table.occupation.astype(str), "grade": grade, "group": group})


def _hashes(base: BaseCells, level, by, keys: pd.DataFrame, salts: np.ndarray) -> np.ndarray:
    """Two 64-bit set hashes per row of a table: the sums of the salts of the row's base cells. A
    base cell belongs to its cell and to that cell's total line (with `by`: occupation × grade;
    without: the occupation's all-grades line)."""
    occ = _codes_at(base.occupation, level)
    grade = np.asarray(base.grade, dtype=np.int64)
    group = np.asarray({"district": base.district, "industry": base.industry}[by]).astype(str) if by else None
    rows = keys.reset_index(drop=True).rename_axis("row").reset_index()
    if by:
        variants = [(occ, grade, group), (occ, grade, np.full(len(occ), TOTAL))]
    else:
        variants = [(occ, grade, np.full(len(occ), TOTAL)),
                    (occ, np.full(len(occ), ALL_GRADES, dtype=np.int64), np.full(len(occ), TOTAL))]
    out = np.zeros((len(keys), 2), dtype=np.uint64)
    for o, g, x in variants:
        cells = pd.DataFrame({"occ": o, "grade": g, "group": x, "base": np.arange(len(o))})
        hit = cells.merge(rows, on=["occ", "grade", "group"], how="inner")
        with np.errstate(over="ignore"):
            np.add.at(out, hit["row"].to_numpy(), salts[hit["base"].to_numpy()])
    return out


def _rank(status: np.ndarray) -> np.ndarray:
    """Strictness of a status: published 0, caution 1, a hidden status above (its NAMES position + 2)."""
    position = {name: i for i, name in enumerate(disclosure.NAMES)}
    ranks = np.asarray([0 if s == disclosure.PUBLISHED else 1 if s == disclosure.CAUTION else 2 + position[s]
                        for s in disclosure.NAMES])
    lookup = {name: int(ranks[i]) for i, name in enumerate(disclosure.NAMES)}
    return np.asarray([lookup[str(s)] for s in status], dtype=np.int64)


def protect(tables: dict[tuple, CellTable], base: BaseCells) -> dict[tuple, CellTable]:
    """The tables of `FAMILY` with secondary suppression applied across all of them (module doc)."""
    names = list(tables)
    rng = np.random.default_rng(20261203)
    salts = rng.integers(0, 2**62, size=(len(base.occupation), 2), dtype=np.uint64) * np.uint64(4) + np.uint64(1)
    keys = {name: _row_keys(tables[name], name[1]) for name in names}
    hashes = np.concatenate([_hashes(base, *name, keys[name], salts) for name in names]) if names else \
        np.zeros((0, 2), np.uint64)
    sizes = [len(tables[name]) for name in names]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    _, node = np.unique(hashes, axis=0, return_inverse=True)
    node = node.ravel().astype(np.int64)
    n_nodes = int(node.max()) + 1 if len(node) else 0
    rank = np.concatenate([_rank(tables[name].status) for name in names]) if names else np.zeros(0, np.int64)
    node_rank = np.full(n_nodes, -1, dtype=np.int64)
    np.maximum.at(node_rank, node, rank)
    back = {0: disclosure.PUBLISHED, 1: disclosure.CAUTION,
            **{2 + i: str(name) for i, name in enumerate(disclosure.NAMES)}}
    node_status = np.asarray([back[int(r)] for r in node_rank], dtype=object)
    node_count = np.zeros(n_nodes, dtype=np.int64)
    node_count[node] = np.concatenate([tables[name].count for name in names]).astype(np.int64) if names else 0

    member_parts, total_parts = [], []  # (line id, node) pairs of members, and each line's total
    line_base = 0

    def add(line_ids: np.ndarray, members: np.ndarray, totals_of_line: np.ndarray) -> None:
        nonlocal line_base
        member_parts.append((line_ids + line_base, members))
        total_parts.append((np.arange(len(totals_of_line)) + line_base, totals_of_line))
        line_base += len(totals_of_line)

    for t, name in enumerate(names):
        frame = keys[name].assign(node=node[offsets[t]:offsets[t + 1]])
        by = name[1]
        line_cols = ["occ", "grade"] if by else ["occ"]
        is_total = (frame["group"] == TOTAL) if by else (frame["grade"] == ALL_GRADES)
        totals = frame[is_total].drop_duplicates(line_cols).reset_index(drop=True)
        totals["line"] = np.arange(len(totals))
        parts = frame[~is_total].merge(totals[[*line_cols, "line"]], on=line_cols, how="inner")
        add(parts["line"].to_numpy(), parts["node"].to_numpy(), totals["node"].to_numpy())
    # parent = sum of its children, between consecutive levels, for every grade, group and total
    finer = dict(zip(LEVELS[1:], LEVELS[:-1], strict=True))  # 1 → 2 → 3 → 4 → as recorded
    for t, name in enumerate(names):
        coarse, by = name
        fine_name = (finer.get(coarse, "none"), by) if coarse else None
        if fine_name not in tables:
            continue
        f = names.index(fine_name)
        parents = keys[name].assign(node=node[offsets[t]:offsets[t + 1]]).reset_index(drop=True)
        parents["line"] = np.arange(len(parents))
        children = keys[fine_name].assign(node=node[offsets[f]:offsets[f + 1]])
        children["occ"] = _codes_at(children["occ"].to_numpy(), coarse)
        parts = children.merge(parents[["occ", "grade", "group", "line"]], on=["occ", "grade", "group"], how="inner")
        add(parts["line"].to_numpy(), parts["node"].to_numpy(), parents["node"].to_numpy())

    status = node_status
    if member_parts:
        line = np.concatenate([p[0] for p in member_parts])
        members = np.concatenate([p[1] for p in member_parts])
        total_line = np.concatenate([p[0] for p in total_parts])
        total_node = np.concatenate([p[1] for p in total_parts])
        total_of = np.empty(line_base, dtype=np.int64)
        total_of[total_line] = total_node
        keep = members != total_of[line]  # a total equal to a member: one node, nothing to subtract
        pairs = np.unique(np.stack([line[keep], members[keep]], axis=1), axis=0) if keep.any() else \
            np.zeros((0, 2), np.int64)
        used = np.unique(pairs[:, 0])
        all_line = np.concatenate([pairs[:, 0], used])
        all_member = np.concatenate([pairs[:, 1], total_of[used]])
        if len(all_line):
            _, dense = np.unique(all_line, return_inverse=True)
            status = disclosure.secondary_suppress(node_status, node_count, (all_member, dense.ravel()))
    return {name: replace(tables[name], status=status[node[offsets[t]:offsets[t + 1]]])
            for t, name in enumerate(names)}


def family_compute(compute: Callable[..., CellTable]) -> dict[tuple, CellTable]:
    """Every table of `FAMILY` from `compute(by=…, level=…)` (an engine's wage_table)."""
    return {(level, by): compute(by=by, level=level) for level, by in FAMILY}


_CACHE: dict[tuple, dict[tuple, CellTable]] = {}
_LOCK = threading.Lock()


def year_protected(snap: Snapshot, *, cache_key: tuple | None = None) -> dict[tuple, CellTable]:
    """The protected family of a year (numpy engine), kept per process while the file is unchanged
    (`cache_key`: e.g. the file's path and modification time)."""
    with _LOCK:
        if cache_key is not None and cache_key in _CACHE:
            return _CACHE[cache_key]
    tables = protect(family_compute(lambda **kw: wage_table(snap, **kw)), base_cells(snap))
    if cache_key is not None:
        with _LOCK:
            while len(_CACHE) >= 3:  # a few years at a time: the family of a large city is sizeable
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[cache_key] = tables
    return tables
