"""Reads of the evaluation domain, scoped to who is asking: bureau administrators see every
agency, bureau staff their district's, agency staff their own agency; others none. A record
outside the scope is `NotFound`, exactly like one that does not exist."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core.errors import NotFound
from gongjiang.evaluation.models import (
    Agency,
    Batch,
    BatchStatus,
    Candidate,
    CertificateStatus,
    EligibilityRule,
    IssuedCertificate,
    ResultStatus,
)


def agency_scope(actor: Any) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("district", "enterprise")
    seen = scope(actor)
    if seen == Scope.ALL:
        return qs
    if seen == Scope.DISTRICT:
        return qs.filter(district_id=actor.district_id)
    if seen == Scope.AGENCY:
        return qs.filter(pk=actor.agency_id)
    return qs.none()


def agency_get(*, actor: Any, agency_id: int) -> Agency:
    agency = agency_scope(actor).filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("未找到该评价机构，或您无权查看")
    return agency


def batch_scope(actor: Any) -> QuerySet[Batch]:
    return Batch.objects.filter(agency__in=agency_scope(actor)).select_related("agency", "occupation")


def batch_list(*, actor: Any, status: str = "") -> QuerySet[Batch]:
    qs = batch_scope(actor).annotate(candidate_count=Count("candidates"),
                                     passed_count=Count("candidates", filter=Q(candidates__result=ResultStatus.PASSED)))
    qs = qs.order_by("-exam_date", "-id")
    return qs.filter(status=status) if status else qs


def batch_get(*, actor: Any, batch_id: int) -> Batch:
    batch = batch_scope(actor).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("未找到该评价批次，或您无权查看")
    return batch


def batch_candidates(batch: Batch) -> QuerySet[Candidate]:
    return batch.candidates.select_related("worker", "certificate").order_by("id")


def candidate_get(*, actor: Any, batch: Batch, candidate_id: int) -> Candidate:
    candidate = batch.candidates.filter(pk=candidate_id).select_related("worker").first()
    if candidate is None:
        raise NotFound("未找到该考生")
    return candidate


def certificate_scope(actor: Any) -> QuerySet[IssuedCertificate]:
    return IssuedCertificate.objects.filter(agency__in=agency_scope(actor)).select_related(
        "agency", "occupation", "worker")


def certificate_list(*, actor: Any, status: str = "", number: str = "") -> QuerySet[IssuedCertificate]:
    qs = certificate_scope(actor)
    if status:
        qs = qs.filter(status=status)
    if number:
        qs = qs.filter(number__icontains=number.strip())
    return qs


def certificate_get(*, actor: Any, certificate_id: int) -> IssuedCertificate:
    cert = certificate_scope(actor).filter(pk=certificate_id).first()
    if cert is None:
        raise NotFound("未找到该证书，或您无权查看")
    return cert


def own_certificates(*, actor: Any) -> QuerySet[IssuedCertificate]:
    """The worker's own certificates issued on this platform."""
    if scope(actor) != Scope.OWN:
        return IssuedCertificate.objects.none()
    return IssuedCertificate.objects.filter(worker_id=actor.worker_id).select_related(
        "agency", "occupation")


def rule_list() -> QuerySet[EligibilityRule]:
    return EligibilityRule.objects.select_related("occupation")


def certificate_public_find(*, number: str, name: str) -> IssuedCertificate | None:
    """The certificate with this number whose holder has this name (both must match): the public
    look-up by number + name. Reveals nothing when either is wrong."""
    cert = IssuedCertificate.objects.filter(number=(number or "").strip().upper()).select_related(
        "agency", "worker").first()
    if cert is None or cert.worker.name != (name or "").strip():
        return None
    return cert


def certificate_public_status(number: str) -> IssuedCertificate | None:
    return IssuedCertificate.objects.filter(number=number).select_related("agency").first()


def revoked_numbers() -> dict[str, str]:
    """Revoked certificate numbers → reasons (the published revocation list)."""
    return dict(IssuedCertificate.objects.filter(status=CertificateStatus.REVOKED)
                .values_list("number", "revoked_reason"))


def status_list_bits() -> tuple[set[int], int]:
    """(indexes of revoked certificates, the highest index issued): the Bitstring Status List."""
    from django.db.models import Max

    revoked = set(IssuedCertificate.objects.filter(status=CertificateStatus.REVOKED).values_list("pk", flat=True))
    last = IssuedCertificate.objects.aggregate(m=Max("pk"))["m"] or 0
    return revoked, last


# --- Deadlines and the quality audit (R4.2, R4.3) ---------------------------------------------


def batches_overdue(*, actor: Any, today: date) -> QuerySet[Batch]:
    """Issued batches not reported to the bureau by their deadline."""
    return batch_list(actor=actor).filter(status=BatchStatus.ISSUED, reported_on__isnull=True, report_due__lt=today)


@dataclass
class PassRateLine:
    batch: Batch
    candidates: int
    passed: int
    rate: Decimal
    peer_rate: Decimal | None  # other agencies' batches of the same occupation and grade
    flagged: bool

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate)

    @property
    def peer_text(self) -> str:
        return percent_text(self.peer_rate) if self.peer_rate is not None else "—"


def percent_text(share: Decimal) -> str:
    """0.8571 → 85.7%."""
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


PASS_RATE_GAP = Decimal("0.30")  # 30 percentage points above peers is worth a look (R4.3)


def pass_rates_against_peers(*, actor: Any) -> list[PassRateLine]:
    """Each scored batch's pass rate beside its peers' (same occupation and grade, other
    agencies, every agency in the installation); flagged when 30 points above."""
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    per_batch = (Batch.objects.exclude(status=BatchStatus.PLANNED)
                 .annotate(n=Count("candidates", filter=Q(candidates__eligible=True)),
                           p=Count("candidates", filter=Q(candidates__result=ResultStatus.PASSED)))
                 .values_list("pk", "agency_id", "occupation_id", "grade", "n", "p"))
    rows = list(per_batch)
    for _pk, agency_id, occupation_id, grade, n, p in rows:
        totals[(agency_id, occupation_id, grade)][0] += n
        totals[(agency_id, occupation_id, grade)][1] += p
    mine = {b.pk: b for b in batch_scope(actor).exclude(status=BatchStatus.PLANNED)}
    lines = []
    for pk, agency_id, occupation_id, grade, n, p in rows:
        if pk not in mine or not n:
            continue
        peer_n = sum(v[0] for k, v in totals.items() if k[1:] == (occupation_id, grade) and k[0] != agency_id)
        peer_p = sum(v[1] for k, v in totals.items() if k[1:] == (occupation_id, grade) and k[0] != agency_id)
        rate = Decimal(p) / Decimal(n)
        peer = Decimal(peer_p) / Decimal(peer_n) if peer_n else None
        lines.append(PassRateLine(mine[pk], n, p, rate, peer, peer is not None and rate - peer >= PASS_RATE_GAP))
    return lines


@dataclass
class ExaminerConflict:
    batch: Batch
    examiner: str
    candidate: str
    why: str


def examiner_conflicts(*, actor: Any) -> list[ExaminerConflict]:
    """Examiners who examine a colleague (a candidate currently employed where the examiner
    works) in a batch of a social organisation or college, where the examiner should be
    independent of the candidates (R4.3)."""
    from gongjiang.registry.selectors import workers_current_employers

    found = []
    batches = batch_scope(actor).exclude(agency__kind="employer").prefetch_related("examiners")
    for batch in batches:
        examiners = [e for e in batch.examiners.all() if e.enterprise_id]
        if not examiners:
            continue
        worker_ids = list(batch.candidates.values_list("worker_id", flat=True))
        employers = defaultdict(set)
        for worker_id, enterprise_id in workers_current_employers(worker_ids):
            employers[enterprise_id].add(worker_id)
        names = dict(batch.candidates.values_list("worker_id", "worker__name"))
        for examiner in examiners:
            for worker_id in sorted(employers.get(examiner.enterprise_id, ())):
                found.append(ExaminerConflict(batch, examiner.name, names[worker_id],
                                              "考评员与考生在同一单位工作，应回避"))
    return found


def award_scope(actor: Any):
    """直接认定/破格晋升 requests of the agencies in scope."""
    from gongjiang.evaluation.models import DirectAward

    return DirectAward.objects.filter(agency__in=agency_scope(actor)).select_related(
        "agency", "worker", "occupation", "certificate")
