"""Honours, studios and designations: nomination, review, notice and award, with the quota enforced
when places are taken (R6.3, R6.4), and the honour written into the archive via registry services."""

from datetime import date

import pytest

from gongjiang.competitions import services
from gongjiang.competitions.models import Nomination, NominationStatus
from gongjiang.competitions.tests.factories import entrant_make, programme
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.core.testing import ON_POSTGRES, race
from gongjiang.registry.models import Honour

pytestmark = pytest.mark.django_db
TODAY = date(2025, 7, 1)
AFTER_NOTICE = date(2025, 8, 1)


def _nominate(actor, worker, title="定海名匠", **extra):
    return services.nomination_create(actor=actor, programme=programme(title), id_number=worker.id_number_plain(),
                                      name=worker.name, reason="十年焊接一线，带徒12人", today=TODAY, **extra)


def _in_notice(hr, staff, worker, title="定海名匠"):
    extra = {"studio_name": f"{worker.name}工作室"} if "工作室" in title else {}
    nomination = _nominate(hr, worker, title, **extra)
    return services.nomination_review(actor=staff, nomination=nomination, approve=True, today=TODAY)


def test_an_enterprise_nominates_its_employee_and_the_bureau_awards_after_the_notice(hr_a, bureau_staff, enterprise_a):
    worker = entrant_make(enterprise_a, grade=5)
    nomination = _in_notice(hr_a, bureau_staff, worker)
    assert nomination.status == NominationStatus.IN_NOTICE
    assert nomination.notice_until > TODAY
    services.nomination_award(actor=bureau_staff, nomination=nomination, today=AFTER_NOTICE)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWARDED
    # written into the archive through registry services
    assert Honour.objects.filter(worker=worker, title="定海名匠", awarded_on=AFTER_NOTICE).exists()


def test_awarding_during_the_notice_is_refused(hr_a, bureau_staff, enterprise_a):
    nomination = _in_notice(hr_a, bureau_staff, entrant_make(enterprise_a))
    with pytest.raises(DomainError, match="期满后才能授予"):
        services.nomination_award(actor=bureau_staff, nomination=nomination, today=nomination.notice_until)


def test_a_nomination_over_the_quota_is_refused_in_chinese_and_nothing_is_written(hr_a, bureau_staff, enterprise_a):
    # given the bureau set the 名匠工作室 quota to 1 and one studio is already in its notice
    studio = programme("定海名匠工作室")
    studio.quota = 1
    studio.save()
    _in_notice(hr_a, bureau_staff, entrant_make(enterprise_a), "定海名匠工作室")
    before = Nomination.objects.count()
    # when another studio is nominated
    with pytest.raises(DomainError) as refused:
        _nominate(hr_a, entrant_make(enterprise_a), "定海名匠工作室", studio_name="李师傅焊接工作室")
    # then the refusal names the quota, what is taken and the source
    assert "“定海名匠工作室”2025—2026年名额 1 个已用完（已授予 0 个，公示中 1 个），不能再推荐" in refused.value.message
    assert "定政發〔2025〕4號" in refused.value.message
    assert Nomination.objects.count() == before


def test_approval_into_the_notice_is_refused_when_the_quota_is_full(hr_a, bureau_staff, enterprise_a):
    famous = programme()
    famous.quota = 1
    famous.save()
    first, second = _nominate(hr_a, entrant_make(enterprise_a)), _nominate(hr_a, entrant_make(enterprise_a))
    services.nomination_review(actor=bureau_staff, nomination=first, approve=True, today=TODAY)
    with pytest.raises(DomainError, match="名额 1 个已用完.*不能再列入公示"):
        services.nomination_review(actor=bureau_staff, nomination=second, approve=True, today=TODAY)
    second.refresh_from_db()
    assert second.status == NominationStatus.NOMINATED


@pytest.mark.django_db(transaction=ON_POSTGRES, serialized_rollback=ON_POSTGRES)
def test_two_simultaneous_awards_of_the_last_place_award_one(hr_a, bureau_staff, bureau_admin, enterprise_a):
    # given two nominees in their notice, and the bureau then cut the quota to one place
    nominations = [_in_notice(hr_a, bureau_staff, entrant_make(enterprise_a)) for _ in range(2)]
    famous = programme()
    famous.quota = 1
    famous.save()
    officers = [bureau_staff, bureau_admin]
    if ON_POSTGRES:
        # when two officers award them at the same moment on two connections
        results = race(lambda i: services.nomination_award(actor=officers[i], nomination=nominations[i],
                                                            today=AFTER_NOTICE))
    else:
        # SQLite serialises writers: the same two awards, one after the other
        results = []
        for i in range(2):
            try:
                results.append(services.nomination_award(actor=officers[i], nomination=nominations[i],
                                                         today=AFTER_NOTICE))
            except DomainError as exc:
                results.append(exc)
    # then exactly one is awarded and the other refused for the quota
    assert sum(isinstance(r, Nomination) for r in results) == 1
    refusal = next(r for r in results if isinstance(r, DomainError))
    assert refusal.code == "over_quota"
    assert "不能再授予" in refusal.message
    assert Nomination.objects.filter(programme=famous, status=NominationStatus.AWARDED).count() == 1
    assert Honour.objects.filter(title="定海名匠").count() == 1


def test_a_designation_without_evidence_is_refused(hr_a, enterprise_a):
    with pytest.raises(DomainError, match="缺少证明材料：申报“技能创富型企业”须提交企业技能人才引育用投入"):
        services.nomination_create(actor=hr_a, programme=programme("技能创富型企业"), reason="自主评价备案企业",
                                   today=TODAY)
    assert not Nomination.objects.exists()


def test_a_designation_application_carries_the_skilled_talent_ratio_from_our_records(hr_a, enterprise_a, employee_a):
    entrant_make(enterprise_a, grade=5)  # a second employee, a 技师
    nomination = services.nomination_create(actor=hr_a, programme=programme("技能创富型企业"), reason="自主评价备案企业",
                                            evidence="自主评价备案表（2025）", today=TODAY)
    assert nomination.enterprise == enterprise_a
    assert nomination.indicators == {"employees": 2, "skilled": 1, "high_skilled": 1, "skilled_ratio": 0.5,
                                     "high_skilled_ratio": 0.5}


def test_an_enterprise_may_not_nominate_another_enterprises_worker(hr_a, employee_b):
    with pytest.raises(DomainError, match="未在您可管理的人才库范围内找到"):
        _nominate(hr_a, employee_b)


def test_a_studio_needs_a_name(hr_a, enterprise_a):
    with pytest.raises(DomainError, match="请填写工作室名称"):
        _nominate(hr_a, entrant_make(enterprise_a), "定海名匠工作室")


def test_a_second_open_nomination_of_the_same_person_is_refused(hr_a, enterprise_a):
    worker = entrant_make(enterprise_a)
    _nominate(hr_a, worker)
    with pytest.raises(DomainError, match="不能重复推荐"):
        _nominate(hr_a, worker)


def test_enterprise_hr_may_not_review(hr_a, enterprise_a):
    nomination = _nominate(hr_a, entrant_make(enterprise_a))
    with pytest.raises(PermissionDenied, match="只有人社局工作人员可以审核"):
        services.nomination_review(actor=hr_a, nomination=nomination, approve=True, today=TODAY)


def test_a_rejection_needs_a_reason(hr_a, bureau_staff, enterprise_a):
    nomination = _nominate(hr_a, entrant_make(enterprise_a))
    with pytest.raises(DomainError, match="不通过时请写明理由"):
        services.nomination_review(actor=bureau_staff, nomination=nomination, approve=False, today=TODAY)


def test_an_awarded_studio_registers_members_and_apprentices(hr_a, bureau_staff, enterprise_a):
    lead, apprentice = entrant_make(enterprise_a), entrant_make(enterprise_a)
    studio = _in_notice(hr_a, bureau_staff, lead, "定海名匠工作室")
    with pytest.raises(DomainError, match="只有已授予的工作室可以登记成员和徒弟"):
        services.studio_member_add(actor=hr_a, nomination=studio, id_number=apprentice.id_number_plain(),
                                   name=apprentice.name, role="apprentice", joined_on=AFTER_NOTICE)
    services.nomination_award(actor=bureau_staff, nomination=studio, today=AFTER_NOTICE)
    member = services.studio_member_add(actor=hr_a, nomination=studio, id_number=apprentice.id_number_plain(),
                                        name=apprentice.name, role="apprentice", joined_on=AFTER_NOTICE)
    assert member.get_role_display() == "徒弟"
    with pytest.raises(DomainError, match="已是本工作室的成员或徒弟"):
        services.studio_member_add(actor=hr_a, nomination=studio, id_number=apprentice.id_number_plain(),
                                   name=apprentice.name, role="member", joined_on=AFTER_NOTICE)
    with pytest.raises(DomainError, match="领办人不必登记为成员"):
        services.studio_member_add(actor=hr_a, nomination=studio, id_number=lead.id_number_plain(),
                                   name=lead.name, role="member", joined_on=AFTER_NOTICE)
