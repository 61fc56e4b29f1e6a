"""The policy engine: declared facts, structured conditions, bitemporal parameters (ADR 0009).

Conditions are data — a list of `{"fact", "op", "value" | "param", "label"}` — checked against the
formula's declared facts when a version is saved (`conditions_check`) and compiled into Python
closures (`conditions_compile`); nothing is ever passed to `eval`. A formula (in `formulas.py`)
says which subjects and periods a policy decides, which facts it reads and how it turns
parameters into an amount; the officer changes conditions and parameter values without a
programmer."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gongjiang.core.errors import DomainError
from gongjiang.incentives.models import ParameterValue, PolicyVersion, VersionStatus

# Fact types: what a condition may compare a fact with.
INT, BOOL, STR, DECIMAL = "int", "bool", "str", "decimal"

OPS: dict[str, set[str]] = {
    INT: {"==", "!=", ">=", "<=", ">", "<", "in", "not_in"},
    DECIMAL: {"==", "!=", ">=", "<=", ">", "<"},
    STR: {"==", "!=", "in", "not_in"},
    BOOL: {"is_true", "is_false"},
}
OP_LABELS = {"==": "等于", "!=": "不等于", ">=": "不少于", "<=": "不超过", ">": "大于", "<": "小于",
             "in": "属于", "not_in": "不属于", "is_true": "是", "is_false": "否"}


def _type_ok(kind: str, value: Any) -> bool:
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == DECIMAL:
        return isinstance(value, int | str) and not isinstance(value, bool)
    if kind == STR:
        return isinstance(value, str)
    return False


def conditions_check(conditions: Any, *, facts: dict[str, tuple[str, str]], parameters: set[str]) -> list[dict]:
    """Check conditions against the declared facts (name → (type, Chinese label)) and parameter
    names. Returns the normalised list, or raises DomainError saying which condition is wrong
    and how to fix it."""
    if not isinstance(conditions, list):
        raise DomainError("条件必须是列表，每一项形如 {fact, op, value}", field="conditions")
    normalised = []
    for i, cond in enumerate(conditions, start=1):
        where = f"第 {i} 个条件"
        if not isinstance(cond, dict) or "fact" not in cond or "op" not in cond:
            raise DomainError(f"{where}缺少 fact 或 op，请写成 {{fact: 事实名, op: 运算符, value: 取值}}",
                              field="conditions")
        fact, op = cond["fact"], cond["op"]
        if fact not in facts:
            raise DomainError(f"{where}：没有名为“{fact}”的事实。可用的事实：{'、'.join(sorted(facts))}",
                              field="conditions")
        kind = facts[fact][0]
        if op not in OPS[kind]:
            raise DomainError(f"{where}：事实“{fact}”是{kind}类型，不能用运算符“{op}”；"
                              f"可用：{'、'.join(sorted(OPS[kind]))}", field="conditions")
        item = {"fact": fact, "op": op, "label": str(cond.get("label") or f"{facts[fact][1]}{OP_LABELS[op]}")}
        if kind == BOOL:
            if "value" in cond or "param" in cond:
                raise DomainError(f"{where}：是/否类事实用 is_true 或 is_false，不需要 value", field="conditions")
        elif "param" in cond:
            if cond["param"] not in parameters:
                raise DomainError(f"{where}：没有名为“{cond['param']}”的参数，请先在参数表中添加",
                                  field="conditions")
            if op in {"in", "not_in"}:
                raise DomainError(f"{where}：in/not_in 只能与取值列表比较", field="conditions")
            item["param"] = cond["param"]
        else:
            value = cond.get("value")
            values = value if op in {"in", "not_in"} else [value]
            if op in {"in", "not_in"} and not isinstance(value, list):
                raise DomainError(f"{where}：运算符 {op} 需要一个取值列表，例如 [\"a\", \"b\"]", field="conditions")
            bad = [v for v in values if not _type_ok(kind, v)]
            if bad:
                raise DomainError(f"{where}：事实“{fact}”是{kind}类型，取值 {bad[0]!r} 类型不符", field="conditions")
            item["value"] = value
        normalised.append(item)
    return normalised


def _op(op: str, actual: Any, expected: Any) -> bool:
    if actual is None:
        return False
    if op == "==":
        return actual == expected
    if op == "!=":
        return actual != expected
    if op == ">=":
        return actual >= expected
    if op == "<=":
        return actual <= expected
    if op == ">":
        return actual > expected
    if op == "<":
        return actual < expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "is_true":
        return bool(actual)
    return not actual  # is_false


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Decimal
    effective_from: date
    citation: str
    decided_at: datetime

    def as_trace(self) -> dict:
        return {"value": format(self.value.normalize(), "f"), "effective_from": self.effective_from.isoformat(),
                "citation": self.citation, "decided_at": self.decided_at.isoformat()}


def parameters_resolve(version: PolicyVersion, *, on: date, believed_on: datetime | None = None
                       ) -> dict[str, Parameter]:
    """The value of each parameter of `version` applicable on date `on`, as known at `believed_on`
    (default: now). Values come from this version and from earlier published versions of the
    same policy; the latest effective date not after `on` wins, then the latest decision."""
    visible = Q(version=version) | Q(version__policy_id=version.policy_id, version__number__lt=version.number,
                                     version__status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
    qs = ParameterValue.objects.filter(visible, effective_from__lte=on)
    if believed_on is not None:
        qs = qs.filter(decided_at__lte=believed_on)
    result: dict[str, Parameter] = {}
    for row in qs.order_by("name", "effective_from", "decided_at"):
        result[row.name] = Parameter(row.name, row.value, row.effective_from, row.citation, row.decided_at)
    return result


def parameter_names(version: PolicyVersion) -> set[str]:
    visible = Q(version=version) | Q(version__policy_id=version.policy_id, version__number__lt=version.number,
                                     version__status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
    return set(ParameterValue.objects.filter(visible).values_list("name", flat=True))


def _check(op: str, expected: Any):
    """A one-argument test for `op` against `expected`; a missing fact (None) never passes."""
    if op == "is_true":
        return lambda actual: actual is not None and bool(actual)
    if op == "is_false":
        return lambda actual: actual is not None and not actual
    if expected is None:  # a parameter with no value on this date: the condition cannot pass
        return lambda actual: False
    return lambda actual: actual is not None and _op(op, actual, expected)


_FAST = {
    "==": lambda e: lambda a: a is not None and a == e,
    "!=": lambda e: lambda a: a is not None and a != e,
    ">=": lambda e: lambda a: a is not None and a >= e,
    "<=": lambda e: lambda a: a is not None and a <= e,
    ">": lambda e: lambda a: a is not None and a > e,
    "<": lambda e: lambda a: a is not None and a < e,
    "in": lambda e: (lambda s: lambda a: a is not None and a in s)(frozenset(e) if all(
        isinstance(x, str | int) for x in e) else e),
    "not_in": lambda e: (lambda s: lambda a: a is not None and a not in s)(frozenset(e) if all(
        isinstance(x, str | int) for x in e) else e),
}


class CompiledConditions:
    """Conditions bound to one set of parameter values, compiled once into one-argument tests and
    run over many rows."""

    def __init__(self, conditions: list[dict], params: dict[str, Parameter]):
        self.items = []
        self.checks = []
        for cond in conditions:
            if "param" in cond:
                param = params.get(cond["param"])
                expected: Any = param.value if param else None
            else:
                expected = cond.get("value")
            op = cond["op"]
            self.items.append((cond["fact"], op, expected, cond["label"], cond.get("param")))
            check = _FAST[op](expected) if op in _FAST and expected is not None else _check(op, expected)
            self.checks.append((cond["fact"], check))

    def passed_each(self, facts: dict) -> list[bool]:
        return [check(facts.get(fact)) for fact, check in self.checks]

    def passes(self, facts: dict) -> bool:
        return all(check(facts.get(fact)) for fact, check in self.checks)

    def trace(self, facts: dict) -> list[dict]:
        out = []
        for (fact, op, expected, label, param), passed in zip(self.items, self.passed_each(facts), strict=True):
            entry = {"label": label, "fact": fact, "op": op, "actual": _jsonable(facts.get(fact)), "passed": passed,
                     "expected": _jsonable(expected)}
            if param:
                entry["param"] = param
            out.append(entry)
        return out


def _jsonable(value: Any) -> Any:
    if value is None or value.__class__ in (int, bool, str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_next(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """Month starts from `first`'s month to `last`'s month inclusive."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = month_next(current)
    return months


def month_last(day: date) -> date:
    return month_next(day) - timedelta(days=1)


# Month rules (issue 17 §3): which job counts in a month. A parameter `month_rule` of each policy
# whose formula reads a job; its value is one of these numbers, with the citation or the bureau's
# stated reading. The shortage catalogue is read once for the whole month, as in force on the 1st.
MONTH_RULE_FIRST_DAY, MONTH_RULE_LAST_DAY, MONTH_RULE_ANY_DAY, MONTH_RULE_PRO_RATA, MONTH_RULE_EVENT_DAY = 1, 2, 3, 4, 5
MONTH_RULES = {
    MONTH_RULE_FIRST_DAY: "当月1日在岗",
    MONTH_RULE_LAST_DAY: "当月最后一天在岗",
    MONTH_RULE_ANY_DAY: "当月任一天在岗",
    MONTH_RULE_PRO_RATA: "按当月在岗天数折算",
    MONTH_RULE_EVENT_DAY: "发证（获评）当日在岗",
}
CATALOGUE_NOTE = "急需紧缺职业（工种）目录：全月按当月1日适用的版本"


def validity_refusal(document: Any, period_start: date, *, event_on: date | None = None) -> str:
    """Why the month starting `period_start` (or the event of `event_on`: a certificate issued, an
    honour awarded) lies outside the document's validity — from `applies_from` (retroactive start)
    to `expires_on` — or "" when it lies inside (issue 17 §2). A month counts when it overlaps the
    validity; an event must fall inside it."""
    first, last = document.applies_from, document.expires_on
    span = f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}" if last else f"{first:%Y-%m-%d} 起"
    if month_next(period_start) <= first or (last is not None and period_start > last):
        return f"不在政策有效期内：{document.number} 适用期间为 {span}，{period_start:%Y-%m} 不在其中"
    if event_on is not None and (event_on < first or (last is not None and event_on > last)):
        return f"不在政策有效期内：{document.number} 适用期间为 {span}，{event_on:%Y-%m-%d} 不在其中"
    return ""
