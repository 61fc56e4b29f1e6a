"""以赛代评: each shipped rule, and the confirmation that writes results, titles and grades into the
archive through registry services (R5.1)."""

from datetime import date, timedelta

import pytest

from gongjiang.competitions import services
from gongjiang.competitions.models import CompetitionStatus, PromotionRule
from gongjiang.competitions.services.promotions import promotion_compute, rule_for
from gongjiang.competitions.tests.factories import competition_make, enter, entrant_make, organiser_make
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate, CompetitionResult, Honour
from gongjiang.registry.selectors import worker_archive, worker_top_grade

pytestmark = pytest.mark.django_db
ON = date(2025, 6, 1)


def _rule(level, award, rank=1):
    return rule_for(level=level, award=award, rank=rank, on=ON)


def test_a_district_first_prize_promotes_a_senior_worker_to_technician_with_the_title():
    outcome = promotion_compute(_rule("district", "first"), Grade.SENIOR)
    assert (outcome.title, outcome.grade_to) == ("技术能手", Grade.TECHNICIAN)


def test_a_district_first_prize_does_not_promote_beyond_technician():
    outcome = promotion_compute(_rule("district", "first"), Grade.TECHNICIAN)
    assert outcome.grade_to is None
    assert outcome.title == "技术能手"
    assert "已达本规则最高可晋升等级" in outcome.note


def test_a_district_first_prize_never_lowers_a_senior_technician():
    assert promotion_compute(_rule("district", "first"), Grade.SENIOR_TECHNICIAN).grade_to is None


def test_a_district_second_prize_promotes_one_grade_up_to_senior_worker():
    assert promotion_compute(_rule("district", "second"), Grade.INTERMEDIATE).grade_to == Grade.SENIOR
    assert promotion_compute(_rule("district", "second"), Grade.SENIOR).grade_to is None


def test_a_municipal_first_prize_may_reach_senior_technician():
    assert promotion_compute(_rule("municipal", "first"), Grade.TECHNICIAN).grade_to == Grade.SENIOR_TECHNICIAN


def test_a_national_medal_grants_technician_directly():
    for award in ("gold", "silver", "bronze"):
        assert promotion_compute(_rule("national", award), Grade.INTERMEDIATE).grade_to == Grade.TECHNICIAN


def test_a_world_selection_gold_grants_senior_technician():
    assert promotion_compute(_rule("world_selection", "gold"), None).grade_to == Grade.SENIOR_TECHNICIAN


def test_a_step_rule_gives_no_grade_to_someone_without_one():
    outcome = promotion_compute(_rule("district", "first"), None)
    assert outcome.grade_to is None
    assert outcome.title == "技术能手"


def test_an_excellence_award_has_no_rule():
    assert _rule("district", "excellence") is None
    assert promotion_compute(None, Grade.SENIOR).grade_to is None


def test_every_shipped_rule_cites_its_source():
    assert PromotionRule.objects.count() >= 9
    assert all(rule.citation for rule in PromotionRule.objects.all())


def test_a_rule_the_bureau_edits_applies_to_later_events():
    # given the bureau decides that from 2026 a district first prize may reach 高级技师
    PromotionRule.objects.create(level="district", award="first", title="技术能手", grade_steps=1,
                                 grade_cap=Grade.SENIOR_TECHNICIAN, citation="演示：区人社局2026年调整",
                                 effective_from=date(2026, 1, 1))
    # then a 2026 event uses it and a 2025 event does not
    assert rule_for(level="district", award="first", rank=1, on=date(2026, 3, 1)).grade_cap == Grade.SENIOR_TECHNICIAN
    assert rule_for(level="district", award="first", rank=1, on=date(2025, 3, 1)).grade_cap == Grade.TECHNICIAN


@pytest.fixture
def in_notice(enterprise_a):
    """A district event with a 高级工 winning first prize and a 技师 second, results in notice."""
    organiser = organiser_make()
    competition = competition_make(organiser, name="定海区焊工竞赛")
    winner = entrant_make(enterprise_a, grade=Grade.SENIOR, name="王冠军")
    second = entrant_make(enterprise_a, grade=Grade.TECHNICIAN, name="李亚军")
    for rank, award, worker in ((1, "first", winner), (2, "second", second)):
        enter(organiser, competition, worker)
        services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                               rank=rank, award=award)
    services.results_publish(actor=organiser, competition=competition, today=date(2025, 6, 2))
    return competition, winner, second, organiser


def test_confirming_writes_the_result_title_and_promotion_into_the_archive(in_notice, bureau_staff):
    competition, winner, second, _organiser = in_notice
    promotions = services.results_confirm(actor=bureau_staff, competition=competition, today=date(2025, 6, 20))
    # the winner: result, 技术能手 and a 技师 certificate-equivalent record, through registry services
    assert CompetitionResult.objects.filter(worker=winner, competition_name="定海区焊工竞赛", rank=1).exists()
    assert Honour.objects.filter(worker=winner, title="技术能手", level="district").exists()
    cert = Certificate.objects.get(worker=winner, kind="competition")
    assert cert.grade == Grade.TECHNICIAN
    assert "以赛代评" in cert.issuer
    assert worker_top_grade(winner) == Grade.TECHNICIAN
    # the archive's timeline shows them
    _worker, timeline = worker_archive(actor=bureau_staff, worker_id=winner.pk)
    titles = [entry.title for entry in timeline]
    assert "技术能手" in titles
    assert any("以赛代评晋级" in t and "技师" in t for t in titles)
    # the 技师 second-prize winner gets the result only (second prize caps at 高级工)
    assert not Certificate.objects.filter(worker=second, kind="competition").exists()
    assert CompetitionResult.objects.filter(worker=second, rank=2).exists()
    assert {p.result.entry.worker_id: p.grade_to for p in promotions} == {winner.pk: Grade.TECHNICIAN, second.pk: None}
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.FINAL


def test_confirming_before_the_notice_ends_is_refused(in_notice, bureau_staff):
    competition, winner, *_ = in_notice
    with pytest.raises(DomainError, match="期满后才能确认"):
        services.results_confirm(actor=bureau_staff, competition=competition, today=competition.notice_until)
    assert not CompetitionResult.objects.filter(worker=winner).exists()


def test_confirming_twice_is_refused(in_notice, bureau_staff):
    competition, winner, *_ = in_notice
    later = competition.notice_until + timedelta(days=1)
    services.results_confirm(actor=bureau_staff, competition=competition, today=later)
    with pytest.raises(DomainError, match="不能重复办理"):
        services.results_confirm(actor=bureau_staff, competition=competition, today=later)
    assert Honour.objects.filter(worker=winner, title="技术能手").count() == 1


def test_an_organiser_may_not_confirm_promotions(in_notice):
    competition, _winner, _second, organiser = in_notice
    with pytest.raises(PermissionDenied, match="由人社局确认"):
        services.results_confirm(actor=organiser, competition=competition, today=date(2025, 7, 1))


def test_the_winners_title_opens_a_competition_reward_claim_without_applying(enterprise_a, bureau_staff):
    from gongjiang.incentives.models import Claim
    from gongjiang.incentives.services import monthly_run

    # given a district event held on 10–11 June 2025, won by a 高级工, results confirmed after the notice
    organiser = organiser_make()
    competition = competition_make(organiser, starts_on=date(2025, 6, 10), ends_on=date(2025, 6, 11),
                                   entry_deadline=date(2025, 6, 1))
    winner = entrant_make(enterprise_a, grade=Grade.SENIOR)
    services.entry_add(actor=organiser, competition=competition, id_number=winner.id_number_plain(),
                       name=winner.name, today=date(2025, 5, 20))
    services.result_record(actor=organiser, competition=competition, id_number=winner.id_number_plain(), rank=1,
                           award="first")
    services.results_publish(actor=organiser, competition=competition, today=date(2025, 6, 12))
    services.results_confirm(actor=bureau_staff, competition=competition, today=date(2025, 6, 30))
    # when the monthly run (免申即享) decides June 2025
    monthly_run(period_start=date(2025, 6, 1), today=date(2025, 6, 30))
    # then the district 技术能手 has a claim of the district amount, found without applying
    claim = Claim.objects.get(worker=winner, policy__code="dinghai-2025-competition-reward")
    assert claim.amount == 2000
    assert claim.mode == "automatic"
