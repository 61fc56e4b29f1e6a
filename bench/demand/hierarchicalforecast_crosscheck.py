"""Cross-check of `gongjiang.demand.reconcile` against Nixtla's hierarchicalforecast (ADR 0023).

    ./run bench demand  # installs the bench extra (hierarchicalforecast among the baselines), then:
    .venv/bin/python bench/demand/hierarchicalforecast_crosscheck.py

On a grouped hierarchy of 5 bottom series (2 occupations × 3 districts, 11 series), random base
forecasts and residuals: bottom-up, OLS, structural WLS and variance WLS (MinT, diagonal) of ours
against `BottomUp` and `MinTrace(method=...)`; prints the largest absolute difference of each.
Last run (hierarchicalforecast 1.5.3): bottom_up 0, ols 2e-14, wls_struct 1e-14, wls_var 1.4e-8."""

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")


def main() -> None:
    import django

    django.setup()
    import hierarchicalforecast
    from hierarchicalforecast.methods import BottomUp, MinTrace

    from gongjiang.demand import reconcile

    keys, s = reconcile.hierarchy([("a", "d1"), ("a", "d2"), ("b", "d1"), ("b", "d2"), ("b", "d3")])
    rng = np.random.default_rng(1)
    y_hat = rng.uniform(5, 50, (s.shape[0], 6))
    residuals = rng.normal(0, 3, (s.shape[0], 30)) * rng.uniform(0.5, 3, (s.shape[0], 1))
    y_insample = rng.uniform(5, 50, (s.shape[0], 30))
    print(f"hierarchicalforecast {hierarchicalforecast.__version__}; {len(keys)} series, {s.shape[1]} at the bottom")
    theirs = {"bottom_up": BottomUp().fit_predict(S=s, y_hat=y_hat)["mean"]}
    for method in ("ols", "wls_struct"):
        theirs[method] = MinTrace(method=method).fit_predict(S=s, y_hat=y_hat)["mean"]
    theirs["wls_var"] = MinTrace(method="wls_var").fit_predict(
        S=s, y_hat=y_hat, y_insample=y_insample, y_hat_insample=y_insample - residuals)["mean"]
    for method, value in theirs.items():
        ours = reconcile.reconcile(y_hat, s, method, (residuals ** 2).mean(axis=1))
        print(f"{method}: largest |ours − theirs| = {np.max(np.abs(ours - value)):.2g}")


if __name__ == "__main__":
    main()
