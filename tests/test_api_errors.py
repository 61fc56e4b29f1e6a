"""The bugs the API fuzzing found, one test each (issue 18 §7, ADR 0016): malformed requests are
refused with 422 and a Chinese message naming the field, never a 500; every refusal has the one
error body the document declares."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, bureau_admin):
    client.force_login(bureau_admin)
    return client


def _refused(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


def test_a_negative_limit_on_the_enterprise_list_is_refused_in_chinese_not_a_server_error(admin):
    body = _refused(admin.get("/api/v1/registry/enterprises", {"limit": -1}), 422)
    assert "条数（limit）：应不小于 1" in body["detail"]
    assert body["errors"] == [{"loc": ["query", "limit"], "msg": "应不小于 1", "type": "greater_than_equal"}]


def test_a_negative_offset_on_the_enterprise_list_is_refused_in_chinese(admin):
    body = _refused(admin.get("/api/v1/registry/enterprises", {"offset": -3}), 422)
    assert "跳过条数（offset）：应不小于 0" in body["detail"]


def test_a_negative_offset_on_the_worker_list_is_refused_in_chinese(admin):
    _refused(admin.get("/api/v1/registry/workers", {"offset": -1}), 422)


def test_a_negative_limit_on_the_import_job_list_is_refused_in_chinese_not_a_server_error(admin):
    body = _refused(admin.get("/api/v1/ingest/jobs", {"limit": -5}), 422)
    assert "条数（limit）：应不小于 1" in body["detail"]


def test_a_limit_above_the_page_cap_is_refused_rather_than_silently_cut(admin):
    body = _refused(admin.get("/api/v1/ingest/jobs", {"limit": 501}), 422)
    assert "应不大于 500" in body["detail"]


def test_an_id_beyond_64_bits_is_malformed_not_a_database_overflow(admin):
    _refused(admin.get(f"/api/v1/registry/workers/{2**63}"), 422)
    _refused(admin.get("/api/v1/registry/enterprises/0"), 422)


def test_a_nul_character_in_a_search_text_is_refused_before_it_reaches_postgresql(admin):
    body = _refused(admin.get("/api/v1/registry/enterprises", {"q": "舟山\x00"}), 422)
    assert "格式不正确" in body["detail"]


def test_a_number_where_a_date_is_expected_is_refused_not_read_as_1970(admin):
    body = _refused(admin.get("/api/v1/demand/shortage-occupations", {"on": "0"}), 422)
    assert "应为日期，格式如 2025-07-01" in body["detail"]


def test_an_unknown_claim_status_is_refused_with_the_allowed_values(admin):
    body = _refused(admin.get("/api/v1/incentives/claims", {"status": "done"}), 422)
    assert "status：只能是以下之一：''、'awaiting_confirmation'、'submitted'" in body["detail"]


def test_a_what_if_period_longer_than_five_years_is_refused(admin):
    body = _refused(admin.get("/api/v1/incentives/versions/1/whatif", {"first": "2000-01-01", "last": "2099-12-31"}),
                    400)
    assert body["field"] == "last"
    assert "60 个月" in body["detail"]


def test_a_what_if_period_that_ends_before_it_starts_is_refused(admin):
    body = _refused(admin.get("/api/v1/incentives/versions/1/whatif", {"first": "2025-06-01", "last": "2025-01-01"}),
                    400)
    assert "结束日期早于开始日期" in body["detail"]


def test_a_body_that_is_not_json_is_refused_in_chinese(client, hr_a):
    client.force_login(hr_a)  # shortlists are enterprise HR's: the permission check comes before the body
    body = _refused(client.post("/api/v1/search/shortlists", "{not json", content_type="application/json"), 400)
    assert body["detail"] == "请求正文不是有效的 JSON，请检查格式后重试"


def test_a_change_without_the_csrf_token_is_refused_in_chinese(bureau_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bureau_admin)
    body = _refused(client.post("/api/v1/search/shortlists", {"name": "焊工"}, content_type="application/json"), 403)
    assert "CSRF" in body["detail"]
    assert "X-CSRFToken" in body["detail"]


def test_an_anonymous_client_is_told_to_log_in(client):
    assert _refused(client.get("/api/v1/registry/enterprises"), 401) == {"detail": "请先登录"}


def test_every_operation_declares_401_and_every_error_status_uses_the_one_error_body(client):
    spec = client.get("/api/v1/openapi.json").json()
    refs = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if "security" in operation:  # public operations (certificate verification, ADR 0021) need no log-in
                assert "401" in responses, f"{method.upper()} {path} does not declare 401"
            for status, response in responses.items():
                if int(status) >= 400:
                    refs.add(response["content"]["application/json"]["schema"]["$ref"])
                    assert response["description"]
    assert refs == {"#/components/schemas/ErrorOut"}


def test_every_pagination_parameter_is_bounded_in_the_document(client):
    spec = client.get("/api/v1/openapi.json").json()
    seen = 0
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in ("limit", "offset", "page", "page_size"):
                    seen += 1
                    schema = parameter["schema"]
                    assert "minimum" in schema, f"{path} {parameter['name']}"
                    assert "maximum" in schema, f"{path} {parameter['name']}"
    assert seen >= 7


def test_the_evaluation_confidence_interval_is_a_valid_schema_of_two_numbers(client):
    did_ci = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["EventStudyOut"]["properties"]["did_ci"]
    assert did_ci["type"] == "array"
    assert did_ci["items"] == {"type": "number"}
    assert did_ci["minItems"] == did_ci["maxItems"] == 2
    assert "prefixItems" not in did_ci
