"""The wage price level table against an independent per-cell computation (R7.2, issue 6 §2-3)."""

import math
from collections import defaultdict

import numpy as np
import pytest

from gongjiang.income import disclosure
from gongjiang.income.analysis import wage_table
from gongjiang.income.tests.factories import snapshot_make


def _world(tmp_path, n=900, seed=5):
    rng = np.random.default_rng(seed)
    rows = [{"pay": float(rng.integers(40_000, 300_000)), "overtime": float(rng.integers(0, 20_000)),
             "occupation": str(rng.choice(["6-18-01-01", "6-18-02-04", "4-01-02-01"])),
             "grade": int(rng.choice([2, 3, 4])), "district": str(rng.choice(["330902", "330903", "330921"])),
             "industry": str(rng.choice(["C", "F"])), "enterprise": int(rng.integers(1, 12))}
            for _ in range(n)]
    return rows, snapshot_make(rows, path=tmp_path / "w.parquet")


def _by_cell(rows, keys):
    cells = defaultdict(list)
    for r in rows:
        cells[tuple(r[k] for k in keys)].append(r)
    return cells


def _find(table, occupation, grade, group):
    for i in range(len(table)):
        if (table.occupation[i], int(table.grade[i]), table.group[i], bool(table.is_total[i])) == \
                (occupation, grade, group, False):
            return i
    raise AssertionError("cell missing")


def test_district_cells_match_numpy_quantiles_and_means(tmp_path):
    rows, snap = _world(tmp_path)
    table = wage_table(snap, by="district")
    for (occ, grade, district), members in _by_cell(rows, ("occupation", "grade", "district")).items():
        i = _find(table, occ, grade, district)
        pay = [m["pay"] * 100 for m in members]
        assert table.count[i] == len(members)
        assert table.quantiles[i] == pytest.approx(np.quantile(pay, [0.1, 0.25, 0.5, 0.75, 0.9]))
        assert table.mean[i] == pytest.approx(np.mean(pay))
        assert table.enterprises[i] == len({m["enterprise"] for m in members})


def test_zhejiang_tails_use_monthly_pay_without_overtime(tmp_path):
    rows, snap = _world(tmp_path)
    table = wage_table(snap, by="district")
    members = _by_cell(rows, ("occupation", "grade", "district"))[("6-18-01-01", 3, "330902")]
    base = sorted((round(m["pay"] * 100) - round(m["overtime"] * 100)) // 12 for m in members)
    k = math.ceil(len(base) / 10)
    i = _find(table, "6-18-01-01", 3, "330902")
    assert table.zj_low[i] == pytest.approx(np.mean(base[:k]))
    assert table.zj_high[i] == pytest.approx(np.mean(base[-k:]))


def test_industry_cells_are_computed_by_regrouping(tmp_path):
    rows, snap = _world(tmp_path)
    table = wage_table(snap, by="industry")
    members = _by_cell(rows, ("occupation", "grade", "industry"))[("4-01-02-01", 4, "F")]
    i = _find(table, "4-01-02-01", 4, "F")
    assert table.quantiles[i][2] == pytest.approx(np.median([m["pay"] * 100 for m in members]))


def test_city_table_has_an_all_grades_line_per_occupation(tmp_path):
    rows, snap = _world(tmp_path)
    table = wage_table(snap)
    totals = [i for i in range(len(table)) if table.is_total[i] and table.occupation[i] == "6-18-02-04"]
    pay = [r["pay"] * 100 for r in rows if r["occupation"] == "6-18-02-04"]
    assert len(totals) == 1
    assert table.quantiles[totals[0]][4] == pytest.approx(np.quantile(pay, 0.9))


def test_occupation_level_groups_the_subtree(tmp_path):
    rows, snap = _world(tmp_path)
    table = wage_table(snap, level=2, occupation_prefix="6")
    assert set(table.occupation) == {"6-18"}
    grade3 = [r["pay"] * 100 for r in rows if r["occupation"].startswith("6-18") and r["grade"] == 3]
    i = _find(table, "6-18", 3, "")
    assert table.count[i] == len(grade3)
    assert table.quantiles[i][2] == pytest.approx(np.median(grade3))


def test_filters_keep_only_the_district_asked_for(tmp_path):
    _, snap = _world(tmp_path)
    table = wage_table(snap, by="district", district="330903")
    assert {g for g, t in zip(table.group, table.is_total, strict=True) if not t} == {"330903"}


def test_by_district_total_line_adds_up_the_cells(tmp_path):
    rows, snap = _world(tmp_path)
    table = wage_table(snap, by="district")
    i = next(i for i in range(len(table)) if table.is_total[i] and table.occupation[i] == "6-18-01-01"
             and table.grade[i] == 2)
    members = [r["pay"] * 100 for r in rows if r["occupation"] == "6-18-01-01" and r["grade"] == 2]
    assert table.count[i] == len(members)
    assert table.mean[i] == pytest.approx(np.mean(members))


def test_small_cell_is_hidden_and_a_second_cell_with_it(tmp_path):
    # Given one line with a 10-worker cell and two large cells
    rows = []
    for district, n in (("330902", 10), ("330903", 40), ("330921", 60)):
        rows += [{"pay": 50_000 + 10 * i, "district": district, "enterprise": i % 5} for i in range(n)]
    snap = snapshot_make(rows, path=tmp_path / "s.parquet")
    # When the table is computed by district
    table = wage_table(snap, by="district")
    status = dict(zip(table.group, table.status, strict=True))
    # Then the small cell is hidden by the primary rule and the next smallest by the secondary one
    assert status["330902"] == disclosure.SMALL
    assert status["330903"] == disclosure.SECONDARY
    assert status["330921"] == disclosure.PUBLISHED


def test_survey_cell_uses_weighted_quantiles_and_gets_an_rse(tmp_path):
    rng = np.random.default_rng(2)
    pay = rng.integers(50_000, 90_000, 60).astype(float)
    weight = rng.choice([1.5, 3.0], 60)
    rows = [{"pay": p, "weight": w, "enterprise": i % 6} for i, (p, w) in enumerate(zip(pay, weight, strict=True))]
    snap = snapshot_make(rows, path=tmp_path / "v.parquet")
    table = wage_table(snap, by="district")
    i = _find(table, "6-18-01-01", 4, "330902")
    assert table.quantiles[i][2] == pytest.approx(np.quantile(pay * 100, 0.5, weights=weight, method="inverted_cdf"))
    assert table.mean[i] == pytest.approx(np.average(pay * 100, weights=weight))
    assert 0 < table.rse[i] < 0.25
