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
    Promotion,
    PromotionRule,
    Result,
)
from gongjiang.core.errors import NotFound
from gongjiang.core.masking import mask_name

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
        rows.append({"rank": r.rank, "name": mask_name(r.entry.worker.name), "team": r.team_key,
                     "unit": r.entry.unit_name, "award": r.get_award_display(),
                     "title": promotion.title if promotion else "",
                     "grade_to": promotion.get_grade_to_display() if promotion and promotion.grade_to else ""})
    return rows


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
    """Each programme (open on `on`, or all) with its quota, awarded, in-notice and places left."""
    qs = HonourProgramme.objects.select_related("area").annotate(
        awarded=Count("nominations", filter=Q(nominations__status=NominationStatus.AWARDED)),
        in_notice=Count("nominations", filter=Q(nominations__status=NominationStatus.IN_NOTICE)),
        pending=Count("nominations", filter=Q(nominations__status=NominationStatus.NOMINATED)))
    if on:
        qs = qs.filter(starts_on__lte=on, ends_on__gte=on)
    return [{"programme": p, "years": _years(p), "awarded": p.awarded, "in_notice": p.in_notice, "pending": p.pending,
             "left": max(0, p.quota - p.awarded - p.in_notice)} for p in qs.order_by("kind", "title", "-starts_on")]


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
             "name": n.studio_name or (mask_name(n.worker.name) if n.worker_id else n.enterprise.name),
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
