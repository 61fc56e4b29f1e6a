"""Events, entries and results: what an organiser may record, and what is refused with nothing written."""

from datetime import date, timedelta

import pytest

from gongjiang.competitions import services
from gongjiang.competitions.models import CompetitionStatus, Entry, Result
from gongjiang.competitions.tests.factories import (
    FUTURE,
    competition_make,
    enter,
    entrant_make,
    organiser_make,
)
from gongjiang.core.calendar import working_days_add
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.registry.tests.factories import WorkerFactory, id_number_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    return organiser_make()


def test_an_organiser_drafts_and_publishes_an_event_into_the_plan(organiser):
    competition = competition_make(organiser, published=False)
    assert competition.status == CompetitionStatus.DRAFT
    services.competition_publish(actor=organiser, competition=competition)
    assert competition.status == CompetitionStatus.PUBLISHED


def test_an_event_whose_entries_close_after_it_starts_is_refused(organiser):
    with pytest.raises(DomainError, match="报名截止日期不能晚于比赛开始日期"):
        competition_make(organiser, entry_deadline=FUTURE + timedelta(days=3))


def test_an_entrant_from_the_registry_is_entered_with_their_grade_and_unit(organiser, enterprise_a):
    competition = competition_make(organiser)
    worker = entrant_make(enterprise_a, grade=4)
    entry = enter(organiser, competition, worker)
    assert entry.grade_at_entry == 4
    assert entry.unit_name == enterprise_a.name


def test_a_person_not_in_the_registry_is_refused(organiser):
    competition = competition_make(organiser)
    with pytest.raises(DomainError, match="人才库中没有这个身份证号"):
        services.entry_add(actor=organiser, competition=competition, id_number=id_number_make(seq=333), name="无名")
    assert not Entry.objects.exists()


def test_an_entrant_over_the_age_limit_is_refused_and_nothing_is_written(organiser, enterprise_a):
    competition = competition_make(organiser, max_age=35)
    worker = entrant_make(enterprise_a)  # born 1985: over 35 when the event starts
    with pytest.raises(DomainError, match="超过本竞赛最高年龄 35 岁，不符合报名条件"):
        enter(organiser, competition, worker)
    assert not Entry.objects.exists()


def test_an_entrant_below_the_required_grade_is_refused(organiser, enterprise_a):
    competition = competition_make(organiser, min_grade=4)
    worker = entrant_make(enterprise_a, grade=3)
    with pytest.raises(DomainError, match="本竞赛要求高级工（三级）及以上"):
        enter(organiser, competition, worker)


def test_entering_the_same_person_twice_is_refused(organiser, enterprise_a):
    competition = competition_make(organiser)
    worker = entrant_make(enterprise_a)
    enter(organiser, competition, worker)
    with pytest.raises(DomainError, match="已报名本竞赛"):
        enter(organiser, competition, worker)
    assert Entry.objects.count() == 1


def test_a_team_event_needs_a_team_name_and_keeps_teams_to_their_size(organiser, enterprise_a):
    competition = competition_make(organiser, team_size=2)
    a, b, c = (entrant_make(enterprise_a) for _ in range(3))
    with pytest.raises(DomainError, match="团体赛请填写队名"):
        enter(organiser, competition, a)
    enter(organiser, competition, a, "甲队")
    enter(organiser, competition, b, "甲队")
    with pytest.raises(DomainError, match="“甲队”队已满 2 人"):
        enter(organiser, competition, c, "甲队")


def test_a_result_for_someone_who_did_not_enter_is_refused(organiser, enterprise_a):
    competition = competition_make(organiser)
    outsider = WorkerFactory()
    with pytest.raises(DomainError, match="该人员没有报名本竞赛，不能登记成绩"):
        services.result_record(actor=organiser, competition=competition, id_number=outsider.id_number_plain(),
                               rank=1, award="first")
    assert not Result.objects.exists()


def test_a_rank_given_twice_is_refused(organiser, enterprise_a):
    competition = competition_make(organiser)
    first, second = entrant_make(enterprise_a, name="王一"), entrant_make(enterprise_a, name="李二")
    enter(organiser, competition, first)
    enter(organiser, competition, second)
    services.result_record(actor=organiser, competition=competition, id_number=first.id_number_plain(), rank=1,
                           award="first")
    with pytest.raises(DomainError, match="第 1 名已登记给“王一”"):
        services.result_record(actor=organiser, competition=competition, id_number=second.id_number_plain(), rank=1,
                               award="first")
    assert Result.objects.count() == 1


def test_team_members_share_their_team_rank(organiser, enterprise_a):
    competition = competition_make(organiser, team_size=2)
    a, b = entrant_make(enterprise_a), entrant_make(enterprise_a)
    enter(organiser, competition, a, "甲队")
    enter(organiser, competition, b, "甲队")
    for worker in (a, b):
        services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                               rank=1, award="first")
    assert Result.objects.filter(rank=1).count() == 2


def test_results_go_out_in_a_notice_counted_in_working_days(organiser, enterprise_a):
    competition = competition_make(organiser)
    worker = entrant_make(enterprise_a)
    enter(organiser, competition, worker)
    services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(), rank=1,
                           award="first")
    # given the results are published on the Friday before the 2025 National Day holiday
    services.results_publish(actor=organiser, competition=competition, today=date(2025, 9, 26))
    # then five working days count the Sunday make-up day (28 Sep) and skip 1–8 October
    assert competition.notice_until == working_days_add(date(2025, 9, 26), 5).day == date(2025, 10, 10)
    assert competition.status == CompetitionStatus.RESULTS_IN_NOTICE


def test_another_organisers_event_is_not_found(organiser, enterprise_a):
    competition = competition_make(organiser)
    other = organiser_make("organiser2")
    with pytest.raises(NotFound):
        enter(other, competition, entrant_make(enterprise_a))


def test_enterprise_hr_may_not_organise(hr_a, enterprise_a):
    with pytest.raises(PermissionDenied, match="只有竞赛组织单位和人社局工作人员可以组织竞赛"):
        competition_make(hr_a)
