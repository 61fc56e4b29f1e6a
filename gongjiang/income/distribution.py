"""Income distribution (R7.3; `000` 二(四)2 橄榄型分配格局, `001` (十三), `004` 十二).

Worker-year annual pay (incl. overtime) in yuan. Populations: all employees, skilled workers (any
certified grade) and high-skilled workers (高级工 and above, `000` 二(三)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from gongjiang.income import stats
from gongjiang.income.conf import middle_band_per_earner, setting
from gongjiang.income.store import Snapshot
from gongjiang.reference.grades import HIGH_SKILLED_MIN

POPULATIONS = ("all", "skilled", "high_skilled")
# Histogram bands in yuan a year (10,000-yuan steps up to 400,000, then open-ended).
HISTOGRAM_EDGES = np.arange(0, 410_000, 20_000, dtype=np.float64)


def population_mask(snap: Snapshot, population: str) -> np.ndarray:
    grade = snap.columns["grade"]
    if population == "skilled":
        return grade >= 2
    if population == "high_skilled":
        return grade >= HIGH_SKILLED_MIN
    return np.ones(len(grade), dtype=bool)


def summarise(pay_yuan: np.ndarray) -> dict:
    """Head count, mean, median, Gini, decile shares, middle-income share and histogram."""
    low, high = middle_band_per_earner()
    n = int(pay_yuan.size)
    return {
        "count": n,
        "mean": float(pay_yuan.mean()) if n else math.nan,
        "median": float(np.median(pay_yuan)) if n else math.nan,
        "gini": stats.gini(pay_yuan),
        "deciles": stats.decile_shares(pay_yuan),
        "middle_share": stats.share_between(pay_yuan, low, high),
        "histogram": stats.histogram(pay_yuan, HISTOGRAM_EDGES),
    }


def distribution(snap: Snapshot, *, population: str = "all", by: str | None = None,
                 previous: Snapshot | None = None) -> list[dict]:
    """One summary for the whole year and, with `by`, one per district or industry; year-on-year
    growth of the mean and median where `previous` is given. Groups with fewer workers than
    INCOME_MIN_WORKERS are left out (disclosure control)."""
    min_workers = setting("INCOME_MIN_WORKERS")

    def groups(s: Snapshot):
        mask = population_mask(s, population)
        pay = s.columns["pay"][mask] / 100.0
        yield "", pay
        if by:
            codes = {"district": s.district_codes, "industry": s.industry_codes}[by]
            idx = s.columns[f"{by}_idx"][mask]
            for i, code in enumerate(codes):
                yield code, pay[idx == i]

    before = dict(groups(previous)) if previous else {}
    out = []
    for code, pay in groups(snap):
        if pay.size < min_workers:
            continue
        row = {"group": code, **summarise(pay)}
        prior = before.get(code)
        if prior is not None and prior.size >= min_workers:
            row["mean_growth"] = row["mean"] / float(prior.mean()) - 1
            row["median_growth"] = row["median"] / float(np.median(prior)) - 1
        out.append(row)
    return out


def _soe_frame(snap: Snapshot, occupation_codes: list[str]) -> pd.DataFrame:
    cols = snap.columns
    soe = cols["soe"]
    occ = np.asarray(occupation_codes, dtype=object)[cols["occ_idx"][soe]] if soe.any() else np.zeros(0, object)
    frame = pd.DataFrame({"enterprise": cols["enterprise"][soe], "pay": cols["pay"][soe] / 100.0,
                          "grade": cols["grade"][soe], "occupation": occ, "manager": cols["manager"][soe]})
    frame["high_skilled"] = frame["grade"] >= HIGH_SKILLED_MIN
    return frame


def soe_growth(snap: Snapshot, previous: Snapshot) -> pd.DataFrame:
    """Growth of high-skilled and managers' average pay per state-owned enterprise having both
    groups in both years (one row per enterprise compared)."""

    def means(s: Snapshot) -> pd.DataFrame:
        frame = _soe_frame(s, s.occupation_codes)
        hs = frame[frame["high_skilled"] & ~frame["manager"]].groupby("enterprise")["pay"].mean()
        mg = frame[frame["manager"]].groupby("enterprise")["pay"].mean()
        return pd.DataFrame({"hs": hs, "mg": mg}).dropna()

    now, before = means(snap), means(previous)
    joined = now.join(before.add_suffix("_prev"), how="inner")
    joined["hs_growth"] = joined["hs"] / joined["hs_prev"] - 1
    joined["mg_growth"] = joined["mg"] / joined["mg_prev"] - 1
    return joined


def enterprise_pay_growth(snap: Snapshot, previous: Snapshot, enterprise_id: int) -> dict | None:
    """High-skilled (non-manager) and managers' average pay growth in one enterprise, any ownership
    (R6.5 as a designation indicator, ADR 0024), with each group's head-count in both years; None
    when a group is missing in either year."""

    def group(s: Snapshot) -> tuple[pd.Series, pd.Series]:
        cols = s.columns
        mine = cols["enterprise"] == enterprise_id
        pay = cols["pay"][mine] / 100.0
        high = (cols["grade"][mine] >= HIGH_SKILLED_MIN) & ~cols["manager"][mine]
        return pd.Series(pay[high]), pd.Series(pay[cols["manager"][mine]])

    (hs, mg), (hs_prev, mg_prev) = group(snap), group(previous)
    if min(len(hs), len(mg), len(hs_prev), len(mg_prev)) == 0:
        return None
    return {"high_skilled_growth": float(hs.mean() / hs_prev.mean() - 1), "manager_growth": float(mg.mean() / mg_prev.mean() - 1),
            "high_skilled_n": int(min(len(hs), len(hs_prev))), "manager_n": int(min(len(mg), len(mg_prev)))}


def soe_pay_gap(snap: Snapshot, previous: Snapshot) -> list[dict]:
    """State-owned enterprises where high-skilled average pay grew slower than managers' (`001` (十三),
    `004` 十二: 高技能人才工资增长不低于管理人员). Both groups must have workers in both years."""
    joined = soe_growth(snap, previous)
    slow = joined[joined["hs_growth"] < joined["mg_growth"]].sort_values("hs_growth")
    return [{"enterprise_id": int(e), "high_skilled_growth": float(r.hs_growth),
             "manager_growth": float(r.mg_growth)} for e, r in slow.iterrows()]
