"""Distribution and the SOE pay-growth check (R7.3; `000` 二(四)2, `001` (十三), `004` 十二)."""

import numpy as np
import pytest

from gongjiang.income import distribution, stats
from gongjiang.income.conf import middle_band_per_earner
from gongjiang.income.tests.factories import snapshot_make


def _soe_year(tmp_path, year, hs_pay, mg_pay):
    rows = []
    for enterprise, (hs, mg) in enumerate(zip(hs_pay, mg_pay, strict=True), start=1):
        rows += [{"pay": hs, "grade": 5, "enterprise": enterprise, "soe": True} for _ in range(3)]
        rows += [{"pay": mg, "grade": 0, "occupation": "1-06-01-00", "enterprise": enterprise, "soe": True}]
    rows.append({"pay": 999_999, "grade": 5, "enterprise": 9, "soe": False})
    return snapshot_make(rows, year=year, path=tmp_path / f"{year}.parquet")


def test_soe_where_high_skilled_pay_grew_slower_than_managers_is_listed(tmp_path):
    before = _soe_year(tmp_path, 2023, hs_pay=[100_000, 100_000], mg_pay=[300_000, 300_000])
    now = _soe_year(tmp_path, 2024, hs_pay=[102_000, 110_000], mg_pay=[330_000, 303_000])
    gaps = distribution.soe_pay_gap(now, before)
    assert [g["enterprise_id"] for g in gaps] == [1]
    assert gaps[0]["high_skilled_growth"] == pytest.approx(0.02)
    assert gaps[0]["manager_growth"] == pytest.approx(0.10)


def test_distribution_summary_matches_direct_computations(tmp_path):
    rng = np.random.default_rng(4)
    pay = rng.integers(30_000, 400_000, 200).astype(float)
    snap = snapshot_make([{"pay": p} for p in pay], path=tmp_path / "d.parquet")
    row = distribution.distribution(snap)[0]
    low, high = middle_band_per_earner()
    assert row["count"] == 200
    assert row["median"] == pytest.approx(np.median(pay))
    assert row["middle_share"] == pytest.approx(np.mean((pay >= low) & (pay < high)))
    assert row["gini"] == pytest.approx(stats.gini(pay))
    assert sum(row["histogram"]) == 200


def test_groups_smaller_than_the_disclosure_threshold_are_left_out(tmp_path):
    rows = [{"pay": 50_000 + i, "district": "330902"} for i in range(40)] + \
           [{"pay": 60_000 + i, "district": "330903"} for i in range(5)]
    snap = snapshot_make(rows, path=tmp_path / "g.parquet")
    groups = [r["group"] for r in distribution.distribution(snap, by="district")]
    assert groups == ["", "330902"]


def test_year_on_year_growth_of_the_mean(tmp_path):
    before = snapshot_make([{"pay": 100_000.0} for _ in range(40)], year=2023, path=tmp_path / "a.parquet")
    now = snapshot_make([{"pay": 105_000.0} for _ in range(40)], year=2024, path=tmp_path / "b.parquet")
    row = distribution.distribution(now, previous=before)[0]
    assert row["mean_growth"] == pytest.approx(0.05)


def test_high_skilled_population_is_grade_senior_and_above(tmp_path):
    rows = [{"pay": 1.0, "grade": g} for g in (0, 2, 3, 4, 5, 6)]
    snap = snapshot_make(rows, path=tmp_path / "p.parquet")
    assert distribution.population_mask(snap, "high_skilled").sum() == 3
    assert distribution.population_mask(snap, "skilled").sum() == 5


def test_middle_band_default_is_the_household_band_per_earner():
    assert middle_band_per_earner() == pytest.approx((100_000 / 1.5, 500_000 / 1.5))
