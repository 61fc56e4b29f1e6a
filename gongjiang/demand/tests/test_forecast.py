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


# --- The forecast in a background job, stored with its run (ADR 0023) ----------------------------------

WELDER = "6-18-02-04"


def _history(enterprise, months: int = 18):
    """`months` months of welder demand with a yearly swing, ending 2026-06."""
    for i in range(months):
        index = 2026 * 12 + 5 - (months - 1 - i)
        period = date(index // 12, index % 12 + 1, 1)
        filing_make(enterprise, WELDER, period=period, headcount=10 + 4 * (period.month in (3, 4, 9)) + i % 3)


def _run_queued():
    """What the db_worker process does with the queued job (run here: the worker command would
    close the test's database connection)."""
    from django_tasks_db.models import DBTaskResult

    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("forecast_run_task")
    return job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])


def test_the_page_reads_the_stored_run_computed_by_the_background_job(
        bureau_staff, enterprise_a, enterprise_b, django_capture_on_commit_callbacks):
    from django.test import Client

    from gongjiang.demand import services
    from gongjiang.demand.models import ForecastRun, ForecastStatus

    _history(enterprise_a)  # Dinghai
    _history(enterprise_b)  # Putuo: the city's demand has two districts to reconcile
    client = Client()
    client.force_login(bureau_staff)
    page = client.get("/demand/forecast/?area=330900").content.decode()
    assert "该地区尚未计算预测" in page
    assert "forecast-table" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/demand/forecast/run/", {"area": "330900"})
    assert response.status_code == 302
    run = ForecastRun.objects.get()
    assert run.status == ForecastStatus.QUEUED
    assert not run.result
    assert "提交的计算排队中" in client.get("/demand/forecast/?area=330900").content.decode()
    # asking again while it waits queues nothing more
    assert services.forecast_run_request(actor=bureau_staff, area_code="330900").pk == run.pk

    outcome = _run_queued()
    run.refresh_from_db()
    assert outcome["status"] == run.status == ForecastStatus.DONE
    [row] = run.result["rows"]
    assert row["code"] == WELDER
    assert len(row["demand"]["forecast"]) == 6
    assert len(row["demand"]["backtest"]) == 3  # three rolling origins, each with every method's forecast
    assert set(row["demand"]["backtest"][0]["forecasts"]) == {"seasonal_naive", "ets", "theta"}
    # reconciled to the districts and the city: the coherent forecasts add up
    hierarchy = run.result["hierarchy"]
    assert hierarchy["bottom_count"] == 2
    by_key = {(r["level"], tuple(r["key"])): r["coherent"] for r in hierarchy["rows"]}
    districts = [by_key[("district", ("330902",))], by_key[("district", ("330903",))]]
    assert [a + b for a, b in zip(*districts, strict=True)] == pytest.approx(by_key[("total", ())], abs=0.11)
    assert by_key[("occupation", (WELDER,))] == pytest.approx(by_key[("total", ())], abs=0.01)
    assert hierarchy["chosen"] in {"bottom_up", "ols", "wls_struct", "wls_var"}
    page = client.get("/demand/forecast/?area=330900").content.decode()
    assert 'data-testid="hierarchy-table"' in page
    assert "forecast-table" in page
    assert f"backtest-{WELDER}-demand" in page
    assert "forecast-stale" not in page
    # the backtest shown is the stored one: the first origin's actual values are on the page
    first = row["demand"]["backtest"][0]
    assert " · ".join(str(v) for v in first["actual"]) in page

    # a filing changes: the page says the stored run was computed from other data
    filing_make(enterprise_a, WELDER, period=date(2026, 6, 1), headcount=5, grade=4)
    assert "forecast-stale" in client.get("/demand/forecast/?area=330900").content.decode()


def test_only_the_bureau_may_ask_for_a_forecast(hr_a, dinghai):
    from gongjiang.core.errors import PermissionDenied
    from gongjiang.demand import services

    with pytest.raises(PermissionDenied):
        services.forecast_run_request(actor=hr_a, area_code="330900")


def test_a_failed_run_is_stored_with_its_message(bureau_staff, enterprise_a, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    from gongjiang.demand import services
    from gongjiang.demand.models import ForecastRun, ForecastStatus

    with django_capture_on_commit_callbacks(execute=True):
        run = services.forecast_run_request(actor=bureau_staff, area_code="330900")

    def broken(**_kwargs):
        raise RuntimeError("模型无法拟合")

    monkeypatch.setattr(selectors, "forecast_compute", broken)
    with pytest.raises(RuntimeError):
        _run_queued()
    run = ForecastRun.objects.get(pk=run.pk)
    assert run.status == ForecastStatus.FAILED
    assert run.error == "模型无法拟合"
    # a failed run does not block the next request
    assert services.forecast_run_request(actor=bureau_staff, area_code="330900").pk != run.pk


def test_too_many_district_series_are_not_reconciled_and_the_run_says_so(enterprise_a, enterprise_b, monkeypatch):
    _history(enterprise_a)
    _history(enterprise_b)
    monkeypatch.setattr(selectors, "HIERARCHY_MAX_BOTTOM", 1)
    axis, series = selectors.monthly_series(area_code="330900", top=1)
    results = {code: {"chosen": "ets"} for code in series}  # only its truth matters before the limit
    assert selectors.forecast_hierarchy(area_code="330900", axis=axis, series=series, results=results) == {
        "skipped": True, "bottom_count": 2, "limit": 1}
