"""Structured logs (issue 18 §2): one JSON line per request and per background job, with no query
values (they can hold names and ID numbers)."""

import json
import logging

import pytest
from django.test import override_settings
from pythonjsonlogger.json import JsonFormatter

from gongjiang.ingest.tasks import import_job_task


def _json_lines(caplog, logger: str) -> list[dict]:
    formatter = JsonFormatter("%(levelname)s %(name)s %(message)s")
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger]


def test_a_request_is_one_json_line_without_query_values(client, bureau_staff, caplog):
    client.force_login(bureau_staff)
    caplog.set_level(logging.INFO, logger="gongjiang.request")
    response = client.get("/registry/workers/", {"q": "张三", "id_number": "330902199001011234"},
                          HTTP_X_REQUEST_ID="lb-42")
    [line] = _json_lines(caplog, "gongjiang.request")
    assert line["method"] == "GET"
    assert line["path"] == "/registry/workers/"
    assert line["query_keys"] == ["id_number", "q"]
    assert line["status"] == response.status_code == 200
    assert line["user_id"] == bureau_staff.pk
    assert line["role"] == bureau_staff.role
    assert line["request_id"] == response["X-Request-ID"] == "lb-42"
    assert line["duration_ms"] > 0
    assert "张三" not in json.dumps(line, ensure_ascii=False)
    assert "330902199001011234" not in json.dumps(line)


@pytest.mark.django_db
def test_an_anonymous_request_gets_a_new_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="gongjiang.request")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    [line] = _json_lines(caplog, "gongjiang.request")
    assert line["user_id"] is None
    assert line["request_id"] == response["X-Request-ID"] != "<script>"
    assert len(line["request_id"]) == 32


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
def test_a_background_job_is_one_json_line_with_its_outcome(caplog):
    caplog.set_level(logging.INFO, logger="gongjiang.job")
    import_job_task.enqueue(987654)
    [line] = _json_lines(caplog, "gongjiang.job")
    assert line["task"] == "gongjiang.ingest.tasks.import_job_task"
    assert line["outcome"] == "SUCCESSFUL"
    assert line["duration_ms"] >= 0
    assert line["error"] is None
