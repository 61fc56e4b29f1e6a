"""Wage price level tables over a loaded snapshot (R7.2; issue 6 §2–3). No Django models here: the
selectors add names, scope and auditing.

`wage_table` returns cells (occupation × grade [× district|industry]) with P10…P90, mean, the
Zhejiang tails and the disclosure status, plus total lines used for secondary suppression.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gongjiang.income import disclosure, stats
from gongjiang.income.store import Snapshot, cell_key, enterprise_runs

BY_CHOICES = ("district", "industry")


@dataclass
class CellTable:
    """Columns of a result, one entry per cell. Money in fen (float); `status` is a disclosure code."""

    occupation: np.ndarray  # object array of codes
    grade: np.ndarray
    group: np.ndarray  # object array  # district or industry code; "" for totals and for the city-wide table
    is_total: np.ndarray
    count: np.ndarray
    enterprises: np.ndarray
    mean: np.ndarray
    quantiles: np.ndarray  # (cells, 5): P10, P25, P50, P75, P90 of annual pay incl. overtime
    zj_low: np.ndarray  # Zhejiang 低位数: mean of the bottom 10%, monthly, excl. overtime
    zj_high: np.ndarray
    rse: np.ndarray
    status: np.ndarray
    sums: np.ndarray | None = None  # exact (integer fen) total pay: means round from sums ÷ counts
    extra: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.count)


def occupation_range(snap: Snapshot, prefix: str) -> tuple[int, int]:
    """Index range [lo, hi) of the occupation codes in the subtree of `prefix` (the code itself
    and every code under it, dash-aware). Codes are sorted, so a subtree is contiguous."""
    codes = snap.occupation_codes
    hits = [i for i, code in enumerate(codes) if code == prefix or code.startswith(prefix + "-")]
    if not hits:
        return 0, 0
    return hits[0], hits[-1] + 1


def occupation_at_level(code: str, level: int | None) -> str:
    if not level or not code:
        return code
    return "-".join(code.split("-")[:level])


def _rows(snap: Snapshot, occupation_prefix: str, district: str, industry: str, grades) -> np.ndarray | slice:
    """Rows kept by the filters: a slice when only the occupation filter applies, else indices."""
    cols = snap.columns
    lo, hi = 0, len(snap)
    if occupation_prefix:
        a, b = occupation_range(snap, occupation_prefix)
        lo = int(np.searchsorted(cols["occ_idx"], a, side="left"))
        hi = int(np.searchsorted(cols["occ_idx"], b, side="left"))
    mask = None
    if district:
        d = snap.district_codes.index(district) if district in snap.district_codes else -1
        mask = cols["district_idx"][lo:hi] == d
    if industry:
        i = snap.industry_codes.index(industry) if industry in snap.industry_codes else -1
        m = cols["industry_idx"][lo:hi] == i
        mask = m if mask is None else mask & m
    if grades:
        m = np.isin(cols["grade"][lo:hi], np.asarray(list(grades), dtype=np.int8))
        mask = m if mask is None else mask & m
    if mask is None:
        return slice(lo, hi)
    return np.flatnonzero(mask) + lo


def enterprise_top_pay(ent_pay: np.ndarray, ent_first: np.ndarray, starts: np.ndarray,
                       counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pay of the largest and second-largest enterprise of each run (0 without a second), from the
    per-row enterprise totals `ent_pay` (the pay-share dominance rule, issue 11 §3)."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    top = np.maximum.reduceat(ent_pay, starts)
    is_top = ent_pay == np.repeat(top, counts)
    second = np.maximum.reduceat(np.where(is_top, 0, ent_pay), starts)
    tied = stats.run_counts(ent_first & is_top, starts, counts) > 1  # two enterprises share the top
    return top, np.where(tied, top, second)


def _cell_stats(pay, base_sorted, weight, survey, ent_first, ent_rows, ent_pay, starts, counts):
    """Statistics of runs that are contiguous and sorted by pay (base_sorted sorted within runs)."""
    quantiles = stats.quantiles_linear(pay, starts, counts)
    sums = stats.group_sums(pay, starts)
    mean = sums / np.maximum(counts, 1)
    zj_low, zj_high = stats.tail_means(base_sorted, starts, counts)
    enterprises = stats.run_counts(ent_first, starts, counts) if len(starts) else counts * 0
    max_rows = np.maximum.reduceat(ent_rows, starts) if len(starts) else counts * 0
    top_pay, second_pay = enterprise_top_pay(ent_pay, ent_first, starts, counts)
    rse = np.full(len(starts), np.nan)
    any_survey = (stats.run_counts(survey, starts, counts) > 0 if survey.any()
                  else np.zeros(len(starts), dtype=bool))
    if any_survey.any():
        wq = stats.quantiles_weighted(pay, weight, starts, counts)
        wmean, wrse = stats.weighted_mean_rse(pay, weight, starts, counts, survey)
        quantiles[any_survey] = wq[any_survey]
        mean = np.where(any_survey, wmean, mean)
        rse = np.where(any_survey, wrse, np.nan)
    return sums, mean, quantiles, zj_low, zj_high, enterprises, max_rows, rse, top_pay, second_pay


def _regroup(snap: Snapshot, rows, keys: np.ndarray):
    """Sort the selected rows by (key, pay) and derive what the fast layout stores."""
    cols = snap.columns
    pay = cols["pay"][rows]
    order = np.lexsort((pay, keys))
    base = cols["base_monthly"][rows]
    base_sorted = base[np.lexsort((base, keys))]  # within each group, by base pay
    keys = keys[order]
    pay = pay[order]
    ent_first, ent_rows, ent_pay = enterprise_runs(keys, cols["enterprise"][rows][order], pay)
    return (keys, pay, base_sorted, cols["weight"][rows][order], cols["survey"][rows][order],
            ent_first, ent_rows, ent_pay, order)


def wage_table(snap: Snapshot, *, by: str | None = None, level: int | None = None, occupation_prefix: str = "",
               district: str = "", industry: str = "", grades=None) -> CellTable:
    """The wage price level table of one year, disclosure control applied.

    Cells are occupation (at `level` of the classification, None = as recorded) × grade, and × the
    `by` dimension. Total lines: with `by`, each (occupation, grade) over the groups (count and mean,
    exact from the cells — a worker-year's district and industry are its enterprise's, so the
    enterprise counts add up); without `by`, each occupation over its grades (all statistics)."""
    if by not in (None, *BY_CHOICES):
        raise ValueError(by)
    cols = snap.columns
    rows = _rows(snap, occupation_prefix, district, industry, grades)
    occ_idx, grade = cols["occ_idx"][rows], cols["grade"][rows]
    occ_codes = snap.occupation_codes
    if level:
        parents = sorted({occupation_at_level(c, level) for c in occ_codes})
        lookup = np.asarray([parents.index(occupation_at_level(c, level)) for c in occ_codes], dtype=np.int32)
        occ_idx, occ_codes = lookup[occ_idx] if len(occ_idx) else occ_idx, parents
    group_names = {"district": snap.district_codes, "industry": snap.industry_codes}.get(by or "", [""])
    group_idx = cols[f"{by}_idx"][rows] if by else np.zeros(len(occ_idx), dtype=np.int16)
    fast = by == "district" and not level
    if fast:  # the stored layout already is (occupation, grade, district, pay): no key, no sort
        starts, counts = stats.group_starts_multi(occ_idx, grade, group_idx)
        parts = (None, cols["pay"][rows], cols["base_monthly_cellsorted"][rows], cols["weight"][rows],
                 cols["survey"][rows], cols["ent_first"][rows], cols["ent_rows"][rows], cols["ent_pay"][rows])
        cell_occ = occ_idx[starts].astype(np.int64)
        cell_grade = grade[starts].astype(np.int64)
        cell_group = group_idx[starts].astype(np.int64)
    else:
        parts = _regroup(snap, rows, cell_key(occ_idx, grade, group_idx))[:8]
        starts, counts = stats.group_starts(parts[0])
        cell_keys = parts[0][starts]
        cell_occ = (cell_keys >> 24).astype(np.int64)
        cell_grade = ((cell_keys >> 16) & 0xFF).astype(np.int64)
        cell_group = (cell_keys & 0xFFFF).astype(np.int64)
    cells = CellStats(cell_occ, cell_grade, cell_group, counts,
                      *_cell_stats(*parts[1:], starts, counts))
    occupation_lines = None
    if not by:  # the all-grades line of each occupation: full statistics over its rows
        occ_only = (occ_idx.astype(np.int64) << 24)
        t_parts = _regroup(snap, rows, occ_only)[:8]
        t_starts_rows, t_n = stats.group_starts(t_parts[0])
        t_occ = (t_parts[0][t_starts_rows] >> 24).astype(np.int64) if len(t_n) else np.zeros(0, np.int64)
        zeros = np.zeros(len(t_n), dtype=np.int64)
        occupation_lines = CellStats(t_occ, zeros, zeros, t_n, *_cell_stats(*t_parts[1:], t_starts_rows, t_n))
    return table_assemble(cells, by=by, occupation_codes=occ_codes, group_codes=group_names,
                          occupation_lines=occupation_lines)


@dataclass
class CellStats:
    """Statistics of cells before disclosure control, whichever engine computed them (numpy here,
    Spark in `spark.py`). Codes are indices into the occupation and group code lists; cells are
    sorted by (occupation, grade, group). Money in fen."""

    occ: np.ndarray
    grade: np.ndarray
    group: np.ndarray
    count: np.ndarray
    sums: np.ndarray  # exact (integer fen) sum of annual pay
    mean: np.ndarray
    quantiles: np.ndarray
    zj_low: np.ndarray
    zj_high: np.ndarray
    enterprises: np.ndarray
    max_rows: np.ndarray  # rows of the cell's largest enterprise
    rse: np.ndarray
    top_pay: np.ndarray  # pay of the cell's largest enterprise (fen)
    second_pay: np.ndarray  # pay of its second-largest (0 if none)


def table_assemble(cells: CellStats, *, by: str | None, occupation_codes: list[str], group_codes: list[str],
                   occupation_lines: CellStats | None = None) -> CellTable:
    """Total lines, primary and secondary disclosure control over computed cells (a small-table
    step, the same for every engine). With `by`, each (occupation, grade) line is summed from its
    cells; without, `occupation_lines` carries each occupation's all-grades statistics."""
    cell_occ, cell_grade, cell_group, counts = cells.occ, cells.grade, cells.group, cells.count
    status = disclosure.primary_status(counts, cells.enterprises, cells.max_rows / np.maximum(counts, 1), cells.rse,
                                       pay=(cells.sums, cells.top_pay, cells.second_pay))
    n_cells = len(counts)
    if by:
        line_key = (cell_occ << 8) | cell_grade
        t_starts, t_counts = stats.group_starts(line_key)
        t_n = stats.group_sums(counts, t_starts)
        t_sum = stats.group_sums(cells.sums, t_starts)
        t_ent = stats.group_sums(cells.enterprises, t_starts)
        t_max = np.maximum.reduceat(cells.max_rows, t_starts) if len(t_starts) else t_n
        t_mean = t_sum / np.maximum(t_n, 1)
        # an enterprise lies in one district and one industry: the line's two largest payers are
        # the two largest of its cells' largest and second-largest
        t_top, t_second = _line_top_two(cells.top_pay, cells.second_pay, t_starts, t_counts)
        t_q = np.full((len(t_starts), 5), np.nan)
        t_lo = t_hi = np.full(len(t_starts), np.nan)
        t_rse = np.full(len(t_starts), np.nan)
        t_occ, t_grade = cell_occ[t_starts], cell_grade[t_starts]
        line_of_cell = np.repeat(np.arange(len(t_starts)), t_counts)
    else:
        lines = occupation_lines
        t_n, t_mean, t_q, t_lo, t_hi = lines.count, lines.mean, lines.quantiles, lines.zj_low, lines.zj_high
        t_ent, t_max, t_rse = lines.enterprises, lines.max_rows, lines.rse
        t_sum, t_top, t_second = lines.sums, lines.top_pay, lines.second_pay
        t_occ, t_grade = lines.occ, lines.grade
        line_of_cell = np.searchsorted(t_occ, cell_occ)
    member = np.arange(n_cells, dtype=np.int64)
    t_status = disclosure.primary_status(t_n, t_ent, t_max / np.maximum(t_n, 1), t_rse, pay=(t_sum, t_top, t_second))
    all_status = np.concatenate([status, t_status])
    all_counts = np.concatenate([counts, t_n])
    n_lines = len(t_n)
    lines = (np.concatenate([member, n_cells + np.arange(n_lines)]),
             np.concatenate([line_of_cell, np.arange(n_lines)]))
    all_status = disclosure.secondary_suppress(all_status, all_counts, lines)

    occ_array = np.asarray(occupation_codes, dtype=object)
    occupations = occ_array[np.concatenate([cell_occ, t_occ])] if len(occ_array) else np.zeros(0, object)
    groups = np.concatenate([np.asarray(group_codes, dtype=object)[cell_group], np.full(len(t_n), "", dtype=object)])
    return CellTable(
        occupation=occupations,
        grade=np.concatenate([cell_grade, t_grade]),
        group=groups,
        is_total=np.concatenate([np.zeros(n_cells, bool), np.ones(len(t_n), bool)]),
        count=all_counts,
        enterprises=np.concatenate([cells.enterprises, t_ent]),
        mean=np.concatenate([cells.mean, t_mean]),
        quantiles=np.concatenate([cells.quantiles, t_q]),
        zj_low=np.concatenate([cells.zj_low, t_lo]),
        zj_high=np.concatenate([cells.zj_high, t_hi]),
        rse=np.concatenate([cells.rse, t_rse]),
        status=all_status,
        sums=np.concatenate([cells.sums, t_sum]),
    )


def _line_top_two(top: np.ndarray, second: np.ndarray, starts: np.ndarray, counts: np.ndarray):
    """The two largest values per run among each member's top and second (members disjoint)."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    line = np.repeat(np.arange(len(starts)), counts)
    values = np.concatenate([top, second])
    owner = np.concatenate([line, line])
    order = np.lexsort((-values, owner))
    first = np.searchsorted(owner[order], np.arange(len(starts)))
    sorted_values = values[order]
    t_top = sorted_values[first]
    nxt = np.minimum(first + 1, len(order) - 1)
    t_second = np.where(owner[order][nxt] == np.arange(len(starts)), sorted_values[nxt], 0)
    return t_top, t_second
