"""Reads of the competitions domain, scoped to who is asking (ADR 0024).

Events: a bureau administrator sees all, bureau staff their district's, a competition organiser
the events it organises; the public sees published events only (`competition_plan`). Nominations:
bureau administrator all, bureau staff their district's, enterprise HR their own enterprise's.
Public honour lists show awarded and in-notice nominees with names masked."""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongjiang.accounts.permissions import Scope, can, scope
from gongjiang.competitions.models import (
    COUNTED,
    Competition,
    CompetitionStatus,
    HonourProgramme,
    Nomination,
    NominationStatus,
    Objection,
    ProgrammeKind,
    Promotion,
    PromotionRule,
    Result,
)
from gongjiang.core.errors import NotFound
from gongjiang.core.masking import mask_name
from gongjiang.registry import selectors as registry_selectors

PUBLIC_STATUSES = [CompetitionStatus.PUBLISHED, CompetitionStatus.RESULTS_IN_NOTICE, CompetitionStatus.FINAL]


def competition_scope(actor: Any) -> QuerySet[Competition]:
    """The events `actor` may manage."""
    qs = Competition.objects.select_related("district", "occupation")
    found = scope(actor)
    if found == Scope.ALL:
        return qs
    if found == Scope.DISTRICT:
        return qs.filter(district_id=actor.district_id)
    if can(actor, "competitions.organise"):
        return qs.filter(organiser=actor)
    return qs.none()


def competition_get(*, actor: Any, competition_id: int) -> Competition:
    found = competition_scope(actor).filter(pk=competition_id).first()
    if found is None:
        raise NotFound("未找到该竞赛，或您无权管理")
    return found


def competition_list(*, actor: Any, status: str = "") -> QuerySet[Competition]:
    qs = competition_scope(actor).annotate(entry_count=Count("entries", distinct=True))
    return qs.filter(status=status) if status in CompetitionStatus.values else qs


def competition_plan(*, year: int | None = None) -> QuerySet[Competition]:
    """The public competition plan (月月赛): published events, soonest first."""
    qs = Competition.objects.filter(status__in=PUBLIC_STATUSES).select_related("district", "occupation")
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.annotate(entry_count=Count("entries", distinct=True)).order_by("starts_on", "id")


def competition_public_get(*, competition_id: int) -> Competition:
    found = competition_plan().filter(pk=competition_id).first()
    if found is None:
        raise NotFound("未找到该竞赛")
    return found


def results_public(competition: Competition) -> list[dict]:
    """Results as published (in notice or confirmed): rank, masked name, unit, award, promotion."""
    if competition.status not in (CompetitionStatus.RESULTS_IN_NOTICE, CompetitionStatus.FINAL):
        return []
    rows = []
    for r in result_list(competition):
        promotion = getattr(r, "promotion", None)
        rows.append({"id": r.pk, "rank": r.rank, "name": mask_name(r.entry.worker.name), "team": r.team_key,
                     "unit": r.entry.unit_name, "award": r.get_award_display(),
                     "title": promotion.title if promotion else "",
                     "grade_to": promotion.get_grade_to_display() if promotion and promotion.grade_to else ""})
    return rows


def objection_list(competition: Competition) -> QuerySet[Objection]:
    """The objections to `competition`'s results, newest first (the organiser's page)."""
    return competition.objections.select_related("result__entry__worker", "handled_by").order_by("-lodged_on", "-id")


def objections_public(competition: Competition) -> list[dict]:
    """Objections as the public sees them: number, date, the result concerned (masked), status and
    the organiser's answer; never who lodged them."""
    return [{"number": o.pk, "lodged_on": o.lodged_on, "status": o.get_status_display(), "open": o.status == "open",
             "about": f"第{o.result.rank}名 {mask_name(o.result.entry.worker.name)}" if o.result_id else "",
             "answer": o.handling_note, "correction": o.correction} for o in objection_list(competition)]


def result_list(competition: Competition) -> QuerySet[Result]:
    return competition.results.select_related("entry__worker", "promotion").order_by("rank", "id")


def entry_list(competition: Competition):
    return competition.entries.select_related("worker").order_by("team_name", "id")


def promotion_rule_list() -> QuerySet[PromotionRule]:
    return PromotionRule.objects.order_by("level", "award", "-effective_from")


def promotion_list(*, actor: Any) -> QuerySet[Promotion]:
    return Promotion.objects.filter(result__competition__in=competition_scope(actor)).select_related(
        "result__entry__worker", "result__competition", "rule")


# --- Honours, studios and designations ---------------------------------------------------------


def programme_usage(*, on: date | None = None) -> list[dict]:
    """Each programme (open on `on`, or all) with its quota, awarded, in-notice, archive records of
    the same title (`programme_places`), pending nominations and places left."""
    qs = HonourProgramme.objects.select_related("area").annotate(
        pending=Count("nominations", filter=Q(nominations__status=NominationStatus.NOMINATED)))
    if on:
        qs = qs.filter(starts_on__lte=on, ends_on__gte=on)
    return [{"programme": p, "years": _years(p), "pending": p.pending, **programme_places(p)}
            for p in qs.order_by("kind", "title", "-starts_on")]


def programme_places(programme: HonourProgramme, *, exclude: int | None = None) -> dict:
    """The places of `programme`'s quota taken: awarded and in-notice nominations, and — for an
    honour or a studio — honours of the same title the archive holds from the programme's period
    that did not come through its nominations (imported archive records). The one count the
    workflow enforces and the rewards read (ADR 0024). `exclude`: a nomination left out."""
    qs = programme.nominations.filter(status__in=COUNTED)
    if exclude:
        qs = qs.exclude(pk=exclude)
    awarded = qs.filter(status=NominationStatus.AWARDED).count()
    in_notice = qs.count() - awarded
    archive = 0
    if programme.kind != ProgrammeKind.DESIGNATION:
        ours = programme.nominations.filter(honour_id__isnull=False).values_list("honour_id", flat=True)
        archive = registry_selectors.honour_count(title=programme.title, awarded_from=programme.starts_on,
                                                  awarded_to=programme.ends_on, exclude_ids=list(ours))
    return {"awarded": awarded, "in_notice": in_notice, "archive": archive,
            "taken": awarded + in_notice + archive, "left": max(0, programme.quota - awarded - in_notice - archive)}


def programme_for_honour(*, title: str, area: Any, on: date) -> HonourProgramme | None:
    """The programme whose quota an honour of `title` awarded on `on` counts against: the one of
    that title in force on `on` for `area` or an area above it (the nearest first)."""
    chain, division = [], area
    while division is not None:
        chain.append(division.pk)
        division = division.parent
    found = {p.area_id: p for p in HonourProgramme.objects.filter(
        title=title, area_id__in=chain, starts_on__lte=on, ends_on__gte=on).order_by("-starts_on")}
    return next((found[pk] for pk in chain if pk in found), None)


def honour_within_quota(honour: Any, *, area: Any) -> bool:
    """True when the archive honour `honour` is among the first `quota` honours of its title in the
    period of its programme (for `area` or above); True when no programme sets a quota for it.
    The incentives' honour rewards read this (R6.3; the quota is the programme's, ADR 0024)."""
    programme = programme_for_honour(title=honour.title, area=area, on=honour.awarded_on)
    if programme is None:
        return True
    earlier = registry_selectors.honour_count(title=honour.title, awarded_from=programme.starts_on,
                                              awarded_to=programme.ends_on, before=honour)
    return earlier < programme.quota


def programme_get(*, programme_id: int) -> HonourProgramme:
    found = HonourProgramme.objects.filter(pk=programme_id).select_related("area").first()
    if found is None:
        raise NotFound("未找到该项目")
    return found


def nomination_scope(actor: Any) -> QuerySet[Nomination]:
    qs = Nomination.objects.select_related("programme", "worker", "enterprise", "district")
    found = scope(actor)
    if found == Scope.ALL:
        return qs
    if found == Scope.DISTRICT:
        return qs.filter(district_id=actor.district_id)
    if found == Scope.ENTERPRISE:
        return qs.filter(enterprise_id=actor.enterprise_id)
    return qs.none()


def nomination_get(*, actor: Any, nomination_id: int) -> Nomination:
    found = nomination_scope(actor).filter(pk=nomination_id).first()
    if found is None:
        raise NotFound("未找到该推荐，或您无权查看")
    return found


def honour_list_public() -> list[dict]:
    """Awarded and in-notice honours, studios and designated enterprises (people's names masked)."""
    qs = Nomination.objects.filter(status__in=COUNTED).select_related("programme", "worker", "enterprise").order_by(
        "programme__title", "-awarded_on", "id")
    return [{"programme": n.programme.title, "kind": n.programme.get_kind_display(),
             "name": n.studio_name or n.community_name or (mask_name(n.worker.name) if n.worker_id
                                                           else n.enterprise.name),
             "lead": mask_name(n.worker.name) if n.studio_name and n.worker_id else "",
             "unit": n.enterprise.name if n.enterprise_id else "", "status": n.get_status_display(),
             "awarded_on": n.awarded_on, "notice_until": n.notice_until,
             "period": _years(n.programme)} for n in qs[:2000]]


def _years(programme: HonourProgramme) -> str:
    """2025—2026, or 2025 for a one-year programme."""
    first, last = programme.starts_on.year, programme.ends_on.year
    return str(first) if first == last else f"{first}—{last}"


# --- The organiser's home page (issue 16): events and what is due ---------------------------------


def competition_counts(*, actor: Any) -> dict[str, int]:
    counts = dict(competition_scope(actor).order_by().values("status").annotate(n=Count("id"))
                  .values_list("status", "n"))
    return {status: counts.get(status, 0) for status in CompetitionStatus.values}


def competition_deadlines(*, actor: Any, today: date) -> dict[str, list[Competition]]:
    """The actor's events with something due: drafts to publish, entries closing (deadline not
    past), events held with no results recorded, results in 公示 (`notice_until`)."""
    events = competition_list(actor=actor)
    published = events.filter(status=CompetitionStatus.PUBLISHED)
    return {
        "drafts": list(events.filter(status=CompetitionStatus.DRAFT).order_by("starts_on", "id")[:20]),
        "entries_open": list(published.filter(entry_deadline__gte=today).order_by("entry_deadline", "id")[:20]),
        "results_due": list(published.filter(ends_on__lt=today).annotate(result_count=Count("results", distinct=True))
                            .filter(result_count=0).order_by("ends_on", "id")[:20]),
        "in_notice": list(events.filter(status=CompetitionStatus.RESULTS_IN_NOTICE).order_by("notice_until", "id")[:20]),
    }
# --- Certificates of award and statements (ADR 0024) -------------------------------------------


def document_scope(actor: Any) -> QuerySet:
    """Certificates and statements `actor` may download: bureau staff those of their district's
    events, nominations and people (administrators all); an organiser its events' certificates."""
    from gongjiang.competitions.models import SignedDocument

    qs = SignedDocument.objects.select_related("result__competition", "nomination", "worker", "enterprise")
    found = scope(actor)
    if found == Scope.ALL:
        return qs
    events = competition_scope(actor)
    if found == Scope.DISTRICT:
        return qs.filter(Q(result__competition__in=events) | Q(nomination__in=nomination_scope(actor))
                         | Q(issued_by__district_id=actor.district_id))
    return qs.filter(result__competition__in=events)


def document_get(*, actor: Any, document_id: int):
    found = document_scope(actor).filter(pk=document_id).first()
    if found is None:
        raise NotFound("未找到该证书或证明，或您无权下载")
    return found
