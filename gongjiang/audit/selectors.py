"""Reads of the audit log: bureau administrators only."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from gongjiang.accounts.permissions import can
from gongjiang.audit.models import AuditEvent
from gongjiang.core.errors import PermissionDenied


def audit_event_list(*, actor: Any, text: str = "", action: str = "", date_from: date | None = None,
                     date_to: date | None = None) -> QuerySet[AuditEvent]:
    """Search the audit log. Refuses everyone but bureau administrators."""
    if not can(actor, "audit.log_read"):
        raise PermissionDenied("只有人社局管理员可以查阅审计日志")
    qs = AuditEvent.objects.all()
    if text:
        qs = qs.filter(Q(actor_username__icontains=text) | Q(summary__icontains=text) | Q(object_id=text))
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
