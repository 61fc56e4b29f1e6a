"""以赛代评: results turned into titles and grades by rules held as data (`000` 三(五)2, `004` 十六;
R5.1). After the results' notice has ended the bureau confirms them; every result is written into
the entrant's archive through registry services, with the title and grade its rule grants."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.competitions import selectors
from gongjiang.competitions.models import (
    Competition,
    CompetitionLevel,
    CompetitionStatus,
    ObjectionStatus,
    Promotion,
    PromotionRule,
)
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.reference.grades import Grade
from gongjiang.registry import selectors as registry_selectors
from gongjiang.registry import services as registry_services

#: The registry's archive levels have no 世赛选拔: a world-skills selection is recorded as national.
ARCHIVE_LEVEL = {CompetitionLevel.DISTRICT: "district", CompetitionLevel.MUNICIPAL: "municipal",
                 CompetitionLevel.PROVINCIAL: "provincial", CompetitionLevel.NATIONAL: "national",
                 CompetitionLevel.WORLD_SELECTION: "national"}


@dataclass(frozen=True)
class Outcome:
    rule: PromotionRule | None
    title: str
    grade_from: int | None
    grade_to: int | None  # None: no promotion
    note: str


def promotion_compute(rule: PromotionRule | None, grade_from: int | None) -> Outcome:
    """What `rule` grants an entrant holding `grade_from`: steps up to the cap, or a grade
    outright; never a step down, never beyond the cap."""
    if rule is None:
        return Outcome(None, "", grade_from, None, "没有适用的以赛代评规则")
    target: int | None = None
    if rule.grade_direct:
        target = rule.grade_direct
    elif rule.grade_steps:
        if grade_from is None:
            return Outcome(rule, rule.title, None, None, "无职业技能等级记录，按规则不晋升等级")
        target = grade_from + rule.grade_steps
    if target is not None and rule.grade_cap:
        target = min(target, rule.grade_cap)
    if target is None or (grade_from is not None and target <= grade_from):
        held = Grade(grade_from).label if grade_from else ""
        note = f"已持有{held}，已达本规则最高可晋升等级" if target is not None else "本规则只授予称号"
        return Outcome(rule, rule.title, grade_from, None, note)
    return Outcome(rule, rule.title, grade_from, target, f"由{Grade(grade_from).label if grade_from else '无等级'}晋升至{Grade(target).label}")


def rule_for(*, level: str, award: str, rank: int, on: date) -> PromotionRule | None:
    """The rule in force on `on` for this level, award and rank (the latest start wins)."""
    for rule in PromotionRule.objects.filter(level=level, award=award, effective_from__lte=on).order_by("-effective_from"):
        if rule.effective_to and rule.effective_to < on:
            continue
        if rule.max_rank and rank > rule.max_rank:
            continue
        return rule
    return None


@transaction.atomic
def results_confirm(*, actor: Any, competition: Competition, today: date | None = None) -> list[Promotion]:
    """Confirm the results once their notice has ended, apply the rules and write each result
    (and any title and grade) into the entrant's archive through registry services. Bureau
    staff only; refuses before the notice ends or a second time."""
    require(actor, "competitions.results_confirm")
    if not selectors.competition_scope(actor).filter(pk=competition.pk).exists():
        raise NotFound("未找到该竞赛，或您无权管理")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    today = today or timezone.localdate()
    if competition.status == CompetitionStatus.FINAL:
        raise DomainError("该竞赛成绩已经确认，不能重复办理")
    if competition.status != CompetitionStatus.RESULTS_IN_NOTICE:
        raise DomainError("成绩尚未公示，请组织单位先公示成绩")
    if today <= competition.notice_until:
        raise DomainError(f"成绩公示期至 {competition.notice_until:%Y-%m-%d}，期满后才能确认")
    open_objections = competition.objections.filter(status=ObjectionStatus.OPEN).count()
    if open_objections:
        raise DomainError(f"尚有 {open_objections} 件成绩异议未处理，组织单位处理完毕后才能确认成绩", code="objection_open")
    issuer = f"{competition.district.name}人力资源和社会保障局（以赛代评）"
    promotions = []
    for result in competition.results.select_related("entry__worker").order_by("rank", "id"):
        worker = result.entry.worker
        rule = rule_for(level=competition.level, award=result.award, rank=result.rank, on=competition.ends_on)
        outcome = promotion_compute(rule, registry_selectors.worker_top_grade(worker))
        registry_services.competition_outcome_record(
            actor=actor, worker=worker, competition_name=competition.name, level=ARCHIVE_LEVEL[competition.level],
            held_on=competition.ends_on, occupation=competition.occupation, rank=result.rank,
            award=result.get_award_display(), title=outcome.title, awarded_by=competition.organiser_name,
            grade=outcome.grade_to, certificate_number=f"JS{competition.pk:06d}{result.pk:06d}", issuer=issuer)
        if rule is not None:
            promotions.append(Promotion.objects.create(result=result, rule=rule, title=outcome.title,
                                                       grade_from=outcome.grade_from, grade_to=outcome.grade_to,
                                                       note=outcome.note, applied_by=actor))
    competition.status = CompetitionStatus.FINAL
    competition.save(update_fields=["status"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_event", object_id=competition.pk,
                 summary=f"确认 {competition.name} 成绩，以赛代评 {len(promotions)} 人")
    return promotions
