"""Reads of the training domain, scoped to who asks (ADR 0011): bureau administrators see every
institution, bureau staff those of their district, a training-institution account its own
institution only; everyone else none. Public reads show only the published catalogues."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gongjiang.accounts.models import Role
from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core.errors import NotFound
from gongjiang.training.models import (
    CheckIn,
    ClassStatus,
    Completion,
    Enrolment,
    Finding,
    FindingStatus,
    Institution,
    InstitutionStatus,
    Programme,
    Site,
    TrainingClass,
)


def institution_scope(actor: Any) -> QuerySet[Institution]:
    """The institutions `actor` sees."""
    qs = Institution.objects.all()
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    if getattr(actor, "role", "") == Role.TRAINING_INSTITUTION and not actor.is_superuser:
        return qs.filter(pk=actor.training_institution_id) if actor.training_institution_id else qs.none()
    seen = scope(actor)
    if seen == Scope.ALL:
        return qs
    if seen == Scope.DISTRICT and actor.role == Role.BUREAU_STAFF:
        return qs.filter(district_id=actor.district_id)
    return qs.none()


def institution_list(*, actor: Any, q: str = "") -> QuerySet[Institution]:
    qs = institution_scope(actor).select_related("district").annotate(class_count=Count("classes", distinct=True))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q))
    return qs.order_by("name")


def institution_get(*, actor: Any, institution_id: int) -> Institution:
    found = institution_scope(actor).filter(pk=institution_id).select_related("district").first()
    if found is None:
        raise NotFound("未找到该培训机构，或您无权查看")
    return found


def site_get(*, actor: Any, site_id: int) -> Site:
    found = Site.objects.filter(pk=site_id, institution__in=institution_scope(actor)).first()
    if found is None:
        raise NotFound("未找到该培训场地，或您无权查看")
    return found


def class_scope(actor: Any) -> QuerySet[TrainingClass]:
    return TrainingClass.objects.filter(institution__in=institution_scope(actor))


def class_list(*, actor: Any, status: str = "", q: str = "") -> QuerySet[TrainingClass]:
    qs = class_scope(actor).select_related("institution", "programme", "site").annotate(
        enrolled=Count("enrolments", distinct=True))
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(institution__name__icontains=q) | Q(programme__name__icontains=q))
    return qs.order_by("-start_date", "-id")


def class_get(*, actor: Any, class_id: int) -> TrainingClass:
    found = class_scope(actor).filter(pk=class_id).select_related(
        "institution", "programme", "programme__occupation", "site").first()
    if found is None:
        raise NotFound("未找到该培训班，或您无权查看")
    return found


def class_roster(training_class: TrainingClass) -> list[Enrolment]:
    """The roster with attended minutes and the completion of each trainee."""
    return list(Enrolment.objects.filter(training_class=training_class).select_related("worker", "completion")
                .annotate(attended_minutes=Sum("checkins__minutes"), checkin_count=Count("checkins"))
                .order_by("id"))


def class_checkins(training_class: TrainingClass, limit: int = 500) -> list[CheckIn]:
    return list(CheckIn.objects.filter(training_class=training_class).select_related("worker", "site")
                .order_by("checked_in_at", "id")[:limit])


def finding_scope(actor: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(institution__in=institution_scope(actor))


def finding_list(*, actor: Any, status: str = "", rule: str = "") -> QuerySet[Finding]:
    qs = finding_scope(actor).select_related("institution", "training_class")
    if status:
        qs = qs.filter(status=status)
    if rule:
        qs = qs.filter(rule=rule)
    return qs.order_by("status", "-found_at", "-id")


def finding_get(*, actor: Any, finding_id: int) -> Finding:
    found = finding_scope(actor).filter(pk=finding_id).select_related("institution", "training_class").first()
    if found is None:
        raise NotFound("未找到该疑点，或您无权查看")
    return found


def blocked_enrolment_ids(enrolment_ids: Any = None) -> set[int]:
    """Enrolments named by a confirmed finding: their training subsidy is not paid (R3.4)."""
    qs = Finding.enrolments.through.objects.filter(finding__status=FindingStatus.CONFIRMED)
    if enrolment_ids is not None:
        qs = qs.filter(enrolment_id__in=list(enrolment_ids))
    return set(qs.values_list("enrolment_id", flat=True))


def open_findings_for(enrolment: Enrolment) -> QuerySet[Finding]:
    return enrolment.findings.all()


# --- Public (no login): the two catalogues and the map (R3.1, R3.3) ---------------------------


def public_institution_list(*, q: str = "") -> QuerySet[Institution]:
    qs = Institution.objects.filter(status=InstitutionStatus.ADMITTED).select_related("district").prefetch_related("scope")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(scope__name__icontains=q)).distinct()
    return qs.order_by("name")


def public_programme_list(*, q: str = "") -> QuerySet[Programme]:
    qs = Programme.objects.filter(published=True).select_related("occupation")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(occupation__name__icontains=q) | Q(code__icontains=q))
    return qs.order_by("code")


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.select_related("occupation").annotate(class_count=Count("classes")).order_by("code")


def public_sites() -> QuerySet[Site]:
    return Site.objects.filter(institution__status=InstitutionStatus.ADMITTED, longitude__isnull=False,
                               latitude__isnull=False).select_related("institution")


def class_counts(actor: Any) -> dict[str, int]:
    counts = dict(class_scope(actor).values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in ClassStatus.values}


_COMPLETION_FIELDS = (
    "enrolment_id", "enrolment__worker_id", "exam_passed", "hours_attended", "completed_on",
    "enrolment__training_class__planned_hours", "enrolment__training_class__programme__published",
    "enrolment__training_class__programme__subsidy_standard",
    "enrolment__training_class__programme__occupation__code", "enrolment__training_class__programme__grade",
    "enrolment__training_class__institution__status", "enrolment__training_class__institution__district__code",
    "enrolment__training_class__institution__payee_id")


def _completion_facts(qs) -> list[dict]:
    from decimal import Decimal

    rows = list(qs.values_list(*_COMPLETION_FIELDS))
    blocked = blocked_enrolment_ids({r[0] for r in rows})
    return [{"enrolment_id": e, "worker_id": w, "exam_passed": passed, "completed_on": completed_on,
             "attended_share": (Decimal(hours) / Decimal(planned)).quantize(Decimal("0.001")) if planned else Decimal(0),
             "programme_in_catalogue": published, "programme_standard": standard, "occupation_code": occupation or "",
             "programme_grade": grade, "blocked_by_finding": e in blocked,
             "institution_admitted": status == InstitutionStatus.ADMITTED, "district_code": district or "",
             "payee_id": payee_id}
            for (e, w, passed, hours, completed_on, planned, published, standard, occupation, grade, status, district,
                 payee_id) in rows]


def completions_for_subsidy(*, since, until, worker_ids=None) -> list[dict]:
    """Facts for the training subsidy policy (incentives formula `training_completion`): every
    completion dated in [since, until), in one query plus the blocked set (set-based, ADR 0009)."""
    qs = Completion.objects.filter(completed_on__gte=since, completed_on__lt=until)
    if worker_ids is not None:
        qs = qs.filter(enrolment__worker_id__in=list(worker_ids))
    return _completion_facts(qs)


def completions_of(*, worker_ids, until) -> list[dict]:
    """The same facts for every completion of `worker_ids` dated before `until` (the shortage
    uplift: a certificate obtained after the training)."""
    return _completion_facts(Completion.objects.filter(enrolment__worker_id__in=list(worker_ids),
                                                       completed_on__lt=until).order_by("completed_on", "id"))


def completions_for_evaluation(*, occupation: Any, grade: int | None, since, until) -> list[dict]:
    """Completions an evaluation agency may take as candidates (issue 13): the exam passed, in a
    programme of `occupation` at `grade` (or with no grade), completed in [since, until], and not
    blocked by an open supervision finding. Read by the evaluation app; training does not know it."""
    qs = (Completion.objects.filter(exam_passed=True, completed_on__gte=since, completed_on__lte=until,
                                    enrolment__training_class__programme__occupation=occupation)
          .select_related("enrolment__worker", "enrolment__training_class__programme")
          .order_by("completed_on", "id"))
    if grade is not None:
        qs = qs.filter(Q(enrolment__training_class__programme__grade=grade)
                       | Q(enrolment__training_class__programme__grade__isnull=True))
    rows = list(qs)
    blocked = blocked_enrolment_ids({c.enrolment_id for c in rows})
    return [{"worker": c.enrolment.worker, "completed_on": c.completed_on, "enrolment_id": c.enrolment_id,
             "programme": c.enrolment.training_class.programme.name}
            for c in rows if c.enrolment_id not in blocked]


def training_hours_of(*, worker: Any, occupation: Any, grade: int | None, since=None, until) -> list[dict]:
    """The worker's completed training in `occupation` (programmes at `grade` or with no grade),
    completed in [since, until] and not blocked by an open supervision finding, earliest first:
    each completion's date and the hours attended (Decimal). Read by the evaluation app for the
    training route of the 申报条件 (经本职业正规培训达规定标准学时数, issue 13); training does not know it."""
    qs = (Completion.objects.filter(enrolment__worker=worker, completed_on__lte=until,
                                    enrolment__training_class__programme__occupation=occupation)
          .select_related("enrolment__training_class__programme").order_by("completed_on", "id"))
    if since is not None:
        qs = qs.filter(completed_on__gte=since)
    if grade is not None:
        qs = qs.filter(Q(enrolment__training_class__programme__grade=grade)
                       | Q(enrolment__training_class__programme__grade__isnull=True))
    rows = list(qs)
    blocked = blocked_enrolment_ids({c.enrolment_id for c in rows})
    return [{"completed_on": c.completed_on, "hours": Decimal(c.hours_attended),
             "programme": c.enrolment.training_class.programme.name}
            for c in rows if c.enrolment_id not in blocked]


def person_times(*, actor: Any, year: int) -> dict[str, int]:
    """Subsidised training counted in person-times (人次) and persons for a year (R3.2, `003` 二(一)2
    sets yearly targets in 人次): completions dated in the year within the actor's scope."""
    qs = Completion.objects.filter(enrolment__training_class__in=class_scope(actor), completed_on__year=year)
    return {"person_times": qs.count(), "persons": qs.values("enrolment__worker_id").distinct().count(),
            "passed": qs.filter(exam_passed=True).count()}


def programmes_leading_to(*, occupation: Any, grade: int, today: date | None = None) -> list[Programme]:
    """Programmes of the published catalogue (两目录) for `occupation` (or the 职业 above its 工种)
    at `grade` — the training that leads to that grade (R1.5 career guidance) — each with
    `open_classes`: approved classes of admitted institutions not yet ended, soonest first."""
    if occupation is None:
        return []
    codes = [occupation.code]
    parts = occupation.code.split("-")
    codes += ["-".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]
    programmes = list(Programme.objects.filter(published=True, grade=grade, occupation__code__in=codes)
                      .select_related("occupation").order_by("code"))
    on = today or timezone.localdate()
    for programme in programmes:
        programme.open_classes = list(
            TrainingClass.objects.filter(programme=programme, status=ClassStatus.APPROVED, end_date__gte=on,
                                         institution__status=InstitutionStatus.ADMITTED)
            .select_related("institution").order_by("start_date", "id")[:5])
    return programmes


def class_deadlines(*, actor: Any, today: date, soon_days: int = 14) -> dict[str, list[TrainingClass]]:
    """What a training institution has to do about its classes (its home page, issue 16): classes
    filed and awaiting the bureau, returned for correction, starting within `soon_days` (roster to
    complete), running now (check-ins), and ended but not yet closed (completions to record)."""
    from datetime import timedelta

    qs = class_list(actor=actor)
    approved = qs.filter(status=ClassStatus.APPROVED)
    return {
        "filed": list(qs.filter(status=ClassStatus.FILED).order_by("start_date", "id")[:20]),
        "rejected": list(qs.filter(status=ClassStatus.REJECTED).order_by("start_date", "id")[:20]),
        "starting": list(approved.filter(start_date__gt=today, start_date__lte=today + timedelta(days=soon_days))
                         .order_by("start_date", "id")[:20]),
        "running": list(approved.filter(start_date__lte=today, end_date__gte=today).order_by("end_date", "id")[:20]),
        "to_close": list(approved.filter(end_date__lt=today).order_by("end_date", "id")[:20]),
    }
# --- Enterprise-run training and training funds (R3.5, `000` 三(三)3) ---------------------------

# `000` 三(三)3: 督促企业按时足额提取和使用工资总额1.5%-2.5%的教育培训经费.
FUND_SHARE_MIN, FUND_SHARE_MAX = Decimal("0.015"), Decimal("0.025")


def enterprise_training_scope(actor: Any) -> QuerySet:
    """HR: its own enterprise's filings; bureau admin: all; bureau staff: their district's."""
    from gongjiang.training.models import EnterpriseTraining

    qs = EnterpriseTraining.objects.select_related("enterprise", "occupation")
    seen = scope(actor)
    if seen == Scope.ENTERPRISE:
        return qs.filter(enterprise_id=actor.enterprise_id)
    if seen == Scope.DISTRICT:
        return qs.filter(enterprise__district_id=actor.district_id)
    if seen == Scope.ALL:
        return qs
    return qs.none()


def training_fund_use(*, actor: Any, year: int) -> list[dict]:
    """Per enterprise with filings in `year` (by start date), or with a wage bill when the actor
    is the enterprise's HR: its training spending, its wage bill from income monitoring, the
    share and where it stands against 1.5 %–2.5 % of the wage bill."""
    from gongjiang.income.selectors import enterprise_wage_bills
    from gongjiang.registry.models import Enterprise

    spent = {e: (total, n, people) for e, total, n, people in enterprise_training_scope(actor)
             .filter(start_date__year=year).values_list("enterprise_id")
             .annotate(total=Sum("spend"), n=Count("id"), people=Sum("trainees"))
             .values_list("enterprise_id", "total", "n", "people")}
    ids = set(spent)
    if can_file_enterprise_training(actor) and actor.enterprise_id:
        ids.add(actor.enterprise_id)  # HR sees its own standing even before its first filing
    bills = enterprise_wage_bills(enterprise_ids=ids, year=year)
    names = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = []
    for e in sorted(ids, key=lambda pk: names.get(pk, "")):
        total, n, people = spent.get(e, (Decimal("0"), 0, 0))
        bill = bills.get(e)
        exact = total / bill if bill else None  # compared unrounded: 1.4999 % is below 1.5 %
        share = exact.quantize(Decimal("0.0001")) if exact is not None else None
        if exact is None:
            standing = "no_wage_bill"
        elif exact < FUND_SHARE_MIN:
            standing = "below"
        elif exact > FUND_SHARE_MAX:
            standing = "above"
        else:
            standing = "within"
        rows.append({"enterprise_id": e, "enterprise": names.get(e, ""), "year": year, "filings": n,
                     "trainees": people or 0, "spend": total, "wage_bill": bill, "share": share,
                     "minimum": (bill * FUND_SHARE_MIN).quantize(Decimal("0.01")) if bill else None,
                     "standing": standing})
    return rows


def can_file_enterprise_training(actor: Any) -> bool:
    from gongjiang.accounts.permissions import can

    return can(actor, "training.enterprise_file")
def pipeline_counts(*, occupation_codes, district_codes, on, within_days: int = 183) -> dict[str, int]:
    """Trainees about to certify, per occupation (the training pipeline of the demand domain's
    shortage indicators, issue 15; ADR 0023): enrolments in approved or closed classes of
    programmes of the occupation, at institutions in `district_codes`, that had started by `on`
    and end within `within_days` after it, and had no completion recorded by `on`. Counts, not
    persons' data."""
    from datetime import timedelta

    codes = list(occupation_codes)
    if not codes:
        return {}
    qs = Enrolment.objects.filter(
        training_class__programme__occupation__code__in=codes, training_class__institution__district__code__in=list(
            district_codes), training_class__status__in=[ClassStatus.APPROVED, ClassStatus.CLOSED],
        training_class__start_date__lte=on, training_class__end_date__gte=on,
        training_class__end_date__lte=on + timedelta(days=within_days), enrolled_at__date__lte=on,
    ).exclude(completion__completed_on__lte=on)
    return dict(qs.values_list("training_class__programme__occupation__code").annotate(n=Count("pk")).order_by())
