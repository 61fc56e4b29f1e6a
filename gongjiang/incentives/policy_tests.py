"""Policy tests a policy officer can write: YAML files of facts and expected decisions.

    policy: dinghai-2025-post-subsidy
    version: published            # or a version number, e.g. 2 (a draft can be tested before approval)
    cases:
      - name: 技师每月400元
        period: 2025-07            # the month decided (parameters are resolved for it)
        believed_on: 2025-08-01    # optional: parameter values as known on that date
        facts: {top_grade: 5, front_line: true, shortage_occupation: true, ...}
        expect: {eligible: true, amount: "400"}
        # optional: failed: [months_paid]  — the facts whose conditions must fail

Run with `gongjiang policy test FILE...`; the shipped policies' files run in the test suite."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from gongjiang.incentives.engine import (
    CompiledConditions,
    conditions_check,
    parameter_names,
    parameters_resolve,
)
from gongjiang.incentives.formulas import FORMULAS, Row
from gongjiang.incentives.models import Policy, PolicyVersion, SubjectKind, VersionStatus


@dataclass
class CaseResult:
    file: str
    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)


def _month(text) -> datetime.date:
    if isinstance(text, datetime.date):
        return text.replace(day=1)
    year, month = str(text).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def _version(policy: Policy, wanted) -> PolicyVersion:
    if wanted in (None, "published"):
        version = policy.versions.filter(status=VersionStatus.PUBLISHED).first()
    else:
        version = policy.versions.filter(number=int(wanted)).first()
    if version is None:
        raise ValueError(f"政策 {policy.code} 没有版本 {wanted or '（已发布）'}")
    return version


def policy_test_file(path: Path) -> list[CaseResult]:
    """Run every case of one file; never raises for a failing case, only reports it."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    policy = Policy.objects.filter(code=data.get("policy")).first()
    if policy is None:
        return [CaseResult(str(path), "（文件）", False, [f"找不到政策代码“{data.get('policy')}”"])]
    version = _version(policy, data.get("version"))
    spec = FORMULAS[policy.formula]
    results = []
    try:
        conditions_check(version.conditions, facts=spec.facts, parameters=parameter_names(version))
    except Exception as exc:  # a DomainError with the Chinese reason
        return [CaseResult(str(path), "（条件检查）", False, [str(exc)])]
    for case in data.get("cases", []):
        name = str(case.get("name", "?"))
        problems: list[str] = []
        unknown = set(case.get("facts", {})) - set(spec.facts)
        if unknown:
            problems.append(f"未声明的事实：{'、'.join(sorted(unknown))}")
        period = _month(case["period"])
        believed = case.get("believed_on")
        believed_at = datetime.datetime.combine(believed, datetime.time(23, 59), tzinfo=datetime.UTC) \
            if believed else None
        params = parameters_resolve(version, on=period, believed_on=believed_at)
        compiled = CompiledConditions(version.conditions, params)
        facts = dict(case.get("facts", {}))
        for key, (kind, _label) in spec.facts.items():
            if kind == "decimal" and key in facts:
                facts[key] = Decimal(str(facts[key]))
        row = Row(period="test", period_start=period, facts=facts,
                  worker_id=1 if policy.subject_kind == SubjectKind.WORKER else None,
                  enterprise_id=1 if policy.subject_kind == SubjectKind.ENTERPRISE else None)
        eligible = compiled.passes(facts)
        amount = spec.amount(row, params, {})[0] if eligible else Decimal("0")
        expect = case.get("expect", {})
        if "eligible" in expect and bool(expect["eligible"]) != eligible:
            failed = [t["label"] for t in compiled.trace(facts) if not t["passed"]]
            problems.append(f"应{'符合' if expect['eligible'] else '不符合'}，实际{'符合' if eligible else '不符合'}"
                            + (f"（未满足：{'；'.join(failed)}）" if failed else ""))
        if "amount" in expect and Decimal(str(expect["amount"])) != amount:
            problems.append(f"金额应为 {expect['amount']}，实际 {amount}")
        if "failed" in case:
            failed_facts = sorted({t["fact"] for t in compiled.trace(facts) if not t["passed"]})
            if failed_facts != sorted(case["failed"]):
                problems.append(f"未满足的条件应为 {sorted(case['failed'])}，实际 {failed_facts}")
        results.append(CaseResult(str(path), name, not problems, problems))
    return results
