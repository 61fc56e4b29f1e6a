"""Reads of the registry, always scoped to who is asking (issue 2 §6).

Every function takes `actor` (a `accounts.User`). A record outside the actor's scope behaves
exactly like a record that does not exist (`NotFound`), so guessed ids reveal nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Count, Exists, F, Func, Max, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat, Left, Substr

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core import crypto, lookups  # noqa: F401  (registers __any_of)
from gongjiang.core.api import MAX_LIMIT
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.paging import LIST_COUNT_CAP
from gongjiang.identity import IdentityError, resident_id_validate
from gongjiang.reference.models import Division
from gongjiang.reference.selectors import division_choice_labels, division_name_for_code
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Education,
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


# How far a name search reads on PostgreSQL: the pages a list offers (LIST_COUNT_CAP rows) and one
# more API page. The API asks for more when its offset goes beyond.
NAME_SEARCH_REACH = LIST_COUNT_CAP + MAX_LIMIT + 1
# A name search lists the names holding the text after the first character by their ids when at
# most this many do (see `_name_contains_postgresql`).
NAME_REST_IDS_MAX = 2_000


def _employed_in(enterprise_id: int) -> Q:
    """"Currently employed in `enterprise_id`", as the list of those workers' ids when it is short,
    else as an EXISTS sub-query."""
    ids = list(Employment.objects.filter(enterprise_id=enterprise_id, end_date__isnull=True).order_by()
               .values_list("worker_id", flat=True).distinct()[: EMPLOYEE_IDS_MAX + 1])
    if len(ids) <= EMPLOYEE_IDS_MAX:
        # One array parameter on PostgreSQL, not one parameter per id (ADR 0032).
        return Q(pk__any_of=ids) if connection.vendor == "postgresql" else Q(pk__in=ids)
    return Q(Exists(Employment.objects.filter(worker=OuterRef("pk"), end_date__isnull=True,
                                              enterprise_id=enterprise_id)))


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
        return qs.filter(_employed_in(actor.enterprise_id))
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
                grade_min: int | None = None, occupation_code: str = "", top_grade: int | None = None,
                name_reach: int | None = NAME_SEARCH_REACH) -> QuerySet[Worker]:
    """Workers in scope, filtered. `text` matches a name, or a full resident ID number exactly
    (through the keyed hash: the stored numbers are sealed).

    A name search on PostgreSQL reaches the first `name_reach` matches in list order (None: all, for
    exports) and its rows carry no `top_grade` (fill it for the shown page with
    `workers_top_grade_fill`); see `_name_contains_postgresql`.

    Filters on employments and certificates are EXISTS sub-queries and the top grade a correlated
    sub-query, so the list needs no GROUP BY or DISTINCT: PostgreSQL walks the name index and
    computes the grade for the page's rows only (7-12 s -> milliseconds for a bureau's unfiltered
    list of 1,000,000 workers; issue 18 §2 load test)."""
    qs = worker_scope(actor)
    text = text.strip()
    name_text = ""
    if text:
        try:
            number = resident_id_validate(text).number
        except IdentityError:
            name_text = text
        else:
            qs = qs.filter(id_number_hash__in=crypto.lookup_hashes(number))
    current = Employment.objects.filter(worker=OuterRef("pk"), end_date__isnull=True)
    if district_code:
        qs = qs.filter(Q(Exists(current.filter(enterprise__district__code=district_code)))
                       | Q(residence_district__code=district_code))
    # (HR's scope is already "employed in their enterprise": the same filter twice would read the
    # staff's ids twice.)
    if enterprise_id and not (scope(actor) == Scope.ENTERPRISE and enterprise_id == actor.enterprise_id):
        qs = qs.filter(_employed_in(enterprise_id))
    certificates = Certificate.objects.filter(worker=OuterRef("pk"))
    if grade_min:
        qs = qs.filter(Exists(certificates.filter(grade__gte=grade_min)))
    if occupation_code:
        prefix = occupation_code + "-"
        qs = qs.filter(
            Q(Exists(certificates.filter(Q(occupation__code=occupation_code) | Q(occupation__code__startswith=prefix))))
            | Q(Exists(Employment.objects.filter(worker=OuterRef("pk")).filter(
                Q(occupation__code=occupation_code) | Q(occupation__code__startswith=prefix)))))
    top = Subquery(certificates.order_by().values("worker").annotate(top=Max("grade")).values("top"))
    if top_grade is not None:  # the home page's figures: exactly this highest grade (0: no certificate)
        if name_text:
            qs = qs.filter(name__contains=name_text)
        qs = qs.annotate(top_grade=top)
        qs = qs.filter(top_grade__isnull=True) if top_grade == 0 else qs.filter(top_grade=top_grade)
        return qs.order_by(*_list_order(actor, enterprise_id))
    if name_text and connection.vendor == "postgresql":
        return _name_contains_postgresql(qs, name_text, top, reach=name_reach)
    if name_text:
        qs = qs.filter(name__contains=name_text)
    return qs.annotate(top_grade=top).order_by(*_list_order(actor, enterprise_id))


def _list_order(actor: Any, enterprise_id: int | None) -> tuple:
    """Name order. One enterprise's staff (at most EMPLOYEE_IDS_MAX ids) are sorted as a set on
    PostgreSQL, by an expression no index holds: given `ORDER BY name LIMIT 20` the planner otherwise
    walks the name index of 1,000,000 workers looking for the enterprise's 9,000 (250 ms, where
    sorting the 9,000 takes 20 ms; bench/load). Same order: `name || ''` sorts as `name`."""
    if connection.vendor == "postgresql" and (enterprise_id or scope(actor) == Scope.ENTERPRISE):
        return (Concat(F("name"), Value(""), output_field=TextField()), "id")
    return ("name", "id")


# The employees of one enterprise are listed by their ids when there are at most this many: the
# planner otherwise walks the name index looking for them (0.8 s for an enterprise of 3,000 among
# 1,000,000 workers; issue 18 §2 load test). Larger staffs are dense enough in the name order for
# the walk to find a page soon.
EMPLOYEE_IDS_MAX = 50_000


def _chars(expression: Any) -> Func:
    """The characters of a text as an array, `string_to_array(text, NULL)` (PostgreSQL)."""
    return Func(expression, Value(None), function="string_to_array", output_field=ArrayField(TextField()))


def _name_contains_postgresql(qs: QuerySet[Worker], text: str, top_grade: Subquery,
                              reach: int | None) -> QuerySet[Worker]:
    """Names containing `text`, in name order, on PostgreSQL (ADR 0032, migration registry 0005).

    `name LIKE '%王%'` can use no B-tree, and walking the name index until 30 names match reads
    every name before the first 王 (550,000 of 1,000,000: 6.6 s alone, 14 s under load). The
    matches are split in two disjoint parts, each of which an index answers in name order:
    - names that start with `text`: the index on (first character, name, id) gives the names
      starting with its first character in name order (王 → the 王 family, read as far as needed);
    - names that contain `text` after the first character and do not start with it: the GIN index
      over the characters after the first (`substring(name, 2)`) finds them; few for a surname.
    Each part is read in name order up to `reach` rows and the two are merged (UNION ALL): the
    first `reach` matches, exact. PostgreSQL 15 does not merge the two ordered parts by itself, and
    without the limit it sorts all 85,000 王. The correlated top grade would be computed for every
    row read, so with a reach the rows carry none (`workers_top_grade_fill`)."""
    first = qs.alias(first_char=Left("name", 1)).filter(first_char=text[0])
    rest = qs.alias(first_char=Left("name", 1), rest=Substr("name", 2)).alias(rest_chars=_chars(F("rest"))).filter(
        rest_chars__contains=sorted(set(text)))
    # For one character "starts with it" is "its first character is it" and "holds the character"
    # is "contains it": no LIKE, whose guessed selectivity would hide the indexes' statistics.
    if len(text) > 1:
        first = first.filter(name__startswith=text)
        rest = rest.filter(rest__contains=text).exclude(name__startswith=text)
    else:
        rest = rest.exclude(first_char=text)
    # The second part by the ids it holds, when few: ordered by name, PostgreSQL would walk the name
    # index through all 1,000,000 names to find the handful of given names holding 王. When many
    # (a character common in given names, 伟), the matches are spread over the whole list and
    # walking the name index finds a page of them at once.
    rest_ids = list(rest.values_list("pk", flat=True)[: NAME_REST_IDS_MAX + 1])
    if len(rest_ids) > NAME_REST_IDS_MAX:
        return qs.filter(name__contains=text).annotate(top_grade=top_grade).order_by("name", "id")
    if not rest_ids:  # all start with the text (a surname): one ordered walk of the first index
        return first.annotate(top_grade=top_grade).order_by("name", "id")
    rest = qs.filter(pk__any_of=rest_ids)  # one array parameter (PostgreSQL only here)
    if reach is None:
        first, rest = first.annotate(top_grade=top_grade).order_by(), rest.annotate(top_grade=top_grade).order_by()
    else:
        first, rest = first.order_by("name", "id")[:reach], rest.order_by("name", "id")[:reach]
    return first.union(rest, all=True).order_by("name", "id")


def workers_top_grade_fill(workers: list[Worker]) -> list[Worker]:
    """Set `top_grade` (the highest grade held; None: no certificate) on workers read without it."""
    missing = [w.pk for w in workers if not hasattr(w, "top_grade")]
    if missing:
        tops = dict(Certificate.objects.filter(worker_id__in=missing).values("worker_id")
                    .annotate(top=Max("grade")).values_list("worker_id", "top"))
        for worker in workers:
            if not hasattr(worker, "top_grade"):
                worker.top_grade = tops.get(worker.pk)
    return workers


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
    for d in Education.objects.filter(worker=worker).select_related("major_occupation"):
        entries.append(TimelineEntry(d.graduated_on, "education", "学历", f"{d.school_name} 毕业",
                                     "；".join(filter(None, [d.get_school_kind_display(),
                                                             d.major_occupation.name if d.major_occupation else ""])), d))
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


def _enterprise_district_ids() -> list[int]:
    """The districts where enterprises are registered: one step down the enterprise district index
    per district (a recursive "next district after this one" query, on PostgreSQL and SQLite alike).

    Not `EXISTS (enterprise in this district)` per division: PostgreSQL sizes that probe for an
    average district, and where one district holds all enterprises (the demo: 102,471) the average
    is all of them, so each division without any was a sequential scan of the whole table: 1.9 s
    on every page with a district list (issue 18 §2 load test). Nor `SELECT DISTINCT`, which reads
    every row."""
    sql = ("WITH RECURSIVE d(id) AS (SELECT MIN(district_id) FROM registry_enterprise "
           "UNION ALL SELECT (SELECT MIN(e.district_id) FROM registry_enterprise e WHERE e.district_id > d.id) "
           "FROM d WHERE d.id IS NOT NULL) "
           "SELECT id FROM d WHERE id IS NOT NULL")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


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
        staff_districts = get_user_model().objects.filter(district__isnull=False).values("district_id")
        used = Division.objects.filter(level=Division.Level.COUNTY).filter(
            Q(pk__in=_enterprise_district_ids()) | Q(pk__in=staff_districts))
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
    """Which of these numbers an archive already holds: one query for a batch of numbers, the
    numbers bound as one array on PostgreSQL (ADR 0032); SQLite, which has no arrays, asks in
    chunks of 500."""
    if not numbers:
        return set()
    if connection.vendor == "postgresql":
        return set(Certificate.objects.filter(number__any_of=list(numbers)).values_list("number", flat=True))
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


def worker_educations(worker: Worker) -> list[Education]:
    """The worker's education records (学历), earliest graduation first: the schooling routes of
    the 申报条件 read them (issue 13)."""
    return list(Education.objects.filter(worker=worker).select_related("major_occupation")
                .order_by("graduated_on", "id"))


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


def township_names(*, district_code: str = "") -> dict[str, str]:
    """The 乡镇/街道 the registry's enterprises carry (code → name), of one district or all
    (names are public register data)."""
    qs = Enterprise.objects.exclude(township_code="")
    if district_code:
        qs = qs.filter(township_code__startswith=district_code)
    return dict(qs.order_by().values_list("township_code", "township_name").distinct())


def enterprise_by_uscc(uscc: str) -> Enterprise | None:
    """The registered enterprise with this USCC (enterprise names and codes are public register data)."""
    return Enterprise.objects.filter(uscc=uscc.strip().upper()).first()


def worker_top_grade_in(worker: Worker, *, occupation: Any) -> int | None:
    """The highest grade the worker holds in `occupation` (None: no certificate in it)."""
    return Certificate.objects.filter(worker=worker, occupation=occupation).aggregate(top=Max("grade"))["top"]



def worker_top_certificate_occupation(worker: Worker) -> Any:
    """The occupation of the worker's highest-grade certificate (the latest of equal grades), or None."""
    cert = (Certificate.objects.filter(worker=worker, occupation__isnull=False, grade__isnull=False)
            .select_related("occupation").order_by("-grade", "-issued_on", "-id").first())
    return cert.occupation if cert else None


# --- Home pages (issue 16) ---------------------------------------------------------------------


def enterprise_staff_by_grade(*, actor: Any) -> list[dict]:
    """Enterprise HR's current employees counted by their highest grade (grade None: no
    certificate), lowest first — the home page's chart; each count is the worker list filtered by
    `top_grade` (0 for none)."""
    if scope(actor) != Scope.ENTERPRISE:
        return []
    from gongjiang.reference.grades import Grade

    # Grouped in the database, unordered: an enterprise of 9,000 staff read row by row in name order
    # took 160 ms of the home page on the 1,000,000-worker demo (bench/load).
    counts: dict[int, int] = {}
    for top, n in worker_list(actor=actor).order_by().values_list("top_grade").annotate(n=Count("id")):
        counts[top or 0] = counts.get(top or 0, 0) + n
    return [{"grade": g, "label": str(Grade(g).label) if g else "无技能等级", "count": counts[g]}
            for g in sorted(counts)]


def worker_archive_counts(worker: Worker) -> dict[str, int]:
    """How many records of each kind the worker's archive holds (the worker's home page)."""
    return {"certificates": worker.certificates.count(), "trainings": worker.trainings.count(),
            "competitions": CompetitionResult.objects.filter(worker=worker).count(),
            "honours": Honour.objects.filter(worker=worker).count()}

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


def honour_count(*, title: str, awarded_from: date, awarded_to: date, before: Any = None,
                 exclude_ids: Any = ()) -> int:
    """How many honours of `title` the archive holds awarded from `awarded_from` to `awarded_to`
    (inclusive), leaving out `exclude_ids`; with `before` (an Honour), only those awarded before
    it (earlier date, or the same date and recorded first). The quota of an honour programme
    counts them (competitions.selectors.programme_places, ADR 0024)."""
    qs = Honour.objects.filter(title=title, awarded_on__gte=awarded_from, awarded_on__lte=awarded_to)
    if before is not None:
        qs = qs.filter(Q(awarded_on__lt=before.awarded_on) | Q(awarded_on=before.awarded_on, pk__lt=before.pk))
    if exclude_ids:
        qs = qs.exclude(pk__in=exclude_ids)
    return qs.count()


def worker_honours(worker: Worker) -> QuerySet[Honour]:
    """The honours and titles in `worker`'s archive, newest first (statements for banks, ADR 0024)."""
    return Honour.objects.filter(worker=worker).order_by("-awarded_on", "-id")


def workers_certified_in(worker_ids: list[int], *, first: date, last: date) -> int:
    """How many of `worker_ids` obtained a certificate from `first` to `last` (a studio's
    apprentices in its yearly review, ADR 0024)."""
    return (Certificate.objects.filter(worker_id__in=worker_ids, issued_on__gte=first, issued_on__lte=last)
            .values("worker_id").distinct().count())


# --- end of issue 14 block -------------------------------------------------------------------------
