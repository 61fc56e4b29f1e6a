"""Log-in hardening: lock-out after repeated failures, strong hashing, session expiry."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_lands_on_workbench_and_is_audited(client, bureau_staff):
    response = client.post(reverse("accounts:login"), {"username": "staff1", "password": PASSWORD})
    assert response.status_code == 302
    from gongjiang.audit.models import AuditEvent
    assert AuditEvent.objects.filter(action="login", actor_username="staff1").exists()


def test_wrong_password_message_is_chinese(client, bureau_staff):
    response = client.post(reverse("accounts:login"), {"username": "staff1", "password": "wrong"})
    assert "用户名" in response.content.decode() or "密码" in response.content.decode()


def test_lockout_after_repeated_failures_even_with_right_password(client, bureau_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "staff1", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "staff1", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production_settings():
    assert settings.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert identify_hasher(make_password("x")).algorithm == "argon2"


def test_sessions_expire_when_idle():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.GONGJIANG_SESSION_REFRESH_SECONDS <= 60  # idle clock restarts (see test_session_refresh)
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_pages_need_login(client):
    response = client.get(reverse("registry:worker_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_screens_are_chinese_even_for_an_english_browser(client):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in html


def test_user_can_switch_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies["django_language"].value == "en"
