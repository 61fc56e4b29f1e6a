"""Factories and helpers for incentive tests: workers placed in the seed policies' world."""

from datetime import date
from decimal import Decimal

from gongjiang.incentives.models import (
    Claim,
    ClaimMode,
    ClaimStatus,
    Decision,
    LedgerEntry,
    Policy,
    PolicyVersion,
)
from gongjiang.reference.models import Occupation
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

WELDER = "6-18-02-04"  # 焊工: in the shipped Zhoushan 2025 shortage catalogue


def occupation(code: str = WELDER) -> Occupation:
    return Occupation.objects.get(code=code)


def front_line_welder(enterprise, *, grade: int | None = 5, issued_on: date = date(2024, 12, 1), **employment):
    """A worker employed front-line as a welder at `enterprise` since 2020, holding a certificate."""
    job = EmploymentFactory(enterprise=enterprise, occupation=occupation(), is_front_line=True, **employment)
    if grade:
        CertificateFactory(worker=job.worker, grade=grade, issued_on=issued_on, occupation=occupation())
    return job.worker


def policy(code: str) -> Policy:
    return Policy.objects.select_related("document").get(code=code)


def published(code: str) -> PolicyVersion:
    return policy(code).versions.get(status="published")


def ledger_payment(policy_obj: Policy, worker, period: str, period_start: date, amount: str = "400",
                   attempt: int = 0) -> LedgerEntry:
    """A payment written straight into the ledger (e.g. history imported from an earlier policy)."""
    return LedgerEntry.objects.create(policy=policy_obj, subject_key=f"w{worker.pk}", worker=worker, period=period,
                                      period_start=period_start, kind="payment", attempt=attempt,
                                      amount=Decimal(amount))


def claim_in_notice(version: PolicyVersion, worker, *, period: str = "2025-07", amount: str = "400",
                    notice_until: date = date(2025, 8, 11), notice_assumed_years: str = "") -> Claim:
    decision = Decision.objects.create(version=version, policy=version.policy, worker=worker, period=period,
                                       period_start=date(2025, 7, 1), eligible=True, entitled=Decimal(amount),
                                       amount=Decimal(amount), trace={"conditions": [], "parameters": {}})
    return Claim.objects.create(policy=version.policy, decision=decision, worker=worker, subject_key=f"w{worker.pk}",
                                period=period, period_start=date(2025, 7, 1), amount=Decimal(amount),
                                mode=ClaimMode.AUTOMATIC, status=ClaimStatus.IN_NOTICE,
                                account_masked="6222****1234", notice_until=notice_until,
                                notice_assumed_years=notice_assumed_years)


def worker_with_decision(worker_user) -> Decision:
    """The worker of `worker_user` made a front-line 技师 welder with the July 2025 post-subsidy decision."""
    from gongjiang.incentives.services import decisions_record

    worker = worker_user.worker
    job = worker.employments.get()
    job.occupation, job.is_front_line = occupation(), True
    job.save()
    CertificateFactory(worker=worker, grade=5, issued_on=date(2024, 5, 1), occupation=occupation())
    decisions_record(version=published("dinghai-2025-post-subsidy"), period_start=date(2025, 7, 1))
    return Decision.objects.get(worker=worker)
