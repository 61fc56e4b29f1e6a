"""The objection pages: the public lodges one on the results page without logging in; the
organiser handles it on the event's page (ADR 0024)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gongjiang.competitions import services
from gongjiang.competitions.models import Objection, ObjectionStatus
from gongjiang.competitions.tests.factories import competition_make, enter, entrant_make, organiser_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_notice(enterprise_a):
    organiser = organiser_make()
    competition = competition_make(organiser, name="定海区焊工竞赛")
    for rank, award in ((1, "first"), (2, "second")):
        worker = entrant_make(enterprise_a)
        enter(organiser, competition, worker)
        services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                               rank=rank, award=award)
    services.results_publish(actor=organiser, competition=competition, today=timezone.localdate())
    return competition, organiser


def test_the_public_results_page_offers_the_objection_form_and_takes_one(client, in_notice):
    competition, _organiser = in_notice
    page = client.get(reverse("competitions:plan_detail", args=[competition.pk]))
    assert 'data-testid="objection-form"' in page.content.decode()
    second = competition.results.get(rank=2)
    response = client.post(reverse("competitions:objection_lodge", args=[competition.pk]), {
        "result": second.pk, "lodger_name": "热心市民", "lodger_phone": "12345", "reason": "漏计一项"})
    assert response.status_code == 400
    assert "请填写正确的联系电话" in response.content.decode()
    response = client.post(reverse("competitions:objection_lodge", args=[competition.pk]), {
        "result": second.pk, "lodger_name": "热心市民", "lodger_phone": "13905801234", "reason": "漏计一项"})
    assert response.status_code == 302
    assert Objection.objects.get().result == second


def test_the_organiser_upholds_it_on_the_event_page(client, in_notice):
    competition, organiser = in_notice
    objection = services.objection_lodge(actor=organiser, competition=competition, reason="漏计一项",
                                         lodger_name="热心市民", lodger_phone="13905801234",
                                         result=competition.results.get(rank=2))
    client.force_login(organiser)
    page = client.get(reverse("competitions:competition_detail", args=[competition.pk]))
    assert f'data-testid="objection-handle-{objection.pk}"' in page.content.decode()
    prefix = f"o{objection.pk}"
    response = client.post(reverse("competitions:competition_action", args=[competition.pk, "objection"]), {
        "objection": objection.pk, f"{prefix}-objection_id": objection.pk, f"{prefix}-result": objection.result_id,
        f"{prefix}-decision": "uphold", f"{prefix}-award": "first", f"{prefix}-note": "属实，改为一等奖"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert competition.results.get(rank=2).award == "first"
