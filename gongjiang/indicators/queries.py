"""The queries behind the indicators (ADR 0025): each returns base quantities keyed by the code of
the division they belong to (a county for people, the programme's or policy's own area for
designations and money), so that any area — district, city, province — sums the codes under it
(`rollup`). Shares are worked out after summing (`indicators.selectors`), never averaged.

Read-only over the domains' records: registry (people, certificates, training records),
competitions (designations), incentives (the ledger), income (the year's snapshot). Each query is
one grouped SQL statement over the whole installation (set-based, as ADR 0009), so refreshing every
area costs the same as one."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gongjiang.reference.grades import HIGH_SKILLED_MIN
from gongjiang.reference.models import Division


def area_prefix(code: str) -> str:
    """The leading digits every division under `code` shares: 330000 → 33, 330900 → 3309, 330902 → 330902."""
    code = str(code)
    if len(code) != 6:  # a 乡镇/街道 (9 digits) is its own unit
        return code
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def rollup(values: dict[str, Any], area_code: str) -> list[Any]:
    """The values of every code under `area_code` (itself included)."""
    prefix = area_prefix(area_code)
    return [v for code, v in values.items() if code.startswith(prefix)]


def _division_codes() -> dict[int, str]:
    return dict(Division.objects.values_list("id", "code"))


#: A common table expression `area(worker_id, district_id)`: where each worker counts on the
#: reference date — the district of their main employer that day (of any one, should two main jobs
#: overlap in the records), else their residence district. Set-based: one grouped pass over
#: employments and one over workers, no per-worker sub-query (ADR 0025 §Speed). Parameters: on, false.
AREA_SQL = """
    job AS (SELECT e.worker_id, MIN(ent.district_id) AS district_id
            FROM registry_employment e JOIN registry_enterprise ent ON ent.id = e.enterprise_id
            WHERE e.is_second_job = %(false)s AND e.start_date <= %(on)s
              AND (e.end_date IS NULL OR e.end_date >= %(on)s)
            GROUP BY e.worker_id),
    area AS (SELECT w.id AS worker_id, COALESCE(job.district_id, w.residence_district_id) AS district_id
             FROM registry_worker w LEFT JOIN job ON job.worker_id = w.id)"""


#: The same `area(worker_id, district_id)` by 乡镇/街道: the township code (text) of the worker's
#: main employer on the reference date; workers without one (no job, or an employer with no
#: township in the registry) are absent. Parameters: on, false.
TOWNSHIP_SQL = """
    area AS (SELECT e.worker_id, MIN(ent.township_code) AS district_id
             FROM registry_employment e JOIN registry_enterprise ent ON ent.id = e.enterprise_id
             WHERE e.is_second_job = %(false)s AND e.start_date <= %(on)s
               AND (e.end_date IS NULL OR e.end_date >= %(on)s) AND ent.township_code <> ''
             GROUP BY e.worker_id)"""


def _area_sql(township: bool) -> str:
    return TOWNSHIP_SQL if township else AREA_SQL


def _codes(township: bool) -> Any:
    """Division id → code; for townships the statement already yields the code."""
    return _Identity() if township else _division_codes()


class _Identity(dict):
    def __contains__(self, key: object) -> bool:
        return bool(key)

    def __getitem__(self, key: Any) -> Any:
        return key


def _year_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)"


def _rows(sql: str, params: dict) -> list[tuple]:
    """Run one of this module's statements: built from the constant fragments above only, every
    value a parameter."""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"false": False, **params})
        return cursor.fetchall()


def people(on: date, *, township: bool = False) -> dict[str, dict[str, int]]:
    """Skilled and high-skilled workers per district (or 乡镇/街道) on `on` and on the eve of its
    year (for the year's starting point), by where they count on `on`."""
    eve = date(on.year, 1, 1) - timedelta(days=1)
    rows = _rows(f"""WITH {_area_sql(township)},
        held AS (SELECT c.worker_id, MIN(c.issued_on) AS first_on,
                        MIN(CASE WHEN c.grade >= %(high)s THEN c.issued_on END) AS first_high
                 FROM registry_certificate c WHERE c.issued_on <= %(on)s GROUP BY c.worker_id)
        SELECT a.district_id, COUNT(*),
               SUM(CASE WHEN h.first_high IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN h.first_on <= %(eve)s THEN 1 ELSE 0 END),
               SUM(CASE WHEN h.first_high <= %(eve)s THEN 1 ELSE 0 END)
        FROM held h JOIN area a ON a.worker_id = h.worker_id
        WHERE a.district_id IS NOT NULL GROUP BY a.district_id""",  # noqa: S608 - constant fragments; values are parameters
                 {"on": on, "eve": eve, "high": HIGH_SKILLED_MIN})
    codes = _codes(township)
    return {codes[d]: {"skilled": int(n), "high": int(hi), "skilled_eve": int(ne), "high_eve": int(he)}
            for d, n, hi, ne, he in rows if d in codes}


def employed_in_registry(on: date, *, township: bool = False) -> dict[str, int]:
    """People with a main employment on `on`, by their employer's district (or 乡镇/街道): the
    stand-in for the number of employed when the bureau has entered none."""
    from gongjiang.registry.models import Employment

    key = "enterprise__township_code" if township else "enterprise__district__code"
    rows = (Employment.objects.filter(is_second_job=False, start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .values(key).order_by().annotate(n=Count("worker_id", distinct=True)))
    return {r[key]: r["n"] for r in rows if r[key]}


def training(on: date, *, township: bool = False) -> dict[str, dict[int, list[int]]]:
    """Completed subsidised training per district (or 乡镇/街道) and year up to `on`: [person-times, persons]."""
    rows = _rows(f"""WITH {_area_sql(township)}
        SELECT a.district_id, {_year_sql("t.end_date")} AS y, COUNT(*), COUNT(DISTINCT t.worker_id)
        FROM registry_trainingrecord t JOIN area a ON a.worker_id = t.worker_id
        WHERE t.subsidised = %(true)s AND t.completed = %(true)s AND t.end_date <= %(on)s AND a.district_id IS NOT NULL
        GROUP BY a.district_id, y""", {"on": on, "true": True})  # noqa: S608 - constant fragments; values are parameters
    codes = _codes(township)
    found: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for district, year, n, persons in rows:
        if district in codes:
            found[codes[district]][int(year)] = [int(n), int(persons)]
    return dict(found)


def certificates(on: date, *, township: bool = False) -> dict[str, dict[int, dict[int, int]]]:
    """Certificates issued per district (or 乡镇/街道), year and grade up to `on` (grade 0: no
    grade, 专项职业能力)."""
    rows = _rows(f"""WITH {_area_sql(township)}
        SELECT a.district_id, {_year_sql("c.issued_on")} AS y, COALESCE(c.grade, 0) AS g, COUNT(*)
        FROM registry_certificate c JOIN area a ON a.worker_id = c.worker_id
        WHERE c.issued_on <= %(on)s AND a.district_id IS NOT NULL
        GROUP BY a.district_id, y, g""", {"on": on})  # noqa: S608 - constant fragments; values are parameters
    codes = _codes(township)
    found: dict[str, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for district, year, grade, n in rows:
        if district in codes:
            found[codes[district]][int(year)][int(grade)] = int(n)
    return {code: {y: dict(g) for y, g in years.items()} for code, years in found.items()}


def apprentices(on: date, *, township: bool = False) -> dict[str, dict[int, int]]:
    """Trainees of enterprise-run 新型学徒制 training (training.EnterpriseTraining, kind
    apprenticeship) ended by `on`, per the enterprise's district (or 乡镇/街道) and year of the end date."""
    from gongjiang.training.models import EnterpriseTraining, EnterpriseTrainingKind

    key = "enterprise__township_code" if township else "enterprise__district__code"
    rows = (EnterpriseTraining.objects.filter(kind=EnterpriseTrainingKind.APPRENTICESHIP, end_date__lte=on)
            .annotate(year=ExtractYear("end_date")).values(key, "year").order_by().annotate(n=Sum("trainees")))
    found: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        if r[key]:
            found[r[key]][int(r["year"])] = int(r["n"] or 0)
    return dict(found)


def designations(on: date, titles: dict[str, str]) -> dict[str, dict[str, list[int]]]:
    """Enterprises (or units) awarded each designation by `on` and before its year, by the
    programme's area: {area code: {indicator code: [on, before the year]}}."""
    from gongjiang.competitions.models import Nomination, NominationStatus

    found: dict[str, dict[str, list[int]]] = defaultdict(dict)
    start = date(on.year, 1, 1)
    for code, words in titles.items():
        rows = (Nomination.objects.filter(status=NominationStatus.AWARDED, programme__title__contains=words)
                .filter(Q(awarded_on__lte=on) | Q(awarded_on__isnull=True))
                .values("programme__area__code").order_by()
                .annotate(n=Count("id"), before=Count("id", filter=Q(awarded_on__lt=start))))
        for r in rows:
            found[r["programme__area__code"]][code] = [r["n"], r["before"]]
    return dict(found)


def subsidy(on: date) -> dict[str, dict[int, dict[str, str]]]:
    """Money booked in the ledger (payments less reversals) per policy area, year and policy up to
    `on`, as decimal strings (JSON keeps them exact)."""
    from gongjiang.incentives.models import LedgerEntry

    until = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    rows = (LedgerEntry.objects.filter(recorded_at__lt=until)
            .annotate(year=ExtractYear("recorded_at"))
            .values("policy__district__code", "year", "policy__name").order_by().annotate(total=Sum("amount")))
    found: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(Decimal)))
    for r in rows:
        found[r["policy__district__code"]][r["year"]][r["policy__name"]] += r["total"] or Decimal(0)
    return {code: {y: {name: str(total.quantize(Decimal("0.01"))) for name, total in policies.items()} for y, policies in years.items()}
            for code, years in found.items()}


def middle_income(year: int) -> dict[str, list[int]]:
    """Skilled workers in the income snapshot of `year` (else the year before) and how many of them
    are in the middle-income band, per district: {code: [count, middle, year used]}. Districts the
    disclosure control leaves out are absent."""
    from gongjiang.income import distribution
    from gongjiang.income.store import snapshot_load

    for used in (year, year - 1):
        try:
            snap = snapshot_load(used)
        except (OSError, ValueError):
            snap = None
        if snap is None:
            continue
        rows = distribution.distribution(snap, population="skilled", by="district")
        return {r["group"]: [r["count"], round(r["count"] * r["middle_share"]), used]
                for r in rows if r["group"] and r["count"]}
    return {}


def figures(year: int) -> dict[str, dict[str, list]]:
    """What the bureau entered (AreaFigure) for `year`, else its latest earlier year:
    {area code: {kind: [value as text, year, source label]}}."""
    from gongjiang.indicators.models import AreaFigure

    found: dict[str, dict[str, list]] = defaultdict(dict)
    for f in AreaFigure.objects.filter(year__lte=year).select_related("area").order_by("year"):
        found[f.area.code][f.kind] = [str(f.value), f.year, str(f.get_source_display())]
    return dict(found)


def base(on: date) -> dict[str, Any]:
    """Every base quantity for every area on `on`: what a snapshot stores."""
    from gongjiang.indicators.catalogue import DESIGNATION_TITLES

    return {"on": on.isoformat(), "people": people(on), "employed_registry": employed_in_registry(on),
            "training": _str_keys(training(on)), "certificates": _str_keys(certificates(on)),
            "designations": designations(on, DESIGNATION_TITLES), "subsidy": _str_keys(subsidy(on)),
            "middle_income": middle_income(on.year), "figures": figures(on.year), "townships": townships(on),
            "apprentices": _str_keys(apprentices(on))}


def townships(on: date) -> dict[str, Any]:
    """The worker-based quantities per 乡镇/街道 (the main employer's township on `on`), with the
    townships' names: what a township's target and the ranking within a district read."""
    from gongjiang.registry.selectors import township_names

    return {"names": township_names(), "people": people(on, township=True),
            "employed_registry": employed_in_registry(on, township=True),
            "training": _str_keys(training(on, township=True)),
            "certificates": _str_keys(certificates(on, township=True)),
            "apprentices": _str_keys(apprentices(on, township=True))}


def _str_keys(value: Any) -> Any:
    """JSON object keys are text: years and grades become "2025", "4" (read back with int())."""
    if isinstance(value, dict):
        return {str(k): _str_keys(v) for k, v in value.items()}
    return value
