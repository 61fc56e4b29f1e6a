"""Hierarchical reconciliation of the demand forecast (R2.3; issue 15; ADR 0023): coherence, a case
computed by hand, coherent inputs left alone, the choice by backtest."""

import numpy as np
import pytest

from gongjiang.demand import reconcile
from gongjiang.demand.forecast import backtest_and_forecast

BOTTOM = [("6-18-02-04", "330902"), ("6-18-02-04", "330903"), ("2-02-07-01", "330902")]


def _coherent(values: np.ndarray, keys, s) -> bool:
    return np.allclose(values, s @ values[len(keys) - s.shape[1]:])


def test_the_summing_matrix_of_the_grouped_hierarchy():
    keys, s = reconcile.hierarchy(BOTTOM)
    assert keys == [("total",), ("district", "330902"), ("district", "330903"), ("occupation", "2-02-07-01"),
                    ("occupation", "6-18-02-04"), ("bottom", *BOTTOM[0]), ("bottom", *BOTTOM[1]),
                    ("bottom", *BOTTOM[2])]
    assert s.tolist() == [[1, 1, 1], [1, 0, 1], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]


@pytest.mark.parametrize("method", reconcile.METHODS)
def test_every_method_gives_forecasts_that_add_up(method):
    keys, s = reconcile.hierarchy(BOTTOM)
    rng = np.random.default_rng(3)
    base = rng.uniform(1, 40, (len(keys), 6))  # incoherent: drawn independently
    assert not _coherent(base, keys, s)
    result = reconcile.reconcile(base, s, method, variances=rng.uniform(1, 9, len(keys)))
    assert _coherent(result, keys, s)


def test_ols_by_hand():
    # total 10, bottoms 3 and 5: S'S = [[2,1],[1,2]], S'ŷ = [13, 15] → bottoms (2·13−15)/3, (2·15−13)/3
    s = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    result = reconcile.reconcile(np.array([[10.0], [3.0], [5.0]]), s, "ols")
    assert result[:, 0] == pytest.approx([28 / 3, 11 / 3, 17 / 3])
    # bottom-up keeps the bottoms and adds them
    assert reconcile.reconcile(np.array([[10.0], [3.0], [5.0]]), s, "bottom_up")[:, 0].tolist() == [8, 3, 5]
    # a series the weights trust more moves less: the total with a tiny variance stays near 10
    trusting_total = reconcile.reconcile(np.array([[10.0], [3.0], [5.0]]), s, "wls_var", [1e-6, 1, 1])
    assert trusting_total[0, 0] == pytest.approx(10, abs=1e-4)
    assert trusting_total[1:, 0] == pytest.approx([4, 6], abs=1e-4)


@pytest.mark.parametrize("method", reconcile.METHODS)
def test_coherent_forecasts_are_left_as_they_are(method):
    keys, s = reconcile.hierarchy(BOTTOM)
    coherent = s @ np.array([[4.0, 5.0], [2.0, 2.5], [7.0, 1.0]])
    assert reconcile.reconcile(coherent, s, method, np.arange(1, len(keys) + 1)) == pytest.approx(coherent)


def test_the_reconciliation_is_chosen_by_backtest():
    keys, s = reconcile.hierarchy(BOTTOM)
    rng = np.random.default_rng(11)
    months = np.arange(30)
    bottom = np.array([20 + 0.8 * months + rng.normal(0, 2, 30), 8 + 3 * np.sin(months / 2) + rng.normal(0, 1, 30),
                       12 + rng.normal(0, 3, 30)])
    values = s @ bottom
    fits = [backtest_and_forecast(list(row), origins=3) for row in values]
    scored = reconcile.reconcile_backtest(values, [f.backtest for f in fits], [f.chosen for f in fits], keys, s)
    assert set(scored["mase"]) == {"base", *reconcile.METHODS}
    assert scored["chosen"] in reconcile.METHODS
    best = min(scored["mase"][m]["all"] for m in reconcile.METHODS)
    assert scored["mase"][scored["chosen"]]["all"] == best
    assert scored["helps"] == (best <= scored["mase"]["base"]["all"])
    assert set(scored["mase"]["ols"]) == {"all", "total", "district", "occupation", "bottom"}
    assert len(scored["variances"]) == len(keys)
