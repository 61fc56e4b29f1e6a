"""Rounding as published (issue 11 §4): half up (四舍五入), once, from the exact value."""

from decimal import Decimal

from gongjiang.income import publication
from gongjiang.income.rounding import yuan_from_fen, yuan_mean_from_sums
from gongjiang.income.selectors import wage_levels
from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make


def test_half_a_yuan_rounds_up():
    assert yuan_from_fen(19_130_050.0) == Decimal(191_301)  # round() would give 191,300
    assert yuan_from_fen(19_130_049.0) == Decimal(191_300)


def test_a_quantile_on_a_half_yuan_rounds_up_despite_the_float_error():
    # a type-7 quantile is exact to 0.05 fen; a float a hair below 191,300.50 is that figure
    value = 19_130_050.0 - 1e-7
    assert yuan_from_fen(value) == Decimal(191_300)  # taken literally, the float is below the half
    assert yuan_from_fen(value, quantile=True) == Decimal(191_301)  # snapped to 0.01 fen first


def test_a_mean_rounds_from_the_exact_quotient():
    assert yuan_mean_from_sums(3 * 19_130_050, 3) == Decimal(191_301)
    assert yuan_mean_from_sums(19_130_049 + 19_130_050, 2) == Decimal(191_300)  # 191,300.495


def test_a_monthly_figure_rounds_from_the_exact_annual_one():
    # 173,993.60 a year: 14,499.47 a month → 14,499; from the rounded 173,994: 14,499.5 → 14,500
    assert yuan_from_fen(17_399_360.0, per=12) == Decimal(14_499)


def test_the_published_table_rounds_half_up(bureau_admin):
    # 40 workers: the median is the midpoint of 191,300 and 191,301 = 191,300.50
    pays = [150_000.0 + i for i in range(19)] + [191_300.0, 191_301.0] + [250_000.0 + i for i in range(19)]
    snapshot_make([{"pay": p, "enterprise": i % 8} for i, p in enumerate(pays)], path=snapshot_path(2024))
    row = next(r for r in wage_levels(actor=bureau_admin, year=2024, by="district") if not r["is_total"])
    assert row["status"] == "published"
    assert row["p50"] == Decimal(191_301)
    assert row["p50_month"] == Decimal(15_942)  # 191,300.50 ÷ 12 = 15,941.71


def test_the_notes_print_percent_signs_once():
    text = "\n".join(publication.notes())
    assert "25%–50%" in text
    assert "%%" not in text


def test_the_notes_say_how_a_mixed_cell_is_estimated_and_how_figures_are_rounded():
    text = "\n".join(publication.notes())
    assert "行政记录按权数1计入" in text
    assert "相对标准误只计抽样部分" in text
    assert "四舍五入" in text
