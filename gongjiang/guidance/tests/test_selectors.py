"""Career guidance (R1.5) from known data: the next grade, the date the 申报条件 are met (evaluation's
rules), the catalogue programmes, the published wage figure, the what-if amount through the policy
engine (nothing written), the exceptional routes."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.accounts.models import Role, User
from gongjiang.core.errors import NotFound
from gongjiang.evaluation.models import AgencyKind
from gongjiang.evaluation.tests.factories import agency_make, welder, welder_make
from gongjiang.guidance.selectors import career_guidance, next_grade_of, next_step
from gongjiang.incentives.models import Claim, Decision, LedgerEntry
from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate
from gongjiang.registry.tests.factories import CertificateFactory
from gongjiang.training.models import Programme

ON = date(2025, 9, 1)  # inside 定政发〔2025〕4号's validity and the Zhoushan 2025 shortage catalogue


@pytest.fixture(autouse=True)
def income_data_dir(settings, tmp_path):
    settings.INCOME_DATA_DIR = str(tmp_path / "income")


def _worker_user(worker) -> User:
    return User.objects.create_user(username=f"w{worker.pk}", password="Test-Passw0rd!", role=Role.WORKER, worker=worker)


def test_the_ladder_has_eight_rungs_and_no_grade_leads_to_junior():
    assert next_grade_of(None) == Grade.JUNIOR
    assert next_grade_of(Grade.APPRENTICE) == Grade.JUNIOR
    assert next_grade_of(Grade.INTERMEDIATE) == Grade.SENIOR
    assert next_grade_of(Grade.SENIOR_TECHNICIAN) == Grade.PRINCIPAL_TECHNICIAN
    assert next_grade_of(Grade.CHIEF_TECHNICIAN) is None


def test_the_next_grade_and_the_day_the_worker_may_apply_come_from_the_evaluation_rules(enterprise_a):
    # given a welder with 中级工 since 2022-06-30 (the 2018 standard: 四级 + 5 years for 三级)
    worker = welder_make(enterprise=enterprise_a, four_on=date(2022, 6, 30))
    # when the worker reads their guidance
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    # then
    assert g.occupation == welder()
    assert (g.current_grade, g.next_grade) == (Grade.INTERMEDIATE, Grade.SENIOR)
    assert not g.eligibility.eligible
    assert g.eligibility.eligible_from == date(2027, 6, 30)
    # every route of the 2018 standard: the years route and the schooling routes (issue 13)
    assert {(r.route, r.previous_grade, r.years) for r in g.rules} == {
        ("years", Grade.INTERMEDIATE, 5), ("schooling", Grade.INTERMEDIATE, 0), ("schooling", Grade.INTERMEDIATE, 2)}


def test_an_eligible_worker_is_told_so_with_the_citation(enterprise_a):
    worker = welder_make(enterprise=enterprise_a, four_on=date(2019, 6, 30))
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    assert g.eligibility.eligible
    assert g.eligibility.eligible_from == date(2024, 6, 30)
    assert "2018年版" in g.eligibility.reason


def test_appointed_grades_have_no_rules_but_a_note(enterprise_a):
    worker = welder_make(enterprise=enterprise_a)
    CertificateFactory(worker=worker, occupation=welder(), grade=Grade.SENIOR_TECHNICIAN, issued_on=date(2024, 1, 5))
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    assert g.next_grade == Grade.PRINCIPAL_TECHNICIAN
    assert g.eligibility is None
    assert "评聘" in g.appointed_note


def test_the_catalogue_programmes_of_the_occupation_and_next_grade_are_listed(enterprise_a):
    worker = welder_make(enterprise=enterprise_a)
    leads = Programme.objects.create(code="hg-3", name="焊工（高级工）", occupation=welder(), grade=Grade.SENIOR,
                                     hours=120, subsidy_standard=Decimal("1800"))
    Programme.objects.create(code="hg-2", name="焊工（技师）", occupation=welder(), grade=Grade.TECHNICIAN, hours=160,
                             subsidy_standard=Decimal("2400"))
    Programme.objects.create(code="hg-3x", name="焊工（高级工，未公布）", occupation=welder(), grade=Grade.SENIOR,
                             hours=120, subsidy_standard=Decimal("1800"), published=False)
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    assert [p.code for p in g.programmes] == [leads.code]


def test_the_pay_at_the_next_grade_is_the_published_median(enterprise_a):
    # given a built year where 焊工 中级工 earn 60,000–99,000 and 高级工 80,000–119,000 (40 each, 10 employers)
    rows = [{"occupation": "6-18-02-04", "grade": 3, "pay": 60_000 + 1000 * i, "enterprise": i % 10} for i in range(40)]
    rows += [{"occupation": "6-18-02-04", "grade": 4, "pay": 80_000 + 1000 * i, "enterprise": i % 10} for i in range(40)]
    snapshot_make(rows, year=2024, path=snapshot_path(2024))
    worker = welder_make(enterprise=enterprise_a)
    # when
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    # then the type-7 medians, rounded half up to the yuan, and the gap
    assert g.pay_next["year"] == 2024
    assert g.pay_next["p50"] == Decimal("99500")
    assert g.pay_now["p50"] == Decimal("79500")
    assert g.pay_gain == Decimal("20000")


def test_a_cell_not_published_gives_no_wage_figure(enterprise_a):
    # given only five 高级工 welders: below the publication threshold
    rows = [{"occupation": "6-18-02-04", "grade": 4, "pay": 80_000 + 1000 * i, "enterprise": i} for i in range(5)]
    rows += [{"occupation": "6-18-01-01", "grade": 4, "pay": 80_000 + 1000 * i, "enterprise": i % 10} for i in range(60)]
    snapshot_make(rows, year=2024, path=snapshot_path(2024))
    worker = welder_make(enterprise=enterprise_a)
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    assert g.pay_next is None


def test_the_whatif_pays_the_one_time_certificate_subsidy_and_writes_nothing(enterprise_a):
    # given a 中级工 welder employed in Dinghai (Zhoushan): a new 高级工 certificate brings 1,600 yuan
    worker = welder_make(enterprise=enterprise_a)
    certificates = Certificate.objects.count()
    # when
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    # then
    gained = {s.policy_name: s for s in g.subsidies_gained}
    assert gained["高级工一次性证书补贴"].as_if == Decimal("1600")
    assert not gained["高级工一次性证书补贴"].per_month
    assert "技师高级技师岗位补贴" not in gained  # 高级工 is below the post subsidy
    # and nothing was written: no certificate, decision, claim or ledger entry
    assert Certificate.objects.count() == certificates
    assert not Decision.objects.exists()
    assert not Claim.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_the_whatif_of_a_technician_is_the_higher_monthly_post_subsidy(enterprise_a):
    # given a front-line welder (shortage occupation) holding 技师: 400 a month now
    worker = welder_make(enterprise=enterprise_a)
    CertificateFactory(worker=worker, occupation=welder(), grade=Grade.TECHNICIAN, issued_on=date(2024, 12, 1))
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    post = next(s for s in g.subsidies if s.policy_name == "技师高级技师岗位补贴")
    assert (post.now, post.as_if, post.gain) == (Decimal("400"), Decimal("600"), Decimal("200"))
    assert post.per_month


def test_exceptional_promotion_applies_where_the_employer_evaluates_the_higher_grade(enterprise_a):
    worker = welder_make(enterprise=enterprise_a)
    agency_make(kind=AgencyKind.EMPLOYER, enterprise=enterprise_a, name="甲船厂自主评价",
                grades=(Grade.SENIOR, Grade.TECHNICIAN))
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    routes = {r.label: r for r in g.routes}
    assert routes["破格晋升"].applies
    assert "技师（二级）" in routes["破格晋升"].why
    assert not routes["直接认定"].applies  # already holds a grade in the occupation


def test_without_a_self_evaluating_employer_no_exceptional_route_applies(enterprise_a):
    worker = welder_make(enterprise=enterprise_a)
    g = career_guidance(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    assert not any(r.applies for r in g.routes)


def test_another_worker_cannot_read_the_guidance(enterprise_a):
    worker, other = welder_make(enterprise=enterprise_a), welder_make(name="李焊工", enterprise=enterprise_a)
    with pytest.raises(NotFound):
        career_guidance(actor=_worker_user(other), worker_id=worker.pk, today=ON)


def test_the_next_step_for_the_home_page(enterprise_a):
    worker = welder_make(enterprise=enterprise_a, four_on=date(2022, 6, 30))
    step = next_step(actor=_worker_user(worker), worker_id=worker.pk, today=ON)
    assert step.next_label == "高级工（三级）"
    assert step.eligibility.eligible_from == date(2027, 6, 30)


def test_the_whatif_is_kept_until_the_archive_changes(enterprise_a, bureau_admin):
    # given a 中级工 welder whose guidance (and its what-if through the policy engine) was computed
    from gongjiang.registry.services import _worker_touch

    worker = welder_make(enterprise=enterprise_a)
    user = _worker_user(worker)
    first = career_guidance(actor=user, worker_id=worker.pk, today=ON)
    assert {s.policy_name for s in first.subsidies_gained} >= {"高级工一次性证书补贴"}
    # when a 高级工 certificate lands in the table behind the registry's back, the kept what-if stands
    CertificateFactory(worker=worker, occupation=welder(), grade=Grade.SENIOR, issued_on=date(2025, 8, 1))
    kept = career_guidance(actor=user, worker_id=worker.pk, today=ON)
    assert kept.next_grade == Grade.TECHNICIAN
    assert [s.policy_name for s in kept.subsidies] == [s.policy_name for s in first.subsidies]
    # then once the registry marks the archive changed (every registry write does), it is computed afresh:
    # the next grade is now 技师, whose what-if is the monthly post subsidy
    _worker_touch(worker.pk)
    fresh = career_guidance(actor=user, worker_id=worker.pk, today=ON)
    assert "技师高级技师岗位补贴" in {s.policy_name for s in fresh.subsidies_gained}
    assert "高级工一次性证书补贴" not in {s.policy_name for s in fresh.subsidies_gained}
