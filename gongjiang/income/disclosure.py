"""Disclosure control for published wage cells (issue 6 §3, R9.1 lawful use of income data).

Primary rules (thresholds are settings, `conf.py`): fewer than INCOME_MIN_WORKERS workers, fewer
than INCOME_MIN_ENTERPRISES enterprises, one enterprise holding more than
INCOME_MAX_ENTERPRISE_SHARE of the cell's workers, a few enterprises dominating the cell's pay
(`pay_dominated`, the p% or (n, k) rule), or — for survey cells — a relative standard
error above INCOME_RSE_SUPPRESS. Survey cells with RSE between INCOME_RSE_CAUTION and
INCOME_RSE_SUPPRESS are published with a 'use with caution' flag.

Secondary suppression: counts and totals are published alongside the cells (and the registry
publishes head counts by occupation and grade), so a hidden cell must not be the only hidden
member of any line (row or column with its total) — otherwise subtracting the published members
from the total recovers it. We hide the published member with the fewest workers until no line
has exactly one hidden member (the usual greedy heuristic of statistical offices).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gongjiang.income.conf import setting

PUBLISHED = "published"
CAUTION = "caution"
SMALL = "small"
FEW_ENTERPRISES = "few_enterprises"
DOMINANT = "dominant"
DOMINANT_PAY = "dominant_pay"
UNRELIABLE = "unreliable"
SECONDARY = "secondary"

STATUS_LABELS = {
    PUBLISHED: "",
    CAUTION: "谨慎使用（相对标准误25%–50%）",
    SMALL: "不公布：人数不足",
    FEW_ENTERPRISES: "不公布：单位数不足",
    DOMINANT: "不公布：单一单位占比过半",
    DOMINANT_PAY: "不公布：少数单位工资总额占比过高",
    UNRELIABLE: "不公布：相对标准误超过50%",
    SECONDARY: "不公布：防止由合计反推（次级隐藏）",
}
HIDDEN = {SMALL, FEW_ENTERPRISES, DOMINANT, DOMINANT_PAY, UNRELIABLE, SECONDARY}


NAMES = np.asarray([PUBLISHED, CAUTION, SMALL, FEW_ENTERPRISES, DOMINANT, UNRELIABLE, SECONDARY, DOMINANT_PAY],
                   dtype=object)


def pay_dominated(total: np.ndarray, top: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Cells whose pay is dominated by few enterprises (issue 11 §3), by INCOME_DOMINANCE_PAY_RULE:
    p% rule — total − top − second < p · top (the second-largest payer, who knows its own pay,
    would estimate the largest one's to within p); (n, k) rule — the n largest (n = 1 or 2) hold
    more than k of the total. `top`/`second` are the pay of the cell's largest and second-largest
    enterprise (0 when there is none), `total` the cell's pay, all in fen."""
    rule = setting("INCOME_DOMINANCE_PAY_RULE")
    total, top, second = (np.asarray(a, dtype=np.float64) for a in (total, top, second))
    if not rule:
        return np.zeros(len(total), dtype=bool)
    if rule == "p_percent":
        return (total - top - second) < setting("INCOME_P_PERCENT") * top
    if rule == "nk":
        n, k = setting("INCOME_NK")
        if n not in (1, 2):
            raise ValueError("INCOME_NK: n must be 1 or 2")
        return (top + (second if n == 2 else 0)) > k * total
    raise ValueError(f"INCOME_DOMINANCE_PAY_RULE: {rule!r}")


def primary_status(counts: np.ndarray, enterprises: np.ndarray, max_share: np.ndarray,
                   rse: np.ndarray, pay: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The primary disclosure status of each cell (an object array of status codes).

    `rse` is NaN for cells from administrative data (a census, no sampling error). `pay` is
    (total, largest enterprise's, second-largest's) pay per cell for the pay-share rule."""
    min_workers = setting("INCOME_MIN_WORKERS")
    min_enterprises = setting("INCOME_MIN_ENTERPRISES")
    max_enterprise_share = setting("INCOME_MAX_ENTERPRISE_SHARE")
    caution, suppress = setting("INCOME_RSE_CAUTION"), setting("INCOME_RSE_SUPPRESS")
    code = np.zeros(len(counts), dtype=np.int8)
    rse_known = ~np.isnan(rse)
    code[rse_known & (rse >= caution)] = 1
    code[rse_known & (rse > suppress)] = 5
    if pay is not None:
        code[pay_dominated(*pay)] = 7
    code[max_share > max_enterprise_share] = 4
    code[enterprises < min_enterprises] = 3
    code[counts < min_workers] = 2
    return NAMES[code]


def secondary_suppress(status: np.ndarray, counts: np.ndarray, lines: Sequence[Sequence[int]] | tuple) -> np.ndarray:
    """Hide more cells so that no line has exactly one hidden member. Each line lists the indices of
    its cells and its total (a cell may sit in several lines). `lines` may also be given flat, as a
    pair of arrays (member index, line number). Returns a new status array.

    Each round hides, in every line with exactly one hidden member, one shown member: the one that
    closes the most such lines at once, then the one with the fewest workers; rounds repeat until
    no line changes (lines that cross can need several)."""
    status = status.copy()
    if isinstance(lines, tuple):
        member, line = (np.asarray(a, dtype=np.int64) for a in lines)
    else:
        lines = [list(x) for x in lines]
        member = np.asarray([i for x in lines for i in x], dtype=np.int64)
        line = np.asarray([j for j, x in enumerate(lines) for _ in x], dtype=np.int64)
    if member.size == 0:
        return status
    hidden = (status != PUBLISHED) & (status != CAUTION)
    n_lines = int(line.max()) + 1
    counts = np.asarray(counts)
    while True:
        member_hidden = hidden[member]
        hidden_per_line = np.bincount(line, weights=member_hidden, minlength=n_lines)
        shown_per_line = np.bincount(line, weights=~member_hidden, minlength=n_lines)
        exposed = (hidden_per_line == 1) & (shown_per_line > 0)
        if not exposed.any():
            return status
        candidates = np.flatnonzero(exposed[line] & ~member_hidden)
        # a member that closes several exposed lines at once goes first, then the fewest workers
        n_exposed = np.bincount(member[candidates], minlength=len(status))
        order = np.lexsort((member[candidates], counts[member[candidates]], -n_exposed[member[candidates]],
                            line[candidates]))
        ordered = candidates[order]
        first = np.concatenate(([True], line[ordered][1:] != line[ordered][:-1]))
        victims = np.unique(member[ordered[first]])
        hidden[victims] = True
        status[victims] = SECONDARY


def is_hidden(code: str) -> bool:
    return code in HIDDEN


def rse_or_nan(value: float | None) -> float:
    return math.nan if value is None else value
