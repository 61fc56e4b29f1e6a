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

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from gongjiang.reference.grades import HIGH_SKILLED_MIN
from gongjiang.reference.models import Division


def area_prefix(code: str) -> str:
    """The leading digits every division under `code` shares: 330000 → 33, 330900 → 3309, 330902 → 330902."""
    code = str(code)
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


def _worker_area(on: date, worker_ref: str = "pk", residence: str = "residence_district_id"):
    """The division id a worker counts under on `on`: the district of their main employer that day,
    else their residence district."""
    from gongjiang.registry.models import Employment

    job = (Employment.objects.filter(worker=OuterRef(worker_ref), is_second_job=False, start_date__lte=on)
           .filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).order_by("-start_date", "-id")
           .values("enterprise__district_id")[:1])
    return Coalesce(Subquery(job), F(residence), output_field=BigIntegerField())


def people(on: date) -> dict[str, dict[str, int]]:
    """Skilled and high-skilled workers per district on `on` and on the eve of its year (for the
    year's starting point), by where they count on `on`."""
    from gongjiang.registry.models import Certificate, Worker

    eve = date(on.year, 1, 1) - timedelta(days=1)
    held = Certificate.objects.filter(worker=OuterRef("pk"), issued_on__lte=on)
    rows = (Worker.objects.annotate(
        area=_worker_area(on), skilled=Exists(held), high=Exists(held.filter(grade__gte=HIGH_SKILLED_MIN)),
        skilled_eve=Exists(held.filter(issued_on__lte=eve)),
        high_eve=Exists(held.filter(issued_on__lte=eve, grade__gte=HIGH_SKILLED_MIN)))
        .filter(skilled=True).values("area").order_by()
        .annotate(n=Count("id"), n_high=Count("id", filter=Q(high=True)),
                  n_eve=Count("id", filter=Q(skilled_eve=True)), n_high_eve=Count("id", filter=Q(high_eve=True))))
    codes = _division_codes()
    return {codes[r["area"]]: {"skilled": r["n"], "high": r["n_high"], "skilled_eve": r["n_eve"],
                               "high_eve": r["n_high_eve"]} for r in rows if r["area"] in codes}


def employed_in_registry(on: date) -> dict[str, int]:
    """People with a main employment on `on`, by their employer's district (the stand-in for the
    number of employed when the bureau has entered none)."""
    from gongjiang.registry.models import Employment

    rows = (Employment.objects.filter(is_second_job=False, start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .values("enterprise__district__code").order_by().annotate(n=Count("worker_id", distinct=True)))
    return {r["enterprise__district__code"]: r["n"] for r in rows}


def training(on: date) -> dict[str, dict[int, list[int]]]:
    """Completed subsidised training per district and year up to `on`: [person-times, persons]."""
    from gongjiang.registry.models import TrainingRecord

    rows = (TrainingRecord.objects.filter(subsidised=True, completed=True, end_date__lte=on)
            .annotate(area=_worker_area(on, "worker_id", "worker__residence_district_id"), year=ExtractYear("end_date"))
            .values("area", "year").order_by()
            .annotate(n=Count("id"), persons=Count("worker_id", distinct=True)))
    codes = _division_codes()
    found: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for r in rows:
        if r["area"] in codes:
            found[codes[r["area"]]][r["year"]] = [r["n"], r["persons"]]
    return dict(found)


def certificates(on: date) -> dict[str, dict[int, dict[int, int]]]:
    """Certificates issued per district, year and grade up to `on` (grade 0: no grade, 专项职业能力)."""
    from gongjiang.registry.models import Certificate

    rows = (Certificate.objects.filter(issued_on__lte=on)
            .annotate(area=_worker_area(on, "worker_id", "worker__residence_district_id"), year=ExtractYear("issued_on"))
            .values("area", "year", "grade").order_by().annotate(n=Count("id")))
    codes = _division_codes()
    found: dict[str, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        if r["area"] in codes:
            found[codes[r["area"]]][r["year"]][r["grade"] or 0] = r["n"]
    return {code: {y: dict(g) for y, g in years.items()} for code, years in found.items()}


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
            "middle_income": middle_income(on.year), "figures": figures(on.year)}


def _str_keys(value: Any) -> Any:
    """JSON object keys are text: years and grades become "2025", "4" (read back with int())."""
    if isinstance(value, dict):
        return {str(k): _str_keys(v) for k, v in value.items()}
    return value
