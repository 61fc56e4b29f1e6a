"""The supply–demand forecast page (R2.3): reads the area's latest stored run; a bureau user asks for a
new one, computed by the background job (`demand.tasks.forecast_run_task`; ADR 0023)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors, services
from gongjiang.demand.forecast import METHOD_LABELS, METHODS
from gongjiang.ingest.export import export_response

__all__ = ["forecast", "forecast_export", "forecast_request"]


def _area(request: HttpRequest) -> str:
    return (request.GET.get("area") or request.POST.get("area") or "330900").strip() or "330900"


def _result_for_page(result: dict) -> tuple[list[date], list[dict]]:
    """The stored result with what the template needs: labels, and each backtest origin's month."""
    axis = [date.fromisoformat(m) for m in result.get("axis", [])]
    future = [date.fromisoformat(m) for m in result.get("future", [])]
    rows = []
    for row in result.get("rows", []):
        row = dict(row)
        for kind in ("demand", "supply"):
            item = row.get(kind)
            if item:
                item = dict(item)
                item["chosen_label"] = METHOD_LABELS[item["chosen"]]
                item["methods"] = [{"key": m, "label": METHOD_LABELS[m], "mase": item["mase"].get(m),
                                    "smape": item["smape"].get(m), "chosen": m == item["chosen"]} for m in METHODS]
                item["pairs"] = list(zip(item["forecast"], (row.get("supply") or {}).get("forecast")
                                         or [None] * len(item["forecast"]), strict=False))
                item["steps"] = [{"month": axis[step["origin"]] if step["origin"] < len(axis) else None,
                                  "actual": step["actual"],
                                  "forecasts": [(METHOD_LABELS[m], step["forecasts"].get(m)) for m in METHODS]}
                                 for step in item.get("backtest", [])]
                row[kind] = item
        row["backtests"] = [(kind, _("需求") if kind == "demand" else _("供给"), row[kind])
                            for kind in ("demand", "supply") if row.get(kind)]
        rows.append(row)
    return future, rows


@allowed("demand.analyse")
def forecast(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    error, future, rows, done, waiting, stale = "", [], [], None, None, False
    try:
        selectors.area_get(area)
        done, waiting = selectors.forecast_run_latest(area_code=area)
    except NotFound as exc:
        error = str(exc)
    if done is not None:
        future, rows = _result_for_page(done.result)
        stale = done.data_stamp != selectors.forecast_data_stamp()
    return render(request, "demand/forecast.html", {"area": area, "future": future, "rows": rows, "error": error,
                                                    "run": done, "waiting": waiting, "stale": stale,
                                                    "hierarchy": _hierarchy_for_page(done.result if done else {})})


def _hierarchy_for_page(result: dict) -> dict | None:
    from gongjiang.demand import reconcile

    hierarchy = result.get("hierarchy")
    if not hierarchy:
        return None
    if hierarchy.get("skipped"):
        return hierarchy
    levels = [level for level in reconcile.LEVEL_LABELS if any(level in v for v in hierarchy["mase"].values())]
    return {**hierarchy, "chosen_label": reconcile.METHOD_LABELS[hierarchy["chosen"]],
            "level_labels": [(level, reconcile.LEVEL_LABELS[level]) for level in levels],
            "methods": [{"label": reconcile.METHOD_LABELS[m], "chosen": m == hierarchy["chosen"],
                         "all": hierarchy["mase"][m]["all"], "levels": [hierarchy["mase"][m].get(lv) for lv in levels]}
                        for m in ("base", *reconcile.METHODS)],
            "rows": [{**row, "level_label": reconcile.LEVEL_LABELS[row["level"]],
                      "pairs": list(zip(row["coherent"], row["base"], strict=True))} for row in hierarchy["rows"]]}


@allowed("demand.forecast_run")
def forecast_request(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    if request.method != "POST":
        return redirect(f"{reverse('demand:forecast')}?area={area}")
    try:
        run = services.forecast_run_request(actor=request.user, area_code=area)
    except (DomainError, NotFound) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, _("已提交预测计算（%(at)s），完成后本页显示新结果。")
                         % {"at": f"{run.requested_at:%Y-%m-%d %H:%M}"})
    return redirect(f"{reverse('demand:forecast')}?area={area}")


@allowed("demand.analyse")
def forecast_export(request: HttpRequest, file_format: str) -> HttpResponse:
    area = _area(request)
    try:
        done, _waiting = selectors.forecast_run_latest(area_code=area)
    except NotFound:
        done = None
    future, rows = _result_for_page(done.result) if done else ([], [])
    columns = [("职业代码", lambda r: r["code"]), ("职业（工种）", lambda r: r["name"]),
               ("需求预测方法", lambda r: r["demand"]["chosen_label"] if r["demand"] else "数据不足"),
               ("需求 MASE（所选）", lambda r: r["demand"]["mase"][r["demand"]["chosen"]] if r["demand"] else ""),
               ("需求 MASE（季节性朴素法）", lambda r: r["demand"]["mase"]["seasonal_naive"] if r["demand"] else ""),
               ("需求 sMAPE（所选）", lambda r: r["demand"]["smape"][r["demand"]["chosen"]] if r["demand"] else ""),
               ("需求 sMAPE（季节性朴素法）", lambda r: r["demand"]["smape"]["seasonal_naive"] if r["demand"] else ""),
               ("优于季节性朴素法", lambda r: ("是" if r["demand"]["beats_naive"] else "否") if r["demand"] else "")]
    for i, month in enumerate(future):
        columns.append((f"需求预测 {month:%Y-%m}", lambda r, i=i: r["demand"]["forecast"][i] if r["demand"] else ""))
        columns.append((f"供给预测 {month:%Y-%m}", lambda r, i=i: r["supply"]["forecast"][i] if r["supply"] else ""))
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=f"供需预测-{area}",
                           file_format=file_format, object_type="demand_forecast", ip_address=client_ip(request))
