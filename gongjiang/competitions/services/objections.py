"""Objections (异议) to competition results during their public notice (R5.1; the notice of
`events.results_publish`). Anyone — an entrant named in the results, or any member of the public —
may lodge one while the notice runs; the organiser (or bureau staff of the district) handles it:
upheld, the result is corrected and the notice starts again so the corrected list is published for
the full period; dismissed, with a reason. Results are confirmed only after the notice has ended
with no objection open (`promotions.results_confirm`). ADR 0024."""

import re
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.competitions import selectors
from gongjiang.competitions.models import (
    Award,
    Competition,
    CompetitionStatus,
    Objection,
    ObjectionStatus,
    Result,
)
from gongjiang.competitions.services.events import RESULT_NOTICE_WORKING_DAYS
from gongjiang.core import crypto
from gongjiang.core.calendar import working_days_add
from gongjiang.core.errors import DomainError, NotFound

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def _entrant_of(actor: Any, competition: Competition) -> Any:
    """The logged-in person's own entry in `competition`, if they are an entrant."""
    worker = getattr(actor, "worker", None) if getattr(actor, "is_authenticated", False) else None
    return competition.entries.filter(worker=worker).first() if worker is not None else None


@transaction.atomic
def objection_lodge(*, actor: Any, competition: Competition, reason: str, lodger_name: str = "",
                    lodger_phone: str = "", result: Result | None = None, today: date | None = None) -> Objection:
    """Lodge an objection to `competition`'s results (about one `result`, or the list as a whole).
    Anyone, logged in or not; an entrant named in the results is recorded as such and their name
    taken from the registry. Refuses outside the notice, without a reason, without a name and a
    phone (from the public), or about a result of another event. The phone is sealed."""
    require(actor, "competitions.objection_lodge")
    today = today or timezone.localdate()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.status != CompetitionStatus.RESULTS_IN_NOTICE or not (
            competition.notice_from <= today <= competition.notice_until):
        raise DomainError("只能在成绩公示期内提出异议；本竞赛当前不在公示期")
    if result is not None and result.competition_id != competition.pk:
        raise DomainError("所选成绩不属于本竞赛", field="result")
    if not reason.strip():
        raise DomainError("请写明异议的内容和理由（例如哪一名次、哪一项成绩有误，依据是什么）", field="reason")
    entry = _entrant_of(actor, competition)
    name = entry.worker.name if entry else lodger_name.strip()
    if not name:
        raise DomainError("请填写您的姓名，以便组织单位核实和答复", field="lodger_name")
    phone = re.sub(r"\s", "", lodger_phone)
    if entry is None and not PHONE.match(phone):
        raise DomainError("请填写正确的联系电话（11位手机号，或带区号的固定电话，如 0580-2021234）",
                          field="lodger_phone")
    objection = Objection.objects.create(
        competition=competition, result=result, lodger_name=name[:64],
        lodger_phone_sealed=crypto.seal(phone) if phone else b"", by_entrant=entry is not None,
        lodged_by=actor if getattr(actor, "is_authenticated", False) else None, reason=reason.strip(),
        lodged_on=today)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_objection",
                 object_id=objection.pk, summary=f"对 {competition.name} 成绩提出异议")
    return objection


def _correct(competition: Competition, result: Result, rank: int | None, award: str) -> str:
    """Apply an upheld objection's correction to `result`; what changed, in words."""
    changes = []
    if award and award != result.award:
        if award not in Award.values:
            raise DomainError("请选择更正后的奖项", field="award")
        changes.append(f"奖项由“{result.get_award_display()}”更正为“{Award(award).label}”")
        result.award = award
    if rank and rank != result.rank:
        holders = competition.results.filter(rank=rank).exclude(pk=result.pk).select_related("entry__worker")
        if competition.is_team:
            holders = holders.exclude(team_key=result.team_key)
        holder = holders.first()
        if holder is not None:
            raise DomainError(f"第 {rank} 名已登记给“{holder.team_key or holder.entry.worker.name}”，"
                              "同一名次不能给两名选手；如两人名次互换，请先更正另一人的成绩", field="rank")
        changes.append(f"名次由第 {result.rank} 名更正为第 {rank} 名")
        result.rank = rank
    if not changes:
        raise DomainError("异议成立时请填写更正后的名次或奖项（与原成绩不同）", field="rank")
    try:
        with transaction.atomic():
            result.save(update_fields=["rank", "award"])
            if competition.is_team and result.team_key:  # the team's members share its rank and award
                competition.results.filter(team_key=result.team_key).update(rank=result.rank, award=result.award)
    except IntegrityError as exc:
        raise DomainError(f"第 {rank} 名已登记给其他选手", field="rank") from exc
    return "；".join(changes)


@transaction.atomic
def objection_handle(*, actor: Any, objection: Objection, uphold: bool, note: str, result: Result | None = None,
                     rank: int | None = None, award: str = "", today: date | None = None) -> Objection:
    """Handle an open objection: uphold it, correcting the result concerned (`result`, or the one the
    objection names) to `rank` and/or `award`, which starts the notice again for the full period;
    or dismiss it. Either way with a note (the reason, told to the lodger). The event's organiser
    or the district's bureau staff; refuses a handled objection, or one once the results are
    confirmed."""
    require(actor, "competitions.objection_handle")
    if not selectors.competition_scope(actor).filter(pk=objection.competition_id).exists():
        raise NotFound("未找到该异议，或您无权处理")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    competition = Competition.objects.select_for_update().get(pk=objection.competition_id)
    today = today or timezone.localdate()
    if objection.status != ObjectionStatus.OPEN:
        raise DomainError("该异议已处理过")
    if competition.status != CompetitionStatus.RESULTS_IN_NOTICE:
        raise DomainError("成绩已确认，不能再处理异议")
    if not note.strip():
        raise DomainError("请写明处理意见：异议成立时说明核实情况，不成立时说明理由", field="note")
    if uphold:
        target = result or objection.result
        if target is None or target.competition_id != competition.pk:
            raise DomainError("请选择要更正的成绩", field="result")
        target = Result.objects.select_for_update().get(pk=target.pk)
        objection.correction = _correct(competition, target, rank, award)[:255]
        objection.result = target
        until = working_days_add(today, RESULT_NOTICE_WORKING_DAYS)
        competition.notice_from, competition.notice_until = today, until.day
        competition.notice_calendar_note = until.note
        competition.save(update_fields=["notice_from", "notice_until", "notice_calendar_note"])
    objection.status = ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED
    objection.handling_note, objection.handled_by, objection.handled_on = note.strip(), actor, today
    objection.save(update_fields=["status", "handling_note", "handled_by", "handled_on", "correction", "result"])
    summary = (f"异议 {objection.pk} 成立：{objection.correction}，重新公示至 {competition.notice_until:%Y-%m-%d}"
               if uphold else f"异议 {objection.pk} 不成立：{note.strip()}")
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_objection",
                 object_id=objection.pk, summary=summary)
    return objection
