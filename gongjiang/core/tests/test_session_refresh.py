"""Idle expiry with at most one session write a minute (ADR 0004, ADR 0012)."""

import time

from django.contrib.sessions.models import Session
from django.urls import reverse


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_soon_after_the_last_save_does_not_write_the_session(client, bureau_staff):
    client.force_login(bureau_staff)
    client.get(reverse("registry:worker_list"))
    saved = _expiry(client)
    client.get(reverse("registry:worker_list"))
    assert _expiry(client) == saved


def test_a_request_a_minute_later_moves_the_idle_expiry_on(client, bureau_staff):
    client.force_login(bureau_staff)
    client.get(reverse("registry:worker_list"))
    session = client.session
    session["_refreshed"] = int(time.time()) - 61  # as if the last save was a minute ago
    session.save()
    before = _expiry(client)
    time.sleep(1.1)
    client.get(reverse("registry:worker_list"))
    assert _expiry(client) > before


def test_an_idle_session_is_logged_out(client, bureau_staff, settings):
    client.force_login(bureau_staff)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date="2000-01-01T00:00:00Z")
    response = client.get(reverse("registry:worker_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
