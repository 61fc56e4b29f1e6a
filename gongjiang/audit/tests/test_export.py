"""Export of the audit log (issue 3 §6): the page's filters and permission, itself audited."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.audit.services import audit_export, audit_record

pytestmark = pytest.mark.django_db

HEADERS = ["时间", "操作人", "角色", "操作", "对象类型", "对象编号", "摘要", "IP"]


def _download(client, user, file_format, **params):
    client.force_login(user)
    response = client.get(reverse("audit:log_export", args=[file_format]), params)
    return response, b"".join(response.streaming_content)


def test_admin_exports_the_filtered_log_to_excel(client, bureau_admin, hr_a):
    audit_export(actor=hr_a, object_type="worker", row_count=12, file_format="xlsx", ip_address="10.1.2.3")
    audit_record(actor=bureau_admin, action=AuditAction.LOGIN, object_type="user", object_id="0012")
    response, content = _download(client, bureau_admin, "xlsx", q="hr_a")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2  # the one match, as on the page
    assert rows[1][1:4] == ("hr_a", "企业人事", "导出")
    assert rows[1][6] == "人员档案 12 行 Excel"
    assert rows[1][7] == "10.1.2.3"


def test_admin_exports_the_log_to_csv_with_object_numbers_as_text(client, bureau_admin):
    audit_record(actor=bureau_admin, action=AuditAction.CHANGE, object_type="worker", object_id="0012",
                 summary="=HYPERLINK(\"x\")")
    response, content = _download(client, bureau_admin, "csv", action="change")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1][3:7] == ["修改", "人员档案", "0012", "'=HYPERLINK(\"x\")"]


def test_exporting_the_log_is_itself_audited_with_the_filters(client, bureau_admin):
    audit_record(actor=bureau_admin, action=AuditAction.LOGIN, object_type="user")
    _download(client, bureau_admin, "csv", action="login")
    event = AuditEvent.objects.get(action="export", object_type="audit_event")
    assert event.detail["rows"] == 1
    assert event.detail["filters"] == {"action": "login"}
    assert event.detail["personal_fields"] == ["actor_username", "ip_address"]


def test_only_bureau_administrators_may_export_the_log(client, bureau_staff, hr_a):
    for user in (bureau_staff, hr_a):
        client.force_login(user)
        assert client.get(reverse("audit:log_export", args=["xlsx"])).status_code == 403
    assert not AuditEvent.objects.filter(object_type="audit_event").exists()


def test_the_log_page_links_to_its_export_with_the_filters(client, bureau_admin):
    client.force_login(bureau_admin)
    html = client.get(reverse("audit:log"), {"action": "login"}).content.decode()
    assert reverse("audit:log_export", args=["xlsx"]) + "?action=login" in html
