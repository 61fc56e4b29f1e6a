"""Statistics over grouped, sorted columns (R7.2, R7.3). Pure numpy: no Django, no I/O.

Every function takes rows already sorted by (group, value) — the layout of the yearly snapshot
(ADR 0010) — so quantiles are index arithmetic, not sorting. `starts` are the first row of each
group, `counts` the rows per group. Money arrives as integer fen (分) and leaves as float fen;
callers round to yuan for display (Decimal at the edges).

Conventions (issue 6 §2):
- Shanghai (沪人社 wage price levels, `001` (十三)): 高位数/中位数/低位数 = P90/P50/P10 of annual pay
  *including* overtime; P25, P75 and the mean are published too.
- Zhejiang (older 工资指导价位): 高位数/低位数 = the mean of the top/bottom 10% of workers by
  monthly pay *excluding* overtime; the top/bottom group holds ceil(10% × n) workers.
- Unweighted cells (administrative data, a census of payrolls) use linear interpolation between
  order statistics (Hyndman–Fan type 7, numpy's default, pandas' quantile, DuckDB quantile_cont).
- Cells holding any survey record use the weighted inverse empirical CDF: the smallest value whose
  cumulative weight share reaches p (numpy `method="inverted_cdf"` with `weights`).
"""

from __future__ import annotations

import math

import numpy as np

PERCENTILES = (0.10, 0.25, 0.50, 0.75, 0.90)
TAIL_SHARE = 0.10


def group_starts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First row and row count of each run of equal `keys` (keys sorted)."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1)).astype(np.int64)
    counts = np.diff(np.append(starts, n))
    return starts, counts


def quantiles_linear(values: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                     ps: tuple[float, ...] = PERCENTILES) -> np.ndarray:
    """Type-7 quantiles of each group: shape (groups, len(ps)). Groups must be non-empty."""
    out = np.empty((len(starts), len(ps)), dtype=np.float64)
    last = starts + counts - 1
    for j, p in enumerate(ps):
        i = starts + quantile_rank(counts, p)
        out[:, j] = interpolate(values[i], values[np.minimum(i + 1, last)], counts, p)
    return out


def quantile_rank(counts: np.ndarray, p: float) -> np.ndarray:
    """0-based rank of the lower order statistic of the type-7 p-quantile: floor((n − 1)·p).
    The Spark engine (`spark.py`) evaluates the same expression per row, in the same IEEE doubles."""
    return np.floor((counts - 1) * p).astype(np.int64)


def interpolate(lower: np.ndarray, upper: np.ndarray, counts: np.ndarray, p: float) -> np.ndarray:
    """Type-7 p-quantile from the order statistics at ranks floor(h) and floor(h)+1 (clipped to the
    last), h = (n − 1)·p: lower + frac(h) · (upper − lower)."""
    h = (counts - 1) * p
    frac = h - np.floor(h).astype(np.int64)
    a = lower.astype(np.float64)
    return a + frac * (upper.astype(np.float64) - a)


def quantiles_weighted(values: np.ndarray, weights: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                       ps: tuple[float, ...] = PERCENTILES) -> np.ndarray:
    """Weighted inverse-CDF quantiles of each group: the first value whose cumulative weight within
    its group reaches p × (group weight)."""
    cw = np.cumsum(weights, dtype=np.float64)
    before = np.where(starts > 0, cw[np.maximum(starts - 1, 0)], 0.0)
    last = starts + counts - 1
    total = cw[last] - before
    out = np.empty((len(starts), len(ps)), dtype=np.float64)
    for j, p in enumerate(ps):
        target = before + p * total
        # tolerance for the rounding of the running sum: a target equal to a cumulative weight
        # must select that row, as the exact inverse CDF does.
        idx = np.searchsorted(cw, target - 1e-9 * np.maximum(1.0, np.abs(target)), side="left")
        idx = np.clip(idx, starts, last)
        out[:, j] = values[idx]
    return out


def group_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum of each group (exact for integer fen)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=values.dtype)
    return np.add.reduceat(values, starts)


def tail_means(values_sorted: np.ndarray, starts: np.ndarray, counts: np.ndarray,
               share: float = TAIL_SHARE) -> tuple[np.ndarray, np.ndarray]:
    """Zhejiang convention: mean of the bottom and top ceil(share × n) values of each group.

    One pass: `reduceat` over the boundaries [s, s+k, e−k] of every group sums the bottom tail,
    the middle (unused) and the top tail; groups must be contiguous and cover the array from
    starts[0] to the end of the last group."""
    k = tail_size(counts, share)
    if len(k) == 0:
        return np.zeros(0), np.zeros(0)
    first, end = int(starts[0]), int(starts[-1] + counts[-1])
    # The middle bound is clipped: for a last group of one it would point past the end (the
    # bottom sum of a group of one is its value either way, reduceat returning values[s]).
    middle = np.minimum(starts + k, end - 1)
    bounds = np.stack([starts, middle, starts + counts - k], axis=1).ravel() - first
    sums = np.add.reduceat(values_sorted[first:end], bounds)
    return sums[0::3] / k, sums[2::3] / k


def tail_size(counts: np.ndarray, share: float = TAIL_SHARE) -> np.ndarray:
    """Workers in each Zhejiang tail: ceil(share × n), at least one (the −1e-9 keeps 10% of 30 at 3
    despite the rounding of 0.1). The Spark engine evaluates the same expression per row."""
    return np.maximum(1, np.ceil(counts * share - 1e-9)).astype(np.int64)


def run_counts(flags: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """How many True `flags` each group holds (groups contiguous, covering the array)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.add.reduceat(flags.view(np.uint8), starts, dtype=np.int64)


def group_starts_multi(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Like group_starts for rows sorted by several columns, without building a combined key."""
    n = len(columns[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    change = np.zeros(n - 1, dtype=bool)
    for column in columns:
        change |= column[1:] != column[:-1]
    starts = np.concatenate(([0], np.flatnonzero(change) + 1)).astype(np.int64)
    return starts, np.diff(np.append(starts, n))


def weighted_mean_rse(values: np.ndarray, weights: np.ndarray, starts: np.ndarray,
                      counts: np.ndarray, survey: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and its relative standard error per group (linearisation estimator for a
    ratio mean under with-replacement sampling), see `weighted_mean_rse_from_sums`. `survey` marks
    the sampled rows (default: all); the others are a census (weight 1, no sampling error)."""
    y = values.astype(np.float64)
    w = weights.astype(np.float64)
    s = np.ones(len(y), dtype=bool) if survey is None else survey.astype(bool)
    ws = np.where(s, w, 0.0)
    w2 = ws * ws
    return weighted_mean_rse_from_sums(
        np.add.reduceat(w, starts), np.add.reduceat(w * y, starts), np.add.reduceat(w2, starts),
        np.add.reduceat(w2 * y, starts), np.add.reduceat(w2 * y * y, starts), counts,
        survey_n=np.add.reduceat(s.view(np.uint8), starts, dtype=np.int64), survey_sw=np.add.reduceat(ws, starts),
        survey_swy=np.add.reduceat(ws * y, starts))


def weighted_mean_rse_from_sums(sw: np.ndarray, swy: np.ndarray, s_w2: np.ndarray, s_w2y: np.ndarray,
                                s_w2y2: np.ndarray, counts: np.ndarray, *, survey_n: np.ndarray | None = None,
                                survey_sw: np.ndarray | None = None,
                                survey_swy: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`weighted_mean_rse` from per-group sums (any engine can sum): Σw, Σwy over every row, and
    Σw², Σw²y, Σw²y², n_s, Σ_s w, Σ_s wy over the sampled rows only.

    A cell mixing survey and administrative rows (issue 11 §4) is estimated as a stratified
    population: administrative rows are a take-all stratum (weight 1, known exactly), survey rows
    the sampled stratum. Mean and quantiles are the weighted estimators over all rows (weight 1
    for the census rows); the variance of the mean comes from the sampled stratum only — with
    z_i = w_i (y_i − ȳ) / Σw, var = n_s/(n_s − 1) · Σ_s (z_i − z̄_s)². For an all-survey cell
    z̄_s = 0 and this is n/(n−1) · Σ w²(y−ȳ)² / (Σw)². A mixed cell with a single survey row has
    no variance estimate: its RSE is infinite (not published). Without the survey sums every row
    counts as sampled (the all-survey formula)."""
    mean = swy / sw
    if survey_n is None:
        survey_n, survey_sw, survey_swy = counts, sw, swy
    ss = np.maximum(s_w2y2 - 2 * mean * s_w2y + mean * mean * s_w2, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        zbar_w = (survey_swy - mean * survey_sw)  # Σ_s w(y − ȳ) = n_s · z̄_s · Σw
        centred = np.maximum(ss - np.where(survey_n > 0, zbar_w * zbar_w / np.maximum(survey_n, 1), 0.0), 0.0)
        var = np.where(survey_n > 1, survey_n / np.maximum(survey_n - 1, 1) * centred / (sw * sw), np.nan)
        rse = np.sqrt(var) / mean
    mixed_single = (survey_n < 2) & (counts > survey_n) & (survey_n > 0)
    rse = np.where(mixed_single, np.inf, rse)
    return mean, rse


def gini(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Gini coefficient of a non-negative distribution (weighted if weights are given):
    G = Σᵢ Σⱼ wᵢwⱼ|xᵢ − xⱼ| / (2 (Σw)² x̄)."""
    x = np.asarray(values, dtype=np.float64)
    if x.size == 0:
        return math.nan
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    cw = np.cumsum(w)
    total_w = cw[-1]
    mean = float(np.dot(w, x) / total_w)
    if mean == 0:
        return 0.0
    # Σᵢ wᵢ xᵢ (2·Wᵢ₋ − W + wᵢ) with Wᵢ₋ the weight below i equals Σᵢ Σⱼ wᵢwⱼ (xᵢ − xⱼ)₊ · 2 / 2.
    below = cw - w
    numerator = float(np.sum(w * x * (2 * below - total_w + w)))
    return numerator / (total_w * total_w * mean)


def decile_shares(values: np.ndarray) -> list[float]:
    """Share of total pay held by each tenth of workers ranked by pay (lowest first); worker i of n
    (0-based, ascending) belongs to decile floor(10 i / n)."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    n = x.size
    if n == 0 or x.sum() == 0:
        return [math.nan] * 10
    decile = (np.arange(n) * 10) // n
    return (np.bincount(decile, weights=x, minlength=10) / x.sum()).tolist()


def histogram(values: np.ndarray, edges: np.ndarray) -> list[int]:
    """Counts per band [edges[i], edges[i+1]); the last band also takes everything above."""
    x = np.asarray(values, dtype=np.float64)
    idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    return np.bincount(idx, minlength=len(edges) - 1).tolist()


def share_between(values: np.ndarray, low: float, high: float) -> float:
    """Share of values with low ≤ value < high."""
    x = np.asarray(values, dtype=np.float64)
    return float(np.mean((x >= low) & (x < high))) if x.size else math.nan
