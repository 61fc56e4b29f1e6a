"""Performance evaluation of funded programmes (技能人才服务绩效评估; `000` 三(四)2, R8.1; issue 16;
ADR 0033 §Performance): for each policy, year and district, the money the ledger paid against what
followed for the people it paid — certificates issued after their first payment that year, grades
raised after it — and, on request, the pay growth of the recipients against comparable
non-recipients (the income app's stacked DiD event study, `income.selectors.policy_effect`).

Read-only; money is summed in the database as decimals. "What followed" is association, not
effect: the page says so, and the DiD is the causal estimate where the income data allow one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import ExtractYear

from gongjiang.accounts.permissions import Scope, scope


@dataclass
class PolicyPerformance:
    policy_id: int
    policy_code: str
    policy_name: str
    document: str
    clause: str
    district: str
    district_code: str
    year: int
    paid: Decimal  # payments less reversals booked in the year
    people: int  # workers paid (net of reversals is not tracked per person: anyone with a payment)
    enterprises: int
    certified_after: int  # of those people, how many got a certificate after their first payment that year
    promoted_after: int  # … whose certified grade rose above what they held before that payment

    @property
    def money_per_certificate(self) -> Decimal | None:
        if not self.certified_after:
            return None
        return (self.paid / self.certified_after).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def certified_share(self) -> Decimal | None:
        if not self.people:
            return None
        return (Decimal(self.certified_after) / self.people).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def performance_years() -> list[int]:
    from gongjiang.incentives.models import LedgerEntry

    years = (LedgerEntry.objects.annotate(year=ExtractYear("recorded_at")).values_list("year", flat=True)
             .order_by("-year").distinct())
    return list(years)


def _policies_for(actor: Any):
    from gongjiang.incentives.models import Policy

    qs = Policy.objects.select_related("district", "document")
    if scope(actor) == Scope.ALL:
        return qs
    if scope(actor) == Scope.DISTRICT and actor.district_id:
        own = actor.district
        above = [d.pk for d in (own, own.parent, getattr(own.parent, "parent", None)) if d is not None]
        return qs.filter(district_id__in=above)
    return qs.none()


def performance(*, actor: Any, year: int) -> list[PolicyPerformance]:
    """Every policy the actor may see that booked money in `year`, largest first."""
    from gongjiang.incentives.models import LedgerEntry
    from gongjiang.registry.models import Certificate

    policies = {p.pk: p for p in _policies_for(actor)}
    entries = LedgerEntry.objects.filter(policy_id__in=list(policies), recorded_at__year=year)
    totals = {r["policy_id"]: r for r in entries.values("policy_id").order_by().annotate(
        paid=Sum("amount"), people=Count("worker", distinct=True, filter=Q(kind="payment")),
        enterprises=Count("enterprise", distinct=True, filter=Q(kind="payment")))}
    firsts = list(entries.filter(kind="payment", worker__isnull=False).values("policy_id", "worker_id").order_by()
                  .annotate(first=Min("recorded_at")))
    workers = {f["worker_id"] for f in firsts}
    certificates: dict[int, list[tuple[Any, int]]] = defaultdict(list)
    for worker_id, issued_on, grade in (Certificate.objects.filter(worker_id__in=workers)
                                        .values_list("worker_id", "issued_on", "grade")):
        certificates[worker_id].append((issued_on, grade or 0))
    certified: dict[int, int] = defaultdict(int)
    promoted: dict[int, int] = defaultdict(int)
    for f in firsts:
        paid_on = f["first"].date()
        held = certificates.get(f["worker_id"], [])
        before = max((g for d, g in held if d <= paid_on), default=0)
        after = [g for d, g in held if d > paid_on]
        if after:
            certified[f["policy_id"]] += 1
        if after and max(after) > before:
            promoted[f["policy_id"]] += 1
    out = []
    for policy_id, t in totals.items():
        p = policies[policy_id]
        out.append(PolicyPerformance(
            policy_id=p.pk, policy_code=p.code, policy_name=p.name, document=p.document.number, clause=p.clause, district=p.district.name,
            district_code=p.district.code, year=year, paid=(t["paid"] or Decimal(0)).quantize(Decimal("0.01")),
            people=t["people"], enterprises=t["enterprises"], certified_after=certified[policy_id],
            promoted_after=promoted[policy_id]))
    out.sort(key=lambda r: (-r.paid, r.policy_code))
    return out


def recipients_first_year(policy_id: int) -> dict[int, int]:
    """Worker id → the first year the policy paid them (the treatment year of the DiD)."""
    from gongjiang.incentives.models import LedgerEntry

    rows = (LedgerEntry.objects.filter(policy_id=policy_id, kind="payment", worker__isnull=False)
            .values("worker_id").order_by().annotate(first=Min("recorded_at")))
    return {r["worker_id"]: r["first"].year for r in rows}


def pay_effect(*, actor: Any, policy_id: int):
    """The recipients' pay against comparable non-recipients (income app's event study), or None
    when the income data hold no comparable groups. Needs the statistics office's permission."""
    from gongjiang.income.selectors import policy_effect

    treated = recipients_first_year(policy_id)
    if not treated:
        return None
    return policy_effect(actor=actor, incentive="recipients", treated_years=treated)
