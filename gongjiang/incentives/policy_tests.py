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
        # optional: refused: 有效期  — words the refusal must contain (a month outside the validity)
    scenarios:                     # whole decisions on a small world: see `scenario_run` below
      - name: ...

Condition-only cases are quick: the facts as typed (type-checked against the formula's declared
facts), the conditions and the amount rule; the month must lie within the document's validity.
Scenarios run the real formulas, monthly run, arrears and counting rules. Run with
`gongjiang policy test FILE...`; the shipped policies' files run in the test suite."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from gongjiang.incentives.engine import (
    BOOL,
    DECIMAL,
    INT,
    STR,
    CompiledConditions,
    conditions_check,
    parameter_names,
    parameters_resolve,
    validity_refusal,
)
from gongjiang.incentives.formulas import FORMULAS, Row
from gongjiang.incentives.models import Policy, PolicyVersion, SubjectKind, VersionStatus
from gongjiang.incentives.scenarios import scenario_run


@dataclass
class CaseResult:
    file: str
    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)
    kind: str = "case"  # "case" (condition-only) or "scenario"


TYPE_WORDS = {INT: "整数", BOOL: "是/否（true/false）", STR: "文字（加引号，如 \"330902\"）", DECIMAL: "金额（如 \"500\"）"}


def facts_type_check(facts: dict, declared: dict[str, tuple[str, str]]) -> list[str]:
    """A problem for each fact whose value does not have its declared type (issue 17 §1)."""
    problems = []
    for name, value in facts.items():
        if name not in declared or value is None:
            continue
        kind, label = declared[name]
        ok = {INT: isinstance(value, int) and not isinstance(value, bool), BOOL: isinstance(value, bool),
              STR: isinstance(value, str)}.get(kind)
        if kind == DECIMAL:
            try:
                Decimal(str(value))
                ok = not isinstance(value, bool | float)
            except ArithmeticError:
                ok = False
        if not ok:
            problems.append(f"事实“{name}”（{label}）应为{TYPE_WORDS[kind]}，实际为 {value!r}")
    return problems


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
    for case in data.get("cases") or []:
        name = str(case.get("name", "?"))
        problems: list[str] = []
        unknown = set(case.get("facts", {})) - set(spec.facts)
        if unknown:
            problems.append(f"未声明的事实：{'、'.join(sorted(unknown))}")
        problems += facts_type_check(case.get("facts") or {}, spec.facts)
        if problems:  # the conditions cannot be run on facts of the wrong type
            results.append(CaseResult(str(path), name, False, problems))
            continue
        period = _month(case["period"])
        refusal = validity_refusal(policy.document, period)
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
        eligible = compiled.passes(facts) and not refusal
        amount = spec.amount(row, params, {})[0] if eligible else Decimal("0")
        expect = case.get("expect", {})
        if "eligible" in expect and bool(expect["eligible"]) != eligible:
            failed = ([refusal] if refusal else []) + [t["label"] for t in compiled.trace(facts) if not t["passed"]]
            problems.append(f"应{'符合' if expect['eligible'] else '不符合'}，实际{'符合' if eligible else '不符合'}"
                            + (f"（未满足：{'；'.join(failed)}）" if failed else ""))
        if "refused" in case and str(case["refused"]) not in refusal:
            problems.append(f"应因“{case['refused']}”不予受理，实际：{refusal or '在有效期内'}")
        if "amount" in expect and Decimal(str(expect["amount"])) != amount:
            problems.append(f"金额应为 {expect['amount']}，实际 {amount}")
        if "failed" in case:
            failed_facts = sorted({t["fact"] for t in compiled.trace(facts) if not t["passed"]})
            if failed_facts != sorted(case["failed"]):
                problems.append(f"未满足的条件应为 {sorted(case['failed'])}，实际 {failed_facts}")
        results.append(CaseResult(str(path), name, not problems, problems))
    for scenario in data.get("scenarios") or []:
        problems = scenario_run(policy, version, scenario)
        results.append(CaseResult(str(path), f"情景：{scenario.get('name', '?')}", not problems, problems, "scenario"))
    return results
