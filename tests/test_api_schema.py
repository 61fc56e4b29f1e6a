"""The API is typed and documented: partner systems read /api/v1/openapi.json."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_lists_registry_and_reference_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"].startswith("工匠")
    assert "/api/v1/registry/workers" in spec["paths"]
    assert "/api/v1/reference/occupations" in spec["paths"]


def test_occupation_search_finds_trade_alias(client, bureau_staff):
    client.force_login(bureau_staff)
    codes = [o["code"] for o in client.get("/api/v1/reference/occupations", {"q": "数控车工"}).json()]
    assert "6-18-01-01" in codes


def test_grades_api_marks_high_skilled_from_senior_worker(client, bureau_staff):
    client.force_login(bureau_staff)
    grades = {g["label"]: g["high_skilled"] for g in client.get("/api/v1/reference/grades").json()}
    assert grades["高级工（三级）"] is True
    assert grades["中级工（四级）"] is False


def test_api_rejects_bad_id_number_with_chinese_reason(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.post("/api/v1/registry/workers", {"id_number": "1.10105E+17", "name": "甲"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "Excel" in response.json()["detail"]
    assert response.json()["field"] == "id_number"
