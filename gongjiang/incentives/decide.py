"""Deciding: facts × conditions × parameters → eligible, amount, trace. Pure computation, no
writes; the monthly run, arrears, what-if, policy tests and single applications all call it.

A decision's trace is stored compactly — the value each condition read, whether it passed, and the
amount rule — while what is the same for every decision of one version and month (the conditions,
the parameter values with their citations, the document and clause) is stored once on the run
(`DecisionRun.context`). `explanation_build` joins the two into the clause-by-clause explanation."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongjiang.incentives.counting import COUNTING_RULE, committed_by_key, predecessor_warning
from gongjiang.incentives.engine import (
    CATALOGUE_NOTE,
    MONTH_RULES,
    CompiledConditions,
    _jsonable,
    parameters_resolve,
    validity_refusal,
)
from gongjiang.incentives.formulas import (
    CENT,
    FORMULAS,
    ZERO,
    Row,
    month_rule,
)
from gongjiang.incentives.models import Formula, PolicyVersion

# The formula's month rule when a policy carries no `month_rule` parameter (issue 17 §3).
DEFAULT_MONTH_RULE = {Formula.POST_MONTHLY: 2, Formula.ENTERPRISE_SELF_CERT_REWARD: 3,
                      Formula.CERTIFICATE_ONE_TIME: 5, Formula.HONOUR_REWARD: 2}


@dataclass
class Outcome:
    row: Row
    eligible: bool
    entitled: Decimal
    already_paid: Decimal
    due: Decimal
    trace: dict[str, Any]
    context: dict[str, Any]

    @property
    def explanation(self) -> dict[str, Any]:
        return explanation_build(self.trace, self.context)


def explanation_build(trace: dict[str, Any], context: dict[str, Any] | None) -> dict[str, Any]:
    """The full explanation: every condition with the fact it read, the value required and
    whether it passed; the parameter values with citations; the amount rule; and `notes`, in
    Chinese, for what is not a condition (issue 17): the refusal of a month or event outside the
    policy's validity, the month rule used, the counting rule, a missing predecessor policy."""
    if "conditions" in trace or not context:
        return trace
    conditions = [{**cond, "actual": actual, "passed": passed}
                  for cond, actual, passed in zip(context["conditions"], trace["a"], trace["ok"], strict=True)]
    refusal = trace.get("refused") or context.get("refused", "")
    notes = ([refusal] if refusal else []) + list(context.get("notes", []))
    return {"conditions": conditions, "parameters": context["parameters"], "amount_rule": trace.get("rule", ""),
            "document": context["document"], "clause": context["clause"], "version": context["version"],
            "refused": refusal, "notes": notes}


def context_notes(version: PolicyVersion, params: dict) -> list[str]:
    """What every explanation of `version` for one month says besides its conditions: the month
    rule with its citation, the catalogue date, the counting rule, a missing predecessor."""
    policy = version.policy
    notes = []
    default = DEFAULT_MONTH_RULE.get(policy.formula)
    if default is not None:
        rule = month_rule(params, default)
        cited = params.get("month_rule")
        notes.append(f"在岗口径：{MONTH_RULES[rule]}" + (f"（依据：{cited.citation}）" if cited else "（计算方式的默认口径）"))
    if policy.formula in (Formula.POST_MONTHLY, Formula.SKILL_UPGRADE):
        notes.append(CATALOGUE_NOTE)
    if policy.formula in (Formula.POST_MONTHLY, Formula.ENTERPRISE_SELF_CERT_REWARD, Formula.SKILL_UPGRADE):
        notes.append(COUNTING_RULE)
    warning = predecessor_warning(policy, params)
    if warning:
        notes.append(warning)
    return notes


def decisions_compute(version: PolicyVersion, period_start: date, *, worker_ids=None, extra_inputs: dict | None = None,
                      believed_on: datetime | None = None, with_trace: bool = True, today: date | None = None
                      ) -> list[Outcome]:
    """Decide every candidate of `version`'s policy for the month starting `period_start` (or only
    `worker_ids`: the single-case path). `already_paid` nets what this policy, and the policy it
    continues, have paid or committed for the same subject and period (arrears net of payments),
    counted on `today` (default: today). A month outside the document's validity, or an event
    (certificate, honour) outside it, is refused — not eligible, amount 0 — with the reason in
    the explanation (issue 17 §2); every path that decides comes through here."""
    policy = version.policy
    spec = FORMULAS[policy.formula]
    params = parameters_resolve(version, on=period_start, believed_on=believed_on)
    compiled = CompiledConditions(version.conditions, params)
    rows = spec.rows(policy, period_start, params, worker_ids=worker_ids, extra_inputs=extra_inputs, today=today)
    policy_ids = [policy.pk] + ([policy.continues_id] if policy.continues_id else [])
    keys = {r.subject_key for r in rows} if worker_ids is not None or extra_inputs else None
    committed = dict(committed_by_key(policy_ids, subject_keys=keys, today=today)) if rows else {}
    month_refusal = validity_refusal(policy.document, period_start)
    context = {"conditions": [{"label": label, "fact": fact, "op": op, "expected": _jsonable(expected),
                               **({"param": param} if param else {})}
                              for fact, op, expected, label, param in compiled.items],
               "parameters": {name: p.as_trace() for name, p in params.items()},
               "document": policy.document.number, "clause": policy.clause, "version": version.number,
               "notes": context_notes(version, params), **({"refused": month_refusal} if month_refusal else {})}
    items = compiled.items
    state: dict = {}
    outcomes = []
    fact_names = [item[0] for item in items]
    for row in rows:
        facts = row.facts
        passed = compiled.passed_each(facts)
        refused = month_refusal or (validity_refusal(policy.document, period_start, event_on=row.extra["event_on"])
                                    if "event_on" in row.extra else "")
        eligible = all(passed) and not refused
        if eligible:
            entitled, rule = spec.amount(row, params, state)
            entitled = entitled.quantize(CENT, ROUND_HALF_UP)
        else:
            entitled, rule = ZERO, ""
        key = (row.subject_key, row.period)
        paid = committed.get(key, ZERO) if committed else ZERO
        due = entitled - paid if entitled > paid else ZERO
        if due:  # two candidates for one subject and period (e.g. two certificates, once per person)
            committed[key] = paid + due
        trace: dict[str, Any] = {}
        if with_trace:
            trace = {"a": [_jsonable(facts.get(name)) for name in fact_names], "ok": passed, "rule": rule}
            if refused and not month_refusal:
                trace["refused"] = refused
        outcomes.append(Outcome(row, eligible, entitled, paid, due, trace, context))
    return outcomes
