"""The public pages of incentives (issue 16, R9.2; ADR 0026): the policies in force with their
documents, clauses and standards, and the 公示 list, both open to anyone."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongjiang.incentives import selectors
from gongjiang.incentives.tests.factories import claim_in_notice, front_line_welder, published

pytestmark = pytest.mark.django_db
POST = "dinghai-2025-post-subsidy"
HUANGPU = "huangpu-2018-master-studio-matching"
REWARD = "dinghai-2025-self-cert-reward"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_policies_in_force_carry_their_document_clause_and_standards_with_citations():
    published(POST)
    documents = selectors.policies_in_force(on=date(2025, 7, 1))
    dinghai = next(d for d in documents if d["number"] == "定政发〔2025〕4号")
    post = next(p for p in dinghai["policies"] if p["code"] == POST)
    assert post["clause"] == "二(三)4"
    standards = {s["label"]: s for s in post["standards"]}
    assert standards["高级技师岗位补贴标准"]["value"] == "每月 600 元"
    assert standards["高级技师岗位补贴标准"]["citation"].startswith("定政发〔2025〕4号 二(三)4")
    assert post["conditions"]


def test_a_document_past_its_expiry_or_a_policy_without_a_published_version_is_not_shown():
    published(HUANGPU)
    numbers = {d["number"] for d in selectors.policies_in_force(on=date(2025, 7, 1))}
    assert "黄府发〔2018〕007号" not in numbers
    assert "黄府发〔2018〕007号" in {d["number"] for d in selectors.policies_in_force(on=date(2019, 7, 1))}


def test_anyone_opens_the_policies_page_and_it_names_no_requirement_number():
    published(POST)
    response = Client().get(reverse("incentives:policies_public"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "技师高级技师岗位补贴" in page
    assert "定政发〔2025〕4号" in page
    assert not re.search(r"\bR\d+\.\d+", page)


def test_a_version_published_later_is_a_new_edition_of_the_cached_page(bureau_staff, bureau_admin):
    from gongjiang.incentives.services import (
        parameter_value_add,
        policy_version_approve,
        policy_version_draft,
        policy_version_submit,
    )
    from gongjiang.incentives.tests.factories import policy

    def cap(on):
        documents = selectors.policies_in_force(on=on)
        reward = next(p for d in documents for p in d["policies"] if p["code"] == REWARD)
        return next(s["value"] for s in reward["standards"] if s["label"] == "每家企业每年奖励上限")

    on = date(2025, 7, 1)
    assert cap(on) == "50000 元"
    draft = policy_version_draft(actor=bureau_staff, policy=policy(REWARD))
    parameter_value_add(actor=bureau_staff, version=draft, name="annual_cap", value="30000",
                        effective_from=date(2025, 1, 1), citation="测试：上限调整")
    policy_version_submit(actor=bureau_staff, version=draft)
    policy_version_approve(actor=bureau_admin, version=draft, run_arrears=False)
    assert cap(on) == "30000 元"


def test_anyone_reads_the_notice_with_names_and_id_numbers_masked(enterprise_a):
    worker = front_line_welder(enterprise_a)
    claim_in_notice(published(POST), worker)
    response = Client().get(reverse("incentives:notice"))
    assert response.status_code == 200
    page = response.content.decode()
    assert worker.id_number_masked in page
    assert worker.id_number_plain() not in page
    assert worker.name not in page
    assert worker.name[0] + "*" in page


def test_a_claim_entering_the_notice_after_a_visit_is_on_the_next_visit(enterprise_a):
    version = published(POST)
    claim_in_notice(version, front_line_welder(enterprise_a))
    assert len(selectors.notice_list(on=date(2025, 7, 20))) == 1
    claim_in_notice(version, front_line_welder(enterprise_a))
    assert len(selectors.notice_list(on=date(2025, 7, 20))) == 2
