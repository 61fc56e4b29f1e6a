"""`003` 二(三)4 monthly post subsidy decided from registry data: rates, grade change, 36-month cap,
retroactive arrears net of payments under the policy it continues."""

from datetime import date
from decimal import Decimal

from gongjiang.incentives.decide import decisions_compute
from gongjiang.incentives.models import Claim, Decision, Policy, PolicyDocument
from gongjiang.incentives.services import arrears_run, decisions_record
from gongjiang.incentives.tests.factories import front_line_welder, ledger_payment, policy, published
from gongjiang.registry.tests.factories import CertificateFactory

POST = "dinghai-2025-post-subsidy"


def _predecessor() -> Policy:
    """An earlier post-subsidy policy that the 2025 policy continues (继续给予)."""
    old_doc = PolicyDocument.objects.create(number="定海测试〔2022〕1号", title="原岗位补贴", issuer="定海区",
                                            issued_on=date(2022, 1, 1), effective_from=date(2022, 1, 1),
                                            applies_from=date(2022, 1, 1))
    current = policy(POST)
    old = Policy.objects.create(document=old_doc, code="dinghai-2022-post-subsidy", name="原岗位补贴", clause="一",
                                formula=current.formula, subject_kind="worker", district=current.district)
    current.continues = old
    current.save(update_fields=["continues"])
    return old


def _due(worker, month: date) -> Decimal:
    [outcome] = decisions_compute(published(POST), month, worker_ids=[worker.pk])
    return outcome.due


def test_technician_in_shortage_post_gets_400_a_month(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    assert _due(worker, date(2025, 7, 1)) == Decimal("400")


def test_senior_technician_gets_600(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=6)
    assert _due(worker, date(2025, 7, 1)) == Decimal("600")


def test_grade_change_mid_way_changes_the_rate_from_that_month(enterprise_a):
    # given a 技师 who obtains 高级技师 on 2025-03-20
    worker = front_line_welder(enterprise_a, grade=5)
    CertificateFactory(worker=worker, grade=6, issued_on=date(2025, 3, 20), occupation=worker.certificates.first()
                       .occupation)
    # then February is paid at 400 and March already at 600
    assert _due(worker, date(2025, 2, 1)) == Decimal("400")
    assert _due(worker, date(2025, 3, 1)) == Decimal("600")


def test_36_month_cap_counts_months_across_a_grade_change_and_the_continued_policy(enterprise_a):
    # given 34 months paid under the earlier policy, then a grade change in February 2025
    worker = front_line_welder(enterprise_a, grade=5)
    CertificateFactory(worker=worker, grade=6, issued_on=date(2025, 2, 10),
                       occupation=worker.certificates.first().occupation)
    old = _predecessor()
    for i in range(34):
        year, month = divmod(2 + i, 12)
        ledger_payment(old, worker, f"{2022 + year}-{month + 1:02d}", date(2022 + year, month + 1, 1))
    version = published(POST)
    # when January, February and March 2025 are decided in turn
    for month in (1, 2, 3):
        decisions_record(version=version, period_start=date(2025, month, 1))
    # then month 35 is paid at 400, month 36 at 600 (new grade), and March is refused by the cap
    amounts = [c.amount for c in Claim.objects.filter(worker=worker).order_by("period")]
    assert amounts == [Decimal("400"), Decimal("600")]
    march = Decision.objects.get(worker=worker, period="2025-03")
    assert not march.eligible
    cap = next(c for c in march.explanation["conditions"] if c["fact"] == "months_paid")
    assert cap == {**cap, "actual": 36, "passed": False, "param": "max_months"}


def test_not_front_line_is_refused_with_the_failed_condition_in_the_trace(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    worker.employments.update(is_front_line=False)
    [outcome] = decisions_compute(published(POST), date(2025, 7, 1), worker_ids=[worker.pk])
    assert not outcome.eligible
    assert [c["fact"] for c in outcome.explanation["conditions"] if not c["passed"]] == ["front_line"]


def test_trace_cites_each_parameter_value(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    [outcome] = decisions_compute(published(POST), date(2025, 7, 1), worker_ids=[worker.pk])
    assert outcome.explanation["parameters"]["amount_technician"]["value"] == "400"
    assert "定政发〔2025〕4号 二(三)4" in outcome.explanation["parameters"]["amount_technician"]["citation"]
    assert outcome.explanation["document"] == "定政发〔2025〕4号"


def test_arrears_from_january_are_net_of_payments_under_the_earlier_policy(enterprise_a):
    # given January fully and February partly (300 of 400) paid under the earlier policy
    worker = front_line_welder(enterprise_a, grade=5)
    old = _predecessor()
    ledger_payment(old, worker, "2025-01", date(2025, 1, 1), "400")
    ledger_payment(old, worker, "2025-02", date(2025, 2, 1), "300")
    # when publishing computes the arrears up to the implementation month (June 2025)
    arrears_run(version=published(POST), until=date(2025, 6, 15))
    # then January is not paid again, February gets the difference, March–June in full
    claims = {c.period: c.amount for c in Claim.objects.filter(worker=worker)}
    assert claims == {"2025-02": Decimal("100"), "2025-03": Decimal("400"), "2025-04": Decimal("400"),
                      "2025-05": Decimal("400"), "2025-06": Decimal("400")}


def test_rerunning_a_month_opens_no_second_claim(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    version = published(POST)
    decisions_record(version=version, period_start=date(2025, 7, 1))
    decisions_record(version=version, period_start=date(2025, 7, 1))
    assert Claim.objects.filter(worker=worker, period="2025-07").count() == 1


def _paid_months(worker, last: tuple[int, int], count: int, policy_obj=None) -> None:
    """`count` monthly payments ending with month `last` (year, month)."""
    policy_obj = policy_obj or policy(POST)
    y, m = last
    for back in range(count):
        year, month = divmod(y * 12 + m - 1 - back, 12)
        ledger_payment(policy_obj, worker, f"{year}-{month + 1:02d}", date(year, month + 1, 1))


def test_post_subsidy_ending_this_year_counts_paid_months_against_the_cap(enterprise_a):
    from gongjiang.incentives.selectors import post_subsidy_ending

    # the latest month anyone was paid is June 2026
    thirty = front_line_welder(enterprise_a, grade=5)
    _paid_months(thirty, (2026, 6), 30)  # months 31-36 are Jul-Dec 2026: ends this year
    twenty = front_line_welder(enterprise_a, grade=5)
    _paid_months(twenty, (2026, 6), 20)  # 16 months left: ends October 2027
    capped = front_line_welder(enterprise_a, grade=6)
    _paid_months(capped, (2026, 2), 36)  # reached the cap in February 2026
    left_post = front_line_welder(enterprise_a, grade=5)
    _paid_months(left_post, (2026, 3), 30)  # not paid since March: no longer receiving it
    assert post_subsidy_ending(year=2026) == {thirty.pk, capped.pk}
    assert post_subsidy_ending(year=2027) == {twenty.pk}


def test_post_subsidy_ending_counts_the_continued_policy_months(enterprise_a):
    from gongjiang.incentives.selectors import post_subsidy_ending

    worker = front_line_welder(enterprise_a, grade=5)
    _paid_months(worker, (2024, 12), 30, policy_obj=_predecessor())  # 30 months under the earlier policy
    _paid_months(worker, (2025, 3), 3)  # months 31-33 under the 2025 policy; 34-36 are Apr-Jun 2025
    assert post_subsidy_ending(year=2025) == {worker.pk}
