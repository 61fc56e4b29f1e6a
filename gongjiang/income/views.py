"""Income monitoring pages (R7): wage price levels, distribution, policy evaluation. Thin: parse,
call a selector, render. Only suppressed aggregates are shown; exports are audited."""

from __future__ import annotations

import json
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed
from gongjiang.audit.services import audit_export
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.http import client_ip
from gongjiang.income import publication, selectors
from gongjiang.income.distribution import HISTOGRAM_EDGES
from gongjiang.income.rounding import half_up
from gongjiang.reference.models import Industry
from gongjiang.registry.selectors import district_checked, district_choices


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filters(request: HttpRequest, years: list[int]) -> dict:
    q = request.GET
    by = q.get("by", "")
    return {
        "year": _int(q.get("year")) or (years[0] if years else None),
        "by": by if by in ("district", "industry") else "",
        "level": _int(q.get("level")),
        "occupation": q.get("occupation", "").strip(),
        "district": q.get("district", "").strip(),
        "industry": q.get("industry", "").strip(),
    }


def _choices(request: HttpRequest) -> dict:
    # The districts the user's scope covers, names alike told apart by city (issue 10 §4).
    return {"districts": district_choices(request.user),
            "industries": Industry.objects.filter(level=1).order_by("code")}


@allowed("income.public")
def wage_levels_public(request: HttpRequest) -> HttpResponse:
    """The published wage price levels, for anyone (R7.2, R9.2; ADR 0026): the city-wide table or one
    district's rows of the by-district table, with the disclosure control of the year's family."""
    from django.core.paginator import Paginator

    years = selectors.wage_levels_published_years()
    year = _int(request.GET.get("year"))
    year = year if year in years else (years[0] if years else None)
    district, occupation = request.GET.get("district", "").strip(), request.GET.get("occupation", "").strip()
    level = _int(request.GET.get("level"))
    published, districts, error = {"rows": [], "notes": []}, [], ""
    if year:
        districts = selectors.wage_levels_published_districts(year=year)
        if district and district not in {d["code"] for d in districts}:
            district, error = "", _("所选区县没有该年度的工资价位，已显示全市数据。")
        try:
            published = selectors.wage_levels_published(year=year, district=district, occupation_prefix=occupation,
                                                         level=level)
        except DomainError as exc:
            error = exc.message
    # "Only rows with figures": which cells are hidden is no secret (the full table shows "—" there).
    shown_only = request.GET.get("shown") == "1"
    rows = published["rows"]
    if shown_only:
        rows = [r for r in rows if r["p50"] is not None or r["mean"] is not None]
    all_hidden = bool(published["rows"]) and all(r["p50"] is None and r["mean"] is None for r in published["rows"])
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "income/wage_levels_public.html", {
        "years": years, "year": year, "district": district, "occupation": occupation, "level": level,
        "shown_only": shown_only, "all_hidden": all_hidden, "districts": districts, "page": page,
        "rows": page.object_list, "notes": published["notes"], "error": error, "query": query.urlencode()})


@allowed("income.read")
def wage_levels(request: HttpRequest) -> HttpResponse:
    years = selectors.income_years(actor=request.user)
    f = _filters(request, years)
    if not f["by"]:  # a district (industry) filter shows rows of the by-district (by-industry) table
        f["by"] = "district" if f["district"] and not f["industry"] else "industry" if f["industry"] else ""
    rows, error = [], ""
    if f["year"]:
        try:
            district_checked(request.user, f["district"])
            rows = selectors.wage_levels(actor=request.user, year=f["year"], by=f["by"] or None, level=f["level"],
                                         occupation_prefix=f["occupation"], district=f["district"],
                                         industry=f["industry"])
        except DomainError as exc:
            error = exc.message
    file_format = request.GET.get("format", "")
    if file_format in ("xlsx", "csv") and f["year"] and not error:
        by = f["by"] or None
        body = (publication.publication_xlsx if file_format == "xlsx" else publication.publication_csv)(
            rows, year=f["year"], by=by,
            annual_rule=selectors.wage_levels_annual_rule(actor=request.user, year=f["year"]))
        audit_export(actor=request.user, object_type="wage_levels", row_count=len(rows), file_format=file_format,
                     filters={k: v for k, v in f.items() if v}, ip_address=client_ip(request))
        content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if file_format == "xlsx"
                        else "text/csv; charset=utf-8")
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, f'工资价位-{f["year"]}.{file_format}')
        return response
    chart = [{"name": f'{r["occupation_name"]} {r["grade_label"]} {r["group_name"] or ""}'.strip(),
              "p10": r["p10"], "p50": r["p50"], "p90": r["p90"]} for r in rows if r["p50"] is not None][:40]
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "income/wage_levels.html", {
        "years": years, "f": f, "rows": rows, "error": error, "query": query.urlencode(),
        "chart_json": json.dumps(chart, default=int, ensure_ascii=False), **_choices(request),
    })


@allowed("income.read")
def income_distribution(request: HttpRequest) -> HttpResponse:
    years = selectors.income_years(actor=request.user)
    f = _filters(request, years)
    population = request.GET.get("population", "all")
    rows, gaps, soe, error = [], [], {}, ""
    if f["year"]:
        try:
            rows = selectors.income_distribution(actor=request.user, year=f["year"], population=population,
                                                 by=f["by"] or None)
            soe = selectors.soe_pay_gap_summary(actor=request.user, year=f["year"])
            gaps = soe["rows"]
        except DomainError as exc:
            error = exc.message
    overall = rows[0] if rows else None
    chart = {"edges": [int(e) for e in HISTOGRAM_EDGES[:-1]], "counts": overall["histogram"] if overall else [],
             "deciles": overall["deciles"] if overall else []}
    return render(request, "income/distribution.html", {
        "years": years, "f": f, "population": population, "rows": rows, "gaps": gaps, "soe": soe, "error": error,
        "chart_json": json.dumps(chart), **_choices(request),
    })


def _distribution_filters(request: HttpRequest) -> dict:
    """The distribution page's filters for an export; 403 outside the statistics office, 404 without a year."""
    f = _filters(request, selectors.income_years(actor=request.user))
    if not f["year"]:
        raise NotFound(_("尚无收入数据。收入记录导入并由管理员发布年度工资价位后，将显示在这里。"))
    return f


def _ratio(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.4f}")


@allowed("income.read")
def distribution_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The distribution table as on the page (suppressed groups left out), with the decile shares;
    money in whole yuan and ratios to 4 places, as Decimal."""
    from gongjiang.ingest.export import export_response

    f = _distribution_filters(request)
    population = request.GET.get("population", "all")
    try:
        rows = selectors.income_distribution(actor=request.user, year=f["year"], population=population,
                                             by=f["by"] or None)
    except DomainError as exc:
        raise NotFound(exc.message) from exc
    columns = [(_("范围"), lambda r: r["group_name"]), (_("人数"), lambda r: r["count"]),
               (_("平均年收入（元）"), lambda r: half_up(Decimal(r["mean"]))),  # 四舍五入, as the page
               (_("中位数（元）"), lambda r: half_up(Decimal(r["median"]))),
               (_("基尼系数"), lambda r: _ratio(r["gini"])), (_("中等收入占比"), lambda r: _ratio(r["middle_share"])),
               (_("平均数增长"), lambda r: _ratio(r.get("mean_growth"))),
               (_("中位数增长"), lambda r: _ratio(r.get("median_growth"))),
               *[(_("第%(d)s个十分位收入份额") % {"d": d}, lambda r, i=d - 1: _ratio(r["deciles"][i]))
                 for d in range(1, 11)]]
    return export_response(actor=request.user, rows_iterable=rows, columns=columns,
                           filename=f"income-distribution-{f['year']}", file_format=file_format,
                           object_type="income_distribution",
                           filters={**{k: v for k, v in f.items() if v}, "population": population},
                           ip_address=client_ip(request))


@allowed("income.read")
def soe_gap_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The state-owned enterprises whose high-skilled pay grew slower than managers' (growth only)."""
    from gongjiang.ingest.export import export_response

    f = _distribution_filters(request)
    try:
        gaps = selectors.soe_pay_gap_list(actor=request.user, year=f["year"])
    except DomainError as exc:
        raise NotFound(exc.message) from exc
    columns = [(_("单位"), lambda g: g["enterprise_name"]),
               (_("高技能人才平均工资增长"), lambda g: _ratio(g["high_skilled_growth"])),
               (_("管理人员平均工资增长"), lambda g: _ratio(g["manager_growth"]))]
    return export_response(actor=request.user, rows_iterable=gaps, columns=columns,
                           filename=f"soe-pay-gap-{f['year']}", file_format=file_format, object_type="soe_pay_gap",
                           filters={"year": f["year"]}, ip_address=client_ip(request))


@allowed("income.read")
def policy_evaluation(request: HttpRequest) -> HttpResponse:
    q = request.GET
    occupation, district = q.get("occupation", "").strip(), q.get("district", "").strip()
    result, error = None, ""
    try:
        district_checked(request.user, district)
        result = selectors.policy_effect(actor=request.user, incentive=q.get("incentive", "grade_upgrade"),
                                         occupation_prefix=occupation, district=district)
    except DomainError as exc:
        error = exc.message
    chart = ({"t": result.event_times, "b": result.coefficients, "lo": result.ci_low, "hi": result.ci_high}
             if result else {})
    return render(request, "income/evaluation.html", {
        "result": result, "error": error, "occupation": occupation, "district": district,
        "chart_json": json.dumps(chart), **_choices(request),
    })
