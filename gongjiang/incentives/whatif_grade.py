"""What a worker would receive at another grade (R1.5 career guidance; ADR 0027).

The policy engine is asked, not re-implemented: the published version of every policy for
individuals whose amount depends on a certificate's grade is decided by `decide.decisions_compute`
(pure computation — no decision, claim or ledger row) for the worker alone, once as the worker
stands and once as if they held `grade` in `occupation` from `on`. The "as if" is a certificate that
exists only inside a savepoint that is rolled back before the function returns: the formulas read
their facts from the registry as they always do (the scratch-pad approach of `scenarios.py`), so a
change of conditions or parameters by the bureau changes the answer with no code here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from gongjiang.incentives.decide import decisions_compute
from gongjiang.incentives.engine import month_start, parameters_resolve
from gongjiang.incentives.models import Formula, PolicyVersion, SubjectKind, VersionStatus

#: Formulas whose amount for a person follows the grade of a certificate they hold.
GRADE_FORMULAS = (Formula.CERTIFICATE_ONE_TIME, Formula.POST_MONTHLY, Formula.SKILL_UPGRADE)
ZERO = Decimal("0")


@dataclass
class GradeWhatIf:
    """One policy's answer: what it pays now, what it would pay at the grade, and why not."""

    policy_name: str
    document: str
    clause: str
    formula: str
    per_month: bool  # a monthly amount (岗位补贴) rather than a one-time one
    now: Decimal
    as_if: Decimal
    failed: list[str] = field(default_factory=list)  # conditions not met at the grade (labels)
    assumptions: list[str] = field(default_factory=list)

    @property
    def gain(self) -> Decimal:
        return self.as_if - self.now if self.as_if > self.now else ZERO


class _Rollback(Exception):  # noqa: N818 — control flow: undo the hypothetical certificate
    pass


def _versions() -> list[PolicyVersion]:
    return list(PolicyVersion.objects.filter(status=VersionStatus.PUBLISHED, policy__subject_kind=SubjectKind.WORKER,
                                             policy__formula__in=GRADE_FORMULAS)
                .select_related("policy", "policy__document", "policy__district").order_by("policy__code"))


def _entitled(outcomes, worker_id: int) -> Decimal:
    return sum((o.entitled for o in outcomes if o.eligible and o.row.worker_id == worker_id), ZERO)


def _failed(outcomes) -> list[str]:
    labels: list[str] = []
    for outcome in outcomes:
        explanation = outcome.explanation
        if explanation.get("refused"):
            labels.append(explanation["refused"])
        labels += [c["label"] for c in explanation.get("conditions", []) if not c["passed"]]
    return list(dict.fromkeys(labels))


def grade_whatif(*, worker_id: int, occupation: Any, grade: int, on: date) -> list[GradeWhatIf]:
    """For each published policy for individuals that pays by certificate grade: the worker's
    amount for the month of `on` now, and as if a certificate of `grade` in `occupation` had been
    issued to them on `on`. Writes nothing (see the module's note). The caller has checked the
    worker is in the actor's scope."""
    from gongjiang.registry.models import Certificate, CertificateKind

    period = month_start(on)
    versions = _versions()
    if not versions:
        return []
    now = {v.pk: decisions_compute(v, period, worker_ids=[worker_id], today=on, with_trace=False) for v in versions}
    results: list[GradeWhatIf] = []
    try:
        with transaction.atomic():
            cert = Certificate.objects.create(
                worker_id=worker_id, number=f"WHATIF-{uuid.uuid4().hex[:12]}", kind=CertificateKind.SKILL_GRADE,
                occupation=occupation, grade=grade, issuer="职业发展指引（假设，不保存）", issued_on=on)
            for version in versions:
                policy = version.policy
                extra, assumptions = None, []
                if policy.formula == Formula.SKILL_UPGRADE:
                    # No unemployment-insurance record here: assume the policy's minimum (stated on screen).
                    minimum = parameters_resolve(version, on=period).get("insured_months_min")
                    months = int(minimum.value) if minimum else 0
                    extra = {"certificate_id": cert.pk, "insured_months": months, "applied_on": on}
                    assumptions.append(f"按参加失业保险满 {months} 个月计算（申领时以社保记录为准）")
                outcomes = decisions_compute(version, period, worker_ids=[worker_id], extra_inputs=extra, today=on)
                mine = [o for o in outcomes if o.row.worker_id == worker_id
                        and (policy.formula == Formula.POST_MONTHLY or o.row.extra.get("certificate_id") == cert.pk)]
                as_if = _entitled(mine, worker_id)
                results.append(GradeWhatIf(
                    policy_name=policy.name, document=policy.document.number, clause=policy.clause,
                    formula=policy.formula, per_month=policy.formula == Formula.POST_MONTHLY,
                    now=_entitled(now[version.pk], worker_id) if policy.formula == Formula.POST_MONTHLY else ZERO,
                    as_if=as_if, failed=[] if as_if else _failed(mine), assumptions=assumptions))
            raise _Rollback
    except _Rollback:
        pass
    return results
