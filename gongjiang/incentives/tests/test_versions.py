"""Policy versions: conditions checked against declared facts, bitemporal parameters, maker/checker
publishing, what-if of a draft against the published version (issue 5 §1, §6)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.incentives.engine import parameters_resolve
from gongjiang.incentives.models import ParameterValue, VersionStatus
from gongjiang.incentives.selectors import whatif
from gongjiang.incentives.services import (
    parameter_value_add,
    policy_predecessor_record,
    policy_version_approve,
    policy_version_conditions_set,
    policy_version_draft,
    policy_version_submit,
)
from gongjiang.incentives.tests.factories import front_line_welder, policy, published

POST = "dinghai-2025-post-subsidy"


def test_condition_on_an_undeclared_fact_is_refused_naming_the_fact(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    with pytest.raises(DomainError, match="没有名为“salary”的事实"):
        policy_version_conditions_set(actor=bureau_staff, version=draft,
                                      conditions=[{"fact": "salary", "op": ">", "value": 1}])


def test_condition_comparing_a_number_with_text_is_refused(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    with pytest.raises(DomainError, match="类型不符"):
        policy_version_conditions_set(actor=bureau_staff, version=draft,
                                      conditions=[{"fact": "top_grade", "op": ">=", "value": "技师"}])


def test_condition_on_an_unknown_parameter_is_refused(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    with pytest.raises(DomainError, match="没有名为“max_years”的参数"):
        policy_version_conditions_set(actor=bureau_staff, version=draft,
                                      conditions=[{"fact": "months_paid", "op": "<", "param": "max_months"},
                                                  {"fact": "months_paid", "op": "<", "param": "max_years"}])


def test_parameter_value_without_citation_is_refused(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    with pytest.raises(DomainError, match="请填写依据"):
        parameter_value_add(actor=bureau_staff, version=draft, name="amount_technician", value="500",
                            effective_from=date(2025, 1, 1), citation=" ")


def test_what_did_we_believe_on_a_date(bureau_staff):
    # given 400 decided with the document, then 500 for the same dates decided on 2025-09-01
    version = published(POST)
    ParameterValue.objects.create(version=version, name="amount_technician", effective_from=date(2025, 1, 1),
                                  value=Decimal("500"), citation="测试更正", decided_at=datetime(2025, 9, 1, tzinfo=UTC))
    # then asked as of August we believed 400, as of October 500
    on = date(2025, 7, 1)
    assert parameters_resolve(version, on=on, believed_on=datetime(2025, 8, 1, tzinfo=UTC))[
        "amount_technician"].value == Decimal("400")
    assert parameters_resolve(version, on=on, believed_on=datetime(2025, 10, 1, tzinfo=UTC))[
        "amount_technician"].value == Decimal("500")


def test_a_value_effective_later_applies_only_from_its_date(bureau_staff, bureau_admin):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    parameter_value_add(actor=bureau_staff, version=draft, name="amount_technician", value="450",
                        effective_from=date(2026, 1, 1), citation="测试文号 一")
    assert parameters_resolve(draft, on=date(2025, 12, 1))["amount_technician"].value == Decimal("400")
    assert parameters_resolve(draft, on=date(2026, 1, 1))["amount_technician"].value == Decimal("450")


def test_draft_values_do_not_change_the_published_version(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    parameter_value_add(actor=bureau_staff, version=draft, name="amount_technician", value="500",
                        effective_from=date(2025, 1, 1), citation="测试文号 一")
    assert parameters_resolve(published(POST), on=date(2025, 7, 1))["amount_technician"].value == Decimal("400")


def test_drafter_cannot_approve_own_version(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    policy_version_submit(actor=bureau_staff, version=draft)
    with pytest.raises(PermissionDenied, match="起草人不能审批"):
        policy_version_approve(actor=bureau_staff, version=draft, run_arrears=False)


def test_database_refuses_a_version_approved_by_its_drafter(bureau_staff):
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    draft.approved_by = bureau_staff
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


def test_publishing_a_continued_policy_asks_for_its_predecessor(bureau_staff, bureau_admin):
    # given the post subsidy counts the earlier policy's months (继续给予) but none is registered
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    policy_version_submit(actor=bureau_staff, version=draft)
    # when a second officer publishes, then it is refused, asking to register it or record none
    with pytest.raises(DomainError, match="尚未登记延续的原政策.*记录“无原政策”"):
        policy_version_approve(actor=bureau_admin, version=draft, run_arrears=False)
    # and once "none" is recorded (with what was checked), it publishes
    with pytest.raises(DomainError, match="请说明核实情况"):
        policy_predecessor_record(actor=bureau_admin, policy=policy(POST), continues=None)
    policy_predecessor_record(actor=bureau_admin, policy=policy(POST), continues=None, note="经核实无原政策")
    policy_version_approve(actor=bureau_admin, version=draft, run_arrears=False)
    assert published(POST).pk == draft.pk


def test_second_officer_publishes_and_supersedes_the_old_version(bureau_staff, bureau_admin):
    old = published(POST)
    policy_predecessor_record(actor=bureau_admin, policy=policy(POST), continues=None, note="经核实无原政策")
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    policy_version_submit(actor=bureau_staff, version=draft)
    policy_version_approve(actor=bureau_admin, version=draft, run_arrears=False)
    old.refresh_from_db()
    assert (old.status, published(POST).pk) == (VersionStatus.SUPERSEDED, draft.pk)


def test_whatif_shows_people_and_money_moved_by_district_and_occupation(bureau_staff, enterprise_a):
    # given two 技师 welders in Dinghai and a draft raising the technician rate to 500
    front_line_welder(enterprise_a, grade=5)
    front_line_welder(enterprise_a, grade=5)
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    parameter_value_add(actor=bureau_staff, version=draft, name="amount_technician", value="500",
                        effective_from=date(2025, 1, 1), citation="测试文号 一")
    # when previewing July 2025
    result = whatif(draft=draft, first=date(2025, 7, 1), last=date(2025, 7, 31))
    # then the same 2 people, 200 yuan more, all in Dinghai welding
    assert (result["people_delta"], result["amount_delta"]) == (0, Decimal("200"))
    [row] = result["rows"]
    assert (row["district"], row["occupation"], row["amount_after"]) == ("330902", "6-18-02-04", Decimal("1000"))


def test_whatif_counts_people_a_dropped_condition_brings_in(bureau_staff, enterprise_a):
    # given a 技师 welder who is not on the front line, and a draft dropping the front-line condition
    worker = front_line_welder(enterprise_a, grade=5)
    worker.employments.update(is_front_line=False)
    draft = policy_version_draft(actor=bureau_staff, policy=policy(POST))
    policy_version_conditions_set(actor=bureau_staff, version=draft,
                                  conditions=[c for c in draft.conditions if c["fact"] != "front_line"])
    # when previewing July 2025, then one more person and 400 yuan more
    result = whatif(draft=draft, first=date(2025, 7, 1), last=date(2025, 7, 31))
    assert (result["people_delta"], result["amount_delta"]) == (1, Decimal("400"))
