"""Events of the competition plan, entries and results (R5.1, `001` (十一)). Organisers (bureau
staff, or an enterprise, association or college given the competition-organiser role) publish
events, take entries and record results; results go out in a public notice counted in working
days (`core.calendar`, ADR 0014)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjiang.accounts.permissions import Scope, require, scope
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.competitions import selectors
from gongjiang.competitions.models import (
    Award,
    Competition,
    CompetitionLevel,
    CompetitionStatus,
    Entry,
    Result,
)
from gongjiang.core.calendar import working_days_add
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.reference.grades import Grade
from gongjiang.registry import selectors as registry_selectors
from gongjiang.registry.services import worker_find

#: Results are published for at least 5 working days before they are confirmed (common practice of
#: the bureaus' 公示 of competition results; the same working-day calendar as incentive notices).
RESULT_NOTICE_WORKING_DAYS = 5


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _editable(actor: Any, competition: Competition) -> None:
    require(actor, "competitions.organise")
    if not selectors.competition_scope(actor).filter(pk=competition.pk).exists():
        raise NotFound("未找到该竞赛，或您无权管理")


@transaction.atomic
def competition_create(*, actor: Any, name: str, level: str, district: Any, starts_on: date, ends_on: date,
                       entry_deadline: date, places: int, occupation: Any = None, organiser_name: str = "",
                       venue: str = "", team_size: int = 1, min_age: int | None = None, max_age: int | None = None,
                       min_grade: int | None = None, rules: str = "") -> Competition:
    """Draft an event of the plan. Organisers draft their own events; bureau staff only in their
    district. Refuses impossible dates and limits with a message naming the field."""
    require(actor, "competitions.organise")
    if scope(actor) == Scope.DISTRICT and district.pk != actor.district_id:
        raise PermissionDenied("只能组织本区的竞赛")
    if not name.strip():
        raise DomainError("请填写竞赛名称", field="name")
    if level not in CompetitionLevel.values:
        raise DomainError("请选择竞赛级别", field="level")
    if ends_on < starts_on:
        raise DomainError("比赛结束日期不能早于开始日期", field="ends_on")
    if entry_deadline > starts_on:
        raise DomainError("报名截止日期不能晚于比赛开始日期", field="entry_deadline")
    if places < 1:
        raise DomainError("报名名额至少为 1", field="places")
    if team_size < 1:
        raise DomainError("每队人数至少为 1（1 为个人赛）", field="team_size")
    if min_age and max_age and min_age > max_age:
        raise DomainError("最低年龄不能高于最高年龄", field="max_age")
    competition = Competition.objects.create(
        name=name.strip(), level=level, district=district, organiser=actor,
        organiser_name=organiser_name.strip() or actor.organisation_name or actor.get_full_name() or actor.username,
        starts_on=starts_on, ends_on=ends_on, entry_deadline=entry_deadline, places=places, occupation=occupation,
        venue=venue, team_size=team_size, min_age=min_age, max_age=max_age, min_grade=min_grade, rules=rules)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_event", object_id=competition.pk,
                 summary=f"拟定竞赛 {competition.name}")
    return competition


@transaction.atomic
def competition_publish(*, actor: Any, competition: Competition) -> Competition:
    """Publish a drafted event in the plan: it appears on the public plan and takes entries."""
    _editable(actor, competition)
    if competition.status != CompetitionStatus.DRAFT:
        raise DomainError("该竞赛已经发布")
    competition.status = CompetitionStatus.PUBLISHED
    competition.save(update_fields=["status"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_event", object_id=competition.pk,
                 summary=f"发布竞赛 {competition.name}")
    return competition


@transaction.atomic
def entry_add(*, actor: Any, competition: Competition, id_number: str, name: str, team_name: str = "",
              today: date | None = None) -> Entry:
    """Enter a person from the talent registry (by resident ID number and name). Refuses, writing
    nothing: an event not taking entries or past its deadline, a full event, a person not in the
    registry or whose name differs, a second entry, an entrant outside the age limits or below
    the required grade, a team event entry without a team or a full team."""
    _editable(actor, competition)
    today = today or timezone.localdate()
    if competition.status != CompetitionStatus.PUBLISHED:
        raise DomainError("该竞赛未在报名阶段（须先发布，成绩公示后不再接受报名）")
    if today > competition.entry_deadline:
        raise DomainError(f"报名已于 {competition.entry_deadline:%Y-%m-%d} 截止")
    if competition.entries.count() >= competition.places:
        raise DomainError(f"报名名额 {competition.places} 人已满")
    worker = worker_find(id_number=id_number)
    if worker is None:
        raise DomainError("人才库中没有这个身份证号的人员，请先在人才库登记后再报名", field="id_number")
    if worker.name != name.strip():
        raise DomainError("姓名与人才库登记的不一致，请核对身份证号和姓名", field="name")
    if competition.entries.filter(worker=worker).exists():
        raise DomainError(f"{worker.name} 已报名本竞赛", code="duplicate", field="id_number")
    age = _age_on(worker.birth_date, competition.starts_on)
    if competition.min_age and age < competition.min_age:
        raise DomainError(f"{worker.name} 比赛开始时 {age} 岁，低于本竞赛最低年龄 {competition.min_age} 岁，不符合报名条件",
                          code="ineligible", field="id_number")
    if competition.max_age and age > competition.max_age:
        raise DomainError(f"{worker.name} 比赛开始时 {age} 岁，超过本竞赛最高年龄 {competition.max_age} 岁，不符合报名条件",
                          code="ineligible", field="id_number")
    grade = registry_selectors.worker_top_grade(worker)
    if competition.min_grade and (grade or 0) < competition.min_grade:
        held = Grade(grade).label if grade else "无职业技能等级记录"
        raise DomainError(f"{worker.name} 现有等级为“{held}”，本竞赛要求{Grade(competition.min_grade).label}及以上，"
                          "不符合报名条件", code="ineligible", field="id_number")
    team_name = team_name.strip()
    if competition.is_team:
        if not team_name:
            raise DomainError("团体赛请填写队名", field="team_name")
        if competition.entries.filter(team_name=team_name).count() >= competition.team_size:
            raise DomainError(f"“{team_name}”队已满 {competition.team_size} 人", field="team_name")
    job = registry_selectors.worker_current_employment(worker)
    entry = Entry.objects.create(competition=competition, worker=worker, team_name=team_name,
                                 unit_name=job.enterprise.name if job else "", grade_at_entry=grade)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_entry", object_id=entry.pk,
                 summary=f"{worker.name} 报名 {competition.name}")
    return entry


@transaction.atomic
def result_record(*, actor: Any, competition: Competition, id_number: str, rank: int, award: str,
                  score: Decimal | None = None) -> Result:
    """Record an entrant's rank and award. Refuses a result for someone who did not enter, a
    second result for one entrant, a rank already given to another entrant (in a team event, to
    another team), or results once the notice is out."""
    _editable(actor, competition)
    if competition.status not in (CompetitionStatus.PUBLISHED,):
        raise DomainError("成绩已公示或已确认，不能再修改；如有错误请联系人社局")
    if award not in Award.values:
        raise DomainError("请选择奖项", field="award")
    if rank is None or rank < 1:
        raise DomainError("名次须为正整数", field="rank")
    worker = worker_find(id_number=id_number)
    entry = competition.entries.filter(worker=worker).first() if worker else None
    if entry is None:
        raise DomainError("该人员没有报名本竞赛，不能登记成绩", code="not_entrant", field="id_number")
    if hasattr(entry, "result"):
        raise DomainError(f"{entry.worker.name} 的成绩已登记（第 {entry.result.rank} 名）", code="duplicate",
                          field="id_number")
    holders = competition.results.filter(rank=rank).select_related("entry__worker")
    if competition.is_team:  # members of one team share its rank
        holders = holders.exclude(team_key=entry.team_name)
    holder = holders.first()
    if holder is not None:
        other = holder.team_key or holder.entry.worker.name
        raise DomainError(f"第 {rank} 名已登记给“{other}”，同一名次不能给两名选手", code="rank_taken", field="rank")
    try:
        with transaction.atomic():
            result = Result.objects.create(entry=entry, competition=competition, rank=rank, award=award, score=score,
                                           team_key=entry.team_name)
    except IntegrityError as exc:
        raise DomainError(f"第 {rank} 名已登记给其他选手", code="rank_taken", field="rank") from exc
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_result", object_id=result.pk,
                 summary=f"{entry.worker.name} {competition.name} 第{rank}名 {result.get_award_display()}")
    return result


@transaction.atomic
def results_publish(*, actor: Any, competition: Competition, today: date | None = None) -> Competition:
    """Put the results in a public notice of `RESULT_NOTICE_WORKING_DAYS` working days."""
    _editable(actor, competition)
    if competition.status != CompetitionStatus.PUBLISHED:
        raise DomainError("该竞赛不在可公示成绩的阶段")
    if not competition.results.exists():
        raise DomainError("还没有登记任何成绩，不能公示")
    today = today or timezone.localdate()
    until = working_days_add(today, RESULT_NOTICE_WORKING_DAYS)
    competition.status = CompetitionStatus.RESULTS_IN_NOTICE
    competition.notice_from, competition.notice_until = today, until.day
    competition.notice_calendar_note = until.note
    competition.save(update_fields=["status", "notice_from", "notice_until", "notice_calendar_note"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition_event", object_id=competition.pk,
                 summary=f"公示 {competition.name} 成绩至 {until.day:%Y-%m-%d}")
    return competition
