"""The audit log: append-only in the database, searchable by bureau administrators only."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.audit.services import audit_export, audit_record

pytestmark = pytest.mark.django_db


def test_database_refuses_update_and_delete(bureau_admin):
    event = audit_record(actor=bureau_admin, action=AuditAction.EXPORT, object_type="worker", summary="导出")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="篡改")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "导出"


def test_admin_searches_log(client, bureau_admin, hr_a):
    audit_export(actor=hr_a, object_type="worker", row_count=12, file_format="xlsx")
    audit_record(actor=bureau_admin, action=AuditAction.LOGIN, object_type="user")
    client.force_login(bureau_admin)
    html = client.get(reverse("audit:log"), {"q": "hr_a"}).content.decode()
    assert "人员档案 12 行 Excel" in html
    assert html.count("<tr>") == 2  # header + the one match


def test_others_cannot_read_log(client, bureau_staff, hr_a):
    for user in (bureau_staff, hr_a):
        client.force_login(user)
        assert client.get(reverse("audit:log")).status_code == 403


def test_admin_site_offers_no_change(client, bureau_admin):
    event = audit_record(actor=bureau_admin, action=AuditAction.LOGIN, object_type="user")
    client.force_login(bureau_admin)
    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403


def test_events_recorded_together_hold_what_one_at_a_time_would(bureau_admin):
    """audit_records_many (a batch of certificates) writes, per object, the very row audit_record
    writes — actor, role, action, object, summary (cut at 255), detail, address — and the rows stay
    append-only."""
    from gongjiang.audit.services import AuditEntry, audit_records_many

    long_summary = "颁发证书" * 80
    one = audit_record(actor=bureau_admin, action=AuditAction.CHANGE, object_type="certificate", object_id=7,
                       summary=long_summary, detail={"rows": 1}, ip_address="10.0.0.1")
    many = audit_records_many(actor=bureau_admin, action=AuditAction.CHANGE, ip_address="10.0.0.1", entries=[
        AuditEntry(object_type="certificate", object_id=7, summary=long_summary, detail={"rows": 1}),
        AuditEntry(object_type="certificate", object_id=8, summary="颁发证书 2")])
    fields = ["actor_id", "actor_username", "actor_role", "action", "object_type", "object_id", "summary", "detail",
              "ip_address"]
    stored = {e.pk: e for e in AuditEvent.objects.filter(pk__in=[one.pk, *(e.pk for e in many)])}
    assert len(stored) == 3
    assert [getattr(stored[many[0].pk], f) for f in fields] == [getattr(stored[one.pk], f) for f in fields]
    assert stored[many[0].pk].at is not None
    assert (stored[many[1].pk].object_id, stored[many[1].pk].detail) == ("8", {})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=many[1].pk).update(summary="篡改")
