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

from gongjiang.incentives.engine import CompiledConditions, _jsonable, parameters_resolve
from gongjiang.incentives.formulas import CENT, FORMULAS, ZERO, Row, committed_by_key
from gongjiang.incentives.models import PolicyVersion


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
    whether it passed; the parameter values with citations; the amount rule."""
    if "conditions" in trace or not context:
        return trace
    conditions = [{**cond, "actual": actual, "passed": passed}
                  for cond, actual, passed in zip(context["conditions"], trace["a"], trace["ok"], strict=True)]
    return {"conditions": conditions, "parameters": context["parameters"], "amount_rule": trace.get("rule", ""),
            "document": context["document"], "clause": context["clause"], "version": context["version"]}


def decisions_compute(version: PolicyVersion, period_start: date, *, worker_ids=None, extra_inputs: dict | None = None,
                      believed_on: datetime | None = None, with_trace: bool = True) -> list[Outcome]:
    """Decide every candidate of `version`'s policy for the month starting `period_start` (or only
    `worker_ids`: the single-case path). `already_paid` nets what this policy, and the policy it
    continues, have paid or committed for the same subject and period (arrears net of payments)."""
    policy = version.policy
    spec = FORMULAS[policy.formula]
    params = parameters_resolve(version, on=period_start, believed_on=believed_on)
    compiled = CompiledConditions(version.conditions, params)
    rows = spec.rows(policy, period_start, params, worker_ids=worker_ids, extra_inputs=extra_inputs)
    policy_ids = [policy.pk] + ([policy.continues_id] if policy.continues_id else [])
    keys = {r.subject_key for r in rows} if worker_ids is not None or extra_inputs else None
    committed = dict(committed_by_key(policy_ids, subject_keys=keys)) if rows else {}
    context = {"conditions": [{"label": label, "fact": fact, "op": op, "expected": _jsonable(expected),
                               **({"param": param} if param else {})}
                              for fact, op, expected, label, param in compiled.items],
               "parameters": {name: p.as_trace() for name, p in params.items()},
               "document": policy.document.number, "clause": policy.clause, "version": version.number}
    items = compiled.items
    state: dict = {}
    outcomes = []
    fact_names = [item[0] for item in items]
    for row in rows:
        facts = row.facts
        passed = compiled.passed_each(facts)
        eligible = all(passed)
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
        outcomes.append(Outcome(row, eligible, entitled, paid, due, trace, context))
    return outcomes
