"""Reads of the registry, always scoped to who is asking (issue 2 §6).

Every function takes `actor` (a `accounts.User`). A record outside the actor's scope behaves
exactly like a record that does not exist (`NotFound`), so guessed ids reveal nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core import crypto
from gongjiang.core.errors import NotFound
from gongjiang.identity import IdentityError, resident_id_validate
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Employment,
    Enterprise,
    Honour,
    TrainingRecord,
    Worker,
)


def _is_all_seeing(actor: Any) -> bool:
    return scope(actor) == Scope.ALL


def enterprise_scope(actor: Any) -> QuerySet[Enterprise]:
    """Enterprises the actor may see: all (bureau administrators), the district's (bureau staff),
    their own (enterprise HR); none for other roles."""
    qs = Enterprise.objects.select_related("district", "industry")
    if not actor.is_authenticated:
        return qs.none()
    seen = scope(actor)
    if seen == Scope.ALL:
        return qs
    if seen == Scope.DISTRICT:
        return qs.filter(district_id=actor.district_id)
    if seen == Scope.ENTERPRISE:
        return qs.filter(pk=actor.enterprise_id)
    return qs.none()


def worker_scope(actor: Any) -> QuerySet[Worker]:
    """Workers the actor may see: all (bureau administrators); those currently employed in, or
    living in, the district (bureau staff); current employees (enterprise HR); oneself (worker)."""
    qs = Worker.objects.all()
    if not actor.is_authenticated:
        return qs.none()
    seen = scope(actor)
    if seen == Scope.ALL:
        return qs
    if seen == Scope.DISTRICT:
        employed_here = Employment.objects.filter(worker=OuterRef("pk"), end_date__isnull=True,
                                                  enterprise__district_id=actor.district_id)
        return qs.filter(Q(Exists(employed_here)) | Q(residence_district_id=actor.district_id))
    if seen == Scope.ENTERPRISE:
        employed_here = Employment.objects.filter(worker=OuterRef("pk"), end_date__isnull=True,
                                                  enterprise_id=actor.enterprise_id)
        return qs.filter(Exists(employed_here))
    if seen == Scope.OWN:
        return qs.filter(pk=actor.worker_id)
    return qs.none()


def worker_get(*, actor: Any, worker_id: int) -> Worker:
    """One worker in the actor's scope, or NotFound."""
    worker = worker_scope(actor).filter(pk=worker_id).select_related("residence_district").first()
    if worker is None:
        raise NotFound("未找到该人员，或您无权查看")
    return worker


def enterprise_get(*, actor: Any, enterprise_id: int) -> Enterprise:
    enterprise = enterprise_scope(actor).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound("未找到该企业，或您无权查看")
    return enterprise


def worker_list(*, actor: Any, text: str = "", district_code: str = "", enterprise_id: int | None = None,
                grade_min: int | None = None, occupation_code: str = "") -> QuerySet[Worker]:
    """Workers in scope, filtered. `text` matches a name, or a full resident ID number exactly
    (through the keyed hash: the stored numbers are sealed).

    Filters on employments and certificates are EXISTS sub-queries and the top grade a correlated
    sub-query, so the list needs no GROUP BY or DISTINCT: PostgreSQL walks the name index and
    computes the grade for the page's rows only (7-12 s -> milliseconds for a bureau's unfiltered
    list of 1,000,000 workers; issue 18 §2 load test)."""
    qs = worker_scope(actor)
    text = text.strip()
    if text:
        try:
            number = resident_id_validate(text).number
        except IdentityError:
            qs = qs.filter(name__contains=text)
        else:
            qs = qs.filter(id_number_hash__in=crypto.lookup_hashes(number))
    current = Employment.objects.filter(worker=OuterRef("pk"), end_date__isnull=True)
    if district_code:
        qs = qs.filter(Q(Exists(current.filter(enterprise__district__code=district_code)))
                       | Q(residence_district__code=district_code))
    if enterprise_id:
        qs = qs.filter(Exists(current.filter(enterprise_id=enterprise_id)))
    certificates = Certificate.objects.filter(worker=OuterRef("pk"))
    if grade_min:
        qs = qs.filter(Exists(certificates.filter(grade__gte=grade_min)))
    if occupation_code:
        prefix = occupation_code + "-"
        qs = qs.filter(
            Q(Exists(certificates.filter(Q(occupation__code=occupation_code) | Q(occupation__code__startswith=prefix))))
            | Q(Exists(Employment.objects.filter(worker=OuterRef("pk")).filter(
                Q(occupation__code=occupation_code) | Q(occupation__code__startswith=prefix)))))
    top_grade = certificates.order_by().values("worker").annotate(top=Max("grade")).values("top")
    return qs.annotate(top_grade=Subquery(top_grade)).order_by("name", "id")


def enterprise_list(*, actor: Any, text: str = "", district_code: str = "") -> QuerySet[Enterprise]:
    qs = enterprise_scope(actor)
    if text.strip():
        qs = qs.filter(Q(name__contains=text.strip()) | Q(uscc=text.strip().upper()))
    if district_code:
        qs = qs.filter(district__code=district_code)
    return qs.order_by("name")


def worker_current_employment(worker: Worker) -> Employment | None:
    return (worker.employments.filter(end_date__isnull=True, is_second_job=False)
            .select_related("enterprise", "occupation").first())


def worker_top_grade(worker: Worker) -> int | None:
    return worker.certificates.aggregate(top=Max("grade"))["top"]


@dataclass(frozen=True)
class TimelineEntry:
    """One event of the lifelong archive (R1.3)."""

    on: date
    kind: str  # employment, certificate, training, competition, honour, achievement
    kind_label: str
    title: str
    detail: str
    record: Any


def worker_archive(*, actor: Any, worker_id: int) -> tuple[Worker, list[TimelineEntry]]:
    """The worker and their whole lifelong archive on one timeline, newest first (R1.3)."""
    worker = worker_get(actor=actor, worker_id=worker_id)
    entries: list[TimelineEntry] = []
    for e in Employment.objects.filter(worker=worker).select_related("enterprise", "occupation"):
        title = f"入职 {e.enterprise.name}" + (f" · {e.post}" if e.post else "")
        detail = "；".join(filter(None, [
            e.occupation.name if e.occupation else "",
            "一线岗位" if e.is_front_line else "",
            "兼职" if e.is_second_job else "",
            f"至 {e.end_date:%Y-%m-%d}" if e.end_date else "至今",
        ]))
        entries.append(TimelineEntry(e.start_date, "employment", "就业", title, detail, e))
    for c in Certificate.objects.filter(worker=worker).select_related("occupation"):
        subject = c.occupation.name if c.occupation else c.ability_name
        grade = c.get_grade_display() if c.grade else ""
        entries.append(TimelineEntry(c.issued_on, "certificate", "证书", f"{c.get_kind_display()} · {subject} {grade}",
                                     f"编号 {c.number}；{c.issuer}", c))
    for t in TrainingRecord.objects.filter(worker=worker).select_related("occupation"):
        detail = "；".join(filter(None, [t.institution_name, f"{t.hours} 学时" if t.hours else "",
                                         "已结业" if t.completed else "未结业", "补贴性培训" if t.subsidised else ""]))
        entries.append(TimelineEntry(t.start_date, "training", "培训", t.programme, detail, t))
    for r in CompetitionResult.objects.filter(worker=worker):
        entries.append(TimelineEntry(r.held_on, "competition", "竞赛", r.competition_name,
                                     "；".join(filter(None, [r.get_level_display(), r.award,
                                                             f"第 {r.rank} 名" if r.rank else ""])), r))
    for h in Honour.objects.filter(worker=worker):
        entries.append(TimelineEntry(h.awarded_on, "honour", "荣誉", h.title,
                                     "；".join(filter(None, [h.get_level_display(), h.awarded_by])), h))
    for a in Achievement.objects.filter(worker=worker):
        entries.append(TimelineEntry(a.achieved_on, "achievement", "业绩", a.title,
                                     "；".join(filter(None, [a.get_kind_display(), a.description])), a))
    entries.sort(key=lambda entry: (entry.on, entry.kind), reverse=True)
    return worker, entries


# --- Competitions and honours (issue 14, ADR 0024) ------------------------------------------------


def enterprise_skill_ratio(enterprise: Enterprise) -> dict:
    """The enterprise's skilled-talent ratio (企业技能人才占比, `003`) from our own records: current
    employees (main or second job), those holding any certificate, and those at 高级工 or above."""
    from gongjiang.reference.grades import HIGH_SKILLED_MIN

    staff = Employment.objects.filter(enterprise=enterprise, end_date__isnull=True).values("worker_id")
    employees = staff.distinct().count()
    certified = Certificate.objects.filter(worker_id__in=staff).values("worker_id").distinct().count()
    high = (Certificate.objects.filter(worker_id__in=staff, grade__gte=HIGH_SKILLED_MIN)
            .values("worker_id").distinct().count())
    return {"employees": employees, "skilled": certified, "high_skilled": high,
            "skilled_ratio": round(certified / employees, 4) if employees else None,
            "high_skilled_ratio": round(high / employees, 4) if employees else None}


# --- end of issue 14 block -------------------------------------------------------------------------
