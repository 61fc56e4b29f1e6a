"""/api/v1/competitions/: the plan and the quotas as JSON for logged-in users."""

import pytest
from django.test import Client

from gongjiang.competitions.tests.factories import competition_make, organiser_make

pytestmark = pytest.mark.django_db


def test_the_plan_api_lists_published_events(hr_a):
    competition_make(organiser_make(), name="定海区电工竞赛")
    client = Client()
    client.force_login(hr_a)
    events = client.get("/api/v1/competitions/plan").json()
    assert [(e["name"], e["level_label"], e["status"]) for e in events] == [("定海区电工竞赛", "区级", "published")]


def test_the_quota_api_says_what_is_left(hr_a):
    client = Client()
    client.force_login(hr_a)
    quotas = {q["title"]: q for q in client.get("/api/v1/competitions/quotas").json()}
    assert quotas["定海名匠"]["quota"] == 100
    assert quotas["定海名匠"]["left"] == 100
    assert "定政發〔2025〕4號" in quotas["定海名匠"]["citation"]


def test_the_api_needs_a_log_in():
    response = Client().get("/api/v1/competitions/plan")
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录"
