"""Explanations in words (issue 10 §5, §7): a worker reads labels and values, never code names;
bureau staff may open the technical view."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gongjiang.incentives.explain import (
    FACT_KINDS,
    PARAMETERS,
    amount_rule_words,
    period_words,
    requirement_words,
)
from gongjiang.incentives.formulas import FORMULAS
from gongjiang.incentives.models import Claim
from gongjiang.incentives.tests.factories import worker_with_decision

RAW = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b(?:None|True|False|is_true|is_false)\b|>=|<=|#\d+")
POLICY_FILES = Path(__file__).resolve().parents[1] / "policies"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visible(html: str) -> str:
    """The page without its collapsed technical view, tags and scripts."""
    html = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    html = re.sub(r'<span data-testid="who">.*?</span>', "", html, flags=re.S)  # the user's own log-in name
    html = re.sub(r"<(script|style|textarea|select)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return html


def test_every_declared_fact_has_a_kind_of_value():
    missing = {f for spec in FORMULAS.values() for f in spec.facts if f not in FACT_KINDS}
    assert not missing


def test_every_parameter_of_the_formulas_and_shipped_policies_has_a_label():
    names = {p for spec in FORMULAS.values() for p in spec.parameters}
    for path in POLICY_FILES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for policy in data.get("policies", []) if isinstance(data, dict) else []:
            names |= {p["name"] for p in policy.get("parameters", [])}
    assert names - set(PARAMETERS) == set()


def test_requirements_read_in_words(db):
    assert requirement_words({"fact": "top_grade", "op": ">=", "value": 5}) == "技师（二级）及以上"
    assert requirement_words({"fact": "front_line", "op": "is_true"}) == "是"
    assert requirement_words({"fact": "employer_district_code", "op": "==", "value": "330902"}) == "定海区"
    assert requirement_words({"fact": "months_paid", "op": "<", "expected": "36", "param": "max_months"}) \
        == "少于 36 个月（最长享受月数）"
    assert requirement_words({"fact": "cert_kind", "op": "in", "value": ["qualification", "skill_grade"]}) \
        == "职业资格证书、职业技能等级证书之一"


def test_amount_rules_name_the_standard_and_its_value():
    params = {"amount_senior_technician": {"value": "600"}}
    assert amount_rule_words("高级技师及以上：amount_senior_technician", params) \
        == "高级技师及以上：高级技师岗位补贴标准 每月 600 元"
    capped = amount_rule_words("min(amount_per_person, annual_cap − 本年已享 1000)",
                               {"amount_per_person": {"value": "500"}, "annual_cap": {"value": "50000"}})
    assert "每人奖励标准 500 元" in capped
    assert "50000 元" in capped
    assert not RAW.search(capped)


def test_periods_read_in_words():
    assert period_words("person") == "一次性（每人一次）"
    assert period_words("2025-03") == "2025年3月"
    assert period_words("2025:w17") == "2025年度"
    assert "cert" not in period_words("cert:12")


def test_worker_reads_the_decision_in_words_without_code_names(worker_user):
    decision = worker_with_decision(worker_user)
    html = _client(worker_user).get(reverse("incentives:decision_detail", args=[decision.pk])).content.decode()
    text = _visible(html)
    assert "月末持有的岗位职业（工种）最高等级：技师（二级）" in text
    assert "技师（二级）及以上" in text
    assert "一线岗位：是" in text
    assert "就业单位所在区县：定海区" in text
    assert "技师岗位补贴标准" in text
    assert "每月 400 元" in text
    assert "2025年7月" in text
    assert not RAW.findall(text), RAW.findall(text)
    assert 'data-testid="technical-view"' not in html  # the technical view is the bureau's


def test_bureau_staff_may_open_the_technical_view(worker_user, bureau_staff):
    decision = worker_with_decision(worker_user)
    html = _client(bureau_staff).get(reverse("incentives:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-testid="technical-view"' in html
    assert "amount_technician" in html
    assert not RAW.findall(_visible(html))


def test_claim_page_and_list_show_the_period_and_explanation_in_words(worker_user, bureau_staff):
    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    mine = _visible(_client(worker_user).get(reverse("incentives:claim_detail", args=[claim.pk])).content.decode())
    assert "2025年7月" in mine
    assert not RAW.findall(mine), RAW.findall(mine)
    listing = _visible(_client(bureau_staff).get(reverse("incentives:claim_list")).content.decode())
    assert "2025年7月" in listing
    assert not RAW.findall(listing), RAW.findall(listing)


def test_policy_page_shows_conditions_and_parameters_in_words(worker_user):
    html = _client(worker_user).get(reverse("incentives:policy_detail",
                                            args=["dinghai-2025-post-subsidy"])).content.decode()
    text = _visible(html)
    assert "技师（二级）及以上" in text
    assert "每月 600 元" in text
    assert not RAW.findall(text), RAW.findall(text)


def test_english_mode_shows_the_explanation_in_english(worker_user):
    decision = worker_with_decision(worker_user)
    client = _client(worker_user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("incentives:decision_detail", args=[decision.pk])).content.decode()
    # the conditions and the amount (citations quote the Chinese text; place names have no English form yet)
    trace = html.split('data-testid="decision-trace"')[1]
    explanation = _visible(trace.split("<h3>")[0] + trace.split('data-testid="amount-rule"')[1].split("</p>")[0])
    explanation = explanation.replace("定海区", "")
    with translation.override("en"):
        assert "Technician (level 2) or above" in explanation
        assert "Front-line post" in explanation
        assert "400 yuan a month" in explanation
        assert re.search(r"[\u4e00-\u9fff]", explanation) is None, explanation
    facts = _visible(html.split('<dl class="facts">')[1].split("</dl>")[0])
    assert "400.00 yuan" in facts
    assert "元" not in facts
    title = _visible(html.split("<h1>")[1].split("</h1>")[0])
    assert "Post subsidy for technicians and senior technicians" in title


@pytest.mark.parametrize("period_start", [date(2025, 7, 1)])
def test_export_of_my_claims_gives_the_period_in_words(worker_user, period_start):
    worker_with_decision(worker_user)
    response = _client(worker_user).get(reverse("incentives:mine_claims_export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming \
        else response.content.decode("utf-8-sig")
    assert f"{period_start.year}年{period_start.month}月" in body
