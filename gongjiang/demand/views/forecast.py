"""The supply–demand forecast page (R2.3)."""

from __future__ import annotations

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongjiang.accounts.permissions import allowed
from gongjiang.core.errors import NotFound
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors
from gongjiang.ingest.export import export_response

# --- The forecast (R2.3) ---------------------------------------------------------------------------


FORECAST_TOP = 8  # occupations forecast on the page (each costs about 30 model fits)


def _forecasts(area: str) -> tuple[list, list[dict]]:
    """Forecasts of the area's largest occupations, cached until a filing changes (the fits take seconds)."""
    from django.core.cache import cache

    from gongjiang.demand.forecast import backtest_and_forecast
    from gongjiang.demand.models import DemandFiling

    stamp = DemandFiling.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    key = f"demand:forecast:{area}:{stamp['n']}:{stamp['t'].timestamp() if stamp['t'] else 0}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    axis, series = selectors.monthly_series(area_code=area, top=FORECAST_TOP)
    rows = []
    for code, item in series.items():
        demand = backtest_and_forecast(item["demand"], origins=3)
        supply = backtest_and_forecast(item["supply"], origins=3)
        rows.append({"code": code, "name": item["name"], "months": len(axis), "demand": demand, "supply": supply,
                     "recent": sum(item["demand"][-12:]),
                     "gap": ([round(d - s, 1) for d, s in zip(demand.forecast, supply.forecast, strict=True)]
                             if demand and supply else None)})
    future = [selectors._month_add(axis[-1], i) for i in range(1, 7)] if axis else []
    cache.set(key, (future, rows), 3600)
    return future, rows


@allowed("demand.analyse")
def forecast(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "330900").strip() or "330900"
    error, future, rows = "", [], []
    try:
        future, rows = _forecasts(area)
    except NotFound as exc:
        error = str(exc)
    return render(request, "demand/forecast.html", {"area": area, "future": future, "rows": rows, "error": error})


@allowed("demand.analyse")
def forecast_export(request: HttpRequest, file_format: str) -> HttpResponse:
    area = request.GET.get("area", "330900").strip() or "330900"
    try:
        future, rows = _forecasts(area)
    except NotFound:
        future, rows = [], []
    columns = [("职业代码", lambda r: r["code"]), ("职业（工种）", lambda r: r["name"]),
               ("需求预测方法", lambda r: r["demand"].chosen_label if r["demand"] else "数据不足"),
               ("需求 MASE（所选）", lambda r: r["demand"].mase[r["demand"].chosen] if r["demand"] else ""),
               ("需求 MASE（季节性朴素法）", lambda r: r["demand"].mase["seasonal_naive"] if r["demand"] else ""),
               ("优于季节性朴素法", lambda r: ("是" if r["demand"].beats_naive else "否") if r["demand"] else "")]
    for i, month in enumerate(future):
        columns.append((f"需求预测 {month:%Y-%m}", lambda r, i=i: r["demand"].forecast[i] if r["demand"] else ""))
        columns.append((f"供给预测 {month:%Y-%m}", lambda r, i=i: r["supply"].forecast[i] if r["supply"] else ""))
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=f"供需预测-{area}",
                           file_format=file_format, object_type="demand_forecast", ip_address=client_ip(request))
