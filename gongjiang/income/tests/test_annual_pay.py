"""Who counts in an annual figure (issue 11 §1; R7.2, `001` (十三) 按年计算): part-year workers are
left out of every annual statistic by default, or counted with annualised pay when
INCOME_ANNUAL_MIN_MONTHS allows fewer months; the monthly Zhejiang figures stay pay per month worked."""

import numpy as np
import pandas as pd
import pytest

from gongjiang.income import distribution, publication
from gongjiang.income.analysis import wage_table
from gongjiang.income.selectors import income_panel
from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make

FULL = np.random.default_rng(11).integers(60_000, 200_000, 90).astype(float)
HALF = np.random.default_rng(12).integers(60_000, 200_000, 10).astype(float)


def _rows():
    """One cell of 90 full-year and 10 January–June workers (one in ten), 9 enterprises; and a cell
    of 40 workers who all joined in July (a cell that exists only through part-year workers)."""
    rows = [{"pay": p, "enterprise": i % 9} for i, p in enumerate(FULL)]
    rows += [{"pay": p / 2, "months": 6, "enterprise": i % 9} for i, p in enumerate(HALF)]
    rows += [{"pay": 40_000.0 + i, "months": 6, "grade": 5, "enterprise": i % 9} for i in range(40)]
    return rows


def _cell(table, grade):
    return next(i for i in range(len(table)) if table.grade[i] == grade and not table.is_total[i])


def test_part_year_workers_do_not_pull_the_annual_percentiles_down(tmp_path):
    snap = snapshot_make(_rows(), path=tmp_path / "a.parquet")
    table = wage_table(snap, by="district")
    i = _cell(table, 4)
    assert table.count[i] == 90
    assert table.quantiles[i, 0] / 100 == pytest.approx(np.quantile(FULL, 0.1))
    assert table.quantiles[i, 1] / 100 == pytest.approx(np.quantile(FULL, 0.25))
    assert table.mean[i] / 100 == pytest.approx(FULL.mean())


def test_a_cell_made_only_of_part_year_workers_is_not_published_at_all(tmp_path):
    snap = snapshot_make(_rows(), path=tmp_path / "b.parquet")
    table = wage_table(snap, by="district")
    assert 5 not in set(table.grade.tolist())


def test_with_six_months_allowed_pay_is_annualised(tmp_path, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 6
    snap = snapshot_make(_rows(), path=tmp_path / "c.parquet")
    table = wage_table(snap, by="district")
    i = _cell(table, 4)
    annual = np.concatenate([FULL, HALF])  # the half-year pay × 12 ÷ 6
    assert table.count[i] == 100
    assert table.quantiles[i, 0] / 100 == pytest.approx(np.quantile(annual, 0.1))
    assert snap.annual_rule == {"min_months": 6, "excluded": 0, "annualised": 50}


def test_the_zhejiang_monthly_figure_is_pay_per_month_worked(tmp_path, settings):
    settings.INCOME_ANNUAL_MIN_MONTHS = 6
    rows = [{"pay": 120_000.0, "enterprise": i % 5} for i in range(30)]
    rows += [{"pay": 30_000.0, "months": 6, "enterprise": i % 5} for i in range(10)]  # 5,000 a month
    table = wage_table(snapshot_make(rows, path=tmp_path / "z.parquet"), by="district")
    i = _cell(table, 4)
    assert table.zj_low[i] == pytest.approx(5_000 * 100)  # not 2,500 (÷12), not 10,000 (annualised)
    assert table.zj_high[i] == pytest.approx(10_000 * 100)


def test_distribution_and_growth_count_only_full_year_workers(tmp_path):
    before = snapshot_make([{"pay": 100_000.0} for _ in range(40)], year=2023, path=tmp_path / "d1.parquet")
    rows = [{"pay": 105_000.0} for _ in range(40)] + [{"pay": 10_000.0, "months": 1} for _ in range(40)]
    now = snapshot_make(rows, year=2024, path=tmp_path / "d2.parquet")
    row = distribution.distribution(now, previous=before)[0]
    assert row["count"] == 40
    assert row["mean_growth"] == pytest.approx(0.05)
    assert row["median_growth"] == pytest.approx(0.05)


def test_the_soe_comparison_counts_only_full_year_workers(tmp_path):
    def year(y, hs, joiner):
        rows = [{"pay": hs, "grade": 5, "enterprise": 1, "soe": True} for _ in range(3)]
        rows += [{"pay": 300_000.0, "grade": 0, "occupation": "1-06-01-00", "enterprise": 1, "soe": True}]
        rows += [{"pay": joiner, "grade": 5, "enterprise": 1, "soe": True, "months": 3}]
        return snapshot_make(rows, year=y, path=tmp_path / f"s{y}.parquet")
    # a July joiner paid for three months would make high-skilled pay "fall" in 2024
    gaps = distribution.soe_pay_gap(year(2024, 110_000.0, 20_000.0), year(2023, 100_000.0, 100_000.0))
    assert gaps == []  # +10% for the full-year high-skilled, 0% for managers


def test_the_evaluation_panel_holds_only_full_year_worker_years(db):
    snapshot_make([{"pay": 100_000.0, "worker": 1}, {"pay": 20_000.0, "worker": 2, "months": 2}], year=2024,
                  path=snapshot_path(2024))
    panel = income_panel([2024])
    assert isinstance(panel, pd.DataFrame)
    assert panel["worker"].tolist() == [1]


def test_the_published_notes_state_the_rule(settings):
    assert any("全年工作满12个月" in line for line in publication.notes({"min_months": 12, "excluded": 3}))
    settings.INCOME_ANNUAL_MIN_MONTHS = 6
    text = " ".join(publication.notes({"min_months": 6, "excluded": 0, "annualised": 2}))
    assert "工作6个月及以上" in text
    assert "折算为全年" in text
