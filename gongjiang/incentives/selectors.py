"""Reads of special incentives, scoped to who is asking: bureau officers see their district's
claims, a worker their own decisions and claims, enterprise HR their enterprise's."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from gongjiang.accounts.permissions import Scope, can, scope
from gongjiang.competitions import selectors as competitions_selectors
from gongjiang.incentives.decide import decisions_compute
from gongjiang.incentives.engine import months_between
from gongjiang.incentives.models import (
    Claim,
    Decision,
    DecisionRun,
    LedgerEntry,
    Policy,
    PolicyVersion,
    VersionStatus,
)
from gongjiang.registry.models import Employment, Honour


def policy_list() -> QuerySet[Policy]:
    """All policies with their document (policies are public information)."""
    return Policy.objects.select_related("document", "district").order_by("document__issued_on", "code")


def actor_area_codes(actor: Any) -> list[str] | None:
    """The division codes whose policies apply where the actor works: their district (bureau staff),
    their enterprise's district (enterprise HR), their current employer's district (a worker), each
    with its city and province. None: no area of their own (bureau administrators, other roles)."""
    district = None
    if scope(actor) == Scope.DISTRICT:
        district = actor.district
    elif scope(actor) == Scope.ENTERPRISE:
        district = actor.enterprise.district
    elif scope(actor) == Scope.OWN:
        job = (Employment.objects.filter(worker_id=actor.worker_id, end_date__isnull=True, is_second_job=False)
               .select_related("enterprise__district").order_by("-start_date").first())
        district = job.enterprise.district if job else None
    codes = []
    while district is not None:
        codes.append(district.code)
        district = district.parent
    return codes or None


def policy_list_for(*, actor: Any, everywhere: bool = False) -> tuple[QuerySet[Policy], int]:
    """The policies of the actor's area (issue 10 §8) — all of them when `everywhere` or when the
    actor has no area — and how many others exist (offered on request)."""
    policies = policy_list()
    codes = actor_area_codes(actor)
    if codes is None or everywhere:
        return policies, 0
    mine = policies.filter(district__code__in=codes)
    return mine, policies.count() - mine.count()


def applicable_certificates(*, actor: Any) -> list:
    """The worker's own graded certificates, newest first (what an application may name)."""
    if scope(actor) != Scope.OWN:
        return []
    from gongjiang.registry.models import Certificate

    return list(Certificate.objects.filter(worker_id=actor.worker_id, grade__isnull=False)
                .select_related("occupation").order_by("-issued_on", "-id"))


def _place_and_trade_names(district_code: str, occupation_code: str) -> dict[str, str]:
    """The what-if table names districts and occupations, not their codes (issue 10 §5)."""
    from gongjiang.reference.selectors import division_name_for_code, occupation_get

    district = division_name_for_code(district_code) if district_code else None
    occupation = occupation_get(occupation_code) if occupation_code else None
    return {"district_name": district.name if district else (district_code or "—"),
            "occupation_name": occupation.name if occupation else (occupation_code or "—")}


def claim_review_availability(*, actor: Any, claim: Claim) -> tuple[bool, str]:
    """May `actor` review `claim` now, and if not, why (in the officer's terms)? The claim page
    shows the review form only when allowed, and the reason otherwise (issue 10 §12); the service
    `claim_review` enforces the same rules."""
    from django.utils.translation import gettext

    if not can(actor, "incentives.officer") or claim.status not in {"submitted", "first_reviewed"}:
        return False, ""
    if claim.status == "first_reviewed" and claim.first_reviewer_id == actor.pk:
        return False, gettext("您已办理初审；复审须由初审人以外的工作人员办理，请等待其他工作人员复审。")
    return True, ""


def policy_get(*, code: str) -> Policy:
    from gongjiang.core.errors import NotFound

    policy = policy_list().filter(code=code).first()
    if policy is None:
        raise NotFound("未找到该政策")
    return policy


def policy_predecessor_warning(policy: Policy) -> str:
    """The policy page's warning when the published (else latest) version counts a predecessor that
    is not registered or whose payment history is not imported (issue 17 §7); "" otherwise."""
    from django.utils import timezone

    from gongjiang.incentives.counting import predecessor_warning
    from gongjiang.incentives.engine import parameters_resolve

    version = policy.versions.filter(status=VersionStatus.PUBLISHED).first() or policy.versions.order_by(
        "-number").first()
    if version is None:
        return ""
    return predecessor_warning(policy, parameters_resolve(version, on=timezone.localdate()))


def claim_scope(actor: Any) -> QuerySet[Claim]:
    """Claims the actor may see: all (bureau administrators); those of workers employed in or
    enterprises located in the district (bureau staff); their own (worker, enterprise HR)."""
    qs = Claim.objects.select_related("policy", "worker", "enterprise")
    if not actor.is_authenticated:
        return qs.none()
    seen = scope(actor)
    if seen == Scope.ALL:
        return qs
    if seen == Scope.DISTRICT:
        employed = Employment.objects.filter(worker=OuterRef("worker_id"), end_date__isnull=True,
                                             enterprise__district_id=actor.district_id)
        return qs.filter(Q(Exists(employed)) | Q(enterprise__district_id=actor.district_id)
                         | Q(worker__residence_district_id=actor.district_id))
    if seen == Scope.OWN:
        return qs.filter(worker_id=actor.worker_id)
    if seen == Scope.ENTERPRISE:
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def claim_list(*, actor: Any, status: str = "", policy_code: str = "") -> QuerySet[Claim]:
    qs = claim_scope(actor)
    if status:
        qs = qs.filter(status=status)
    if policy_code:
        qs = qs.filter(policy__code=policy_code)
    return qs.order_by("-created_at", "-id")


def decisions_for_worker(*, worker_id: int, limit: int = 50) -> list[Decision]:
    """The latest decision per policy and period for one worker, newest first — the caller must
    have checked the worker is in scope (the registry page does, through `worker_get`)."""
    qs = Decision.objects.filter(worker_id=worker_id).select_related("policy", "policy__document", "version", "run")
    return _latest_per_period(qs, limit)


def decisions_for_enterprise(*, enterprise_id: int, limit: int = 50) -> list[Decision]:
    qs = Decision.objects.filter(enterprise_id=enterprise_id).select_related("policy", "policy__document", "version",
                                                                        "run")
    return _latest_per_period(qs, limit)


def _latest_per_period(qs: QuerySet[Decision], limit: int) -> list[Decision]:
    seen, result = set(), []
    for decision in qs.order_by("-period_start", "-id")[: limit * 4]:
        key = (decision.policy_id, decision.period)
        if key not in seen:
            seen.add(key)
            result.append(decision)
    return result[:limit]


def has_own_records(actor: Any) -> bool:
    """True for a worker linked to a registry record and for enterprise HR: those who have a
    "mine" page of their own decisions and claims."""
    return can(actor, "incentives.own_records")


def my_decisions(*, actor: Any, limit: int = 50) -> list[Decision] | None:
    """The actor's own decisions: a worker's, or enterprise HR's enterprise's; None for anyone
    else (they have no "mine" page)."""
    if not has_own_records(actor):
        return None
    if scope(actor) == Scope.OWN:
        return decisions_for_worker(worker_id=actor.worker_id, limit=limit)
    return decisions_for_enterprise(enterprise_id=actor.enterprise_id, limit=limit)


def my_claims(*, actor: Any, limit: int = 50) -> list[Claim]:
    """The actor's claims, newest first, each with `latest_message` (the last notice sent)."""
    claims = list(claim_scope(actor).prefetch_related("events")[:limit])
    for claim in claims:
        events = list(claim.events.all())
        claim.latest_message = events[-1].message if events else ""
    return claims


def decision_run_list(*, limit: int = 30) -> QuerySet[DecisionRun]:
    """The latest computation runs (city-wide counts and totals; officers' run page)."""
    return DecisionRun.objects.select_related("version__policy").order_by("-started_at", "-id")[:limit]


def ledger_net(*, policy: Policy, subject_key: str, period: str | None = None) -> Decimal:
    qs = LedgerEntry.objects.filter(policy=policy, subject_key=subject_key)
    if period is not None:
        qs = qs.filter(period=period)
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def honour_within_quota(honour: Honour, *, area: Any) -> bool:
    """True when `honour` is among the first `quota` honours of its title awarded in its honour
    programme's period, for the programme of that title in the policy's area or an area above it
    (R6.3). The quota is the honour programme's (competitions, where the award enforces it; ADR
    0024): one number for the workflow and the rewards."""
    return competitions_selectors.honour_within_quota(honour, area=area)


def whatif(*, draft: PolicyVersion, first: date, last: date) -> dict:
    """Compare a draft version with the published one over the months from `first` to `last`,
    without writing anything: people and money by district and occupation (issue 5 §6)."""
    published = draft.policy.versions.filter(status=VersionStatus.PUBLISHED).first()

    def totals(version: PolicyVersion | None) -> dict:
        groups: dict[tuple[str, str], dict] = defaultdict(lambda: {"subjects": set(), "amount": Decimal("0")})
        if version is None:
            return groups
        for month in months_between(first, last):
            for outcome in decisions_compute(version, month, with_trace=False):
                if outcome.eligible and outcome.entitled > 0:
                    group = groups[(outcome.row.district_code, outcome.row.occupation_code)]
                    group["subjects"].add(outcome.row.subject_key)
                    group["amount"] += outcome.entitled
        return groups

    before, after = totals(published), totals(draft)
    rows = []
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        people_b, people_a = len(b["subjects"]) if b else 0, len(a["subjects"]) if a else 0
        money_b, money_a = (b["amount"] if b else Decimal("0")), (a["amount"] if a else Decimal("0"))
        rows.append({"district": key[0], "occupation": key[1], **_place_and_trade_names(*key),
                     "people_before": people_b, "people_after": people_a,
                     "people_delta": people_a - people_b, "amount_before": money_b, "amount_after": money_a,
                     "amount_delta": money_a - money_b})
    return {"rows": rows, "people_delta": sum(r["people_delta"] for r in rows),
            "amount_delta": sum((r["amount_delta"] for r in rows), Decimal("0")),
            "amount_before": sum((r["amount_before"] for r in rows), Decimal("0")),
            "amount_after": sum((r["amount_after"] for r in rows), Decimal("0")), "published": published}


def claim_get(*, actor: Any, claim_id: int) -> Claim:
    from gongjiang.core.errors import NotFound

    claim = claim_scope(actor).filter(pk=claim_id).select_related("decision", "decision__version").first()
    if claim is None:
        raise NotFound("未找到该事项，或您无权查看")
    return claim


def decision_get(*, actor: Any, decision_id: int) -> Decision:
    """One decision whose subject is in the actor's scope (the worker or enterprise scope of the
    registry), or NotFound."""
    from gongjiang.core.errors import NotFound
    from gongjiang.registry.selectors import enterprise_scope, worker_scope

    decision = Decision.objects.filter(pk=decision_id).select_related("policy", "policy__document", "version",
                                                                      "worker", "enterprise", "run").first()
    visible = decision is not None and (
        (decision.worker_id and worker_scope(actor).filter(pk=decision.worker_id).exists())
        or (decision.enterprise_id and enterprise_scope(actor).filter(pk=decision.enterprise_id).exists()))
    if not visible:
        raise NotFound("未找到该决定，或您无权查看")
    return decision


def version_get(*, version_id: int) -> PolicyVersion:
    from gongjiang.core.errors import NotFound

    version = PolicyVersion.objects.filter(pk=version_id).select_related("policy", "policy__document",
                                                                         "created_by", "approved_by").first()
    if version is None:
        raise NotFound("未找到该版本")
    return version


def version_parameters(version: PolicyVersion) -> list[Any]:
    """Every parameter value visible to the version (its own and earlier published ones), for display."""
    return list(version.parameter_values.model.objects.filter(
        Q(version=version) | Q(version__policy_id=version.policy_id, version__number__lt=version.number,
                               version__status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED]))
        .select_related("version").order_by("name", "effective_from", "decided_at"))


def batch_list() -> QuerySet:
    from gongjiang.incentives.models import PaymentBatch

    return PaymentBatch.objects.select_related("created_by").order_by("-created_at")


NOTICE_LIMIT = 1000


def notice_list(*, on: date) -> list[dict]:
    """The public notice (公示): claims under notice on `on`, for anyone (R6.2, R9.1, R9.2): a person's
    name partly masked (张*明) with the masked ID number (3309**********1234), never a contact; an
    enterprise by its name. Cached per edition of the notice (which claims are in it, ADR 0026)."""
    from django.db.models import Count, Max
    from django.db.models import Sum as DbSum

    from gongjiang.core.public_cache import published_cached
    from gongjiang.incentives.models import ClaimStatus

    listed = Claim.objects.filter(status__in=[ClaimStatus.IN_NOTICE, ClaimStatus.ON_HOLD])
    edition = listed.aggregate(n=Count("id"), ids=DbSum("id"), last=Max("id"), until=Max("notice_until"))
    stamp = (on, edition["n"], edition["ids"], edition["last"], edition["until"])
    return published_cached("incentives.notice", stamp, lambda: _notice_rows(listed))


def _notice_rows(listed: QuerySet[Claim]) -> list[dict]:
    from gongjiang.core.masking import mask_name
    from gongjiang.incentives.explain import period_words

    claims = listed.select_related("policy", "worker", "enterprise").order_by("notice_until", "id")
    return [{"claim_id": c.pk, "name": mask_name(c.worker.name) if c.worker_id else c.enterprise.name,
             "id_masked": c.worker.id_number_masked if c.worker_id else "",
             "policy": c.policy.name, "document": c.policy.document.number if c.policy.document_id else "",
             "period": str(period_words(c.period, c.period_start)), "amount": c.amount, "until": c.notice_until,
             "note": str(c.notice_calendar_note or "")} for c in claims[:NOTICE_LIMIT]]


def policies_in_force(*, on: date) -> list[dict]:
    """The policies in force on `on` for anyone (the public portal, R9.2, ADR 0026), one entry per
    policy document: number, title, issuer, dates, source, and each policy with its clause, who it
    is for, how it is received, its conditions in words and its standards — the values of its
    published version's parameters that apply on `on`, each with the citation it carries.
    A document is in force from its effective date to its expiry; a policy without a published
    version is not shown. Cached per edition (published versions and parameter decisions)."""
    from django.db.models import Count, Max

    from gongjiang.core.public_cache import published_cached
    from gongjiang.incentives.models import ParameterValue

    versions = PolicyVersion.objects.filter(status=VersionStatus.PUBLISHED)
    edition = versions.aggregate(n=Count("id"), last=Max("id"), at=Max("published_at"))
    decided = ParameterValue.objects.aggregate(n=Count("id"), at=Max("decided_at"))
    stamp = (on, edition["n"], edition["last"], edition["at"], decided["n"], decided["at"])
    return published_cached("incentives.policies", stamp, lambda: _policies_in_force(on))


def _policies_in_force(on: date) -> list[dict]:
    from gongjiang.incentives.engine import parameters_resolve
    from gongjiang.incentives.explain import conditions_words, parameter_label, parameter_words
    from gongjiang.incentives.models import ParameterValue

    published = {v.policy_id: v for v in PolicyVersion.objects.filter(status=VersionStatus.PUBLISHED)}
    policies = (policy_list().filter(document__effective_from__lte=on, pk__in=list(published))
                .filter(Q(document__expires_on__isnull=True) | Q(document__expires_on__gte=on)))
    documents: dict[int, dict] = {}
    for policy in policies:
        doc = policy.document
        entry = documents.setdefault(doc.pk, {
            "number": doc.number, "title": doc.title, "issuer": doc.issuer, "issued_on": doc.issued_on,
            "effective_from": doc.effective_from, "applies_from": doc.applies_from, "expires_on": doc.expires_on,
            "source": doc.source_url, "policies": []})
        version = published[policy.pk]
        parameters = parameters_resolve(version, on=on)
        # A standard is shown with the value of the parameter and the citation it carries; the
        # version's parameter names order them as the policy defines them.
        names = [n for n in dict.fromkeys(ParameterValue.objects.filter(version__policy=policy)
                                          .order_by("id").values_list("name", flat=True)) if n in parameters]
        entry["policies"].append({
            "code": policy.code, "name": policy.name, "clause": policy.clause, "district": policy.district.name,
            "subject": str(policy.get_subject_kind_display()), "mode": str(policy.get_mode_display()),
            "mode_code": policy.mode,
            "conditions": [{"label": str(c["label"]), "fact_label": str(c["fact_label"]), "required": str(c["required"])}
                           for c in conditions_words(version.conditions, formula=policy.formula,
                                                    parameters={n: {"value": v.value} for n, v in parameters.items()})],
            "standards": [{"label": str(parameter_label(n)), "value": str(parameter_words(n, parameters[n].value)),
                           "effective_from": parameters[n].effective_from, "citation": parameters[n].citation}
                          for n in names]})
    return list(documents.values())


def post_subsidy_ending(*, year: int) -> set[int]:
    """Workers whose monthly post subsidy (`003` 二(三)4, formula post_monthly) reaches its month cap
    in `year` (issue 4: "all 技师 in shortage occupations whose post subsidy ends this year").

    Months counted as the monthly run counts them: periods with money committed (ledger net plus
    open claims), under the policy and the one it continues when that counts. A worker still being
    paid (paid in the latest period anyone was paid) ends in the month the remaining months run
    out at one a month; a worker at the cap ended in their last paid month. Workers no longer paid
    for another reason (left the post) are not "ending"."""
    from gongjiang.incentives.counting import _policy_ids, committed_by_key
    from gongjiang.incentives.engine import parameters_resolve
    from gongjiang.incentives.models import Formula

    ending: set[int] = set()
    for policy in Policy.objects.filter(formula=Formula.POST_MONTHLY):
        version = policy.versions.filter(status=VersionStatus.PUBLISHED).first()
        if version is None:
            continue
        params = parameters_resolve(version, on=date(year, 12, 31))
        if params.get("max_months") is None:
            continue
        cap = int(params["max_months"].value)
        months: dict[str, int] = defaultdict(int)
        last: dict[str, tuple[int, int]] = {}
        for (key, period), total in committed_by_key(_policy_ids(policy, params)).items():
            if total <= 0 or not key.startswith("w"):
                continue
            months[key] += 1
            y, m = (int(part) for part in period.split("-")[:2])
            last[key] = max(last.get(key, (0, 0)), (y, m))
        latest = max(last.values(), default=None)
        for key, paid in months.items():
            y, m = last[key]
            left = max(cap - paid, 0)
            if left and last[key] != latest:
                continue
            end_year = (y * 12 + m - 1 + left) // 12
            if end_year == year:
                ending.add(int(key[1:]))
    return ending


def claims_summary(*, actor: Any) -> list[dict]:
    """The actor's own claims (a worker's, enterprise HR's enterprise's) by status — count and
    money — for the home page's "money due": each status with `action` True where the
    beneficiary must act (confirm the amount and account, or pay failed: correct the account)."""
    from gongjiang.incentives.models import ClaimStatus

    if not has_own_records(actor):
        return []
    rows = {status: (n, total) for status, n, total in claim_scope(actor).order_by().values("status")
            .annotate(n=Count("id"), total=Sum("amount")).values_list("status", "n", "total")}
    act = {ClaimStatus.AWAITING_CONFIRMATION, ClaimStatus.FAILED}
    return [{"status": status, "label": str(label), "count": rows[status][0], "amount": Decimal(rows[status][1] or 0).quantize(Decimal("0.01")),
             "action": status in act} for status, label in ClaimStatus.choices if status in rows]
