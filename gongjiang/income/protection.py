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
on the base cells, so both engines hide the same cells. A year's family is protected when the
snapshot is built (`protection_build`, a status code per row stored beside the snapshot) and each
table is then computed on demand (`protected_table`) — the cost is in ADR 0020.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

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


class _Codes:
    """Integer ids for occupation codes (as recorded and rolled up) and group codes, so that rows
    are matched by int64 keys (occupation << 32 | grade + 1 << 24 | group)."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self._factorized: dict[int, tuple] = {}

    def _factorize(self, codes: np.ndarray) -> tuple[np.ndarray, list[str]]:
        cached = self._factorized.get(id(codes))
        if cached is not None and cached[0] is codes:
            return cached[1], cached[2]
        inverse, uniques = pd.factorize(np.asarray(codes, dtype=object))
        self._factorized[id(codes)] = (codes, inverse, [str(u) for u in uniques])
        return inverse, [str(u) for u in uniques]

    def rolled(self, codes: np.ndarray, level: int | None = None) -> np.ndarray:
        """Ids of `codes` at `level` of the classification (None: the codes themselves)."""
        if not len(codes):
            return np.zeros(0, dtype=np.int64)
        inverse, uniques = self._factorize(codes)
        up = [occupation_at_level(c, level) for c in uniques] if level else uniques
        ids = np.asarray([self.ids.setdefault(c, len(self.ids)) for c in up], dtype=np.int64)
        return ids[inverse]

    def of(self, codes: np.ndarray) -> np.ndarray:
        return self.rolled(codes)


TOTAL = "(total)"  # the group of a total line (and of every row of a city-wide table); never a code
ALL_GRADES = -1


def _key(occ: np.ndarray, grade: np.ndarray, group: np.ndarray) -> np.ndarray:
    return (occ.astype(np.int64) << 32) | ((grade.astype(np.int64) + 1) << 24) | group.astype(np.int64)


def _row_keys(table: CellTable, by: str | None, occ_codes: _Codes, groups: _Codes) -> np.ndarray:
    """Key of each row: (occupation, grade or ALL_GRADES for an all-grades line, group or TOTAL)."""
    total = table.is_total.astype(bool)
    grade = np.where(total & (not by), ALL_GRADES, table.grade.astype(np.int64))
    group = groups.of(np.where(total | (not by), TOTAL, table.group).astype(object))
    return _key(occ_codes.of(table.occupation), grade, group)


def _hashes(base: BaseCells, level, by, keys: np.ndarray, salts: np.ndarray, occ_codes: _Codes,
            groups: _Codes) -> np.ndarray:
    """Two 64-bit set hashes per row of a table: the sums of the salts of the row's base cells. A
    base cell belongs to its cell and to that cell's total line (with `by`: occupation × grade;
    without: the occupation's all-grades line)."""
    occ = occ_codes.rolled(base.occupation, level)
    grade = np.asarray(base.grade, dtype=np.int64)
    total = np.full(len(occ), groups.of(np.asarray([TOTAL], dtype=object))[0], dtype=np.int64)
    if by:
        group = groups.of({"district": base.district, "industry": base.industry}[by])
        variants = [_key(occ, grade, group), _key(occ, grade, total)]
    else:
        variants = [_key(occ, grade, total), _key(occ, np.full(len(occ), ALL_GRADES), total)]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    out = np.zeros((len(keys), 2), dtype=np.uint64)
    for variant in variants:
        pos = np.searchsorted(sorted_keys, variant)
        pos = np.minimum(pos, max(len(sorted_keys) - 1, 0))
        hit = (sorted_keys[pos] == variant) if len(sorted_keys) else np.zeros(len(variant), bool)
        rows = order[pos[hit]]
        salt = salts[hit]
        by_row = np.argsort(rows, kind="stable")
        rows, salt = rows[by_row], salt[by_row]
        if len(rows):
            starts = np.concatenate(([0], np.flatnonzero(rows[1:] != rows[:-1]) + 1))
            with np.errstate(over="ignore"):
                out[rows[starts]] += np.add.reduceat(salt, starts, axis=0)
    return out


def _rank(status: np.ndarray) -> np.ndarray:
    """Strictness of a status: published 0, caution 1, a hidden status above (its NAMES position + 2)."""
    lookup = {name: (0 if name == disclosure.PUBLISHED else 1 if name == disclosure.CAUTION else 2 + i)
              for i, name in enumerate(disclosure.NAMES)}
    inverse, uniques = pd.factorize(np.asarray(status, dtype=object))
    return np.asarray([lookup[str(u)] for u in uniques], dtype=np.int64)[inverse]


def _lines_within(keys: np.ndarray, nodes: np.ndarray, by: str | None, total_group: int):
    """(line, member node) pairs and each line's total node for the total lines of one table."""
    if by:
        line_key = keys >> 24  # occupation × grade
        is_total = (keys & 0xFFFFFF) == total_group
    else:
        line_key = keys >> 32  # occupation
        is_total = ((keys >> 24) & 0xFF) == 0  # ALL_GRADES + 1
    t_keys, t_nodes = line_key[is_total], nodes[is_total]
    order = np.argsort(t_keys, kind="stable")
    t_keys, t_nodes = t_keys[order], t_nodes[order]
    m_keys, m_nodes = line_key[~is_total], nodes[~is_total]
    pos = np.minimum(np.searchsorted(t_keys, m_keys), max(len(t_keys) - 1, 0))
    hit = (t_keys[pos] == m_keys) if len(t_keys) else np.zeros(len(m_keys), bool)
    return pos[hit], m_nodes[hit], t_nodes


def protect(tables: dict[tuple, CellTable], base: BaseCells) -> dict[tuple, CellTable]:
    """The tables of `FAMILY` with secondary suppression applied across all of them (module doc)."""
    names = list(tables)
    occ_codes, groups = _Codes(), _Codes()
    total_group = int(groups.of(np.asarray([TOTAL], dtype=object))[0])
    rng = np.random.default_rng(20261203)
    salts = rng.integers(0, 2**62, size=(len(base.occupation), 2), dtype=np.uint64) * np.uint64(4) + np.uint64(1)
    keys = {name: _row_keys(tables[name], name[1], occ_codes, groups) for name in names}
    hashes = (np.concatenate([_hashes(base, *name, keys[name], salts, occ_codes, groups) for name in names])
              if names else np.zeros((0, 2), np.uint64))
    offsets = np.concatenate([[0], np.cumsum([len(tables[name]) for name in names])]).astype(np.int64)
    first, node = np.unique(hashes[:, 0], return_index=True, return_inverse=True)[1:]
    node = node.ravel().astype(np.int64)
    if not np.array_equal(hashes[first[node], 1], hashes[:, 1]):  # two sets sharing the first hash
        raise RuntimeError("set-hash collision: change the salt seed")
    n_nodes = len(first)
    rank = np.concatenate([_rank(tables[name].status) for name in names]) if names else np.zeros(0, np.int64)
    node_rank = np.full(n_nodes, -1, dtype=np.int64)
    np.maximum.at(node_rank, node, rank)
    back = {0: disclosure.PUBLISHED, 1: disclosure.CAUTION,
            **{2 + i: str(name) for i, name in enumerate(disclosure.NAMES)}}
    node_status = np.asarray([back[int(r)] for r in node_rank], dtype=object)
    node_count = np.zeros(n_nodes, dtype=np.int64)
    if names:
        node_count[node] = np.concatenate([tables[name].count for name in names]).astype(np.int64)
    nodes_of = {name: node[offsets[t]:offsets[t + 1]] for t, name in enumerate(names)}

    member_parts, total_parts = [], []
    line_base = 0

    def add(line_ids: np.ndarray, members: np.ndarray, totals_of_line: np.ndarray) -> None:
        nonlocal line_base
        member_parts.append((line_ids + line_base, members))
        total_parts.append(totals_of_line)
        line_base += len(totals_of_line)

    for name in names:
        add(*_lines_within(keys[name], nodes_of[name], name[1], total_group))
    # parent = sum of its children, between consecutive levels, for every grade, group and total
    finer = dict(zip(LEVELS[1:], LEVELS[:-1], strict=True))  # 1 → 2 → 3 → 4 → as recorded
    for name in names:
        coarse, by = name
        fine_name = (finer.get(coarse, "none"), by) if coarse else None
        if fine_name not in tables:
            continue
        fine = tables[fine_name]
        child_keys = _key(occ_codes.rolled(fine.occupation, coarse), (keys[fine_name] >> 24 & 0xFF) - 1,
                          keys[fine_name] & 0xFFFFFF)
        parent_keys = keys[name]
        order = np.argsort(parent_keys, kind="stable")
        sorted_parents = parent_keys[order]
        pos = np.minimum(np.searchsorted(sorted_parents, child_keys), max(len(sorted_parents) - 1, 0))
        hit = (sorted_parents[pos] == child_keys) if len(sorted_parents) else np.zeros(len(child_keys), bool)
        add(order[pos[hit]], nodes_of[fine_name][hit], nodes_of[name])

    status = node_status
    if member_parts:
        line = np.concatenate([p[0] for p in member_parts])
        members = np.concatenate([p[1] for p in member_parts])
        total_of = np.concatenate(total_parts)
        keep = members != total_of[line]  # a total equal to a member: one node, nothing to subtract
        pair_key = np.unique((line[keep] << 32) | members[keep])  # each member once per line
        line, members = pair_key >> 32, pair_key & 0xFFFFFFFF
        used = np.unique(line)
        all_line = np.concatenate([line, used])
        all_member = np.concatenate([members, total_of[used]])
        if len(all_line):
            dense = np.searchsorted(used, all_line)
            status = disclosure.secondary_suppress(node_status, node_count, (all_member, dense))
    return {name: replace(tables[name], status=status[nodes_of[name]]) for name in names}


def family_compute(compute: Callable[..., CellTable], occupation_codes: list[str] | None = None) -> dict[tuple, CellTable]:
    """Every table of `FAMILY` from `compute(by=…, level=…)` (an engine's wage_table). Given the
    year's `occupation_codes`, level 4 is the table as recorded when no code is finer than 职业
    (the classification has four levels): computed once."""
    tables: dict[tuple, CellTable] = {}
    for level, by in FAMILY:  # as recorded first
        codes = occupation_codes if occupation_codes is not None else tables[(None, by)].occupation.tolist() \
            if (None, by) in tables else None
        same_as_recorded = codes is not None and all(len(str(c).split("-")) <= 4 for c in codes)
        if level == 4 and same_as_recorded:
            tables[(level, by)] = tables[(None, by)]
        else:
            tables[(level, by)] = compute(by=by, level=level)
    return tables


_CACHE: dict[tuple, CellTable] = {}
_LOCK = threading.RLock()
_STATUS_CODE = {str(name): i for i, name in enumerate(disclosure.NAMES)}


def protection_path(snapshot_file: Path) -> Path:
    return snapshot_file.with_suffix(".protection.npz")


def _source_id(snapshot_file: Path) -> str:
    stat = snapshot_file.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _name(level, by) -> str:
    return f"{level or ''}|{by or ''}"


def protection_build(snap: Snapshot, snapshot_file: Path) -> dict[tuple, CellTable]:
    """Protect the year's family and store every table's statuses beside the snapshot (one small
    file: a status code per row), so that a page or an API request never waits for the whole
    family. Run by `wages build` (`services.income_snapshot_build`) and on first use."""
    tables = protect(family_compute(lambda **kw: wage_table(snap, **kw), snap.occupation_codes), base_cells(snap))
    arrays = {_name(*name): np.asarray([_STATUS_CODE[str(x)] for x in table.status], dtype=np.int8)
              for name, table in tables.items()}
    target = protection_path(snapshot_file)
    tmp = target.with_suffix(".tmp.npz")
    np.savez(tmp, source=np.asarray(_source_id(snapshot_file)), **arrays)
    os.replace(tmp, target)
    with _LOCK:
        for name, table in tables.items():
            _remember((str(snapshot_file), _source_id(snapshot_file), name), table)
    return tables


def _remember(key: tuple, table: CellTable) -> None:
    while len(_CACHE) >= 2 * len(FAMILY):  # about two years of tables in memory
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = table


def protected_table(snap: Snapshot, snapshot_file: Path, *, level: int | None, by: str | None) -> CellTable:
    """One table of the year's family, with the statuses of the family's joint protection (read
    from the file `protection_build` wrote; built now if it is missing or older than the snapshot)."""
    source = _source_id(snapshot_file)
    key = (str(snapshot_file), source, (level, by))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        stored = protection_path(snapshot_file)
        codes = None
        if stored.exists():
            with np.load(stored) as data:
                if str(data["source"]) == source and _name(level, by) in data:
                    codes = data[_name(level, by)]
        if codes is None:
            return protection_build(snap, snapshot_file)[(level, by)]
        table = wage_table(snap, by=by, level=level)
        if len(codes) != len(table):  # not the table the statuses were computed for
            return protection_build(snap, snapshot_file)[(level, by)]
        table = replace(table, status=disclosure.NAMES[codes.astype(np.int64)])
        _remember(key, table)
        return table
