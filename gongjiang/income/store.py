"""The yearly columnar snapshot (ADR 0010): one Parquet file per year, one row per worker-year,
sorted by (occupation, grade, district, annual pay) so that every publication cell is a contiguous,
already-sorted run. Derived columns make the publication table a single pass:

- `base_monthly_cellsorted`: monthly pay excluding overtime, sorted *within* each
  (occupation, grade, district) cell — the Zhejiang tails need that order, not the pay order;
- `ent_first` / `ent_rows`: for each row, whether it is the first of its enterprise in its cell and
  how many rows that enterprise has in the cell — the enterprise disclosure rules without a sort.

The same file is read by Spark or Trino as an external table (columns are plain Parquet types;
occupation, district and industry are stored as codes as well as dictionary indices).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from gongjiang.income.conf import data_dir, setting

LAYOUT_VERSION = 2  # 2: the annual-pay rule (who counts in an annual figure), `pay_paid`, `ent_pay`
INPUT_COLUMNS = ("worker", "occupation_code", "grade", "district_code", "industry_code", "enterprise", "soe",
                 "pay", "overtime", "bonus", "months", "weight", "survey", "manager")


def snapshot_path(year: int) -> Path:
    return data_dir() / f"income_{year}.parquet"


def _encode(codes: np.ndarray) -> tuple[list[str], np.ndarray]:
    uniques, inverse = np.unique(codes.astype(str), return_inverse=True)
    return uniques.tolist(), inverse.astype(np.int32)


def annual_rule(columns: dict[str, np.ndarray], min_months: int | None = None) -> tuple[dict, dict]:
    """Who counts in an annual figure (issue 11 §1; R7.2, `001` (十三) 按年计算): a worker-year paid
    for fewer than INCOME_ANNUAL_MIN_MONTHS months is left out of every annual statistic; one paid
    for at least that many but fewer than twelve counts with annualised pay, pay × 12 ÷ months
    rounded half up to the fen. The default, 12, keeps only workers paid all twelve months.
    Monthly figures (the Zhejiang tails, pay per month worked) are unchanged by annualising.

    Returns the kept rows (`pay` the annual figure, `pay_paid` what was paid) and what the rule did."""
    n_months = int(setting("INCOME_ANNUAL_MIN_MONTHS") if min_months is None else min_months)
    if not 1 <= n_months <= 12:
        raise ValueError(f"INCOME_ANNUAL_MIN_MONTHS must be 1–12, not {n_months}")
    months = np.asarray(columns["months"]).astype(np.int64)
    keep = months >= n_months
    out = {name: np.asarray(columns[name])[keep] for name in INPUT_COLUMNS}
    paid = out["pay"].astype(np.int64)
    kept_months = np.maximum(out["months"].astype(np.int64), 1)
    # pay × 12 / months, half up, in integers: floor((24·pay + months) / (2·months))
    out["pay_paid"] = paid
    out["pay"] = np.where(kept_months < 12, (24 * paid + kept_months) // (2 * kept_months), paid)
    return out, {"min_months": n_months, "excluded": int((~keep).sum()),
                 "annualised": int(((kept_months < 12)).sum())}


def snapshot_write(columns: dict[str, np.ndarray], *, year: int, path: Path | None = None,
                   min_months: int | None = None) -> Path:
    """Apply the annual-pay rule (`annual_rule`), sort, derive and write one year's worker-year rows.
    `columns` holds INPUT_COLUMNS as arrays (money in integer fen). Returns the file written
    (atomically: write then rename)."""
    columns, rule = annual_rule(columns, min_months)
    n = len(columns["worker"])
    occupation_codes, occ_idx = _encode(columns["occupation_code"])
    district_codes, district_idx = _encode(columns["district_code"])
    industry_codes, industry_idx = _encode(columns["industry_code"])
    grade = columns["grade"].astype(np.int8)
    pay = columns["pay"].astype(np.int64)
    order = np.lexsort((pay, district_idx, grade, occ_idx))
    occ_idx, grade, district_idx, industry_idx = occ_idx[order], grade[order], district_idx[order], industry_idx[order]
    cols = {name: np.asarray(columns[name])[order] for name in (*INPUT_COLUMNS, "pay_paid")}
    months = np.maximum(cols["months"].astype(np.int64), 1)
    # pay per month worked, without overtime (the Zhejiang tails): from what was paid, not annualised
    base_monthly = (cols["pay_paid"].astype(np.int64) - cols["overtime"].astype(np.int64)) // months
    cell = cell_key(occ_idx, grade, district_idx)
    base_sorted = base_monthly[np.lexsort((base_monthly, cell))] if n else base_monthly
    enterprise = cols["enterprise"].astype(np.int64)
    ent_first, ent_rows, ent_pay = enterprise_runs(cell, enterprise, pay[order])
    table = pa.table({
        "worker": cols["worker"].astype(np.int64),
        "occupation_code": pa.array(cols["occupation_code"].astype(str)).dictionary_encode(),
        "occ_idx": occ_idx, "grade": grade,
        "district_code": pa.array(cols["district_code"].astype(str)).dictionary_encode(),
        "district_idx": district_idx.astype(np.int16),
        "industry_code": pa.array(cols["industry_code"].astype(str)).dictionary_encode(),
        "industry_idx": industry_idx.astype(np.int16),
        "enterprise": enterprise, "soe": cols["soe"].astype(bool), "manager": cols["manager"].astype(bool),
        "pay": cols["pay"].astype(np.int64), "pay_paid": cols["pay_paid"].astype(np.int64), "overtime": cols["overtime"].astype(np.int64),
        "bonus": cols["bonus"].astype(np.int64), "months": cols["months"].astype(np.int8),
        "base_monthly": base_monthly, "weight": cols["weight"].astype(np.float64),
        "survey": cols["survey"].astype(bool),
        "base_monthly_cellsorted": base_sorted, "ent_first": ent_first, "ent_rows": ent_rows,
        "ent_pay": ent_pay,
    })
    meta = {"year": year, "layout": LAYOUT_VERSION, "occupation_codes": occupation_codes,
            "district_codes": district_codes, "industry_codes": industry_codes,
            "sorted_by": ["occ_idx", "grade", "district_idx", "pay"], "annual_rule": rule}
    table = table.replace_schema_metadata({b"gongjiang.income": json.dumps(meta, ensure_ascii=False).encode()})
    path = path or snapshot_path(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd", row_group_size=1_000_000)
    os.replace(tmp, path)
    _CACHE.pop(str(path), None)
    return path


def enterprise_runs(keys: np.ndarray, enterprise: np.ndarray, pay: np.ndarray | None = None):
    """For rows grouped by `keys`: whether each row is the first of its enterprise in its group, how
    many rows that enterprise has in the group (the enterprise disclosure rules) and, given `pay`,
    that enterprise's total pay in the group (the pay-share dominance rule)."""
    n = len(keys)
    if n == 0:
        empty = (np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int32))
        return (*empty, np.zeros(0, dtype=np.int64)) if pay is not None else empty
    group_rank = np.concatenate(([0], np.cumsum(keys[1:] != keys[:-1]))).astype(np.int64)
    ent_values, ent_rank = np.unique(enterprise, return_inverse=True)
    pair = group_rank * len(ent_values) + ent_rank.ravel()
    _, first_index, inverse, counts = np.unique(pair, return_index=True, return_inverse=True, return_counts=True)
    ent_first = np.zeros(n, dtype=bool)
    ent_first[first_index] = True
    inverse = inverse.ravel()
    if pay is None:
        return ent_first, counts[inverse].astype(np.int32)
    pay_sums = np.bincount(inverse, weights=pay, minlength=len(counts))
    return ent_first, counts[inverse].astype(np.int32), np.rint(pay_sums).astype(np.int64)[inverse]


def cell_key(occ_idx: np.ndarray, grade: np.ndarray, district_idx: np.ndarray) -> np.ndarray:
    return (occ_idx.astype(np.int64) << 24) | (grade.astype(np.int64) << 16) | district_idx.astype(np.int64)


class LazyColumns(dict):
    """Columns read from the Parquet file on first use, so a query touches only what it needs."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def __missing__(self, name: str) -> np.ndarray:
        if name not in NUMERIC:
            raise KeyError(name)
        with _LOCK:
            if not dict.__contains__(self, name):
                column = pq.read_table(self.path, columns=[name]).column(name)
                self[name] = column.to_numpy()
        return dict.__getitem__(self, name)


@dataclass
class Snapshot:
    """A loaded year: numpy columns (loaded lazily) plus the code lists the indices point into."""

    year: int
    columns: dict[str, np.ndarray]
    occupation_codes: list[str]
    district_codes: list[str]
    industry_codes: list[str]
    rows: int = 0
    annual_rule: dict = field(default_factory=dict)  # what `annual_rule` did when the file was written
    layout: int = LAYOUT_VERSION

    def __len__(self) -> int:
        return self.rows


_CACHE: dict[str, tuple[float, Snapshot]] = {}
_LOCK = threading.RLock()
NUMERIC = ("worker", "occ_idx", "grade", "district_idx", "industry_idx", "enterprise", "soe", "manager", "pay", "overtime",
           "bonus", "months", "base_monthly", "weight", "survey", "base_monthly_cellsorted", "ent_first", "ent_rows", "ent_pay", "pay_paid")


def snapshot_read(path: Path) -> Snapshot:
    """Read a snapshot file into numpy arrays (kept in memory per process while the file is unchanged)."""
    key = str(path)
    mtime = path.stat().st_mtime
    with _LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0] == mtime:
            return cached[1]
    schema = pq.read_schema(path)
    meta = json.loads(schema.metadata[b"gongjiang.income"])
    snap = Snapshot(meta["year"], LazyColumns(path), meta["occupation_codes"], meta["district_codes"],
                    meta["industry_codes"], rows=pq.ParquetFile(path).metadata.num_rows,
                    annual_rule=meta.get("annual_rule", {}), layout=int(meta.get("layout", 1)))
    with _LOCK:
        _CACHE[key] = (mtime, snap)
    return snap


def snapshot_load(year: int) -> Snapshot | None:
    """The snapshot of `year`, or None when it has not been built."""
    path = snapshot_path(year)
    return snapshot_read(path) if path.exists() else None


def snapshot_years() -> list[int]:
    folder = data_dir()
    if not folder.exists():
        return []
    return sorted(int(p.stem.split("_")[1]) for p in folder.glob("income_*.parquet"))
