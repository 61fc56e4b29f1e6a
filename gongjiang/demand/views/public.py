"""The public shortage catalogue, no login (R2.2)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongjiang.accounts.permissions import allowed
from gongjiang.core.http import client_ip
from gongjiang.demand import selectors
from gongjiang.demand.views._common import _int
from gongjiang.demand.views.catalogue import _entry_columns
from gongjiang.ingest.export import export_response

# --- The public catalogue (no login) -------------------------------------------------------------


@allowed("demand.catalogue_public")
def public_catalogue(request: HttpRequest) -> HttpResponse:
    on = timezone.localdate()
    in_force = list(selectors.shortage_catalogues_in_force(on=on).order_by("-valid_from", "-edition"))
    chosen_id = _int(request.GET.get("edition"))
    editions = list(selectors.catalogues_public())
    chosen = next((c for c in editions if c.pk == chosen_id), None) or (in_force[0] if in_force else
                                                                       (editions[0] if editions else None))
    entries = list(selectors.catalogue_entries(chosen)) if chosen else []
    return render(request, "demand/public_catalogue.html", {
        "chosen": chosen, "entries": entries, "editions": editions, "in_force": in_force, "today": on})


@allowed("demand.catalogue_public")
def public_catalogue_export(request: HttpRequest, catalogue_id: int, file_format: str) -> HttpResponse:
    catalogue = selectors.catalogue_get(catalogue_id=catalogue_id, published_only=True)
    columns = [c for c in _entry_columns() if c[0] != "紧缺指数"]
    return export_response(actor=request.user, rows_iterable=selectors.catalogue_entries(catalogue).iterator(),
                           columns=columns, filename=f"紧缺职业目录-{catalogue.year}-第{catalogue.edition}版",
                           file_format=file_format, object_type="shortage_catalogue_public",
                           filters={"catalogue": catalogue.pk}, ip_address=client_ip(request))
