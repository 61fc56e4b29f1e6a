"""Explanations in words: what a worker, an enterprise or a clerk reads on a decision (issue 10 §5;
ADR 0018).

The engine stores facts, requirements, parameters and the amount rule under their code names
(`top_grade`, `>= 5`, `amount_senior_technician`); this module is the only place that turns them
into screen words: each fact's Chinese label (declared beside the fact in `formulas.py`) and its
value in words (最高等级：高级技师（一级）), each requirement in words (技师（二级）及以上), each
parameter with its label and its value with the unit (每月 600 元), the amount rule with the
parameters replaced by their labels and values. English comes from the catalogue (gettext), like
every other screen word. The raw names survive only in `technical`, which the templates show to
bureau staff in a collapsed "技术信息" view.

A fact or parameter without an entry here fails `tests/test_explain.py`, so a new one cannot
reach a screen as code."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.incentives.formulas import FORMULAS
from gongjiang.reference.grades import Grade

# How a fact's or parameter's value reads.
GRADE, YES_NO, DIVISION, CERT_KIND, HONOUR_LEVEL, MONTHS, YUAN, YUAN_MONTH, COUNT, TIMES, RATE, FLAG, DAYS, TEXT = (
    "grade", "yes_no", "division", "cert_kind", "honour_level", "months", "yuan", "yuan_month", "count", "times",
    "rate", "flag", "days", "text")
CALENDAR_DAYS, MONTH_RULE, DAY_COUNT = "calendar_days", "month_rule", "day_count"

#: The month rules of issue 17 §3 (engine.MONTH_RULE_*) in words.
MONTH_RULES = {1: gettext_lazy("当月1日在岗"), 2: gettext_lazy("当月最后一天在岗"), 3: gettext_lazy("当月任一天在岗"),
               4: gettext_lazy("按当月在岗天数折算"), 5: gettext_lazy("发证（获评）当日在岗")}

#: fact name → kind of value (labels are beside the facts in formulas.py).
FACT_KINDS: dict[str, str] = {
    "cert_grade": GRADE, "top_grade": GRADE, "cert_kind": CERT_KIND, "employed": YES_NO,
    "employer_district_code": DIVISION, "employer_city_code": DIVISION, "enterprise_district_code": DIVISION,
    "front_line": YES_NO, "shortage_occupation": YES_NO, "months_paid": MONTHS,
    "employed_by_evaluator": YES_NO, "committed_this_year": YUAN, "insured_months": MONTHS,
    "months_since_issue": MONTHS, "same_occupation_grade_paid": YES_NO, "higher_grade_paid_same_occupation": YES_NO,
    "times_paid_this_year": TIMES, "training_subsidised_for_cert": YES_NO, "honour_title": TEXT,
    "honour_level": HONOUR_LEVEL, "within_quota": YES_NO,
    # training (issue 12)
    "exam_passed": YES_NO, "programme_in_catalogue": YES_NO, "attended_share": RATE, "blocked_by_finding": YES_NO,
    "institution_admitted": YES_NO, "programme_standard": YUAN,
    "occupation_in_shortage_catalogue": YES_NO, "days_after_completion": DAY_COUNT,
}

#: parameter name → (label, kind of value). Parameters of every formula plus the workflow's.
PARAMETERS: dict[str, tuple[Any, str]] = {
    "amount": (gettext_lazy("补贴（奖励）金额"), YUAN),
    "once_per_person": (gettext_lazy("每人限享一次"), FLAG),
    "amount_technician": (gettext_lazy("技师岗位补贴标准"), YUAN_MONTH),
    "amount_senior_technician": (gettext_lazy("高级技师岗位补贴标准"), YUAN_MONTH),
    "max_months": (gettext_lazy("最长享受月数"), MONTHS),
    "count_continued_policy": (gettext_lazy("原政策已享月数计入上限"), FLAG),
    "amount_per_person": (gettext_lazy("每人奖励标准"), YUAN),
    "annual_cap": (gettext_lazy("每家企业每年奖励上限"), YUAN),
    "amount_junior": (gettext_lazy("初级工补贴标准"), YUAN),
    "amount_intermediate": (gettext_lazy("中级工补贴标准"), YUAN),
    "amount_senior": (gettext_lazy("高级工补贴标准"), YUAN),
    "shortage_uplift_rate": (gettext_lazy("紧缺职业上浮比例"), RATE),
    "shortage_uplift_min_grade": (gettext_lazy("上浮起始等级"), GRADE),
    "insured_months_min": (gettext_lazy("最少参保月数"), MONTHS),
    "apply_within_months": (gettext_lazy("申请时限"), MONTHS),
    "max_times_per_year": (gettext_lazy("每人每年最多享受次数"), TIMES),
    "amount_national": (gettext_lazy("国家级奖励标准"), YUAN),
    "amount_provincial": (gettext_lazy("省（市）级奖励标准"), YUAN),
    "amount_municipal": (gettext_lazy("市级奖励标准"), YUAN),
    "notice_working_days": (gettext_lazy("公示期"), DAYS),
    "month_rule": (gettext_lazy("在岗口径"), MONTH_RULE),
    "standard_share": (gettext_lazy("按项目补贴标准的比例"), RATE),
    "attendance_min_share": (gettext_lazy("最低出勤比例"), RATE),
    "uplift_share": (gettext_lazy("上浮比例（按项目补贴标准）"), RATE),
    "certify_within_days": (gettext_lazy("结业后取证期限（天）"), DAY_COUNT),
    "grade_in_post_occupation": (gettext_lazy("等级须与岗位职业（工种）一致"), FLAG),
    "confirm_within_days": (gettext_lazy("确认期限"), CALENDAR_DAYS),
}


def _number(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = format(number.normalize(), "f")
    return text


def _grade(value: Any) -> str:
    try:
        return str(Grade(int(Decimal(str(value)))).label)
    except (ValueError, InvalidOperation):
        return str(value)


def _division(code: Any) -> str:
    from gongjiang.reference.selectors import division_name_for_code

    found = division_name_for_code(str(code))
    return found.name if found else str(code)


def value_words(kind: str, value: Any) -> str:
    """`value` in words for a value of `kind` (a grade's name, 是/否, a division's name, 600 元…)."""
    if value is None:
        return _("无记录")
    if isinstance(value, list):
        return "、".join(value_words(kind, v) for v in value)
    if kind == GRADE:
        return _grade(value)
    if kind in (YES_NO, FLAG):
        if kind == FLAG:
            value = _number(value) not in ("0", "")
        return _("是") if value else _("否")
    if kind == DIVISION:
        return _division(value)
    if kind == CERT_KIND:
        from gongjiang.registry.models import CertificateKind

        return str(dict(CertificateKind.choices).get(value, value))
    if kind == HONOUR_LEVEL:
        from gongjiang.registry.models import Level

        return str(dict(Level.choices).get(value, value))
    if kind == MONTHS:
        return _("%(n)s 个月") % {"n": _number(value)}
    if kind == YUAN:
        return _("%(n)s 元") % {"n": _number(value)}
    if kind == YUAN_MONTH:
        return _("每月 %(n)s 元") % {"n": _number(value)}
    if kind == TIMES:
        return _("%(n)s 次") % {"n": _number(value)}
    if kind == DAYS:
        return _("%(n)s 个工作日") % {"n": _number(value)}
    if kind == CALENDAR_DAYS:
        return _("自通知之日起 %(n)s 天") % {"n": _number(value)}
    if kind == DAY_COUNT:
        return _("%(n)s 天") % {"n": _number(value)}
    if kind == MONTH_RULE:
        try:
            return str(MONTH_RULES[int(Decimal(str(value)))])
        except (KeyError, ValueError, InvalidOperation):
            return str(value)
    if kind == RATE:
        return f"{_number(Decimal(str(value)) * 100)}%"
    if kind == COUNT:
        return _number(value)
    return _(str(value)) if value else str(value)


def fact_label(formula: str, fact: str) -> str:
    spec = FORMULAS.get(formula)
    label = spec.facts[fact][1] if spec and fact in spec.facts else fact
    return _(label)


def fact_words(fact: str, value: Any) -> str:
    return value_words(FACT_KINDS.get(fact, TEXT), value)


def parameter_label(name: str) -> str:
    return str(PARAMETERS[name][0]) if name in PARAMETERS else name


def parameter_words(name: str, value: Any) -> str:
    return value_words(PARAMETERS.get(name, ("", COUNT))[1], value)


_GRADE_OPS = {"==": "%(v)s", "!=": gettext_lazy("不是%(v)s"), ">=": gettext_lazy("%(v)s及以上"),
              "<=": gettext_lazy("%(v)s及以下"), ">": gettext_lazy("高于%(v)s"), "<": gettext_lazy("低于%(v)s")}
_OPS = {"==": gettext_lazy("%(v)s"), "!=": gettext_lazy("不是%(v)s"), ">=": gettext_lazy("不少于 %(v)s"),
        "<=": gettext_lazy("不超过 %(v)s"), ">": gettext_lazy("多于 %(v)s"), "<": gettext_lazy("少于 %(v)s"),
        "in": gettext_lazy("%(v)s之一"), "not_in": gettext_lazy("不是%(v)s")}


def requirement_words(cond: dict, parameters: dict | None = None) -> str:
    """What a condition requires, in words: 技师（二级）及以上；是；定海区；少于 36 个月（最长享受月数）."""
    op, fact = cond["op"], cond["fact"]
    if op == "is_true":
        return _("是")
    if op == "is_false":
        return _("否")
    kind = FACT_KINDS.get(fact, TEXT)
    expected = cond.get("expected", cond.get("value"))
    if expected is None and cond.get("param") and parameters and cond["param"] in parameters:
        expected = parameters[cond["param"]].get("value")
    words = value_words(kind, expected) if expected is not None else _("（未设定）")
    template = (_GRADE_OPS if kind == GRADE else _OPS).get(op, "%(v)s")
    text = str(template) % {"v": words}
    if cond.get("param"):
        text += _("（%(label)s）") % {"label": parameter_label(cond["param"])}
    return text


_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|\bamount\b")


def amount_rule_words(rule: str, parameters: dict | None) -> str:
    """The amount rule with each parameter name replaced by its label and value:
    "高级技师及以上：amount_senior_technician" → "高级技师及以上：高级技师岗位补贴标准 每月 600 元"."""
    if not rule:
        return ""
    parameters = parameters or {}
    if _NAME.search(rule) is None:
        return _(rule)
    capped = re.fullmatch(r"min\((\w+), (\w+) − 本年已享 ([\d.]+)\)", rule)
    if capped:
        a, b, used = capped.groups()
        return _("%(a)s，且不超过%(b)s减去本年已享的 %(used)s") % {
            "a": _param_phrase(a, parameters), "b": _param_phrase(b, parameters), "used": value_words(YUAN, used)}
    prefixed = re.fullmatch(r"([^：]+)：(\w+)", rule)
    if prefixed:
        return _("%(label)s：%(value)s") % {"label": _(prefixed.group(1)),
                                           "value": _param_phrase(prefixed.group(2), parameters)}
    rule = rule.replace("补贴金额 = ", "").replace("每人奖励 = ", "")
    return _NAME.sub(lambda m: _param_phrase(m.group(0), parameters), rule)


def _param_phrase(name: str, parameters: dict) -> str:
    if name not in PARAMETERS:
        return name
    value = parameters.get(name, {}).get("value") if isinstance(parameters.get(name), dict) else None
    label = parameter_label(name)
    return f"{label} {parameter_words(name, value)}" if value is not None else label


def explanation_words(explanation: dict, *, formula: str) -> dict:
    """The explanation (`Decision.explanation`) in words, with the raw names kept apart under
    `technical` for the bureau's collapsed view."""
    parameters = explanation.get("parameters") or {}
    conditions = []
    for c in explanation.get("conditions") or []:
        conditions.append({
            "label": _(c.get("label") or ""), "fact": fact_label(formula, c["fact"]),
            "actual": fact_words(c["fact"], c.get("actual")), "required": requirement_words(c, parameters),
            "passed": c.get("passed"),
            "situation": _("%(label)s：%(value)s") % {"label": fact_label(formula, c["fact"]),
                                                   "value": fact_words(c["fact"], c.get("actual"))},
            "technical": f"{c['fact']} = {c.get('actual')!r}；{c['op']} "
                         f"{c.get('param') or c.get('expected')!r}"})
    params = [{"name": name, "label": parameter_label(name), "value": parameter_words(name, p.get("value")),
               "effective_from": p.get("effective_from", ""), "citation": p.get("citation", ""),
               "decided_at": (p.get("decided_at") or "")[:10], "raw": p.get("value")}
              for name, p in parameters.items()]
    rule = explanation.get("amount_rule") or ""
    return {"conditions": conditions, "parameters": params, "amount_rule": amount_rule_words(rule, parameters),
            "amount_rule_raw": rule}


def conditions_words(conditions: list[dict], *, formula: str, parameters: dict | None = None) -> list[dict]:
    """A version's conditions (no facts read yet) in words, for the policy pages."""
    return [{"label": _(c.get("label") or ""), "fact_label": fact_label(formula, c["fact"]),
             "required": requirement_words(c, parameters),
             "technical": f"{c['fact']} {c['op']} {c.get('param') or c.get('value')!r}"} for c in conditions]


PERIOD_ONCE = gettext_lazy("一次性（每人一次）")


def period_words(period: str, period_start: Any = None) -> str:
    """A claim's or decision's period key in words: "2025-03" → 2025年3月; "person" → 一次性（每人一次）;
    "cert:12" → 按证书（一次性）; "2025:w7" → 2025年度; "honour:3" → 荣誉奖励（一次性）."""
    if period == "person":
        return str(PERIOD_ONCE)
    if period.startswith("cert:"):
        return _("按证书（一次性）")
    if period.startswith("honour:"):
        return _("获评当月（一次性）")
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if match:
        return _("%(y)s年%(m)s月") % {"y": match.group(1), "m": int(match.group(2))}
    match = re.fullmatch(r"(\d{4}):w\d+", period)
    if match:
        return _("%(y)s年度") % {"y": match.group(1)}
    return period
