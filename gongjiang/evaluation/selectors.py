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
    AgencyKind,
    AgencyStatus,
    Batch,
    BatchStatus,
    Candidate,
    CertificateStatus,
    EligibilityRule,
    IssuedCertificate,
    NegativeListEntry,
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


# --- Negative list (失信名单, R4.3) -----------------------------------------------------------


def negative_entry_scope(actor: Any) -> QuerySet[NegativeListEntry]:
    """The entries about agencies (or their examiners) the actor sees."""
    agencies = agency_scope(actor)
    return (NegativeListEntry.objects.filter(Q(agency__in=agencies) | Q(examiner__agency__in=agencies))
            .select_related("agency", "examiner__agency", "added_by", "lifted_by"))


def negative_list(*, actor: Any, state: str = "") -> QuerySet[NegativeListEntry]:
    """The negative list; `state`: in_force, lifted or expired (on today), or every entry."""
    from django.utils import timezone

    today = timezone.localdate()
    qs = negative_entry_scope(actor).order_by("-listed_from", "-id")
    active = Q(lifted_at__isnull=True) & Q(listed_from__lte=today) & (
        Q(listed_until__isnull=True) | Q(listed_until__gte=today))
    if state == "in_force":
        return qs.filter(active)
    if state == "lifted":
        return qs.filter(lifted_at__isnull=False)
    if state == "expired":
        return qs.filter(lifted_at__isnull=True, listed_until__lt=today)
    return qs


def negative_entry_get(*, actor: Any, entry_id: int, for_update: bool = False) -> NegativeListEntry:
    qs = negative_entry_scope(actor)
    if for_update:
        qs = NegativeListEntry.objects.select_for_update(of=("self",)).filter(pk__in=qs.values("pk")).select_related(
            "agency", "examiner__agency")
    entry = qs.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound("未找到该失信名单记录，或您无权查看")
    return entry


def negative_entry_in_force(*, agency: Agency | None = None, examiner: Any = None, on: date) -> NegativeListEntry | None:
    """The entry in force on `on` for this agency or examiner (the latest listed), or None."""
    qs = NegativeListEntry.objects.filter(lifted_at__isnull=True, listed_from__lte=on).filter(
        Q(listed_until__isnull=True) | Q(listed_until__gte=on))
    qs = qs.filter(agency=agency) if agency is not None else qs.filter(examiner=examiner)
    return qs.order_by("-listed_from", "-id").first()


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


def results_in_notice(*, on: date) -> list[dict]:
    """Evaluation results in their public notice (公示, 5 working days) on `on`, for anyone (R4.2,
    R9.2; ADR 0026): per batch the agency, occupation, grade, exam date and notice period, and the
    candidates who passed — name partly masked, ID number masked, no score, no contact.
    Cached per edition (which batches are in notice)."""
    from django.db.models import Max, Sum

    from gongjiang.core.masking import mask_name
    from gongjiang.core.public_cache import published_cached

    batches = Batch.objects.filter(status=BatchStatus.IN_NOTICE, notice_until__gte=on)
    edition = batches.aggregate(n=Count("id"), ids=Sum("id"), start=Max("notice_start"))
    stamp = (on, edition["n"], edition["ids"], edition["start"])

    def build() -> list[dict]:
        found = []
        for batch in batches.select_related("agency", "occupation").order_by("notice_until", "id"):
            passed = (batch.candidates.filter(result=ResultStatus.PASSED).select_related("worker").order_by("id"))
            found.append({"agency": batch.agency.name, "occupation": batch.occupation.name,
                          "grade": str(batch.get_grade_display()), "exam_date": batch.exam_date,
                          "notice_start": batch.notice_start, "notice_until": batch.notice_until,
                          "passed": [{"name": mask_name(c.worker.name), "id_masked": c.worker.id_number_masked}
                                     for c in passed]})
        return found

    return published_cached("evaluation.notice", stamp, build)
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


# --- Career guidance (R1.5, ADR 0027): what the evaluation domain says about a worker's next grade ---


def rules_for(*, occupation: Any, grade: int) -> list[EligibilityRule]:
    """Every route of the 申报条件 for `grade` in `occupation` (cited data)."""
    return list(EligibilityRule.objects.filter(occupation=occupation, grade=grade).order_by("previous_grade", "years"))


def employer_agency_grades(*, enterprise_id: int | None, occupation: Any) -> tuple[Agency | None, set[int]]:
    """The enterprise's own active self-evaluation agency (用人单位自主评价) and the grades of
    `occupation` it is filed to evaluate — the agency through which 直接认定 and 破格晋升 are
    requested (`services.award_request`); (None, ∅) when there is none."""
    if not enterprise_id:
        return None, set()
    agency = Agency.objects.filter(enterprise_id=enterprise_id, kind=AgencyKind.EMPLOYER,
                                   status=AgencyStatus.ACTIVE).order_by("id").first()
    if agency is None:
        return None, set()
    return agency, set(agency.scopes.filter(occupation=occupation).values_list("grade", flat=True))


def awards_for_worker(*, worker_id: int) -> list:
    """The worker's 直接认定 / 破格晋升 requests, newest first (the caller checked the scope)."""
    from gongjiang.evaluation.models import DirectAward

    return list(DirectAward.objects.filter(worker_id=worker_id).select_related("occupation", "agency")
                .order_by("-requested_at", "-id")[:10])


# --- The agency's home page (issue 16): batches and their deadlines in working days ---------------


def batch_counts(*, actor: Any) -> dict[str, int]:
    counts = dict(batch_scope(actor).order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in BatchStatus.values}


def batch_deadlines(*, actor: Any, today: date) -> dict[str, list]:
    """The agency's batches with a deadline, each with `days_left` (working days, platform calendar;
    negative: past): 公示 in progress (`notice_until`), 公示 ended and certificates to issue, and
    issued batches not yet reported to the bureau (`report_due`)."""
    from gongjiang.core.calendar import working_days_until

    in_notice = list(batch_scope(actor).filter(status=BatchStatus.IN_NOTICE).order_by("notice_until", "id")[:20])
    for batch in in_notice:
        batch.days_left = working_days_until(today, batch.notice_until) if batch.notice_until else None
    reporting = list(batch_scope(actor).filter(status=BatchStatus.ISSUED, reported_on__isnull=True,
                                               report_due__isnull=False).order_by("report_due", "id")[:20])
    for batch in reporting:
        batch.days_left = working_days_until(today, batch.report_due)
    return {"notice": [b for b in in_notice if not b.notice_until or b.notice_until >= today],
            "to_issue": [b for b in in_notice if b.notice_until and b.notice_until < today],
            "reporting": reporting,
            "planned": list(batch_scope(actor).filter(status=BatchStatus.PLANNED, exam_date__gte=today)
                            .order_by("exam_date", "id")[:20])}


def awards_pending_count(*, actor: Any) -> int:
    from gongjiang.evaluation.models import AwardStatus

    return award_scope(actor).filter(status=AwardStatus.PENDING).count()
# --- Audit findings with their evidence (R4.3) ------------------------------------------------
# Each finding says what was found, the figures behind it, and why it matters, in words a clerk
# can act on (what to check next). The thresholds are the module's constants, named below.


@dataclass
class AuditFinding:
    kind: str  # score_distribution, near_pass_mark, identical_answers, sudden_growth
    batch: Batch
    title: str
    evidence: str
    reason: str


SCORE_GAP = Decimal("15")  # a batch's mean this many points above its peers' is worth a look
SCORE_MIN_CANDIDATES = 5
NEAR_PASS_BAND = Decimal("3")  # "just over the line": both parts within 3 points above the pass mark
NEAR_PASS_SHARE = Decimal("0.5")
ANSWERS_MIN_QUESTIONS = 20
ANSWERS_SAME_SHARE = Decimal("0.95")
ANSWERS_RARE_SHARED = 5  # answers few others chose, shared by the two candidates
GROWTH_FACTOR = 3
GROWTH_MIN_CANDIDATES = 30
GROWTH_WINDOW_DAYS = 365


def _points(value: Decimal) -> str:
    """60.0 → 60, 62.5 → 62.5."""
    return str(value.to_integral()) if value == value.to_integral() else str(value)


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))


def _scored(batch_ids) -> dict[int, list[tuple[Decimal, Decimal]]]:
    found: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    rows = (Candidate.objects.filter(batch_id__in=batch_ids, eligible=True, theory_score__isnull=False,
                                     practical_score__isnull=False)
            .values_list("batch_id", "theory_score", "practical_score"))
    for batch_id, theory, practical in rows:
        found[batch_id].append((theory, practical))
    return found


def score_distribution_findings(*, actor: Any) -> list[AuditFinding]:
    """Batches whose scores sit far above their peers' (same occupation and grade, other
    agencies), and batches where most candidates passed by a hair (both parts just over the pass
    mark) — the two shapes that lenient marking or a leaked paper leave."""
    all_batches = list(Batch.objects.exclude(status=BatchStatus.PLANNED).values_list(
        "pk", "agency_id", "occupation_id", "grade", "pass_mark"))
    scored = _scored([b[0] for b in all_batches])
    mine = {b.pk: b for b in batch_scope(actor).exclude(status=BatchStatus.PLANNED)}
    findings = []
    for pk, agency_id, occupation_id, grade, pass_mark in all_batches:
        rows = scored.get(pk, [])
        if pk not in mine or len(rows) < SCORE_MIN_CANDIDATES:
            continue
        batch = mine[pk]
        means = [(t + p) / 2 for t, p in rows]
        peers = [(t + p) / 2 for other, a, o, g, _m in all_batches
                 if a != agency_id and o == occupation_id and g == grade for t, p in scored.get(other, [])]
        mean = _mean(means)
        if len(peers) >= SCORE_MIN_CANDIDATES:
            peer_mean = _mean(peers)
            if mean - peer_mean >= SCORE_GAP:
                findings.append(AuditFinding(
                    "score_distribution", batch, "平均分明显高于同类批次",
                    f"本批次 {len(rows)} 名考生平均分 {mean} 分；其他机构同职业同等级 {len(peers)} 名考生平均 "
                    f"{peer_mean} 分，高出 {mean - peer_mean} 分",
                    "同一职业、同一等级的考试难度相同，平均分高出这么多，可能是评分偏松或试题泄露。"
                    "建议调阅本批次的试卷、评分记录和考场录像，抽查部分考生复核。"))
        near = [1 for t, p in rows if pass_mark <= t < pass_mark + NEAR_PASS_BAND
                and pass_mark <= p < pass_mark + NEAR_PASS_BAND]
        passed = [1 for t, p in rows if t >= pass_mark and p >= pass_mark]
        if passed and len(passed) >= SCORE_MIN_CANDIDATES and Decimal(len(near)) / len(passed) >= NEAR_PASS_SHARE:
            findings.append(AuditFinding(
                "near_pass_mark", batch, "成绩集中在合格线上方",
                f"{len(passed)} 名合格考生中有 {len(near)} 名的理论和操作成绩都只比合格线（{_points(pass_mark)} 分）高不到 "
                f"{NEAR_PASS_BAND} 分（{percent_text(Decimal(len(near)) / len(passed))}）",
                "正常考试的成绩分散分布；大量考生恰好“踩线”合格，常见于为凑合格而改分。"
                "建议核对原始评分表与录入成绩是否一致。"))
    return findings


def _pairs_alike(answers: dict[int, str]) -> list[tuple[int, int, int, int, int]]:
    """(candidate a, candidate b, questions, same answers, rare answers shared) for pairs whose
    sheets are alike: identical, or ≥ 95 % the same with several rare answers in common. A rare
    answer is one that differs from the answer most candidates of the batch chose."""
    sheets = {cid: text for cid, text in answers.items() if len(text) >= ANSWERS_MIN_QUESTIONS}
    if len(sheets) < 2:
        return []
    length = max(len(t) for t in sheets.values())
    modal = []
    for q in range(length):
        counts: dict[str, int] = defaultdict(int)
        for text in sheets.values():
            if q < len(text):
                counts[text[q]] += 1
        modal.append(max(counts, key=lambda k: (counts[k], k)))
    ids = sorted(sheets)
    found = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            x, y = sheets[a], sheets[b]
            if len(x) != len(y):
                continue
            same = sum(1 for p, q in zip(x, y, strict=True) if p == q)
            rare = sum(1 for n, (p, q) in enumerate(zip(x, y, strict=True)) if p == q and p != modal[n])
            if same == len(x) or (Decimal(same) / len(x) >= ANSWERS_SAME_SHARE and rare >= ANSWERS_RARE_SHARED):
                found.append((a, b, len(x), same, rare))
    return found


def identical_answer_findings(*, actor: Any) -> list[AuditFinding]:
    """Pairs of candidates in one batch whose theory answer sheets are identical or nearly so,
    sharing answers that most others did not give (copying, or a leaked key)."""
    findings = []
    batches = batch_scope(actor).exclude(status=BatchStatus.PLANNED).filter(
        candidates__answers__gt="").distinct()
    for batch in batches:
        rows = list(batch.candidates.exclude(answers="").values_list("pk", "answers", "worker__name")[:1000])
        names = {pk: name for pk, _a, name in rows}
        for a, b, questions, same, rare in _pairs_alike({pk: text for pk, text, _n in rows}):
            findings.append(AuditFinding(
                "identical_answers", batch, "理论答卷雷同",
                f"{names[a]} 与 {names[b]}：{questions} 道题中 {same} 道答案相同，其中 {rare} 道选了多数考生没有选的同一答案",
                "两人连少见的错误答案都一样，很可能互相抄袭或事先得到了答案。"
                "建议调阅两人的座位安排和考场录像，必要时取消成绩。"))
    return findings


def sudden_growth_findings(*, actor: Any) -> list[AuditFinding]:
    """Batches of an agency, within a year of its filing, with three times as many candidates as
    its earlier batches on average (and at least 30): growth that outruns what a new agency can
    examine properly."""
    findings = []
    by_agency: dict[int, list[Batch]] = defaultdict(list)
    for batch in batch_list(actor=actor).exclude(status=BatchStatus.PLANNED).order_by("exam_date", "id"):
        by_agency[batch.agency_id].append(batch)
    for batches in by_agency.values():
        for index, batch in enumerate(batches):
            earlier = batches[:index]
            days = (batch.exam_date - batch.agency.filed_on).days
            if not earlier or days > GROWTH_WINDOW_DAYS or batch.candidate_count < GROWTH_MIN_CANDIDATES:
                continue
            average = max(1.0, sum(b.candidate_count for b in earlier) / len(earlier))
            if batch.candidate_count >= GROWTH_FACTOR * average:
                findings.append(AuditFinding(
                    "sudden_growth", batch, "备案后考生人数骤增",
                    f"{batch.agency.name}于 {batch.agency.filed_on:%Y-%m-%d} 备案，{days} 天后本批次考生 "
                    f"{batch.candidate_count} 人，是此前 {len(earlier)} 个批次平均（{average:.0f} 人）的 "
                    f"{batch.candidate_count / average:.1f} 倍",
                    "新备案的机构考评员和场地有限，人数突然成倍增长时难以保证考核质量，也可能是挂靠、代考。"
                    "建议核查考场容量、考评员配备和考生签到记录。"))
    return findings


def audit_findings(*, actor: Any) -> list[AuditFinding]:
    """Every finding of the quality audit beyond pass rates and examiner conflicts."""
    return (score_distribution_findings(actor=actor) + identical_answer_findings(actor=actor)
            + sudden_growth_findings(actor=actor))


# --- Certificate PDFs kept (ADR 0021 §PDFs in the background) ---------------------------------


def certificate_pdf_job(batch: Batch) -> Any:
    """The batch's PDF job (its progress), or None when none was queued."""
    from gongjiang.evaluation.models import CertificatePdfJob

    return CertificatePdfJob.objects.filter(batch=batch).first()


def certificate_pdf_stored(certificate: IssuedCertificate) -> bytes | None:
    """The PDF kept for a certificate, byte for byte as made, or None."""
    from gongjiang.evaluation.models import CertificatePdf

    content = CertificatePdf.objects.filter(certificate=certificate).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None


def batch_pdf_files(batch: Batch):
    """(file name, bytes) of every PDF kept for the batch's certificates, in certificate order;
    named in Chinese by certificate number and holder."""
    from gongjiang.evaluation.models import CertificatePdf

    rows = (CertificatePdf.objects.filter(certificate__candidate__batch=batch).order_by("certificate_id")
            .values_list("certificate__number", "certificate__worker__name", "content"))
    for number, name, content in rows.iterator(chunk_size=200):
        safe = "".join("_" if c in '/\\:*?"<>|' else c for c in name)
        yield f"职业技能等级证书_{number}_{safe}.pdf", bytes(content)
