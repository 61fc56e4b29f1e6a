"""A small city of worker-years written as a snapshot (no registry rows needed)."""

import numpy as np

from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make


def city_snapshot(year: int = 2024, seed: int = 1, scale: float = 1.0, n: int = 600):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        occupation = str(rng.choice(["6-18-01-01", "6-18-02-04", "4-01-02-01", "1-06-01-00"]))
        grade = 0 if occupation.startswith("1-") else int(rng.choice([2, 3, 4, 5]))
        rows.append({"worker": i + 1, "pay": float(rng.integers(60_000, 250_000)) * scale, "occupation": occupation,
                     "grade": grade, "district": str(rng.choice(["330902", "330903"])),
                     "enterprise": int(rng.integers(1, 9)), "soe": i % 3 == 0})
    rows.append({"worker": n + 1, "pay": 70_000.0, "occupation": "6-18-01-01", "grade": 6, "district": "330902",
                 "enterprise": 1})  # a lone 高级技师: a cell of one, must be hidden
    return snapshot_make(rows, year=year, path=snapshot_path(year))
