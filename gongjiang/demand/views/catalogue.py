"""Demand pages: catalogue drafts, review notes, publication (R2.2)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import allowed, can
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors, services
from gongjiang.demand.forms import (
    ComputeForm,
    NoteForm,
    PublishForm,
)
from gongjiang.demand.indicators import INDICATORS
from gongjiang.demand.models import CatalogueStatus
from gongjiang.ingest.export import export_response
from gongjiang.reference.grades import Grade

# --- The catalogue: drafts, review, publication --------------------------------------------------


@allowed("demand.catalogue_compute")
def catalogue_list(request: HttpRequest) -> HttpResponse:
    form = ComputeForm(initial={"year": timezone.localdate().year})
    return render(request, "demand/catalogue_list.html", {"catalogues": selectors.catalogue_list(), "form": form})


@allowed("demand.catalogue_compute")
def catalogue_compute(request: HttpRequest) -> HttpResponse:
    form = ComputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.catalogue_draft_compute(actor=request.user, area_code=data["area"], year=data["year"],
                                                     top=data["top"], reference_year=data["reference_year"])
        except (DomainError, NotFound) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("已计算目录草案：列入 %(n)s 个职业。") % {"n": draft.entries.count()})
            return redirect("demand:catalogue_detail", catalogue_id=draft.pk)
    elif request.method == "POST":
        messages.error(request, _("请填写发布地区代码和年度。"))
    return redirect("demand:catalogue_list")


def _entries_with_notes(catalogue):
    entries = list(selectors.catalogue_entries(catalogue))
    notes = list(catalogue.notes.select_related("author", "entry"))
    by_entry: dict[int, list] = {}
    for note in notes:
        if note.entry_id:
            by_entry.setdefault(note.entry_id, []).append(note)
    for entry in entries:
        entry.review_notes = by_entry.get(entry.pk, [])
    return entries, [n for n in notes if not n.entry_id]


@allowed("demand.catalogue_compute")
def catalogue_detail(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    entries, notes = _entries_with_notes(catalogue)
    previous = selectors.catalogue_previous(catalogue)
    publish_form = PublishForm(initial={"valid_from": date(catalogue.year, 1, 1), "title": catalogue.title})
    weights = [(str(INDICATORS[k][0]) if k in INDICATORS else k, v)
               for k, v in (catalogue.method or {}).get("weights", {}).items()]
    return render(request, "demand/catalogue_detail.html", {
        "catalogue": catalogue, "entries": entries, "notes": notes, "previous": previous, "weights": weights,
        "is_draft": catalogue.status == CatalogueStatus.DRAFT, "note_form": NoteForm(), "publish_form": publish_form,
        "may_publish": can(request.user, "demand.catalogue_publish")})


@allowed("demand.catalogue_compute")
def catalogue_note(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_note_add(actor=request.user, catalogue=catalogue, text=form.cleaned_data["text"],
                                     entry_id=form.cleaned_data.get("entry"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已添加评审意见。"))
    elif request.method == "POST":
        messages.error(request, _("请填写评审意见。"))
    return redirect("demand:catalogue_detail", catalogue_id=catalogue.pk)


@allowed("demand.catalogue_publish")
def catalogue_publish(request: HttpRequest, catalogue_id: int) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalogue_publish(actor=request.user, catalogue=catalogue, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("目录已发布，自 %(d)s 起生效。") % {"d": form.cleaned_data["valid_from"]})
    elif request.method == "POST":
        messages.error(request, _("请填写生效日期。"))
    return redirect("demand:catalogue_detail", catalogue_id=catalogue.pk)


def _entry_columns() -> list:
    return [
        ("排名", lambda e: e.rank or ""), ("上一版排名", lambda e: e.previous_rank or ("列入" if e.in_previous else "新列入")),
        ("职业代码", lambda e: e.occupation.code), ("职业（工种）", lambda e: e.occupation.name),
        ("最低等级", lambda e: str(Grade(e.min_grade).label) if e.min_grade else "不限"),
        ("紧缺原因", lambda e: e.get_driver_display() if e.driver else ""), ("列入理由", lambda e: e.reason or e.note),
        ("紧缺指数", lambda e: e.score if e.score is not None else ""),
    ]


@allowed("demand.catalogue_compute")
def catalogue_export(request: HttpRequest, catalogue_id: int, file_format: str) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id)
    return export_response(actor=request.user, rows_iterable=selectors.catalogue_entries(catalogue).iterator(),
                           columns=_entry_columns(), filename=f"紧缺职业目录-{catalogue.year}-第{catalogue.edition}版",
                           file_format=file_format, object_type="shortage_catalogue",
                           filters={"catalogue": catalogue.pk}, ip_address=client_ip(request))
