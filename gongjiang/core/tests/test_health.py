"""The load balancer's health endpoint (issue 18 §2): no log-in, 200 only when the database answers
and every migration is applied, nothing about people or the host in the body."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

PROJECT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_health_is_ok_without_logging_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_health_is_unavailable_while_a_migration_is_pending(client):
    MigrationRecorder(connection).migration_qs.filter(app="registry").order_by("-id").first().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_health_is_unavailable_when_the_database_does_not_answer(tmp_path):
    """A real process pointed at a PostgreSQL port nobody listens on."""
    script = ("import django, json; django.setup(); from django.test import Client; "
              "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GONGJIANG_")}
    environ.update(DATABASE_URL="postgres://nobody@127.0.0.1:1/none", DJANGO_SETTINGS_MODULE="gongjiang.config.settings",
                   GONGJIANG_STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=environ, capture_output=True, text=True,
                            timeout=60)
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {"status": "unavailable", "database": "unreachable"}
