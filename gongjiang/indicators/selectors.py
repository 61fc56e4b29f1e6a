"""Reads of targets and indicators (R8.1, R8.2; ADR 0025). The API the bulletin builds on:

    compute(area, year, month=None, base=None) -> list[IndicatorValue]   every indicator of an area
    progress(area, year, on=date, base=None)   -> list[Progress]         each target against the calendar
    ranking(indicator, year, on=date)          -> list[RankedUnit]        units ranked by completion

`area` is a division code (or a `Division`). Figures are computed from a `base` (queries.base):
live when none is given (`compute`), from the stored snapshot on pages (`snapshot_base`). Each
function is read-only and refuses nothing; pages scope the areas they offer (`areas_for`)."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.indicators import queries
from gongjiang.indicators.catalogue import BY_CODE, FLOW, INDICATORS, Indicator
from gongjiang.indicators.models import AreaFigure, Comparison, FigureKind, IndicatorSnapshot, Path, Target
from gongjiang.reference.grades import HIGH_SKILLED_MIN, Grade
from gongjiang.reference.models import Division


@dataclass
class IndicatorValue:
    indicator: Indicator
    area_code: str
    on: date
    value: Decimal | None  # shares as ratios (0.3512), money in yuan, counts as whole numbers
    start_value: Decimal | None = None  # stocks: the value on 31 December of the year before
    breakdown: list[tuple[str, Any]] = field(default_factory=list)
    note: str = ""
    link: str = ""

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass
class Progress:
    target: Target
    indicator: Indicator
    actual: Decimal | None
    expected: Decimal | None  # where the calendar says the figure should be on `on`
    target_value: Decimal  # shares as ratios
    start_value: Decimal | None
    elapsed: Decimal  # share of the target's period gone by on `on`
    status: str  # done / on_track / behind / missed / no_data
    link: str = ""
    note: str = ""

    @property
    def completion(self) -> Decimal | None:
        """Actual ÷ target (1 = done)."""
        if self.actual is None or not self.target_value:
            return None
        return self.actual / self.target_value

    @property
    def gap_to_expected(self) -> Decimal | None:
        if self.actual is None or self.expected is None:
            return None
        return self.expected - self.actual

    @property
    def gap_to_target(self) -> Decimal | None:
        return None if self.actual is None else self.target_value - self.actual

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {"done": gettext_lazy("已完成"), "on_track": gettext_lazy("按进度"), "behind": gettext_lazy("落后于进度"),
                 "missed": gettext_lazy("未完成"), "no_data": gettext_lazy("暂无数据")}


# --- Dates ---------------------------------------------------------------------------------------


def reference_date(year: int, month: int | None = None, *, today: date | None = None) -> date:
    """The last day of `month` (or of the year), never later than today."""
    today = today or timezone.localdate()
    last = date(year, month, monthrange(year, month)[1]) if month else date(year, 12, 31)
    return min(last, today)


def _division(area: Any) -> Division:
    if isinstance(area, Division):
        return area
    return Division.objects.get(code=str(area))


# --- From base quantities to indicators ----------------------------------------------------------


def _sum(values: list) -> int:
    return sum(int(v) for v in values)


def _ratio(a: Decimal | int | None, b: Decimal | int | None) -> Decimal | None:
    if a is None or not b:
        return None
    return (Decimal(a) / Decimal(b)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _flow_years(years_by_code: list[dict], first: int, last: int) -> list:
    return [v for years in years_by_code for y, v in years.items() if first <= int(y) <= last]


def _figure(base: dict, area_code: str, kind: str) -> list | None:
    return base.get("figures", {}).get(area_code, {}).get(kind)


def _link(name: str, area_code: str, **params: Any) -> str:
    from urllib.parse import urlencode

    url = reverse(name)
    if area_code and len(queries.area_prefix(area_code)) == 6 and name == "registry:worker_list":
        params["district"] = area_code
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


def township_base(base: dict) -> dict:
    """The base quantities of the 乡镇/街道 (queries.townships) shaped like a base, so a township's
    indicators come out of `values_from_base` like an area's; what is not counted per township
    (designations, money, income, entered figures) is empty."""
    found = base.get("townships", {})
    return {"on": base["on"], "people": found.get("people", {}), "employed_registry": found.get("employed_registry", {}),
            "training": found.get("training", {}), "certificates": found.get("certificates", {}),
            **({"apprentices": found["apprentices"]} if "apprentices" in found else {}), "designations": {}, "subsidy": {}, "middle_income": {},
            "figures": {}}


def values_from_base(base: dict, area_code: str, *, first_year: int | None = None) -> list[IndicatorValue]:
    """Every indicator of `area_code` — a division, or a 乡镇/街道 by its 9-digit code — from stored
    base quantities; flows counted from 1 January of `first_year` (default: the reference date's
    year) to the reference date."""
    if len(str(area_code)) == 9:
        base = township_base(base)
    on = date.fromisoformat(base["on"])
    last, first = on.year, min(first_year or on.year, on.year)
    people = queries.rollup(base["people"], area_code)
    skilled, high = _sum([p["skilled"] for p in people]), _sum([p["high"] for p in people])
    skilled_eve, high_eve = _sum([p["skilled_eve"] for p in people]), _sum([p["high_eve"] for p in people])
    out: dict[str, IndicatorValue] = {}

    def put(code: str, value: Any, **kwargs: Any) -> None:
        out[code] = IndicatorValue(BY_CODE[code], area_code, on, None if value is None else Decimal(value), **kwargs)

    put("skilled_total", skilled, start_value=Decimal(skilled_eve), link=_link("registry:worker_list", area_code,
                                                                            grade_min=Grade.APPRENTICE))
    employed_fig = _figure(base, area_code, FigureKind.EMPLOYED)
    if employed_fig:
        employed, note = Decimal(employed_fig[0]), _("从业人员数：%(n)s 人（%(y)s 年，%(s)s）") % {
            "n": f"{Decimal(employed_fig[0]):,.0f}", "y": employed_fig[1], "s": employed_fig[2]}
    else:
        employed = Decimal(_sum(queries.rollup(base["employed_registry"], area_code)))
        note = _("未录入从业人员数，暂以人才库在职人数 %(n)s 人计算") % {"n": f"{employed:,.0f}"}
    put("skilled_share", _ratio(skilled, employed), start_value=_ratio(skilled_eve, employed), note=note,
        link=reverse("indicators:figure_list"))
    put("high_skilled_total", high, start_value=Decimal(high_eve),
        link=_link("registry:worker_list", area_code, grade_min=HIGH_SKILLED_MIN))
    put("high_skilled_share", _ratio(high, skilled), start_value=_ratio(high_eve, skilled_eve),
        link=_link("registry:worker_list", area_code, grade_min=HIGH_SKILLED_MIN))
    trained = _flow_years(queries.rollup(base["training"], area_code), first, last)
    put("training_person_times", sum(t[0] for t in trained), link=reverse("training:class_list"))
    put("training_persons", sum(t[1] for t in trained), link=reverse("training:class_list"),
        note=_("跨年累计时，同一人在不同年度各计一次") if first != last else "")
    put("new_skill_training", None, note=_("暂无数据来源：培训记录不标注新技能培训"))
    if "apprentices" in base:  # snapshots stored before this indicator have none: no data, never 0
        apprenticed = _flow_years(queries.rollup(base["apprentices"], area_code), first, last)
        put("apprentices_trained", sum(int(n) for n in apprenticed), link=reverse("training:enterprise_training"))
    else:
        put("apprentices_trained", None, note=_("指标快照早于本项指标，重新计算后显示"))
    by_grade: dict[int, int] = {}
    for grades in _flow_years(queries.rollup(base["certificates"], area_code), first, last):
        for grade, n in grades.items():
            by_grade[int(grade)] = by_grade.get(int(grade), 0) + int(n)
    graded = {g: n for g, n in by_grade.items() if g}
    put("new_certificates", sum(graded.values()), link=reverse("evaluation:certificate_list"),
        breakdown=[(str(Grade(g).label), n) for g, n in sorted(graded.items())])
    put("new_high_certificates", sum(n for g, n in graded.items() if g >= HIGH_SKILLED_MIN),
        link=reverse("evaluation:certificate_list"))
    designated = queries.rollup(base["designations"], area_code)
    for code in ("skill_enterprises", "pay_by_skill_enterprises", "wealth_enterprises"):
        found = [d[code] for d in designated if code in d]
        put(code, sum(f[0] for f in found), start_value=Decimal(sum(f[1] for f in found)),
            link=reverse("competitions:programme_list"))
    villages = _figure(base, area_code, FigureKind.SKILL_VILLAGES)
    put("skill_villages", villages[0] if villages else None, link=reverse("indicators:figure_list"),
        note=(_("%(y)s 年录入") % {"y": villages[1]}) if villages else _("尚未录入"))
    paid: dict[str, Decimal] = {}
    for policies in _flow_years(queries.rollup(base["subsidy"], area_code), first, last):
        for name, total in policies.items():
            paid[name] = paid.get(name, Decimal(0)) + Decimal(total)
    put("subsidy_paid", sum(paid.values(), Decimal(0)), link=reverse("incentives:claim_list") + "?status=paid",
        breakdown=sorted(paid.items(), key=lambda kv: -kv[1]))
    income = queries.rollup(base["middle_income"], area_code)
    count, middle = sum(i[0] for i in income), sum(i[1] for i in income)
    put("middle_income_share", _ratio(middle, count), link=reverse("income:distribution"),
        note=(_("%(y)s 年收入汇总，%(n)s 人") % {"y": income[0][2], "n": f"{count:,}"}) if income
        else _("暂无收入汇总或人数不足公布标准"))
    if first != last:
        for v in out.values():
            if v.indicator.kind == FLOW:
                v.note = (v.note + "；" if v.note else "") + _("%(a)s—%(b)s 年累计") % {"a": first, "b": last}
    return [out[i.code] for i in INDICATORS]


def compute(area: Any, year: int, month: int | None = None, *, base: dict | None = None) -> list[IndicatorValue]:
    """Every indicator of `area` at the end of `month` of `year` (or of the year; never later than
    today), computed live from the records unless `base` is given."""
    division = _division(area)
    on = reference_date(year, month)
    return values_from_base(base if base is not None else queries.base(on), division.code)


def enterprise_values(enterprise: Any) -> dict[str, Decimal | None]:
    """An enterprise's own skilled-talent figures today (its current staff, registry)."""
    from gongjiang.registry.selectors import enterprise_skill_ratio

    r = enterprise_skill_ratio(enterprise)
    return {"skilled_total": Decimal(r["skilled"]), "high_skilled_total": Decimal(r["high_skilled"]),
            "skilled_share": _ratio(r["skilled"], r["employees"]),
            "high_skilled_share": _ratio(r["high_skilled"], r["skilled"])}


# --- Progress against targets -------------------------------------------------------------------


def target_value(target: Target) -> Decimal:
    """The target as the indicator's own number (percentages entered as 35 become 0.35)."""
    indicator = BY_CODE.get(target.indicator)
    return target.value / 100 if indicator is not None and indicator.share else target.value


def _elapsed(target: Target, on: date) -> Decimal:
    first = date(target.from_year or target.year, 1, 1)
    end = date(target.year, 12, 31)
    if on >= end:
        return Decimal(1)
    if on < first:
        return Decimal(0)
    return (Decimal((on - first).days + 1) / Decimal((end - first).days + 1)).quantize(Decimal("0.0001"))


def _previous_target(target: Target, targets: list[Target]) -> Target | None:
    earlier = [t for t in targets if t.indicator == target.indicator and t.area_id == target.area_id
               and t.enterprise_id == target.enterprise_id and t.township_code == target.township_code
               and t.year < target.year]
    return max(earlier, key=lambda t: t.year) if earlier else None


def _met(actual: Decimal, goal: Decimal, comparison: str) -> bool:
    return actual > goal if comparison == Comparison.ABOVE else actual >= goal


def progress_of(target: Target, value: IndicatorValue | None, on: date, *, previous: Target | None = None,
                actual_override: Decimal | None = None) -> Progress:
    """One target against the calendar. Expected on `on`: flows from 0 on 1 January (of the first
    year); stocks from the year's starting point — the previous year's target when there is one
    (the target's own path), else the actual value on 31 December of the year before — to the
    target, in a straight line; targets checked at year end expect nothing before it."""
    indicator = BY_CODE[target.indicator]
    goal = target_value(target)
    actual = actual_override if actual_override is not None else (value.value if value else None)
    elapsed = _elapsed(target, on)
    if indicator.kind == FLOW:
        start = Decimal(0)
    elif previous is not None and previous.year == target.year - 1:
        start = target_value(previous)
    else:
        start = value.start_value if value and value.start_value is not None else None
    if target.path == Path.YEAR_END:
        expected = goal if elapsed >= 1 else None
    elif start is None:
        expected = None
    else:
        expected = start + (goal - start) * elapsed
    if actual is None:
        status = "no_data"
    elif _met(actual, goal, target.comparison):
        status = "done"
    elif elapsed >= 1:
        status = "missed"
    elif expected is None or actual >= expected:
        status = "on_track"
    else:
        status = "behind"
    return Progress(target=target, indicator=indicator, actual=actual, expected=expected, target_value=goal,
                    start_value=start, elapsed=elapsed, status=status, link=value.link if value else "",
                    note=value.note if value else "")


def progress(area: Any, year: int, on: date | None = None, *, base: dict | None = None) -> list[Progress]:
    """Each target of `area` (its own, not its enterprises') due in `year`, or accumulating over a
    span of years that includes it, against the calendar on `on` (default today; `base` must be of
    that date). For a past year, pass the year's last day."""
    division = _division(area)
    on = on or timezone.localdate()
    base = base if base is not None else queries.base(on)
    targets = list(Target.objects.filter(area=division, enterprise__isnull=True, township_code="").select_related("area"))
    current = [t for t in targets if (t.from_year or t.year) <= year <= t.year]
    plain = {v.code: v for v in values_from_base(base, division.code)}
    out = []
    for target in sorted(current, key=lambda t: (t.year, _order(t.indicator))):
        indicator = BY_CODE.get(target.indicator)
        if indicator is None:
            continue
        value = plain.get(target.indicator)
        if indicator.kind == FLOW and target.from_year:
            value = {v.code: v for v in values_from_base(base, division.code, first_year=target.from_year)}.get(
                target.indicator)
        out.append(progress_of(target, value, on, previous=_previous_target(target, targets)))
    return out


def _order(code: str) -> int:
    return [i.code for i in INDICATORS].index(code) if code in BY_CODE else 999


# --- Ranking (指标晾晒) --------------------------------------------------------------------------


@dataclass
class RankedUnit:
    rank: int
    name: str
    code: str
    kind: str  # 地区 / 企业
    progress: Progress


def ranking(indicator: str, year: int, on: date | None = None, *, base: dict | None = None,
            district: Any = None) -> list[RankedUnit]:
    """Every unit with a target for `indicator` in `year` — areas, 乡镇/街道 and enterprises — ranked
    by completion (actual ÷ target), the furthest along first; units without data last. With
    `district`, the 乡镇/街道 of that district only, ranked among themselves."""
    on = on or timezone.localdate()
    base = base if base is not None else queries.base(on)
    targets = Target.objects.filter(indicator=indicator, year=year).select_related("area", "enterprise")
    if district is not None:
        targets = targets.filter(area=_division(district), enterprise__isnull=True).exclude(township_code="")
    rows = []
    for target in targets:
        if target.township_code and not target.enterprise_id:
            values = {v.code: v for v in values_from_base(base, target.township_code, first_year=target.from_year)}
            item = progress_of(target, values.get(indicator), on, previous=None)
            rows.append((f"{target.area.name}{target.township_name}", target.township_code, _("乡镇/街道"), item))
        elif target.enterprise_id:
            actual = enterprise_values(target.enterprise).get(indicator)
            item = progress_of(target, None, on, actual_override=actual)
            rows.append((target.enterprise.name, target.enterprise.uscc, _("企业"), item))
        else:
            values = {v.code: v for v in values_from_base(base, target.area.code, first_year=target.from_year)}
            item = progress_of(target, values.get(indicator), on)
            rows.append((target.area.name, target.area.code, _("地区"), item))
    rows.sort(key=lambda r: (r[3].completion is None, -(r[3].completion or 0), r[1]))
    return [RankedUnit(i + 1, name, code, kind, item) for i, (name, code, kind, item) in enumerate(rows)]


def ranking_districts(year: int) -> list[Division]:
    """The districts with targets of their 乡镇/街道 in `year` (the ranking page's 乡镇/街道 choice)."""
    ids = Target.objects.filter(year=year, enterprise__isnull=True).exclude(township_code="").values("area_id")
    return list(Division.objects.filter(pk__in=ids).order_by("code"))


def ranking_indicators(year: int) -> list[Indicator]:
    """Indicators with targets of more than one unit in `year` come first; every one with a target."""
    codes = set(Target.objects.filter(year=year).values_list("indicator", flat=True))
    return [i for i in INDICATORS if i.code in codes]


# --- Snapshots ---------------------------------------------------------------------------------


def snapshot_latest(*, year: int | None = None) -> IndicatorSnapshot | None:
    qs = IndicatorSnapshot.objects.all()
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-on", "-computed_at").first()


def snapshot_base(*, on: date | None = None) -> tuple[dict, IndicatorSnapshot | None]:
    """The base quantities of the latest snapshot of `on`'s year (computed live when there is none),
    with the bureau-entered figures read afresh (a figure entered a minute ago counts at once)."""
    on = on or timezone.localdate()
    found = snapshot_latest(year=on.year)
    if found is None:
        return queries.base(on), None
    base = dict(found.values)
    base["figures"] = queries.figures(date.fromisoformat(base["on"]).year)
    return base, found


def snapshot_stale(snapshot: IndicatorSnapshot, *, now: Any = None) -> bool:
    """Older than settings.INDICATORS_SNAPSHOT_MAX_AGE_HOURS (default 6)."""
    from datetime import timedelta

    from django.conf import settings

    hours = getattr(settings, "INDICATORS_SNAPSHOT_MAX_AGE_HOURS", 6)
    return (now or timezone.now()) - snapshot.computed_at > timedelta(hours=hours)


# --- Targets, figures, areas --------------------------------------------------------------------


def areas_for(actor: Any) -> list[Division]:
    """The areas whose progress `actor` may see: bureau staff their own district (and the city and
    province above it that have targets); administrators every area with a target, else the service area."""
    with_targets = Division.objects.filter(pk__in=Target.objects.values("area_id")).order_by("code")
    if scope(actor) == Scope.DISTRICT and actor.district_id:
        own = actor.district
        above = [d.pk for d in (own.parent, getattr(own.parent, "parent", None)) if d is not None]
        return [own] + [d for d in with_targets if d.pk in above]
    if scope(actor) == Scope.ALL:
        found = list(with_targets)
        if found:
            return found
        from gongjiang.registry.selectors import service_area_districts

        return service_area_districts()
    return []


def area_pick(areas: list[Division], code: str, year: int) -> Division | None:
    """The area asked for among `areas`; else the first with a target in `year` (the demo district
    rather than a city whose targets are of another year); else the first."""
    for area in areas:
        if area.code == code:
            return area
    with_targets = set(Target.objects.filter(year=year, enterprise__isnull=True).values_list("area_id", flat=True))
    return next((a for a in areas if a.pk in with_targets), areas[0] if areas else None)


def target_list(*, actor: Any, area_code: str = "", year: int | None = None) -> QuerySet[Target]:
    areas = [a.pk for a in areas_for(actor)]
    qs = Target.objects.filter(area_id__in=areas).select_related("area", "enterprise")
    if scope(actor) == Scope.ALL:
        qs = Target.objects.select_related("area", "enterprise")
    if area_code:
        qs = qs.filter(area__code=area_code)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("area__code", "year", "indicator", "enterprise__name")


def figure_list(*, actor: Any) -> QuerySet[AreaFigure]:
    qs = AreaFigure.objects.select_related("area")
    if scope(actor) == Scope.ALL:
        return qs
    areas = [a.pk for a in areas_for(actor)]
    return qs.filter(area_id__in=areas)


# --- What needs action today ---------------------------------------------------------------------


@dataclass
class ActionItem:
    label: str
    count: int
    link: str
    urgent: bool = False


def actions_today(*, actor: Any, today: date | None = None) -> list[ActionItem]:
    """What the bureau has to act on today, from the domains' own selectors: claims to review,
    notices ending within three days, open supervision findings, nominations to review, evaluation
    reports overdue, imports that failed in the last week."""
    from datetime import timedelta

    from gongjiang.competitions import selectors as competitions
    from gongjiang.evaluation import selectors as evaluation
    from gongjiang.incentives import selectors as incentives
    from gongjiang.ingest import selectors as ingest
    from gongjiang.training import selectors as training

    today = today or timezone.localdate()
    soon = today + timedelta(days=3)
    from django.db.models import Count, Q

    # One pass over the claims in scope and one over the nominations, each counting every status asked.
    claims = incentives.claim_scope(actor).order_by().aggregate(
        submitted=Count("id", filter=Q(status="submitted")), first=Count("id", filter=Q(status="first_reviewed")),
        ending=Count("id", filter=Q(status="in_notice", notice_until__lte=soon)),
        held=Count("id", filter=Q(status="on_hold")))
    nominations = competitions.nomination_scope(actor).order_by().aggregate(
        nominated=Count("id", filter=Q(status="nominated")),
        ending=Count("id", filter=Q(status="in_notice", notice_until__lte=soon)))
    claims_url = reverse("incentives:claim_list")
    items = [
        ActionItem(_("待初审的享受事项"), claims["submitted"], claims_url + "?status=submitted", urgent=True),
        ActionItem(_("待复审的享受事项"), claims["first"], claims_url + "?status=first_reviewed", urgent=True),
        ActionItem(_("三日内公示期满的享受事项"), claims["ending"], claims_url + "?status=in_notice"),
        ActionItem(_("异议处理中的享受事项"), claims["held"], claims_url + "?status=on_hold", urgent=True),
        ActionItem(_("三日内公示期满的评价批次"), evaluation.batch_list(actor=actor, status="in_notice")
                   .filter(notice_until__lte=soon).count(), reverse("evaluation:batch_list") + "?status=in_notice"),
        ActionItem(_("逾期未报送的评价批次"), evaluation.batches_overdue(actor=actor, today=today).count(),
                   reverse("evaluation:batch_list") + "?status=issued", urgent=True),
        ActionItem(_("待审核的荣誉与认定推荐"), nominations["nominated"], reverse("competitions:programme_list")),
        ActionItem(_("三日内公示期满的荣誉与认定"), nominations["ending"], reverse("competitions:programme_list")),
        ActionItem(_("待核查的培训监管疑点"), training.finding_list(actor=actor, status="open").count(),
                   reverse("training:finding_list") + "?status=open", urgent=True),
        ActionItem(_("待审批的培训班"), training.class_counts(actor).get("filed", 0),
                   reverse("training:class_list") + "?status=filed"),
        ActionItem(_("近七日无法读取的导入文件"), ingest.import_job_list(actor=actor)
                   .filter(status="failed", created_at__date__gte=today - timedelta(days=7)).count(),
                   reverse("ingest:import_list")),
    ]
    return items


# --- Monthly bulletins ---------------------------------------------------------------------------


def bulletin_list(*, actor: Any) -> QuerySet:
    """The archive of bulletins of the areas `actor` may see, newest first (the files not loaded)."""
    from gongjiang.indicators.models import Bulletin

    qs = Bulletin.objects.select_related("area", "requested_by").defer("content")
    if scope(actor) == Scope.ALL:
        return qs
    return qs.filter(area_id__in=[a.pk for a in areas_for(actor)])


def bulletin_get(*, actor: Any, bulletin_id: int) -> Any:
    from gongjiang.core.errors import NotFound

    found = bulletin_list(actor=actor).filter(pk=bulletin_id).first()
    if found is None:
        raise NotFound("未找到该通报，或您无权查看")
    return found
