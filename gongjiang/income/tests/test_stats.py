"""Every statistic against an independent computation (issue 6 "What it must show"; R7.2, R7.3)."""

import math
import statistics

import numpy as np
import pytest

from gongjiang.income import stats

GROUPS = [
    [5.0, 1.0, 3.0, 3.0, 3.0, 9.0, 2.0],  # ties
    [100.0],
    [7.0, 7.0],
    list(np.random.default_rng(1).integers(1000, 9000, 53).astype(float)),
]


def _layout(groups):
    values = np.concatenate([np.sort(g) for g in groups])
    counts = np.asarray([len(g) for g in groups])
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return values, starts, counts


def test_linear_quantiles_equal_numpy_default_including_ties():
    values, starts, counts = _layout(GROUPS)
    got = stats.quantiles_linear(values, starts, counts)
    for g, row in zip(GROUPS, got, strict=True):
        assert row == pytest.approx(np.quantile(g, stats.PERCENTILES))


def test_linear_median_equals_statistics_median():
    values, starts, counts = _layout(GROUPS)
    got = stats.quantiles_linear(values, starts, counts, ps=(0.5,))
    assert [r[0] for r in got] == pytest.approx([statistics.median(g) for g in GROUPS])


def test_weighted_quantiles_equal_numpy_inverted_cdf_with_weights():
    rng = np.random.default_rng(7)
    groups = [rng.integers(10, 60, 25).astype(float) for _ in range(4)]
    weights = [rng.choice([0.5, 1.0, 2.0, 7.5], 25) for _ in range(4)]
    order = [np.argsort(g, kind="stable") for g in groups]
    values = np.concatenate([g[o] for g, o in zip(groups, order, strict=True)])
    w = np.concatenate([x[o] for x, o in zip(weights, order, strict=True)])
    starts, counts = np.arange(4) * 25, np.full(4, 25)
    got = stats.quantiles_weighted(values, w, starts, counts)
    for g, x, row in zip(groups, weights, got, strict=True):
        assert row == pytest.approx(np.quantile(g, stats.PERCENTILES, weights=x, method="inverted_cdf"))


def test_weighted_quantile_with_unit_weights_picks_the_lower_middle_value():
    values, starts, counts = np.asarray([1.0, 2.0, 3.0, 4.0]), np.asarray([0]), np.asarray([4])
    got = stats.quantiles_weighted(values, np.ones(4), starts, counts, ps=(0.5,))
    assert got[0][0] == 2.0


def test_zhejiang_tails_are_means_of_the_top_and_bottom_tenth():
    values, starts, counts = _layout(GROUPS)
    low, high = stats.tail_means(values.astype(np.int64), starts, counts)
    for g, lo, hi in zip(GROUPS, low, high, strict=True):
        s = sorted(g)
        k = math.ceil(len(s) / 10)
        assert lo == pytest.approx(statistics.mean(s[:k]))
        assert hi == pytest.approx(statistics.mean(s[-k:]))


def test_weighted_mean_and_rse_match_a_direct_computation():
    rng = np.random.default_rng(3)
    y, w = rng.normal(100, 20, 40), rng.uniform(1, 5, 40)
    mean, rse = stats.weighted_mean_rse(y, w, np.asarray([0]), np.asarray([40]))
    direct_mean = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sum(w)
    var = 40 / 39 * sum(wi**2 * (yi - direct_mean) ** 2 for wi, yi in zip(w, y, strict=True)) / sum(w) ** 2
    assert mean[0] == pytest.approx(direct_mean)
    assert rse[0] == pytest.approx(math.sqrt(var) / direct_mean)


def test_rse_is_undefined_for_a_group_of_one():
    _, rse = stats.weighted_mean_rse(np.asarray([5.0]), np.asarray([2.0]), np.asarray([0]), np.asarray([1]))
    assert math.isnan(rse[0])


def test_gini_equals_the_mean_absolute_difference_formula():
    x = np.asarray([1.0, 2.0, 2.0, 5.0, 10.0, 0.0])
    pairwise = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert stats.gini(x) == pytest.approx(pairwise)


def test_weighted_gini_equals_the_gini_of_replicated_values():
    x, w = np.asarray([3.0, 1.0, 8.0]), np.asarray([2.0, 1.0, 3.0])
    assert stats.gini(x, w) == pytest.approx(stats.gini(np.repeat(x, w.astype(int))))


def test_gini_of_equal_pay_is_zero():
    assert stats.gini(np.full(5, 7.0)) == 0


def test_decile_shares_sum_to_one_and_follow_ranks():
    x = np.arange(1, 21, dtype=float)  # 20 workers: two per decile
    shares = stats.decile_shares(x)
    assert sum(shares) == pytest.approx(1)
    assert shares[0] == pytest.approx((1 + 2) / x.sum())
    assert shares[9] == pytest.approx((19 + 20) / x.sum())


def test_histogram_counts_each_band_and_puts_the_top_in_the_last():
    edges = np.asarray([0.0, 10.0, 20.0, 30.0])
    assert stats.histogram(np.asarray([0, 5, 10, 25, 99.0]), edges) == [2, 1, 2]


def test_share_between_is_half_open():
    assert stats.share_between(np.asarray([1.0, 2.0, 3.0, 4.0]), 2, 4) == 0.5


def test_group_starts_finds_runs():
    starts, counts = stats.group_starts(np.asarray([1, 1, 2, 5, 5, 5]))
    assert starts.tolist() == [0, 2, 3]
    assert counts.tolist() == [2, 1, 3]


def test_zhejiang_tails_of_a_last_group_of_one():
    values = np.asarray([1, 2, 3, 40], dtype=np.int64)
    low, high = stats.tail_means(values, np.asarray([0, 3]), np.asarray([3, 1]))
    assert low.tolist() == [1.0, 40.0]
    assert high.tolist() == [3.0, 40.0]


def test_zhejiang_tails_of_groups_of_one_and_two():
    values = np.asarray([5, 7, 9], dtype=np.int64)
    low, high = stats.tail_means(values, np.asarray([0, 1]), np.asarray([1, 2]))
    assert low.tolist() == [5.0, 7.0]
    assert high.tolist() == [5.0, 9.0]


def test_zhejiang_tails_for_every_small_group_size():
    rng = np.random.default_rng(9)
    groups = [sorted(rng.integers(0, 100, n).tolist()) for n in [*range(1, 25), 1]]
    values, starts, counts = _layout(groups)
    low, high = stats.tail_means(values.astype(np.int64), starts, counts)
    for g, lo, hi in zip(groups, low, high, strict=True):
        k = math.ceil(len(g) / 10)
        assert (lo, hi) == pytest.approx((statistics.mean(g[:k]), statistics.mean(g[-k:])))


def test_a_mixed_cell_takes_its_sampling_error_from_the_survey_rows_only():
    # issue 11 §4: 30 administrative rows (a census, weight 1) and 10 survey rows (weight 5)
    rng = np.random.default_rng(9)
    y = rng.integers(50_000, 150_000, 40).astype(float)
    w = np.asarray([1.0] * 30 + [5.0] * 10)
    survey = np.asarray([False] * 30 + [True] * 10)
    mean, rse = stats.weighted_mean_rse(y, w, np.asarray([0]), np.asarray([40]), survey)
    direct_mean = float((w * y).sum() / w.sum())
    z = w[survey] * (y[survey] - direct_mean) / w.sum()
    var = 10 / 9 * ((z - z.mean()) ** 2).sum()
    assert mean[0] == pytest.approx(direct_mean)
    assert rse[0] == pytest.approx(math.sqrt(var) / direct_mean)
    _, as_if_all_sampled = stats.weighted_mean_rse(y, w, np.asarray([0]), np.asarray([40]))
    assert rse[0] < as_if_all_sampled[0]  # the census rows add no sampling error


def test_a_mixed_cell_with_one_survey_row_has_no_variance_estimate_and_is_not_published():
    y, w = np.asarray([1.0, 2.0, 3.0]), np.asarray([1.0, 1.0, 4.0])
    _, rse = stats.weighted_mean_rse(y, w, np.asarray([0]), np.asarray([3]), np.asarray([False, False, True]))
    assert math.isinf(rse[0])
