"""A simple supply–demand forecast per occupation (R2.3, `003` 二(一)1; issue 15; ADR 0023).

Series: monthly demand (headcount of active filings) and monthly supply (registered job seekers
plus certificates of the occupation issued that month) of one occupation in an area.

Methods (statsmodels, already a dependency through linearmodels):
- `seasonal_naive`  the value 12 months earlier (the last value when the series is shorter than
                    13 months) — the benchmark;
- `ets`             Holt–Winters exponential smoothing, additive damped trend, additive yearly
                    season when at least 24 months are available (`ExponentialSmoothing`);
- `theta`           the Theta method (`ThetaModel`, deseasonalised when ≥ 24 months).

Backtest: rolling origin — for each of the last `origins` months as the forecast origin, fit on the
data before it and forecast `horizon` months; errors are pooled over origins. MASE divides the
mean absolute error by the in-sample mean absolute error of the seasonal naive forecast (lag 12,
or lag 1 when the training part is shorter than 13 months); sMAPE = mean of 2|y−ŷ|/(|y|+|ŷ|) (0
when both are 0). The method with the lowest MASE is chosen; when neither model beats seasonal
naive, seasonal naive is chosen and the result says so (`beats_naive` False). Forecasts are not
negative (clipped at 0).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

METHODS = ("seasonal_naive", "ets", "theta")
METHOD_LABELS = {"seasonal_naive": "季节性朴素法", "ets": "指数平滑（ETS）", "theta": "Theta 法"}
SEASON = 12
MIN_MONTHS = 12
FORECAST_TOP = 8  # occupations a run forecasts by default (each costs about 30 model fits)
AHEAD = 6  # months forecast


def _seasonal_naive(train: np.ndarray, horizon: int) -> np.ndarray:
    if len(train) > SEASON:
        last_season = train[-SEASON:]
        return np.array([last_season[i % SEASON] for i in range(horizon)], dtype=float)
    return np.repeat(float(train[-1]), horizon)


def _ets(train: np.ndarray, horizon: int) -> np.ndarray:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = "add" if len(train) >= 2 * SEASON else None
    model = ExponentialSmoothing(train.astype(float), trend="add", damped_trend=True, seasonal=seasonal,
                                 seasonal_periods=SEASON if seasonal else None, initialization_method="heuristic"
                                 if len(train) >= 2 * SEASON + 10 else "estimated")
    # No brute-force search of starting values: 1.5 s -> ~0.1 s a fit, same optimum on the demo series.
    return np.asarray(model.fit(use_brute=False).forecast(horizon), dtype=float)


def _theta(train: np.ndarray, horizon: int) -> np.ndarray:
    from statsmodels.tsa.forecasting.theta import ThetaModel

    seasonal = len(train) >= 2 * SEASON
    model = ThetaModel(train.astype(float) + 1.0, period=SEASON, deseasonalize=seasonal,
                       method="additive" if seasonal else "auto")
    return np.asarray(model.fit().forecast(horizon), dtype=float) - 1.0


_FIT = {"seasonal_naive": _seasonal_naive, "ets": _ets, "theta": _theta}


def method_forecast(method: str, train: Sequence[float], horizon: int) -> np.ndarray:
    """`horizon` forecasts of `method` from `train`; a model that cannot be fitted falls back to the
    seasonal naive forecast (numerically, never silently: `BacktestResult.fallbacks` counts it)."""
    data = np.asarray(train, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = _FIT[method](data, horizon)
    if not np.all(np.isfinite(values)):
        raise ValueError("non-finite forecast")
    return np.clip(values, 0, None)


def mase(actual: Sequence[float], forecast: Sequence[float], train: Sequence[float]) -> float | None:
    """Mean absolute scaled error; None when the in-sample naive error is 0 (a flat series)."""
    train = np.asarray(train, dtype=float)
    lag = SEASON if len(train) > SEASON else 1
    scale = np.mean(np.abs(train[lag:] - train[:-lag])) if len(train) > lag else 0.0
    if scale == 0:
        return None
    return float(np.mean(np.abs(np.asarray(actual, float) - np.asarray(forecast, float))) / scale)


def smape(actual: Sequence[float], forecast: Sequence[float]) -> float:
    a, f = np.asarray(actual, float), np.asarray(forecast, float)
    denominator = np.abs(a) + np.abs(f)
    terms = np.where(denominator == 0, 0.0, 2 * np.abs(a - f) / np.where(denominator == 0, 1, denominator))
    return float(np.mean(terms))


@dataclass
class BacktestResult:
    mase: dict[str, float | None]
    smape: dict[str, float]
    chosen: str
    beats_naive: bool
    forecast: list[float]
    fallbacks: dict[str, int] = field(default_factory=dict)
    origins: int = 0
    # One entry per origin: {"origin": index of its first forecast month, "actual": [...],
    # "forecasts": {method: [...]}} — the backtest shown beside the forecast.
    backtest: list[dict] = field(default_factory=list)

    @property
    def chosen_label(self) -> str:
        return METHOD_LABELS[self.chosen]

    def as_dict(self) -> dict:
        """JSON-ready (stored with its `ForecastRun`)."""
        return {"mase": self.mase, "smape": self.smape, "chosen": self.chosen, "beats_naive": self.beats_naive,
                "forecast": self.forecast, "fallbacks": self.fallbacks, "origins": self.origins,
                "backtest": self.backtest}


def backtest_and_forecast(series: Sequence[float], *, horizon: int = 3, origins: int = 4,
                          ahead: int = 6) -> BacktestResult | None:
    """Rolling-origin backtest of every method, the choice by MASE, and `ahead` forecasts of the
    chosen method from the whole series. None for a series shorter than MIN_MONTHS + origins."""
    data = np.asarray(series, dtype=float)
    if len(data) < MIN_MONTHS + origins:
        return None
    errors = {m: ([], [], []) for m in METHODS}  # actual, forecast, scale-train per origin
    fallbacks = dict.fromkeys(METHODS, 0)
    mases: dict[str, list[float]] = {m: [] for m in METHODS}
    backtest: list[dict] = []
    for origin in range(len(data) - origins - horizon + 1, len(data) - horizon + 1):
        train, actual = data[:origin], data[origin:origin + horizon]
        step = {"origin": origin, "actual": [float(v) for v in actual], "forecasts": {}}
        backtest.append(step)
        for method in METHODS:
            try:
                predicted = method_forecast(method, train, horizon)
            except (ValueError, np.linalg.LinAlgError):
                fallbacks[method] += 1
                predicted = method_forecast("seasonal_naive", train, horizon)
            step["forecasts"][method] = [round(float(v), 1) for v in predicted]
            errors[method][0].extend(actual)
            errors[method][1].extend(predicted)
            score = mase(actual, predicted, train)
            if score is not None:
                mases[method].append(score)
    mean_mase = {m: (math.fsum(v) / len(v) if v else None) for m, v in mases.items()}
    smapes = {m: smape(errors[m][0], errors[m][1]) for m in METHODS}
    naive = mean_mase["seasonal_naive"]
    candidates = [m for m in ("ets", "theta") if mean_mase[m] is not None and naive is not None and mean_mase[m] < naive]
    chosen = min(candidates, key=lambda m: (mean_mase[m], m)) if candidates else "seasonal_naive"
    try:
        future = method_forecast(chosen, data, ahead)
    except (ValueError, np.linalg.LinAlgError):
        chosen, future = "seasonal_naive", method_forecast("seasonal_naive", data, ahead)
    return BacktestResult(mase=mean_mase, smape=smapes, chosen=chosen, beats_naive=chosen != "seasonal_naive",
                          forecast=[round(float(v), 1) for v in future], fallbacks=fallbacks,
                          origins=origins, backtest=backtest)
