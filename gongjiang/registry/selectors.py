"""Reads of the registry, always scoped to who is asking (issue 2 §6).

Every function takes `actor` (a `accounts.User`). A record outside the actor's scope behaves
exactly like a record that does not exist (`NotFound`), so guessed ids reveal nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core import crypto
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.identity import IdentityError, resident_id_validate
from gongjiang.reference.models import Division
from gongjiang.reference.selectors import division_choice_labels, division_name_for_code
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


# --- District lists (issue 10 §4, ADR 0019) --------------------------------------------------


@dataclass(frozen=True)
class DistrictChoice:
    """One entry of a district list: `label` is the name, with the city beside it where two names
    in the list are alike (普陀区（舟山市）)."""

    code: str
    name: str
    label: str


def service_area_districts() -> list[Division]:
    """The current county-level divisions this deployment serves: those under the codes of
    `settings.GONGJIANG_SERVICE_AREA` (cities or districts), else every district of the cities
    where enterprises are registered or bureau staff work, else every current district shipped."""
    current = Division.objects.filter(level=Division.Level.COUNTY, retired_on__isnull=True).select_related(
        "parent__parent")
    codes = list(getattr(settings, "GONGJIANG_SERVICE_AREA", []) or [])
    if codes:
        area = current.filter(Q(code__in=codes) | Q(parent__code__in=codes) | Q(parent__parent__code__in=codes))
    else:
        staff = get_user_model().objects.filter(district=OuterRef("pk"))
        used = Division.objects.filter(level=Division.Level.COUNTY).filter(
            Exists(Enterprise.objects.filter(district=OuterRef("pk"))) | Exists(staff))
        area = current.filter(parent__in=used.values("parent"))
    return list(area.order_by("code")) or list(current.order_by("code"))


def district_choices(actor: Any) -> list[DistrictChoice]:
    """The districts a district list offers the actor: what their scope covers. Bureau staff: the
    districts of their own city, their own first (they see the people working or living in their
    district, who live or work across that city); everyone else: the service area. Names alike are
    told apart by their city. Refuses nothing."""
    if actor.is_authenticated and scope(actor) == Scope.DISTRICT and actor.district_id:
        own = actor.district
        divisions = list(Division.objects.filter(parent_id=own.parent_id, level=Division.Level.COUNTY,
                                                 retired_on__isnull=True).select_related("parent__parent")
                         .order_by("code"))
        divisions.sort(key=lambda d: d.pk != own.pk)
    else:
        divisions = service_area_districts()
    names = {d.code: d.name for d in divisions}
    return [DistrictChoice(code, names[code], label) for code, label in division_choice_labels(divisions)]


def district_checked(actor: Any, code: str, choices: list[DistrictChoice] | None = None) -> str:
    """`code` when it is in the actor's district list ("" stays ""), else DomainError beside the
    district field saying which district it is and that it is outside what the actor may filter
    on — never a silent fall-back to every district (issue 10 §4)."""
    code = (code or "").strip()
    if not code:
        return ""
    choices = district_choices(actor) if choices is None else choices
    if any(c.code == code for c in choices):
        return code
    known = division_name_for_code(code)
    if known is None:
        raise DomainError(f"区县代码“{code}”不存在，请从列表中选择区县", field="district")
    where = "您所在城市" if actor.is_authenticated and scope(actor) == Scope.DISTRICT else "本平台服务"
    listed = "、".join(c.label for c in choices[:8]) + ("等" if len(choices) > 8 else "")
    raise DomainError(f"{known.full_name}（{code}）不在{where}的区县范围内，没有可显示的结果。请从列表中选择：{listed}",
                      code="district_out_of_scope", field="district")


def certificate_number_taken(number: str) -> bool:
    """Whether any archive already holds a certificate with this number (whoever asks: numbers
    are printed on certificates, not personal data)."""
    return Certificate.objects.filter(number=number).exists()


def certificate_numbers_taken(numbers: list[str]) -> set[str]:
    """Which of these numbers an archive already holds (one query, for a batch of numbers)."""
    taken: set[str] = set()
    for start in range(0, len(numbers), 500):
        chunk = numbers[start:start + 500]
        taken.update(Certificate.objects.filter(number__in=chunk).values_list("number", flat=True))
    return taken


# --- Reads for the evaluation domain (R4.2): the facts the 申报条件 and the audit look at ---------


def worker_first_job_start(worker: Worker) -> date | None:
    """When the worker's earliest recorded employment began (None: no employment recorded)."""
    return Employment.objects.filter(worker=worker).order_by("start_date").values_list("start_date", flat=True).first()


def worker_first_certificate(worker: Worker, *, occupation: Any, grade_min: int) -> Certificate | None:
    """The worker's earliest certificate in `occupation` at `grade_min` or above."""
    return (Certificate.objects.filter(worker=worker, occupation=occupation, grade__gte=grade_min)
            .order_by("issued_on", "id").first())


def enterprise_current_staff(enterprise_id: int, *, occupation: Any = None) -> QuerySet[Employment]:
    """Current employments at an enterprise; with `occupation`, those in it or with none recorded."""
    qs = Employment.objects.filter(enterprise_id=enterprise_id, end_date__isnull=True).select_related("worker")
    if occupation is not None:
        qs = qs.filter(Q(occupation=occupation) | Q(occupation__isnull=True))
    return qs.order_by("worker_id")


def workers_current_employers(worker_ids: list[int]) -> list[tuple[int, int]]:
    """(worker id, enterprise id) of the current employments of these workers."""
    return list(Employment.objects.filter(worker_id__in=worker_ids, end_date__isnull=True)
                .values_list("worker_id", "enterprise_id"))


def enterprise_by_uscc(uscc: str) -> Enterprise | None:
    """The registered enterprise with this USCC (enterprise names and codes are public register data)."""
    return Enterprise.objects.filter(uscc=uscc.strip().upper()).first()


def worker_top_grade_in(worker: Worker, *, occupation: Any) -> int | None:
    """The highest grade the worker holds in `occupation` (None: no certificate in it)."""
    return Certificate.objects.filter(worker=worker, occupation=occupation).aggregate(top=Max("grade"))["top"]


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
