"""Honour quotas in one place (ADR 0024): the honour programme's quota is the one the award
enforces and the one the incentives' honour rewards read; archive honours of the same title count
against it; the migration that folded the reward table's quotas into the programmes keeps them."""

import importlib
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from gongjiang.audit.models import AuditEvent
from gongjiang.competitions import selectors, services
from gongjiang.competitions.models import HonourProgramme
from gongjiang.competitions.tests.factories import entrant_make, programme
from gongjiang.core.errors import DomainError
from gongjiang.incentives.selectors import honour_within_quota
from gongjiang.reference.models import Division
from gongjiang.registry.models import Honour

TODAY = date(2025, 7, 1)
AFTER_NOTICE = date(2025, 8, 1)


def _in_notice(hr, staff, worker, title="定海名匠"):
    nomination = services.nomination_create(actor=hr, programme=programme(title), id_number=worker.id_number_plain(),
                                            name=worker.name, reason="十年焊接一线，带徒12人", today=TODAY)
    return services.nomination_review(actor=staff, nomination=nomination, approve=True, today=TODAY)


@pytest.mark.django_db
def test_archive_honours_of_the_title_take_places_and_the_award_is_refused(hr_a, bureau_staff, enterprise_a):
    # given a quota of 2 and one nominee in the notice
    craftsman = programme()
    craftsman.quota = 2
    craftsman.save()
    nomination = _in_notice(hr_a, bureau_staff, entrant_make(enterprise_a))
    # when an imported archive record of the same title in the period fills the other place ... twice
    for _ in range(2):
        Honour.objects.create(worker=entrant_make(enterprise_a), title="定海名匠", level="district",
                              awarded_on=date(2025, 3, 1))
    # then the award names the archive records and writes nothing
    with pytest.raises(DomainError) as refused:
        services.nomination_award(actor=bureau_staff, nomination=nomination, today=AFTER_NOTICE)
    assert "档案中另有同称号记录 2 个" in refused.value.message
    assert not Honour.objects.filter(awarded_on=AFTER_NOTICE).exists()


@pytest.mark.django_db
def test_the_awarded_honour_is_counted_once(hr_a, bureau_staff, enterprise_a):
    nomination = _in_notice(hr_a, bureau_staff, entrant_make(enterprise_a))
    services.nomination_award(actor=bureau_staff, nomination=nomination, today=AFTER_NOTICE)
    places = selectors.programme_places(programme())
    assert (places["awarded"], places["archive"], places["taken"]) == (1, 0, 1)


@pytest.mark.django_db
def test_the_reward_reads_the_programmes_quota(enterprise_a):
    # given three archive honours of 定海名匠 in 2025 and the programme's quota lowered to 2
    honours = [Honour.objects.create(worker=entrant_make(enterprise_a), title="定海名匠", level="district",
                                     awarded_on=date(2025, 9, day)) for day in (1, 2, 3)]
    craftsman = programme()
    craftsman.quota = 2
    craftsman.save()
    dinghai = Division.objects.get(code="330902")
    # then the reward's "within the quota" follows the programme: the first two are in, the third not
    assert [honour_within_quota(h, area=dinghai) for h in honours] == [True, True, False]
    # and an honour of a title no programme sets a quota for is within
    other = Honour.objects.create(worker=entrant_make(enterprise_a), title="某某奖", level="district",
                                  awarded_on=date(2025, 9, 1))
    assert honour_within_quota(other, area=dinghai)


@pytest.mark.django_db
def test_the_migration_folds_the_reward_quotas_into_the_programmes_and_keeps_them():
    # given the reward quota table as it was before the migration (re-created inside this test's
    # transaction, which rolls it back), holding a quota no programme has and one the bureau changed
    state = MigrationLoader(connection).project_state([
        ("incentives", "0014_load_training_subsidy_policy"), ("competitions", "0004_nomination_honour"),
        ("audit", "0002_audit_event_append_only")])
    HonourQuota = state.apps.get_model("incentives", "HonourQuota")  # noqa: N806 - a historical model
    editor = connection.schema_editor(collect_sql=True)  # its SQL only: SQLite's editor refuses inside atomic
    editor.deferred_sql = []
    editor.create_model(HonourQuota)
    with connection.cursor() as cursor:
        for sql in editor.collected_sql:
            cursor.execute(sql)
    dinghai = Division.objects.get(code="330902")
    HonourQuota.objects.create(title="定海工匠创新工作室", area_id=dinghai.pk, starts_on=date(2025, 1, 1),
                               ends_on=date(2026, 12, 31), quota=8, citation="区人社局文件（测试）")
    HonourQuota.objects.create(title="定海名匠", area_id=dinghai.pk, starts_on=date(2025, 1, 1),
                               ends_on=date(2026, 12, 31), quota=120, citation="区人社局调整（测试）")
    HonourQuota.objects.create(title="定海名匠工作室", area_id=dinghai.pk, starts_on=date(2025, 1, 1),
                               ends_on=date(2026, 12, 31), quota=15, citation="与项目相同（测试）")
    audits = AuditEvent.objects.count()
    # when the data migration runs
    importlib.import_module("gongjiang.incentives.migrations.0015_honour_quotas_into_programmes").forward(
        state.apps, None)
    # then the missing quota is a studio programme, the shipped programme keeps its own number,
    # the reward table's different figure is in the audit log, and an equal one leaves no note
    studio = HonourProgramme.objects.get(title="定海工匠创新工作室")
    assert (studio.kind, studio.level, studio.quota, studio.area.code) == ("studio", "district", 8, "330902")
    assert programme().quota == 100
    assert programme("定海名匠工作室").quota == 15
    assert AuditEvent.objects.count() == audits + 1
    note = AuditEvent.objects.order_by("-id").first()
    assert (note.object_type, note.object_id) == ("honour_programme", str(programme().pk))
    assert "原奖励名额表为 120 个" in note.summary
