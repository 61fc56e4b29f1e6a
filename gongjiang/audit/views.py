from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from gongjiang.audit.models import AuditAction
from gongjiang.audit.selectors import audit_event_list
from gongjiang.core.errors import PermissionDenied


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    try:
        events = audit_event_list(actor=request.user, text=request.GET.get("q", "").strip(),
                                  action=request.GET.get("action", ""),
                                  date_from=parse_date(request.GET.get("from", "") or ""),
                                  date_to=parse_date(request.GET.get("to", "") or ""))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "actions": AuditAction.choices})
