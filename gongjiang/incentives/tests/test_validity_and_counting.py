"""Issue 17 on the paths other than policy tests: validity dates on every deciding path (§2), the
month rule and counting rule in explanations (§3, §5), the predecessor warning (§7), the seed
upgrade that adds the new parameters."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gongjiang.core.errors import DomainError
from gongjiang.incentives.decide import decisions_compute
from gongjiang.incentives.models import Claim, ClaimStatus, Decision, ParameterValue
from gongjiang.incentives.selectors import whatif
from gongjiang.incentives.services import (
    arrears_run,
    claim_confirm,
    claims_remind_and_waive,
    decisions_record,
    policy_version_draft,
)
from gongjiang.incentives.tests.factories import front_line_welder, policy, published

POST = "dinghai-2025-post-subsidy"


def test_decisions_record_refuses_a_month_after_the_document_expires(enterprise_a):
    # given a 技师 welder; the Dinghai measures expire 2026-12-31
    worker = front_line_welder(enterprise_a, grade=5)
    # when January 2027 is decided for that worker
    decisions_record(version=published(POST), period_start=date(2027, 1, 1), worker_ids=[worker.pk])
    # then refused, no claim, and the explanation says why
    decision = Decision.objects.get(worker=worker)
    assert (decision.eligible, decision.amount) == (False, Decimal("0"))
    assert not Claim.objects.filter(worker=worker).exists()
    assert decision.explanation["refused"].startswith("不在政策有效期内")
    assert decision.explanation["notes"][0] == decision.explanation["refused"]


def test_whatif_counts_nothing_outside_the_validity(bureau_staff, enterprise_a):
    front_line_welder(enterprise_a, grade=5)
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    result = whatif(draft=draft, first=date(2027, 1, 1), last=date(2027, 3, 31))
    assert (result["amount_before"], result["amount_after"]) == (Decimal("0"), Decimal("0"))


def test_arrears_stop_at_the_expiry(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    runs = arrears_run(version=published(POST), until=date(2027, 6, 1), worker_ids=[worker.pk])
    assert (runs[0].period_start, runs[-1].period_start, len(runs)) == (date(2025, 1, 1), date(2026, 12, 1), 24)


def test_certificate_issued_before_applies_from_is_refused_for_its_month(enterprise_a):
    # given a 高级工 certificate of 2024-12-20; the policy applies from 2025-01-01
    worker = front_line_welder(enterprise_a, grade=4, issued_on=date(2024, 12, 20))
    [outcome] = decisions_compute(published("dinghai-2025-certificate-subsidy"), date(2024, 12, 1),
                                  worker_ids=[worker.pk])
    assert (outcome.eligible, outcome.due) == (False, Decimal("0"))
    assert "2025-01-01 至 2026-12-31" in outcome.explanation["refused"]


def test_an_application_outside_the_validity_is_refused_with_the_reason(worker_user, dinghai):
    # given the skill-upgrade subsidy (applies from 2025-01-01) and a certificate of 2024
    from gongjiang.incentives.services import claim_apply
    from gongjiang.registry.tests.factories import CertificateFactory

    cert = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=date(2024, 11, 5))
    with pytest.raises(DomainError, match="不在政策有效期内"):
        claim_apply(actor=worker_user, policy=policy("skill-upgrade-subsidy"), certificate_id=cert.pk,
                    insured_months=24, account="6222020200112233445", applied_on=date(2024, 12, 1))


def test_explanation_names_the_month_rule_with_its_citation_and_the_catalogue_date(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    [outcome] = decisions_compute(published(POST), date(2025, 7, 1), worker_ids=[worker.pk])
    notes = outcome.explanation["notes"]
    assert notes[0] == "在岗口径：当月最后一天在岗（依据：区人社局口径：按当月最后一天所在岗位计（定政发〔2025〕4号 二(三)4 未作规定））"
    assert "急需紧缺职业（工种）目录：全月按当月1日适用的版本" in notes
    assert any(n.startswith("计入上限的口径") for n in notes)


def test_every_explanation_warns_while_the_predecessor_is_missing(enterprise_a):
    worker = front_line_welder(enterprise_a, grade=5)
    [outcome] = decisions_compute(published(POST), date(2025, 7, 1), worker_ids=[worker.pk])
    assert any("尚未登记延续的原政策" in n for n in outcome.explanation["notes"])


def test_unconfirmed_claim_stops_counting_at_its_deadline_and_is_waived(worker_user, enterprise_a):
    # given a claim found on 2025-08-01 (confirmation within 90 days: until 2025-10-30)
    worker = worker_user.worker
    job = worker.employments.get()
    from gongjiang.incentives.tests.factories import occupation
    from gongjiang.registry.tests.factories import CertificateFactory

    job.occupation, job.is_front_line = occupation(), True
    job.save()
    CertificateFactory(worker=worker, grade=5, issued_on=date(2024, 5, 1), occupation=occupation())
    decisions_record(version=published(POST), period_start=date(2025, 7, 1), today=date(2025, 8, 1))
    claim = Claim.objects.get(worker=worker)
    assert claim.pay_deadline == date(2025, 10, 30)
    # when the daily job runs after the deadline, then it is waived and the worker told
    assert claims_remind_and_waive(today=date(2025, 10, 31))["waived"] == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WAIVED
    assert "逾期（2025-10-30）未确认，视为放弃" in claim.events.last().message


def test_confirming_after_the_deadline_is_refused(worker_user):
    from gongjiang.incentives.tests.factories import worker_with_decision

    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    claim.pay_deadline = date(2020, 1, 1)
    claim.save(update_fields=["pay_deadline"])
    with pytest.raises(DomainError, match="已超过确认期限"):
        claim_confirm(actor=worker_user, claim=claim, account="6222020200112233445")


def test_policy_page_warns_and_lets_an_officer_record_no_predecessor(bureau_staff):
    client = Client()
    client.force_login(bureau_staff)
    url = reverse("incentives:policy_detail", args=[POST])
    page = client.get(url).content.decode()
    assert 'data-testid="predecessor-warning"' in page
    assert "尚未登记延续的原政策" in page
    # a "none" without saying what was checked is refused, in Chinese
    page = client.post(reverse("incentives:policy_predecessor", args=[POST]), {"continues": ""}, follow=True)
    assert "请说明核实情况" in page.content.decode()
    client.post(reverse("incentives:policy_predecessor", args=[POST]), {"continues": "", "note": "经核实无原政策"})
    assert 'data-testid="predecessor-warning"' not in client.get(url).content.decode()
    assert policy(POST).no_predecessor


def test_seed_upgrade_adds_new_parameters_to_version_1_once(db):
    from datetime import UTC, datetime

    from django.apps import apps

    from gongjiang.incentives.seeding import seed_parameters_add

    models = {name: apps.get_model("incentives", name) for name in ["Policy", "PolicyVersion", "ParameterValue"]}
    # given an installation from before issue 17: no month rule on the post subsidy
    ParameterValue.objects.filter(version__policy__code=POST, name="month_rule").delete()
    # when the upgrade runs twice, then the value is back once, cited, on version 1
    assert seed_parameters_add(models=models, decided_at=datetime.now(tz=UTC)) == 1
    assert seed_parameters_add(models=models, decided_at=datetime.now(tz=UTC)) == 0
    value = ParameterValue.objects.get(version__policy__code=POST, name="month_rule")
    assert (value.version.number, value.value, value.citation.startswith("区人社局口径")) == (1, 2, True)


def test_upgrade_gives_old_unconfirmed_claims_a_deadline(worker_user):
    # given a claim found before the counting rule, with no confirmation deadline
    import importlib

    from django.apps import apps

    from gongjiang.incentives.tests.factories import worker_with_decision

    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    Claim.objects.filter(pk=claim.pk).update(pay_deadline=None)
    # when the upgrade runs, then it gets the default: 90 days after the day it was found
    module = importlib.import_module("gongjiang.incentives.migrations.0012_unconfirmed_claims_deadline")
    module.forwards(apps, None)
    claim.refresh_from_db()
    from django.utils import timezone

    assert (claim.pay_deadline - timezone.localdate(claim.created_at)).days == 90


def test_a_month_rule_the_formula_does_not_understand_is_refused(bureau_staff):
    from gongjiang.incentives.services import parameter_value_add

    draft = policy_version_draft(actor=bureau_staff, policy=policy("dinghai-2025-self-cert-reward"))
    with pytest.raises(DomainError, match="month_rule 只能取：1 当月1日在岗、2 当月最后一天在岗、3 当月任一天在岗、5 发证"):
        parameter_value_add(actor=bureau_staff, version=draft, name="month_rule", value="4",
                            effective_from=date(2025, 1, 1), citation="测试")
    with pytest.raises(DomainError, match="只能取 1（是）或 0（否）"):
        parameter_value_add(actor=bureau_staff, version=draft, name="once_per_person", value="2",
                            effective_from=date(2025, 1, 1), citation="测试")
