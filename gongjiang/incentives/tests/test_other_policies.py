"""The other shipped policies decided from registry data: `003` 二(一)3 enterprise reward with its
yearly cap, `003` 二(三)4 certificate subsidy, the skill-upgrade subsidy applied for, honours with
quotas; and the monthly run as a background task."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError
from gongjiang.incentives.models import Claim, ClaimStatus, Decision, DecisionRun
from gongjiang.incentives.services import (
    claim_apply,
    decisions_record,
    parameter_value_add,
    policy_version_approve,
    policy_version_draft,
    policy_version_submit,
)
from gongjiang.incentives.tasks import arrears_task, monthly_run_task
from gongjiang.incentives.tests.factories import WELDER, front_line_welder, occupation, policy, published
from gongjiang.registry.models import Honour
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

REWARD = "dinghai-2025-self-cert-reward"


def _self_certified(enterprise, issued_on):
    job = EmploymentFactory(enterprise=enterprise, start_date=date(2020, 1, 1))
    return CertificateFactory(worker=job.worker, grade=3, kind="skill_grade", evaluator_enterprise=enterprise,
                              issued_on=issued_on)


def _publish_cap(maker, checker, cap: str):
    draft = policy_version_draft(actor=maker, policy=policy(REWARD))
    parameter_value_add(actor=maker, version=draft, name="annual_cap", value=cap, effective_from=date(2025, 1, 1),
                        citation="测试：上限调低以便验证")
    policy_version_submit(actor=maker, version=draft)
    return policy_version_approve(actor=checker, version=draft, run_arrears=False)


def test_enterprise_reward_stops_at_the_yearly_cap_and_restarts_in_january(enterprise_a, bureau_staff,
                                                                         bureau_admin):
    # given a yearly cap of 1,000 (two people) and three self-certified employees in December 2025
    version = _publish_cap(bureau_staff, bureau_admin, "1000")
    for day in (3, 4, 5):
        _self_certified(enterprise_a, date(2025, 12, day))
    _self_certified(enterprise_a, date(2026, 1, 6))
    # when December and January are decided
    decisions_record(version=version, period_start=date(2025, 12, 1))
    decisions_record(version=version, period_start=date(2026, 1, 1))
    # then 500 + 500 in 2025, nothing for the third, and 500 again in 2026
    amounts = sorted((d.period_start.year, d.amount) for d in Decision.objects.filter(enterprise=enterprise_a))
    assert amounts == [(2025, Decimal("0")), (2025, Decimal("500")), (2025, Decimal("500")), (2026, Decimal("500"))]
    assert Claim.objects.filter(enterprise=enterprise_a).count() == 3


def test_enterprise_reward_counts_a_person_once_a_year(enterprise_a):
    cert = _self_certified(enterprise_a, date(2025, 4, 3))
    CertificateFactory(worker=cert.worker, grade=4, evaluator_enterprise=enterprise_a, issued_on=date(2025, 4, 20))
    decisions_record(version=published(REWARD), period_start=date(2025, 4, 1))
    assert Claim.objects.get(enterprise=enterprise_a).amount == Decimal("500")


def test_certificate_subsidy_is_paid_once_per_person(enterprise_a):
    # given a worker who obtains two 高级工 certificates in different months
    worker = front_line_welder(enterprise_a, grade=None)
    CertificateFactory(worker=worker, grade=4, issued_on=date(2025, 3, 10))
    CertificateFactory(worker=worker, grade=4, issued_on=date(2025, 5, 10), occupation=occupation("6-18-01-01"))
    version = published("dinghai-2025-certificate-subsidy")
    decisions_record(version=version, period_start=date(2025, 3, 1))
    decisions_record(version=version, period_start=date(2025, 5, 1))
    # then 1,600 once; the second certificate is decided but nothing more is due
    assert [c.amount for c in Claim.objects.filter(worker=worker)] == [Decimal("1600")]
    may = Decision.objects.get(worker=worker, period_start=date(2025, 5, 1))
    assert (may.eligible, may.already_paid, may.amount) == (True, Decimal("1600"), Decimal("0"))


def test_certificate_subsidy_needs_employment_in_zhoushan(db):
    from gongjiang.registry.tests.factories import WorkerFactory

    worker = WorkerFactory()
    CertificateFactory(worker=worker, grade=4, issued_on=date(2025, 3, 10))
    [decision] = [decisions_record(version=published("dinghai-2025-certificate-subsidy"),
                                   period_start=date(2025, 3, 1)) and Decision.objects.get(worker=worker)]
    assert not decision.eligible


# --- skill-upgrade subsidy: applications --------------------------------------------------------

def _apply(user, cert, insured=24, applied_on=date(2025, 6, 1)):
    return claim_apply(actor=user, policy=policy("skill-upgrade-subsidy"), certificate_id=cert.pk,
                       insured_months=insured, account="622202123456789012", documents=["证书扫描件.pdf"],
                       applied_on=applied_on)


def test_senior_certificate_in_a_shortage_occupation_gets_the_uplift(worker_user):
    cert = CertificateFactory(worker=worker_user.worker, grade=4, issued_on=date(2025, 3, 1),
                              occupation=occupation(WELDER))
    claim = _apply(worker_user, cert)
    assert (claim.status, claim.amount) == (ClaimStatus.SUBMITTED, Decimal("2600.00"))


def test_application_by_someone_insured_under_12_months_is_refused_with_the_reason(worker_user):
    cert = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2025, 3, 1))
    with pytest.raises(DomainError, match="参加失业保险满12个月"):
        _apply(worker_user, cert, insured=6)


def test_lower_grade_after_a_higher_one_in_the_same_occupation_is_refused(worker_user):
    high = CertificateFactory(worker=worker_user.worker, grade=4, issued_on=date(2025, 2, 1),
                              occupation=occupation("6-18-01-01"))
    low = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2025, 3, 1),
                             occupation=occupation("6-18-01-01"))
    _apply(worker_user, high)
    with pytest.raises(DomainError, match="未享受过同职业更高等级"):
        _apply(worker_user, low)


def test_the_same_occupation_and_grade_is_paid_once(worker_user):
    first = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2025, 2, 1),
                               occupation=occupation("6-18-01-01"), issuer="甲评价机构")
    again = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2025, 4, 1),
                               occupation=occupation("6-18-01-01"), issuer="乙评价机构")
    _apply(worker_user, first)
    with pytest.raises(DomainError, match="同职业同等级未享受过"):
        _apply(worker_user, again)


def test_at_most_three_times_a_year(worker_user):
    codes = ["6-18-01-01", "6-20-01-01", "6-31-01-03", "6-31-01-02"]
    certs = [CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2025, 2, 1),
                                occupation=occupation(code)) for code in codes]
    for cert in certs[:3]:
        _apply(worker_user, cert)
    with pytest.raises(DomainError, match="本年度享受未满3次"):
        _apply(worker_user, certs[3])


def test_application_later_than_12_months_after_issue_is_refused(worker_user):
    cert = CertificateFactory(worker=worker_user.worker, grade=2, issued_on=date(2024, 5, 1))
    with pytest.raises(DomainError, match="发证之日起12个月内申请"):
        _apply(worker_user, cert, applied_on=date(2025, 5, 1))


def test_not_combined_with_a_training_subsidy_for_the_same_certificate(worker_user):
    from gongjiang.registry.models import TrainingRecord

    cert = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2025, 3, 1))
    TrainingRecord.objects.create(worker=worker_user.worker, institution_name="舟山技师学院", programme="焊工中级",
                                  occupation=cert.occupation, grade=3, start_date=date(2025, 1, 5), subsidised=True,
                                  completed=True)
    with pytest.raises(DomainError, match="同一证书未享受培训补贴"):
        _apply(worker_user, cert)


# --- honours with quotas -----------------------------------------------------------------------

def test_craftsman_reward_only_within_the_quota_of_100(enterprise_a):
    workers = [front_line_welder(enterprise_a, grade=None) for _ in range(101)]
    Honour.objects.bulk_create([Honour(worker=w, title="定海名匠", level="district", awarded_on=date(2025, 9, 1))
                                for w in workers])
    decisions_record(version=published("dinghai-2025-master-craftsman-reward"), period_start=date(2025, 9, 1))
    assert Claim.objects.filter(policy__code="dinghai-2025-master-craftsman-reward").count() == 100
    assert not Decision.objects.get(worker=workers[-1]).eligible


# --- background tasks --------------------------------------------------------------------------

def test_monthly_run_task_decides_every_automatic_policy(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    result = monthly_run_task.call("2025-07-01", "2025-07-31")
    assert result["runs"] >= 4
    assert Claim.objects.get(worker=worker, policy__code="dinghai-2025-post-subsidy").amount == Decimal("400")


def test_arrears_task_covers_every_month_since_applies_from(enterprise_a):
    front_line_welder(enterprise_a, grade=6)
    arrears_task.call(published("dinghai-2025-post-subsidy").pk, "2025-06-15")
    assert DecisionRun.objects.filter(kind="arrears").count() == 6
    assert Claim.objects.filter(policy__code="dinghai-2025-post-subsidy").count() == 6


def test_two_new_senior_certificates_in_one_month_open_one_claim(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=None)
    CertificateFactory(worker=worker, grade=4, issued_on=date(2025, 3, 10))
    CertificateFactory(worker=worker, grade=4, issued_on=date(2025, 3, 20), occupation=occupation("6-18-01-01"))
    decisions_record(version=published("dinghai-2025-certificate-subsidy"), period_start=date(2025, 3, 1))
    assert [c.amount for c in Claim.objects.filter(worker=worker)] == [Decimal("1600")]
