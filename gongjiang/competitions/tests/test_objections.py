"""Objections (异议) during the results notice: lodged by anyone, handled by the organiser (upheld:
the result corrected and the notice started again; dismissed: with a reason); results confirmed
only after the notice ends with none open (R5.1, ADR 0024)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from gongjiang.accounts.models import Role, User
from gongjiang.competitions import services
from gongjiang.competitions.models import Objection, ObjectionStatus
from gongjiang.competitions.tests.factories import competition_make, enter, entrant_make, organiser_make
from gongjiang.core import crypto
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Honour

pytestmark = pytest.mark.django_db
PUBLISHED = date(2025, 6, 2)  # a Monday; the notice runs five working days


@pytest.fixture
def in_notice(enterprise_a):
    organiser = organiser_make()
    competition = competition_make(organiser, name="定海区焊工竞赛")
    winner = entrant_make(enterprise_a, grade=Grade.SENIOR, name="王冠军")
    second = entrant_make(enterprise_a, grade=Grade.TECHNICIAN, name="李亚军")
    for rank, award, worker in ((1, "first", winner), (2, "second", second)):
        enter(organiser, competition, worker)
        services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                               rank=rank, award=award)
    services.results_publish(actor=organiser, competition=competition, today=PUBLISHED)
    competition.refresh_from_db()
    return competition, winner, second, organiser


def _lodge(competition, result=None, actor=None, **extra):
    values = {"reason": "第二名的实操成绩少计了10分", "lodger_name": "张三", "lodger_phone": "13905801234",
              "today": PUBLISHED + timedelta(days=1), **extra}
    return services.objection_lodge(actor=actor or AnonymousUser(), competition=competition, result=result, **values)


def test_the_public_lodges_an_objection_with_the_phone_sealed(in_notice):
    competition, _winner, second, _organiser = in_notice
    objection = _lodge(competition, competition.results.get(entry__worker=second))
    assert objection.status == ObjectionStatus.OPEN
    assert not objection.by_entrant
    assert b"13905801234" not in bytes(objection.lodger_phone_sealed)
    assert crypto.unseal(objection.lodger_phone_sealed) == "13905801234"


def test_an_entrant_named_in_the_results_lodges_as_themselves(in_notice):
    competition, _winner, second, _organiser = in_notice
    account = User.objects.create_user("second", password="Test-Passw0rd!", role=Role.WORKER, worker=second)
    objection = _lodge(competition, competition.results.get(rank=2), actor=account, lodger_name="", lodger_phone="")
    assert objection.by_entrant
    assert objection.lodger_name == "李亚军"


def test_an_objection_outside_the_notice_is_refused_and_nothing_is_written(in_notice):
    competition, *_ = in_notice
    with pytest.raises(DomainError, match="只能在成绩公示期内提出异议"):
        _lodge(competition, today=competition.notice_until + timedelta(days=1))
    assert not Objection.objects.exists()


def test_the_public_must_give_a_phone_and_a_reason(in_notice):
    competition, *_ = in_notice
    with pytest.raises(DomainError, match="联系电话") as refused:
        _lodge(competition, lodger_phone="12345")
    assert refused.value.field == "lodger_phone"
    with pytest.raises(DomainError, match="异议的内容和理由"):
        _lodge(competition, reason="  ")


def test_results_are_not_confirmed_while_an_objection_is_open(in_notice, bureau_staff):
    competition, winner, *_ = in_notice
    _lodge(competition)
    with pytest.raises(DomainError, match="尚有 1 件成绩异议未处理"):
        services.results_confirm(actor=bureau_staff, competition=competition,
                                 today=competition.notice_until + timedelta(days=1))
    assert not Honour.objects.filter(worker=winner).exists()


def test_a_dismissal_needs_a_reason_and_then_the_results_are_confirmed(in_notice, bureau_staff):
    competition, winner, _second, organiser = in_notice
    objection = _lodge(competition)
    with pytest.raises(DomainError, match="请写明处理意见"):
        services.objection_handle(actor=organiser, objection=objection, uphold=False, note=" ")
    services.objection_handle(actor=organiser, objection=objection, uphold=False,
                              note="经复核评分表，实操成绩计分无误", today=PUBLISHED + timedelta(days=2))
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED
    services.results_confirm(actor=bureau_staff, competition=competition,
                             today=competition.notice_until + timedelta(days=1))
    assert Honour.objects.filter(worker=winner, title="技术能手").exists()


def test_an_upheld_objection_corrects_the_result_and_starts_the_notice_again(in_notice, bureau_staff):
    competition, winner, second, organiser = in_notice
    first_until = competition.notice_until
    objection = _lodge(competition, competition.results.get(rank=2))
    handled_on = first_until  # the last day of the first notice
    # when the organiser upholds it: the second-placed entrant's award was a first prize
    services.objection_handle(actor=organiser, objection=objection, uphold=True, award="first",
                              note="复核后实操成绩并列最高，改为一等奖", today=handled_on)
    competition.refresh_from_db()
    objection.refresh_from_db()
    # then the result is corrected, the change said in words, and the notice runs again from that day
    assert competition.results.get(entry__worker=second).award == "first"
    assert objection.correction == "奖项由“二等奖”更正为“一等奖”"
    assert competition.notice_from == handled_on
    assert competition.notice_until > first_until
    with pytest.raises(DomainError, match="期满后才能确认"):
        services.results_confirm(actor=bureau_staff, competition=competition, today=first_until + timedelta(days=1))
    # and once the new notice has ended the corrected award is what the archive gets
    services.results_confirm(actor=bureau_staff, competition=competition,
                             today=competition.notice_until + timedelta(days=1))
    assert Honour.objects.filter(worker=second, title="技术能手").exists()
    assert Honour.objects.filter(worker=winner, title="技术能手").exists()


def test_an_upheld_objection_may_not_give_a_rank_held_by_another(in_notice):
    competition, _winner, _second, organiser = in_notice
    objection = _lodge(competition, competition.results.get(rank=2))
    with pytest.raises(DomainError, match="第 1 名已登记给“王冠军”"):
        services.objection_handle(actor=organiser, objection=objection, uphold=True, rank=1, note="名次有误")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN
    assert competition.results.get(rank=2).entry.worker.name == "李亚军"


def test_an_upheld_objection_must_change_something(in_notice):
    competition, _winner, _second, organiser = in_notice
    objection = _lodge(competition, competition.results.get(rank=2))
    with pytest.raises(DomainError, match="请填写更正后的名次或奖项"):
        services.objection_handle(actor=organiser, objection=objection, uphold=True, award="second", note="成立")


def test_another_organiser_may_not_handle_it(in_notice):
    competition, *_ = in_notice
    objection = _lodge(competition)
    with pytest.raises(NotFound):
        services.objection_handle(actor=organiser_make("organiser2"), objection=objection, uphold=False,
                                  note="不成立")


def test_a_handled_objection_is_not_handled_twice(in_notice):
    competition, _winner, _second, organiser = in_notice
    objection = _lodge(competition)
    services.objection_handle(actor=organiser, objection=objection, uphold=False, note="不成立",
                              today=PUBLISHED + timedelta(days=1))
    with pytest.raises(DomainError, match="已处理过"):
        services.objection_handle(actor=organiser, objection=objection, uphold=False, note="不成立")
