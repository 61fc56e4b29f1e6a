from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from gongjiang.accounts.permissions import allowed
from gongjiang.audit.labels import object_type_words, object_words, role_words
from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.audit.selectors import audit_event_list
from gongjiang.core.errors import PermissionDenied
from gongjiang.core.http import client_ip

FILTER_KEYS = ("q", "action", "from", "to")


def _events(request: HttpRequest) -> QuerySet[AuditEvent]:
    """The page's filters, shared by the page and its export; 403 for all but bureau administrators."""
    try:
        return audit_event_list(actor=request.user, text=request.GET.get("q", "").strip(),
                                action=request.GET.get("action", ""),
                                date_from=parse_date(request.GET.get("from", "") or ""),
                                date_to=parse_date(request.GET.get("to", "") or ""))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc


@allowed("audit.log_read")
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(_events(request), 50).get_page(request.GET.get("page"))
    for event in page:  # code names stay in the record; the page shows words (issue 10 §7)
        event.role_words, event.object_words = role_words(event.actor_role), object_words(event.object_type,
                                                                                           event.object_id)
    return render(request, "audit/log.html", {"page": page, "actions": AuditAction.choices})


@allowed("audit.log_read")
def audit_log_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The filtered log as on the page (issue 3 §6); the export is itself recorded in the log."""
    from gongjiang.ingest.export import export_response

    events = _events(request)
    filters = {key: request.GET[key] for key in FILTER_KEYS if request.GET.get(key)}
    columns = [("时间", lambda e: f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}"),
               ("操作人", lambda e: e.actor_username), ("角色", lambda e: role_words(e.actor_role)),
               ("操作", lambda e: e.get_action_display()), ("对象类型", lambda e: object_type_words(e.object_type)),
               ("对象编号", lambda e: e.object_id), ("摘要", lambda e: e.summary),
               ("IP", lambda e: e.ip_address or "")]
    return export_response(actor=request.user, rows_iterable=events.iterator(chunk_size=2000), columns=columns,
                           filename="审计日志", file_format=file_format, object_type="audit_event", filters=filters,
                           personal_fields=["actor_username", "ip_address"], ip_address=client_ip(request))
