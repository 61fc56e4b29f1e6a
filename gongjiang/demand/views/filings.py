"""Demand pages: enterprise filings — list, form, detail with history, revise, withdraw (R2.1)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed
from gongjiang.core.errors import DomainError
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors, services
from gongjiang.demand.forms import (
    FilingForm,
    ReviseForm,
    WithdrawForm,
)
from gongjiang.demand.views._common import _int
from gongjiang.ingest.export import export_response
from gongjiang.reference.grades import Grade

# --- Enterprise filings ----------------------------------------------------------------------


@allowed("demand.filing_list")
def filing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    filings = selectors.filing_list(actor=request.user, status=status if status in ("active", "withdrawn") else "",
                                    year=_int(request.GET.get("year")))
    standing = (selectors.occupation_standing(enterprise_id=request.user.enterprise_id)
                if request.user.enterprise_id else {})
    page = Paginator(filings, 50).get_page(request.GET.get("page"))
    for filing in page:
        filing.standing = standing.get(filing.occupation.code)
    return render(request, "demand/filing_list.html", {"page": page, "status": status})


@allowed("demand.filing_list")
def filing_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    filings = selectors.filing_list(actor=request.user)
    columns = [
        ("编号", lambda f: f.pk), ("填报单位", lambda f: f.enterprise.name), ("区县", lambda f: f.enterprise.district.name),
        ("职业代码", lambda f: f.occupation.code), ("职业（工种）", lambda f: f.occupation.name),
        ("技能等级", lambda f: str(Grade(f.grade).label)), ("需求月份", lambda f: f.period.strftime("%Y-%m")),
        ("需求人数", lambda f: f.headcount), ("拟提供月工资（元）", lambda f: f.wage_offered),
        ("希望到岗日期", lambda f: f.needed_by), ("已发布招聘岗位数", lambda f: f.vacancies_advertised),
        ("应聘人数", lambda f: f.applicants), ("符合要求的应聘人数", lambda f: f.suitable_applicants),
        ("岗位空缺周数", lambda f: f.weeks_open), ("已招满", lambda f: "是" if f.filled else "否"),
        ("状态", lambda f: f.get_status_display()), ("修订次数", lambda f: f.revision),
    ]
    return export_response(actor=request.user, rows_iterable=filings.iterator(), columns=columns, filename="用工需求填报",
                           file_format=file_format, object_type="demand_filing", ip_address=client_ip(request))


def _filing_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k in services.FILING_FIELDS}


@allowed("demand.file")
def filing_new(request: HttpRequest) -> HttpResponse:
    form = FilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.filing_create(actor=request.user, **_filing_values(form))
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已填报：%(o)s %(n)s 人。") % {"o": filing.occupation.name, "n": filing.headcount})
            return redirect("demand:filing_detail", filing_id=filing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "demand/filing_form.html", {"form": form, "title": _("填报用工需求")}, status=status)


@allowed("demand.filing_list")
def filing_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    return render(request, "demand/filing_detail.html", {
        "filing": filing, "history": selectors.filing_history(filing), "withdraw_form": WithdrawForm()})


@allowed("demand.file")
def filing_revise(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    initial = {k: getattr(filing, k) for k in services.FILING_FIELDS}
    initial["occupation"] = f"{filing.occupation.code} {filing.occupation.name}"
    form = ReviseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.filing_revise(actor=request.user, filing=filing, reason=form.cleaned_data["reason"],
                                   **_filing_values(form))
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("demand:filing_detail", filing_id=filing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "demand/filing_form.html", {"form": form, "title": _("修改用工需求"), "filing": filing},
                  status=status)


@allowed("demand.file")
def filing_withdraw(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, filing_id=filing_id)
    if request.method != "POST":
        return redirect("demand:filing_detail", filing_id=filing.pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.filing_withdraw(actor=request.user, filing=filing, reason=form.cleaned_data.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回该填报。"))
    return redirect("demand:filing_detail", filing_id=filing.pk)
