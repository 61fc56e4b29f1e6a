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
