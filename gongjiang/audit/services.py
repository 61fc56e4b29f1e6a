"""Writes to the audit log. Every service that reveals personal data or exports calls these."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gongjiang.audit.labels import object_type_words
from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.core.bulk import rows_insert

_FORMATS = {"xlsx": "Excel", "csv": "CSV", "pdf": "PDF"}


def _event(*, actor: Any, action: str, object_type: str = "", object_id: Any = "", summary: str = "",
           detail: dict | None = None, ip_address: str | None = None) -> AuditEvent:
    """The unsaved event, as every writer records it (one place, so the bulk form records the same)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        actor_role=getattr(actor, "role", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:255],
        detail=detail or {},
        ip_address=ip_address,
    )


def audit_record(*, actor: Any, action: str, object_type: str = "", object_id: Any = "", summary: str = "",
                 detail: dict | None = None, ip_address: str | None = None) -> AuditEvent:
    """Append one event. `actor` may be None (system jobs) or an anonymous user."""
    event = _event(actor=actor, action=action, object_type=object_type, object_id=object_id, summary=summary,
                   detail=detail, ip_address=ip_address)
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class AuditEntry:
    """What one event of `audit_records_many` is about."""

    object_type: str
    object_id: Any
    summary: str
    detail: dict | None = None


def audit_records_many(*, actor: Any, action: str, entries: Iterable[AuditEntry],
                       ip_address: str | None = None) -> list[AuditEvent]:
    """Append one event per entry, inserted together (a batch of certificates issued, …): each row
    holds exactly what `audit_record` would have written for it — actor, role, action, object,
    summary, detail, address — one row per object, never one summary row for the batch. The
    rows go through the same append-only table (its triggers refuse UPDATE and DELETE)."""
    events = [_event(actor=actor, action=action, object_type=e.object_type, object_id=e.object_id,
                     summary=e.summary, detail=e.detail, ip_address=ip_address) for e in entries]
    return rows_insert(AuditEvent, events)


def audit_personal_read(*, actor: Any, object_type: str, object_id: Any, fields: list[str], summary: str = "",
                        ip_address: str | None = None) -> AuditEvent:
    return audit_record(actor=actor, action=AuditAction.VIEW_PERSONAL, object_type=object_type,
                        object_id=object_id, summary=summary, detail={"fields": fields}, ip_address=ip_address)


def audit_export(*, actor: Any, object_type: str, row_count: int, file_format: str, filters: dict | None = None,
                 personal_fields: list[str] | None = None, ip_address: str | None = None) -> AuditEvent:
    return audit_record(actor=actor, action=AuditAction.EXPORT, object_type=object_type,
                        summary=f"{object_type_words(object_type)} {row_count} 行 {_FORMATS.get(file_format, file_format)}",
                        detail={"rows": row_count, "format": file_format, "filters": filters or {},
                                "personal_fields": personal_fields or []},
                        ip_address=ip_address)
