"""Writes of the demand domain (R2.1, R2.2; ADR 0023): demand filings and their history, the
indicator weights, the computed catalogue draft, review notes and publication.

Every service checks who may call it through the permission module and refuses bad input with a
Chinese `DomainError` naming the field, writing nothing (one transaction each)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.demand import selectors
from gongjiang.demand.conf import (
    HEADCOUNT_MAX,
    MINIMUM_MONTHLY_WAGE,
    MINIMUM_MONTHLY_WAGE_FALLBACK,
    WEEKS_OPEN_MAX,
)
from gongjiang.demand.forecast import FORECAST_TOP
from gongjiang.demand.indicators import INDICATORS, ScoreResult, reason_text, scores_compute, wage_growth_set
from gongjiang.demand.models import (
    CatalogueReviewNote,
    CatalogueStatus,
    DemandFiling,
    DemandFilingRevision,
    FilingStatus,
    ForecastRun,
    ForecastStatus,
    IndicatorWeight,
    ShortageCatalogue,
    ShortageOccupation,
)
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Occupation

FILING_FIELDS = ("occupation", "grade", "period", "headcount", "wage_offered", "needed_by", "vacancies_advertised",
                 "applicants", "suitable_applicants", "weeks_open", "filled")


# --- Occupations ---------------------------------------------------------------------------------


def occupation_resolve(text: Any, *, field: str = "occupation") -> Occupation:
    """The occupation (职业, level 4) named by code (6-18-02-04) or exact name; otherwise a
    `DomainError` that suggests the closest occupations by name."""
    if isinstance(text, Occupation):
        return text
    value = str(text or "").strip()
    code = value.split(" ", 1)[0]
    found = (Occupation.objects.filter(Q(code=code) | Q(name=value), level=Occupation.Level.OCCUPATION)
             .order_by("code").first())
    if found is not None:
        return found
    names = dict(Occupation.objects.filter(level=Occupation.Level.OCCUPATION).values_list("name", "code"))
    close = difflib.get_close_matches(value, list(names), n=3, cutoff=0.4)
    if not close and value:
        close = [name for name in names if value in name or name in value][:3]
    hint = (_("您要找的是不是：%(s)s？") % {"s": "、".join(f"{names[n]} {n}" for n in close)} if close
            else _("请填写《职业分类大典》中的职业代码（如 6-18-02-04）或准确的职业名称。"))
    raise DomainError(_("职业（工种）“%(v)s”不存在。%(hint)s") % {"v": value, "hint": hint}, code="occupation_unknown",
                      field=field)


# --- Demand filings (R2.1) -------------------------------------------------------------------------


def minimum_wage(district_code: str) -> tuple[Decimal, str]:
    return MINIMUM_MONTHLY_WAGE.get(district_code[:2], MINIMUM_MONTHLY_WAGE_FALLBACK)


def _int(values: dict, key: str, label: str, *, low: int = 0, high: int = HEADCOUNT_MAX) -> int:
    try:
        number = int(values.get(key) or 0)
    except (TypeError, ValueError):
        raise DomainError(_("%(label)s应为整数。") % {"label": label}, field=key) from None
    if not low <= number <= high:
        raise DomainError(_("%(label)s应在 %(low)s 到 %(high)s 之间。") % {"label": label, "low": low, "high": high},
                          field=key)
    return number


def _clean(values: dict, *, district_code: str, today: date) -> dict:
    """Check and normalise a filing's values (create and revise share it)."""
    out = dict(values)
    out["occupation"] = occupation_resolve(values.get("occupation"))
    try:
        out["grade"] = Grade(int(values.get("grade") or 0)).value
    except (TypeError, ValueError):
        raise DomainError(_("请选择技能等级。"), field="grade") from None
    headcount = values.get("headcount")
    try:
        headcount = int(headcount)
    except (TypeError, ValueError):
        raise DomainError(_("需求人数应为整数。"), field="headcount") from None
    if headcount <= 0:
        raise DomainError(_("需求人数应至少为1人（填写的是 %(n)s）。") % {"n": headcount}, field="headcount")
    out["headcount"] = _int({"headcount": headcount}, "headcount", _("需求人数"), low=1)
    try:
        wage = Decimal(str(values.get("wage_offered"))).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("拟提供月工资应为金额（元），如 6500。"), field="wage_offered") from None
    floor, source = minimum_wage(district_code)
    if wage < floor:
        raise DomainError(_("拟提供月工资 %(w)s 元低于当地最低工资标准 %(m)s 元（%(s)s）。请按不低于最低工资标准填写。")
                          % {"w": wage, "m": floor, "s": source}, field="wage_offered")
    if wage > Decimal("1000000"):
        raise DomainError(_("拟提供月工资超过100万元，请核对单位（元/月）。"), field="wage_offered")
    out["wage_offered"] = wage
    needed_by = values.get("needed_by")
    if not isinstance(needed_by, date):
        raise DomainError(_("请填写希望到岗日期。"), field="needed_by")
    if needed_by < today:
        raise DomainError(_("希望到岗日期 %(d)s 已经过去。请填写今天（%(t)s）或以后的日期。") % {"d": needed_by, "t": today},
                          field="needed_by")
    period = values.get("period") or today
    out["period"] = date(period.year, period.month, 1)
    if out["period"] > date(today.year, today.month, 1):
        raise DomainError(_("需求月份不能晚于本月。"), field="period")
    out["vacancies_advertised"] = _int(values, "vacancies_advertised", _("已发布招聘岗位数"))
    out["applicants"] = _int(values, "applicants", _("应聘人数"))
    out["suitable_applicants"] = _int(values, "suitable_applicants", _("符合要求的应聘人数"))
    if out["suitable_applicants"] > out["applicants"]:
        raise DomainError(_("符合要求的应聘人数（%(s)s）不能多于应聘人数（%(a)s）。")
                          % {"s": out["suitable_applicants"], "a": out["applicants"]}, field="suitable_applicants")
    out["weeks_open"] = _int(values, "weeks_open", _("岗位空缺周数"), high=WEEKS_OPEN_MAX)
    out["filled"] = bool(values.get("filled"))
    return out


def _snapshot(filing: DemandFiling) -> dict:
    return {"occupation": filing.occupation.code, "occupation_name": filing.occupation.name, "grade": filing.grade,
            "period": filing.period.isoformat(), "headcount": filing.headcount,
            "wage_offered": str(filing.wage_offered), "needed_by": filing.needed_by.isoformat(),
            "vacancies_advertised": filing.vacancies_advertised, "applicants": filing.applicants,
            "suitable_applicants": filing.suitable_applicants, "weeks_open": filing.weeks_open,
            "filled": filing.filled, "status": filing.status}


def _duplicate_check(enterprise_id: int, values: dict, exclude: int | None = None) -> None:
    clash = DemandFiling.objects.filter(enterprise_id=enterprise_id, occupation=values["occupation"],
                                        grade=values["grade"], period=values["period"], status=FilingStatus.ACTIVE)
    if exclude:
        clash = clash.exclude(pk=exclude)
    existing = clash.first()
    if existing is not None:
        raise DomainError(_("本单位已填报过 %(m)s %(o)s（%(g)s）的需求（编号 %(id)s）。请修改那条填报，不要重复填报。")
                          % {"m": values["period"].strftime("%Y-%m"), "o": values["occupation"].name,
                             "g": Grade(values["grade"]).label, "id": existing.pk},
                          code="duplicate", field="occupation")


def _enterprise_for(actor: Any, enterprise: Any) -> Any:
    from gongjiang.registry.models import Enterprise

    if enterprise is None:
        enterprise = Enterprise.objects.filter(pk=getattr(actor, "enterprise_id", None)).select_related(
            "district").first()
    if enterprise is None:
        raise DomainError(_("本账号未关联企业，不能填报需求。"), field="enterprise")
    if getattr(actor, "enterprise_id", None) and enterprise.pk != actor.enterprise_id:
        raise PermissionDenied(_("只能为本单位填报需求"))
    return enterprise


@transaction.atomic
def filing_create(*, actor: Any, enterprise: Any = None, today: date | None = None, **values: Any) -> DemandFiling:
    """File one demand (enterprise HR, for their own enterprise). Refuses an unknown occupation
    (suggesting the closest), a headcount below 1, a wage below the local minimum, a date needed
    by in the past, suitable applicants above applicants, and a second active filing of the same
    occupation, grade and month."""
    require(actor, "demand.file")
    enterprise = _enterprise_for(actor, enterprise)
    today = today or timezone.localdate()
    clean = _clean(values, district_code=enterprise.district.code, today=today)
    _duplicate_check(enterprise.pk, clean)
    filing = DemandFiling.objects.create(enterprise=enterprise, created_by=actor,
                                         **{k: clean[k] for k in FILING_FIELDS})
    DemandFilingRevision.objects.create(filing=filing, action=DemandFilingRevision.Action.FILED,
                                        values=_snapshot(filing), actor=actor)
    return filing


@transaction.atomic
def filing_revise(*, actor: Any, filing: DemandFiling, reason: str = "", today: date | None = None,
                  **changes: Any) -> DemandFiling:
    """Change a filing (its own enterprise's HR); the earlier values stay in its history. A withdrawn
    filing cannot be revised. The same checks as `filing_create`, except that a date needed by
    already in the past may stay as it was."""
    require(actor, "demand.file")
    _enterprise_for(actor, filing.enterprise)
    if filing.status != FilingStatus.ACTIVE:
        raise DomainError(_("该填报已撤回，不能修改。请重新填报。"), code="withdrawn")
    today = today or timezone.localdate()
    values = {k: getattr(filing, k) for k in FILING_FIELDS}
    values.update({k: v for k, v in changes.items() if k in FILING_FIELDS})
    clean = _clean(values, district_code=filing.enterprise.district.code,
                   today=min(today, filing.needed_by) if values["needed_by"] == filing.needed_by else today)
    _duplicate_check(filing.enterprise_id, clean, exclude=filing.pk)
    changed = [k for k in FILING_FIELDS if clean[k] != getattr(filing, k)]
    if not changed:
        return filing
    for key in FILING_FIELDS:
        setattr(filing, key, clean[key])
    filing.revision += 1
    filing.save()
    DemandFilingRevision.objects.create(filing=filing, action=DemandFilingRevision.Action.REVISED,
                                        values=_snapshot(filing), actor=actor, reason=reason[:200])
    return filing


@transaction.atomic
def filing_withdraw(*, actor: Any, filing: DemandFiling, reason: str = "") -> DemandFiling:
    """Withdraw a filing (it no longer counts in aggregates or the catalogue; its history stays)."""
    require(actor, "demand.file")
    _enterprise_for(actor, filing.enterprise)
    if filing.status == FilingStatus.WITHDRAWN:
        raise DomainError(_("该填报已经撤回。"), code="withdrawn")
    filing.status = FilingStatus.WITHDRAWN
    filing.save(update_fields=["status", "updated_at"])
    DemandFilingRevision.objects.create(filing=filing, action=DemandFilingRevision.Action.WITHDRAWN,
                                        values=_snapshot(filing), actor=actor, reason=reason[:200])
    return filing


# --- Weights -------------------------------------------------------------------------------------


@transaction.atomic
def weight_set(*, actor: Any, key: str, weight: Any, source: str) -> IndicatorWeight:
    """Change one indicator's weight (0–1) and its source (required: a weight is cited data)."""
    require(actor, "demand.weights_edit")
    if key not in INDICATORS:
        raise DomainError(_("没有名为 %(k)s 的指标。") % {"k": key}, field="key")
    try:
        value = Decimal(str(weight)).quantize(Decimal("0.001"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("权重应为0到1之间的小数，如 0.25。"), field="weight") from None
    if not Decimal(0) <= value <= Decimal(1):
        raise DomainError(_("权重应为0到1之间的小数，如 0.25。"), field="weight")
    source = (source or "").strip()
    if not source:
        raise DomainError(_("请写明权重的依据（文件、方法或专家评审意见）。"), field="source")
    item, _created = IndicatorWeight.objects.get_or_create(key=key, defaults={"weight": value, "source": source[:300]})
    before = (str(item.weight), item.source)
    item.weight, item.source, item.updated_by = value, source[:300], actor
    item.save()
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="demand.indicator_weight", object_id=key,
                 summary=f"{key}: {before[0]} -> {value}", detail={"before": before, "source": item.source})
    return item


# --- The catalogue (R2.2) -----------------------------------------------------------------------


@dataclass
class CatalogueComputation:
    area_code: str
    year: int
    reference_year: int
    top: int
    weights: dict[str, Decimal]
    result: ScoreResult
    pay_years: dict = None  # {year: [the two income years its pay growth compares]} ([] when none)

    @property
    def listed(self):
        return self.result.listed(self.top)

    @property
    def fallback_labels(self) -> list[str]:
        """Indicators standardised against the current period (the reference had too little data)."""
        return [str(INDICATORS[k][0]) for k, b in self.result.reference.items() if b["basis"] != "reference"]

    def method(self) -> dict:
        return {"year": self.year, "reference_year": self.reference_year, "top": self.top,
                "weights": {k: str(v) for k, v in sorted(self.weights.items())},
                "standardisation": self.result.reference,
                "pay_growth_years": {str(k): v for k, v in (self.pay_years or {}).items()}}


def catalogue_compute(*, area_code: str, year: int, top: int = 100, reference_year: int | None = None,
                      weights: dict[str, Decimal] | None = None) -> CatalogueComputation:
    """Compute (without saving) the ranked catalogue for an area and year from the filings, the
    registry and the job-seeker counts, standardised against `reference_year` (default: the year
    before). Reproducible: the same data and weights give the same ranks."""
    if top < 1:
        raise DomainError(_("列入职业数应至少为1。"), field="top")
    reference_year = reference_year or year - 1
    weights = weights if weights is not None else selectors.weights_current()
    figures = selectors.occupation_figures_years(area_code=area_code, years=[year, reference_year, reference_year - 1])
    current, reference = figures[year], figures[reference_year]
    wage_growth_set(current, reference)
    wage_growth_set(reference, figures[reference_year - 1])
    pay_years = {}
    for figures, y in ((current, year), (reference, reference_year)):
        growth, pay_years[y] = selectors.pay_growth(y)
        for code, o in figures.items():
            o.pay_growth = growth.get(code)
    return CatalogueComputation(area_code, year, reference_year, top, weights,
                                scores_compute(current, reference, weights), pay_years)


def _previous_ranks(previous: ShortageCatalogue | None) -> dict[int, int | None]:
    if previous is None:
        return {}
    return dict(ShortageOccupation.objects.filter(catalogue=previous).values_list("occupation_id", "rank"))


@transaction.atomic
def catalogue_draft_compute(*, actor: Any, area_code: str, year: int, top: int = 100,
                            reference_year: int | None = None) -> ShortageCatalogue:
    """Compute the draft edition of an area's catalogue for a year and save it (bureau). A second
    computation replaces the entries of the existing draft (its catalogue-wide review notes stay;
    notes on entries go with the entries)."""
    require(actor, "demand.catalogue_compute")
    area = selectors.area_get(area_code)
    computation = catalogue_compute(area_code=area_code, year=year, top=top, reference_year=reference_year)
    draft = ShortageCatalogue.objects.filter(area=area, year=year, status=CatalogueStatus.DRAFT).first()
    if draft is None:
        edition = (ShortageCatalogue.objects.filter(area=area, year=year).aggregate(m=Max("edition"))["m"] or 0) + 1
        draft = ShortageCatalogue.objects.create(
            area=area, year=year, edition=edition, status=CatalogueStatus.DRAFT,
            title=_("%(area)s%(year)s年度急需紧缺职业（工种）目录（第%(e)s版）") % {"area": area.name, "year": year, "e": edition},
            source=_("据用工需求填报、人才库和求职登记数据计算（草案）"), valid_from=date(year, 1, 1))
    draft.entries.all().delete()
    draft.method = computation.method()
    draft.save(update_fields=["method"])
    previous = selectors.catalogue_previous(draft)
    ranks = _previous_ranks(previous)
    occupations = dict(Occupation.objects.filter(code__in=[s.figures.code for s in computation.listed])
                       .values_list("code", "id"))
    ShortageOccupation.objects.bulk_create([
        ShortageOccupation(catalogue=draft, occupation_id=occupations[s.figures.code], rank=position,
                           previous_rank=ranks.get(occupations[s.figures.code]),
                           in_previous=occupations[s.figures.code] in ranks, score=Decimal(str(s.score)),
                           driver=s.driver, reason=reason_text(s)[:500],
                           indicators={**dict(s.figures.values().items()),
                                       "demand": s.figures.demand, "supply": s.figures.supply,
                                       "holders": s.figures.holders, "seekers": s.figures.seekers,
                                       "z": {k: round(v, 4) for k, v in s.z.items()}})
        for position, s in enumerate(computation.listed, start=1)])
    return draft


@transaction.atomic
def review_note_add(*, actor: Any, catalogue: ShortageCatalogue, text: str, entry_id: int | None = None
                    ) -> CatalogueReviewNote:
    """An expert's review note on a draft, or on one of its entries."""
    require(actor, "demand.catalogue_compute")
    if catalogue.status != CatalogueStatus.DRAFT:
        raise DomainError(_("目录已发布，不能再添加评审意见。"), code="published")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请填写评审意见。"), field="text")
    entry = None
    if entry_id:
        entry = catalogue.entries.filter(pk=entry_id).first()
        if entry is None:
            raise DomainError(_("该条目不在本目录中。"), field="entry")
    return CatalogueReviewNote.objects.create(catalogue=catalogue, entry=entry, author=actor, text=text[:1000])


@transaction.atomic
def catalogue_publish(*, actor: Any, catalogue: ShortageCatalogue, valid_from: date, valid_to: date | None = None,
                      title: str = "", source: str = "") -> ShortageCatalogue:
    """Publish a draft with its validity dates (bureau administrator). Earlier published editions of
    the same area still in force on `valid_from` end the day before, so policies reading the
    catalogue (the post subsidy) switch to the new edition on its first day. Refuses a start on or
    before an earlier edition's start, an end before the start, and a draft with no entries."""
    require(actor, "demand.catalogue_publish")
    catalogue = ShortageCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.status != CatalogueStatus.DRAFT:
        raise DomainError(_("该目录已经发布。"), code="published")
    if not isinstance(valid_from, date):
        raise DomainError(_("请填写生效日期。"), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("失效日期不能早于生效日期。"), field="valid_to")
    if not catalogue.entries.exists():
        raise DomainError(_("目录没有条目，不能发布。"), code="empty")
    earlier = ShortageCatalogue.objects.filter(area=catalogue.area, status=CatalogueStatus.PUBLISHED)
    clash = earlier.filter(valid_from__gte=valid_from).order_by("valid_from").first()
    if clash is not None:
        raise DomainError(_("“%(t)s”自 %(d)s 起生效，新版的生效日期须晚于它。") % {"t": clash.title, "d": clash.valid_from},
                          field="valid_from")
    ended = list(earlier.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)))
    for old in ended:
        old.valid_to = valid_from - timedelta(days=1)
        old.save(update_fields=["valid_to"])
    catalogue.status = CatalogueStatus.PUBLISHED
    catalogue.valid_from, catalogue.valid_to = valid_from, valid_to
    catalogue.title = (title or "").strip()[:200] or catalogue.title
    catalogue.source = (source or "").strip()[:255] or catalogue.source
    catalogue.published_at, catalogue.published_by = timezone.now(), actor
    catalogue.save()
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="demand.catalogue", object_id=catalogue.pk,
                 summary=f"发布 {catalogue.title}", detail={"valid_from": valid_from.isoformat(),
                                                          "ended": [old.pk for old in ended]})
    return catalogue


# --- The forecast, in a background job (R2.3; ADR 0023) ----------------------------------------------


def forecast_run_request(*, actor: Any, area_code: str, top: int = FORECAST_TOP) -> ForecastRun:
    """Queue a forecast of the area (bureau). One queued or running run per area at a time: asking
    again while one waits returns that one. The job (`tasks.forecast_run_task`) starts after commit."""
    require(actor, "demand.forecast_run")
    area = selectors.area_get(area_code)
    waiting = ForecastRun.objects.filter(area=area, status__in=[ForecastStatus.QUEUED, ForecastStatus.RUNNING]).first()
    if waiting is not None:
        return waiting
    run = ForecastRun.objects.create(area=area, top=top, data_stamp=selectors.forecast_data_stamp(),
                                     requested_by=actor if getattr(actor, "pk", None) else None)
    from gongjiang.demand.tasks import forecast_run_task

    transaction.on_commit(lambda: forecast_run_task.enqueue(run.pk))
    return run


def forecast_run_execute(run_id: int) -> ForecastRun:
    """Compute a queued run (the background job): every series of the area's `top` occupations, its
    rolling-origin backtest and forecast, stored with the run. A failure is stored on the run with its
    message (and raised again, so the job is marked failed too)."""
    import time

    run = ForecastRun.objects.select_related("area").get(pk=run_id)
    if run.status == ForecastStatus.DONE:
        return run
    run.status, run.started_at, run.error = ForecastStatus.RUNNING, timezone.now(), ""
    run.save(update_fields=["status", "started_at", "error"])
    started = time.perf_counter()
    try:
        result = selectors.forecast_compute(area_code=run.area.code, top=run.top)
    except Exception as exc:
        run.status, run.finished_at, run.error = ForecastStatus.FAILED, timezone.now(), str(exc)[:500]
        run.seconds = round(time.perf_counter() - started, 2)
        run.save(update_fields=["status", "finished_at", "error", "seconds"])
        raise
    run.result, run.status, run.finished_at = result, ForecastStatus.DONE, timezone.now()
    run.seconds = round(time.perf_counter() - started, 2)
    run.save(update_fields=["result", "status", "finished_at", "seconds"])
    return run
