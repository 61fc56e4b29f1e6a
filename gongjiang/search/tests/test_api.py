"""The search through /api/v1/search/ (issue 4 §5): same scope, consent and audit as the pages."""

import pytest

from gongjiang.audit.models import AuditEvent
from gongjiang.search.tests.factories import skilled_worker

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/workers"


def test_api_search_returns_hits_with_reasons_and_facets(client, hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b, grade=5)
    client.force_login(hr_a)
    body = client.get(URL, {"q": "焊工", "grade_min": "高级工"}).json()
    assert body["total"] == 1
    assert body["items"][0]["worker_id"] == worker.pk
    assert body["items"][0]["name_masked"] is True
    assert any(r.startswith("职业：焊工") for r in body["items"][0]["reasons"])
    assert body["grade_facets"] == [{"value": "5", "label": "技师（二级）", "count": 1}]


def test_api_search_is_recorded_in_the_audit_log(client, hr_a):
    client.force_login(hr_a)
    client.get(URL, {"q": "焊工"})
    assert AuditEvent.objects.filter(action="search", actor_username="hr_a").count() == 1


def test_api_rejects_bad_input_in_chinese(client, hr_a):
    client.force_login(hr_a)
    response = client.get(URL, {"occupation": "9-99"})
    assert response.status_code == 400
    assert response.json()["field"] == "occupation"
    assert "职业分类大典" in response.json()["detail"]


def test_api_refuses_workers(client, worker_user):
    client.force_login(worker_user)
    assert client.get(URL).status_code == 403


def test_api_needs_a_login(client):
    assert client.get(URL).status_code == 401


def test_api_shortlist_and_contact_round_trip(client, hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    client.force_login(hr_a)
    shortlist = client.post("/api/v1/search/shortlists", {"name": "焊工"}, content_type="application/json").json()
    added = client.post(f"/api/v1/search/shortlists/{shortlist['id']}/entries", {"worker_id": worker.pk},
                        content_type="application/json")
    assert added.status_code == 201
    entries = client.get(f"/api/v1/search/shortlists/{shortlist['id']}").json()
    assert [e["worker_id"] for e in entries] == [worker.pk]
    requested = client.post("/api/v1/search/contact-requests", {"worker_id": worker.pk},
                            content_type="application/json")
    assert requested.status_code == 201
    assert client.post(f"/api/v1/search/workers/{worker.pk}/contact").status_code == 403
