"""The audit log in words (issue 10 §7): roles, objects and search filters, never code names."""

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from gongjiang.audit.labels import OBJECT_TYPES, search_summary
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record

SOURCE = Path(__file__).resolve().parents[2]
RAW = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|#\d+|\b[a-z_]+=")


def test_every_object_type_recorded_in_the_code_has_words():
    used = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        # audit_record(object_type="…"), the apps' own _audit(actor, "…", …) and export helpers' last argument
        for pattern in (r'object_type=f?"([a-z_]+)', r'_audit\(\w+, "([a-z_]+)"', r'file_format, "([a-z_]+)"\)'):
            used.update(re.findall(pattern, text))
    assert used, "no object types found: the scan is broken"
    assert used - set(OBJECT_TYPES) == set()


def test_search_summary_names_the_filters_and_the_district(db):
    text = search_summary({"district_code": "310107", "text": "焊工", "page": 1, "nearby": False})
    assert text == "人才检索：区县 上海市普陀区（310107）；关键词 焊工"


def test_log_page_shows_roles_and_objects_in_words(client: Client, bureau_admin, bureau_staff):
    audit_record(actor=bureau_staff, action=AuditAction.LOGIN, object_type="user", object_id=bureau_staff.pk)
    audit_record(actor=bureau_staff, action=AuditAction.SEARCH, object_type="worker_search", object_id=1,
                 summary=search_summary({"district_code": "310107"}))
    client.force_login(bureau_admin)
    html = client.get(reverse("audit:log")).content.decode()
    body = re.sub(r"<[^>]+>", " ", html.split("<tbody>")[1].split("</tbody>")[0])
    assert "人社局工作人员" in body
    assert f"登录账号（编号 {bureau_staff.pk}）" in body
    assert "人才检索（编号 1）" in body
    assert "上海市普陀区" in body
    assert not RAW.findall(body.replace("staff1", "")), RAW.findall(body)
