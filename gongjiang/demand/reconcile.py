"""Hierarchical reconciliation of the demand forecast (R2.3, `003` 二(一)1; issue 15; ADR 0023).

The series form a grouped hierarchy: bottom = occupation × district; above them each occupation's
city total, each district's total over the occupations forecast, and the grand total. Forecasting
every series on its own gives incoherent numbers (districts that do not add up to the city), so
the base forecasts ŷ (every series, its own method chosen by backtest) are reconciled linearly:

    ỹ = S P ŷ,  P = (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹          (Wickramasuriya, Athanasopoulos & Hyndman 2019)

with S the summing matrix (series × bottom) and W one of:
- `bottom_up`   P takes the bottom forecasts as they are (ỹ = S ŷ_bottom);
- `ols`         W = I;
- `wls_struct`  W = diag(S·1) — each series' variance taken as proportional to the number of
                bottom series under it (structural scaling; needs no error estimates);
- `wls_var`     W = diag of each series' backtest mean squared error (MinT with a diagonal
                covariance).
Full MinT with a shrunk covariance is not used: the backtest gives 9 errors per series (3 origins ×
3 months) against dozens of series, so the sample covariance is singular and the shrinkage estimate
is dominated by its diagonal — which is `wls_var`.

Which reconciliation helps is decided as the model is: by the rolling-origin backtest. At every
origin the stored base forecasts of the chosen methods are reconciled by each method and scored
(MASE per series, as in `forecast.py`), and the method with the lowest mean MASE over all series
is used for the forecast; "base" (not reconciled) stays in the comparison, so the page says when
reconciliation does not help — but only a reconciled forecast adds up, so the one shown is the best
reconciled one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gongjiang.demand.forecast import mase

METHODS = ("bottom_up", "ols", "wls_struct", "wls_var")
METHOD_LABELS = {"base": "不协调（各序列单独预测）", "bottom_up": "自下而上", "ols": "最小二乘协调（OLS）",
                 "wls_struct": "结构加权协调（WLS）", "wls_var": "方差加权协调（MinT 对角）"}
LEVEL_LABELS = {"total": "合计", "district": "区县合计", "occupation": "职业合计", "bottom": "职业×区县"}


def hierarchy(bottom: Sequence[tuple[str, str]]) -> tuple[list[tuple], np.ndarray]:
    """The series keys and the summing matrix S for bottom series (occupation, district): keys are
    ("total",), ("district", d), ("occupation", o), ("bottom", o, d), in that order."""
    districts = sorted({d for _o, d in bottom})
    occupations = sorted({o for o, _d in bottom})
    keys: list[tuple] = [("total",), *[("district", d) for d in districts],
                         *[("occupation", o) for o in occupations], *[("bottom", o, d) for o, d in bottom]]
    s = np.zeros((len(keys), len(bottom)))
    for j, (o, d) in enumerate(bottom):
        s[0, j] = 1
        s[1 + districts.index(d), j] = 1
        s[1 + len(districts) + occupations.index(o), j] = 1
        s[1 + len(districts) + len(occupations) + j, j] = 1
    return keys, s


def reconcile(base: np.ndarray, s: np.ndarray, method: str, variances: Sequence[float] | None = None) -> np.ndarray:
    """Coherent forecasts (series × horizon) from base forecasts (series × horizon) by `method`."""
    n, m = s.shape
    if method == "bottom_up":
        return s @ base[n - m:]
    if method == "ols":
        w = np.ones(n)
    elif method == "wls_struct":
        w = s.sum(axis=1)
    elif method == "wls_var":
        w = np.asarray(variances, dtype=float)
        w = np.where(w > 0, w, max(float(w[w > 0].min()) if np.any(w > 0) else 1.0, 1e-9))
    else:
        raise ValueError(method)
    inverse = s.T / w  # Sᵀ W⁻¹ (W diagonal)
    p = np.linalg.solve(inverse @ s, inverse)
    return s @ (p @ base)


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def reconcile_backtest(series: np.ndarray, backtests: list[list[dict]], chosen: list[str], keys: list[tuple],
                       s: np.ndarray) -> dict:
    """Score the reconciliations on the stored backtests. `series` (series × months) are the actual
    values, `backtests[i]` series i's backtest steps (`BacktestResult.backtest`), `chosen[i]` its
    method. Returns the mean MASE per method over all series and per level, each series' backtest
    mean squared error (for `wls_var`) and the method chosen."""
    steps = len(backtests[0])
    errors = np.array([math.fsum((a - f) ** 2 for step in bt for a, f in zip(step["actual"], step["forecasts"][c],
                                                                              strict=True))
                       / sum(len(step["actual"]) for step in bt) for bt, c in zip(backtests, chosen, strict=True)])
    scores: dict[str, dict[str, list[float]]] = {m: {} for m in ("base", *METHODS)}
    for k in range(steps):
        origin = backtests[0][k]["origin"]
        base = np.array([bt[k]["forecasts"][c] for bt, c in zip(backtests, chosen, strict=True)], dtype=float)
        actual = np.array([bt[k]["actual"] for bt in backtests], dtype=float)
        results = {"base": base, **{m: np.clip(reconcile(base, s, m, errors), 0, None) for m in METHODS}}
        for method, forecast in results.items():
            for i, key in enumerate(keys):
                score = mase(actual[i], forecast[i], series[i, :origin])
                if score is not None:
                    scores[method].setdefault(key[0], []).append(score)
    table = {}
    for method, by_level in scores.items():
        every = [v for values in by_level.values() for v in values]
        table[method] = {"all": _mean(every), **{level: _mean(values) for level, values in by_level.items()}}
    candidates = [m for m in METHODS if table[m]["all"] is not None]
    best = min(candidates, key=lambda m: (table[m]["all"], METHODS.index(m))) if candidates else "bottom_up"
    helps = table["base"]["all"] is None or (table[best]["all"] is not None and table[best]["all"] <= table["base"]["all"])
    return {"mase": table, "chosen": best, "helps": helps, "variances": [float(v) for v in errors]}
