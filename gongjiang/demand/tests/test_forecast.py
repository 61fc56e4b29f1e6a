"""The supply–demand forecast (R2.3; issue 15): the error measures on hand-computed cases, the choice
by rolling-origin backtest, and the honest report when nothing beats seasonal naive."""

import math
from datetime import date

import numpy as np
import pytest

from gongjiang.demand import selectors
from gongjiang.demand.forecast import backtest_and_forecast, mase, smape
from gongjiang.demand.tests.factories import filing_make


def test_mase_scales_by_the_in_sample_naive_error():
    # train shorter than 13 months: lag-1 naive errors |2-1|, |4-2| → scale 1.5; forecast errors 1 and 2 → MAE 1.5
    assert mase([5, 6], [4, 4], [1, 2, 4]) == pytest.approx(1.0)
    assert mase([5], [5], [3, 3, 3]) is None  # a flat training series has no scale


def test_smape_by_hand():
    # 2|10-5|/(10+5) = 0.6667 and 0 for the exact forecast → mean 0.3333; both zero counts as 0
    assert smape([10, 4], [5, 4]) == pytest.approx(1 / 3)
    assert smape([0], [0]) == 0


def test_a_pure_seasonal_series_is_left_to_seasonal_naive_and_reported_honestly():
    season = [10, 12, 30, 28, 15, 14, 13, 12, 25, 16, 11, 10]
    result = backtest_and_forecast(season * 3)
    # the in-sample seasonal naive error is 0, so MASE is undefined and no model can be shown to beat
    # seasonal naive: the result says so and keeps seasonal naive
    assert result.mase["seasonal_naive"] is None
    assert result.chosen == "seasonal_naive"
    assert not result.beats_naive
    assert result.forecast == [float(v) for v in season[:6]]


def test_a_trending_series_is_better_forecast_by_a_model_than_seasonal_naive():
    rng = np.random.default_rng(7)
    trend = [20 + 2.0 * t + rng.normal(0, 0.5) for t in range(30)]
    result = backtest_and_forecast(trend)
    assert result.beats_naive
    assert result.mase[result.chosen] < result.mase["seasonal_naive"]
    assert result.forecast[0] > trend[-1]  # the trend continues
    assert all(math.isfinite(v) and v >= 0 for v in result.forecast)


def test_too_short_a_series_is_not_forecast():
    assert backtest_and_forecast([1.0] * 10) is None


def test_monthly_series_sum_the_filings_of_the_area(enterprise_a, enterprise_b):
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 1, 1), headcount=4)
    filing_make(enterprise_b, "6-18-02-04", period=date(2026, 1, 1), headcount=3)
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 3, 1), headcount=2)
    axis, series = selectors.monthly_series(area_code="330900")
    assert axis == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert series["6-18-02-04"]["demand"] == [7, 0, 2]
