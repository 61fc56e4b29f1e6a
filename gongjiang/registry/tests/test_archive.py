"""The lifelong archive on one timeline (R1.3), and personal data masked and audited (R9.1)."""

from datetime import date

import pytest
from django.urls import reverse

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.core.errors import PermissionDenied
from gongjiang.registry import selectors, services
from gongjiang.registry.models import Achievement, CompetitionResult, Honour, TrainingRecord
from gongjiang.registry.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_worker(employee_a):
    CertificateFactory(worker=employee_a, issued_on=date(2022, 6, 30))
    TrainingRecord.objects.create(worker=employee_a, institution_name="舟山技师学院", programme="焊工高级研修班",
                                  start_date=date(2021, 9, 1), end_date=date(2021, 12, 1), hours=120,
                                  completed=True, subsidised=True)
    CompetitionResult.objects.create(worker=employee_a, competition_name="定海区焊工技能竞赛", level="district",
                                     held_on=date(2023, 10, 12), rank=1, award="一等奖")
    Honour.objects.create(worker=employee_a, title="定海名匠", level="district", awarded_on=date(2024, 4, 28))
    Achievement.objects.create(worker=employee_a, kind="patent", title="一种船体分段焊接夹具",
                               achieved_on=date(2024, 8, 1))
    return employee_a


def test_archive_has_every_kind_newest_first(bureau_staff, rich_worker):
    _, entries = selectors.worker_archive(actor=bureau_staff, worker_id=rich_worker.pk)
    assert [e.kind for e in entries] == ["achievement", "honour", "competition", "certificate", "training",
                                         "employment"]
    assert [e.on for e in entries] == sorted((e.on for e in entries), reverse=True)


def test_archive_page_shows_timeline_with_masked_id(client, bureau_staff, rich_worker):
    client.force_login(bureau_staff)
    html = client.get(reverse("registry:worker_detail", args=[rich_worker.pk])).content.decode()
    assert "定海名匠" in html
    assert "焊工高级研修班" in html
    assert "一种船体分段焊接夹具" in html
    assert rich_worker.id_number_masked in html
    assert rich_worker.id_number_plain() not in html


def test_reveal_shows_full_id_to_bureau_and_records_it(client, bureau_staff, rich_worker):
    client.force_login(bureau_staff)
    response = client.post(reverse("registry:worker_reveal", args=[rich_worker.pk]), HTTP_HX_REQUEST="true")
    assert rich_worker.id_number_plain() in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.VIEW_PERSONAL)
    assert (event.actor_username, event.object_id) == ("staff1", str(rich_worker.pk))


def test_hr_sees_masked_data_only(client, hr_a, rich_worker):
    client.force_login(hr_a)
    html = client.get(reverse("registry:worker_detail", args=[rich_worker.pk])).content.decode()
    assert rich_worker.id_number_plain() not in html
    assert "13800138000" not in html
    assert client.post(reverse("registry:worker_reveal", args=[rich_worker.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.worker_personal_data_read(actor=hr_a, worker=rich_worker)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL).exists()


def test_worker_reads_own_full_data_and_it_is_recorded(client, worker_user, rich_worker):
    client.force_login(worker_user)
    api = client.post(f"/api/v1/registry/workers/{rich_worker.pk}/personal-data")
    assert api.json()["id_number"] == rich_worker.id_number_plain()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL, actor_username="worker_a").count() == 1


def test_worker_sets_consent_on_own_page(client, worker_user, rich_worker):
    client.force_login(worker_user)
    page = client.get(reverse("registry:my_archive"))
    assert "定海名匠" in page.content.decode()
    client.post(reverse("registry:my_archive"), {"phone": "", "discoverable": "on"})
    rich_worker.refresh_from_db()
    assert rich_worker.discoverable is True


def test_record_form_shows_chinese_error_and_keeps_input(client, bureau_staff, employee_a):
    client.force_login(bureau_staff)
    response = client.post(reverse("registry:record_add", args=[employee_a.pk, "training"]),
                           {"institution_name": "舟山技师学院", "programme": "数控车工培训",
                            "start_date": "2024-05-01", "end_date": "2024-04-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "数控车工培训" in html  # what the clerk typed is kept
    assert "结业日期" in html or "不能早于" in html or "end" in html
    assert employee_a.trainings.count() == 0
