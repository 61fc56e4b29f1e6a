"""Honours, studios and enterprise designations with quotas (R6.3, R6.4; `001` (十二), `003`
二(三)1–2). Nomination by an enterprise or department → review → public notice (working days) →
award. The quota is enforced at each step that takes up a place: a nomination is refused once the
places are all taken, entering the notice is refused when awarded plus in-notice nominees fill
the quota, and the award re-checks under a row lock on the programme, so two simultaneous awards
cannot both take the last place."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongjiang.accounts.permissions import Scope, require, scope
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.competitions import selectors
from gongjiang.competitions.models import (
    COUNTED,
    HonourProgramme,
    Nomination,
    NominationStatus,
    ProgrammeKind,
    ReviewOutcome,
    StudioMember,
    StudioReview,
)
from gongjiang.competitions.services.promotions import ARCHIVE_LEVEL
from gongjiang.core.calendar import working_days_add
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.registry import selectors as registry_selectors
from gongjiang.registry import services as registry_services

#: 公示 of honours and designations: 5 working days (as for competition results).
HONOUR_NOTICE_WORKING_DAYS = 5


def _quota_refusal(programme: HonourProgramme, places: dict, doing: str) -> DomainError:
    archive = f"，档案中另有同称号记录 {places['archive']} 个" if places["archive"] else ""
    return DomainError(
        f"“{programme.title}”{programme.starts_on:%Y}—{programme.ends_on:%Y}年名额 {programme.quota} 个已用完"
        f"（已授予 {places['awarded']} 个，公示中 {places['in_notice']} 个{archive}），不能再{doing}。"
        f"依据：{programme.citation}",
        code="over_quota")


@transaction.atomic
def nomination_create(*, actor: Any, programme: HonourProgramme, reason: str, id_number: str = "", name: str = "",
                      enterprise: Any = None, studio_name: str = "", evidence: str = "", community_name: str = "",
                      today: date | None = None) -> Nomination:
    """Nominate a worker (an honour), a worker as lead of a studio, or an enterprise (a
    designation). Enterprise HR nominate their own staff and their own enterprise; bureau staff
    anyone in their scope. Refuses, writing nothing: a programme not open on `today`, a quota
    already used up, a nominee outside the nominator's scope, a second open nomination, a studio
    without a name, a designation without its evidence."""
    require(actor, "honours.nominate")
    today = today or timezone.localdate()
    if not (programme.starts_on <= today <= programme.ends_on):
        raise DomainError(f"“{programme.title}”的推荐期为 {programme.starts_on:%Y-%m-%d} 至 {programme.ends_on:%Y-%m-%d}")
    if not reason.strip():
        raise DomainError("请填写推荐理由", field="reason")
    places = selectors.programme_places(programme)
    if places["taken"] >= programme.quota:
        raise _quota_refusal(programme, places, "推荐")
    if scope(actor) == Scope.ENTERPRISE:
        enterprise = actor.enterprise
    worker = None
    if programme.kind == ProgrammeKind.COMMUNITY:
        return _community_nominate(actor=actor, programme=programme, reason=reason, community_name=community_name,
                                   evidence=evidence)
    if programme.kind == ProgrammeKind.DESIGNATION:
        if enterprise is None:
            raise DomainError("请选择申报认定的企业", field="enterprise")
        if not evidence.strip():
            raise DomainError(f"缺少证明材料：申报“{programme.title}”须提交{programme.evidence_required or '证明材料'}",
                              field="evidence")
    else:
        worker = registry_services.worker_find(id_number=id_number) if id_number else None
        if worker is None or not registry_selectors.worker_scope(actor).filter(pk=worker.pk).exists():
            raise DomainError("未在您可管理的人才库范围内找到该身份证号的人员", field="id_number")
        if worker.name != name.strip():
            raise DomainError("姓名与人才库登记的不一致，请核对身份证号和姓名", field="name")
        if programme.kind == ProgrammeKind.STUDIO and not studio_name.strip():
            raise DomainError("请填写工作室名称", field="studio_name")
        job = registry_selectors.worker_current_employment(worker)
        enterprise = enterprise or (job.enterprise if job else None)
    if enterprise is not None and not registry_selectors.enterprise_scope(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("只能推荐本单位（本区）的人员或企业")
    open_statuses = [NominationStatus.NOMINATED, *COUNTED]
    same = programme.nominations.filter(status__in=open_statuses)
    if (worker and same.filter(worker=worker).exists()) or (
            worker is None and same.filter(enterprise=enterprise, worker__isnull=True).exists()):
        raise DomainError("该对象已被推荐（或已获授予）本项目，不能重复推荐", code="duplicate")
    district = enterprise.district if enterprise else (worker.residence_district or actor.district)
    if district is None:
        raise DomainError("无法确定推荐对象所在区县：该人员没有在职单位和常住区县记录", field="id_number")
    indicators = _designation_indicators(enterprise) if programme.kind == ProgrammeKind.DESIGNATION else {}
    nomination = Nomination.objects.create(
        programme=programme, worker=worker, enterprise=enterprise, district=district, studio_name=studio_name.strip(),
        nominated_by=actor, nominating_unit=(actor.enterprise.name if actor.enterprise_id else
                                             actor.organisation_name or "人社局"),
        reason=reason.strip(), evidence=evidence.strip(), indicators=indicators)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="nomination", object_id=nomination.pk,
                 summary=f"推荐 {nomination.subject_name} 参评 {programme.title}")
    return nomination


def _designation_indicators(enterprise: Any) -> dict:
    """What we compute for an enterprise designation from our own data: the skilled-talent ratio
    (registry employments and grades) and R6.5, high-skilled vs managers' pay growth (income
    monitoring; rates only, and only when each group has enough workers)."""
    from gongjiang.income.selectors import enterprise_pay_growth

    indicators = registry_selectors.enterprise_skill_ratio(enterprise)
    growth = enterprise_pay_growth(actor=None, enterprise_id=enterprise.pk)
    if growth is not None:
        indicators["pay_growth"] = growth
    return indicators


def _community_nominate(*, actor: Any, programme: HonourProgramme, reason: str, community_name: str,
                        evidence: str) -> Nomination:
    """A village or community (技能型乡村（社区）, `003` 一, 二(三)3) put forward by bureau staff (a
    town or street office's application, entered by the bureau); evidence is required."""
    if scope(actor) == Scope.ENTERPRISE:
        raise PermissionDenied("技能型乡村（社区）由镇街申报、人社局录入，企业账号不能申报")
    if not community_name.strip():
        raise DomainError("请填写乡村（社区）名称", field="community_name")
    if not evidence.strip():
        raise DomainError(f"缺少证明材料：申报“{programme.title}”须提交{programme.evidence_required or '证明材料'}",
                          field="evidence")
    open_statuses = [NominationStatus.NOMINATED, *COUNTED]
    if programme.nominations.filter(status__in=open_statuses, community_name=community_name.strip()).exists():
        raise DomainError("该乡村（社区）已申报（或已获认定）本项目，不能重复申报", code="duplicate")
    district = actor.district or programme.area
    nomination = Nomination.objects.create(
        programme=programme, district=district, community_name=community_name.strip(), nominated_by=actor,
        nominating_unit=actor.organisation_name or "人社局", reason=reason.strip(), evidence=evidence.strip())
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="nomination", object_id=nomination.pk,
                 summary=f"申报 {nomination.subject_name} 参评 {programme.title}")
    return nomination


def _reviewable(actor: Any, nomination: Nomination) -> None:
    require(actor, "honours.review")
    if not selectors.nomination_scope(actor).filter(pk=nomination.pk).exists():
        raise NotFound("未找到该推荐，或您无权办理")


@transaction.atomic
def nomination_review(*, actor: Any, nomination: Nomination, approve: bool, note: str = "",
                      today: date | None = None) -> Nomination:
    """Approve a nomination into the public notice (taking a place of the quota), or reject it
    with a reason. Refuses approval when awarded and in-notice nominees already fill the quota."""
    _reviewable(actor, nomination)
    programme = HonourProgramme.objects.select_for_update().get(pk=nomination.programme_id)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != NominationStatus.NOMINATED:
        raise DomainError("该推荐已审核过")
    if not approve:
        if not note.strip():
            raise DomainError("不通过时请写明理由", field="note")
        nomination.status, nomination.review_note = NominationStatus.REJECTED, note.strip()
        nomination.save(update_fields=["status", "review_note"])
    else:
        places = selectors.programme_places(programme)
        if places["taken"] >= programme.quota:
            raise _quota_refusal(programme, places, "列入公示")
        until = working_days_add(today or timezone.localdate(), HONOUR_NOTICE_WORKING_DAYS)
        nomination.status, nomination.review_note = NominationStatus.IN_NOTICE, note.strip()
        nomination.notice_until, nomination.notice_calendar_note = until.day, until.note
        nomination.save(update_fields=["status", "review_note", "notice_until", "notice_calendar_note"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="nomination", object_id=nomination.pk,
                 summary=f"审核 {nomination.subject_name}：{nomination.get_status_display()}")
    return nomination


@transaction.atomic
def nomination_award(*, actor: Any, nomination: Nomination, today: date | None = None) -> Nomination:
    """Award after the notice has ended: the honour goes into the worker's (or the studio lead's)
    archive through registry services; a designation is recorded for the programme's period.
    The quota is checked again under a row lock on the programme (two simultaneous awards of
    the last place: one succeeds, the other is refused)."""
    _reviewable(actor, nomination)
    today = today or timezone.localdate()
    programme = HonourProgramme.objects.select_for_update().get(pk=nomination.programme_id)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status == NominationStatus.AWARDED:
        raise DomainError("已经授予，不能重复授予", code="duplicate")
    if nomination.status != NominationStatus.IN_NOTICE:
        raise DomainError("须先审核通过并公示，公示期满后才能授予")
    if today <= nomination.notice_until:
        raise DomainError(f"公示期至 {nomination.notice_until:%Y-%m-%d}，期满后才能授予")
    places = selectors.programme_places(programme, exclude=nomination.pk)
    if places["awarded"] + places["archive"] >= programme.quota:
        raise _quota_refusal(programme, places, "授予")
    if nomination.worker_id:
        nomination.honour = registry_services.honour_record(
            actor=actor, worker=nomination.worker, title=programme.title, level=ARCHIVE_LEVEL[programme.level],
            awarded_by=programme.area.name, awarded_on=today)
    nomination.status, nomination.awarded_on = NominationStatus.AWARDED, today
    nomination.save(update_fields=["status", "awarded_on", "honour"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="nomination", object_id=nomination.pk,
                 summary=f"授予 {nomination.subject_name} {programme.title}")
    return nomination


@transaction.atomic
def studio_member_add(*, actor: Any, nomination: Nomination, id_number: str, name: str, role: str,
                      joined_on: date) -> StudioMember:
    """Add a member or an apprentice (带徒) to an awarded studio. The studio's enterprise HR or
    bureau staff; the person must be in their scope, not the studio's lead, and not already in."""
    require(actor, "honours.nominate")
    nomination = selectors.nomination_scope(actor).filter(pk=nomination.pk).first()
    if nomination is None:
        raise NotFound("未找到该工作室，或您无权办理")
    if nomination.programme.kind != ProgrammeKind.STUDIO or nomination.status != NominationStatus.AWARDED:
        raise DomainError("只有已授予的工作室可以登记成员和徒弟")
    if role not in StudioMember.Role.values:
        raise DomainError("请选择身份（成员或徒弟）", field="role")
    worker = registry_services.worker_find(id_number=id_number) if id_number else None
    if worker is None or not registry_selectors.worker_scope(actor).filter(pk=worker.pk).exists():
        raise DomainError("未在您可管理的人才库范围内找到该身份证号的人员", field="id_number")
    if worker.name != name.strip():
        raise DomainError("姓名与人才库登记的不一致，请核对身份证号和姓名", field="name")
    if worker.pk == nomination.worker_id:
        raise DomainError("领办人不必登记为成员", field="id_number")
    if nomination.members.filter(worker=worker).exists():
        raise DomainError(f"{worker.name} 已是本工作室的成员或徒弟", code="duplicate", field="id_number")
    member = StudioMember.objects.create(nomination=nomination, worker=worker, role=role, joined_on=joined_on)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="studio_member", object_id=member.pk,
                 summary=f"{nomination.studio_name} 登记{member.get_role_display()} {worker.name}")
    return member


@transaction.atomic
def studio_review_record(*, actor: Any, nomination: Nomination, year: int, outcome: str, activities: str,
                         note: str = "", today: date | None = None) -> StudioReview:
    """Record an awarded studio's yearly review (年度考核): the members and apprentices (带徒) it
    had in `year` and how many apprentices obtained a certificate that year, counted from our
    records, with the bureau's outcome. Bureau staff; once per studio and year; refuses a year
    before the award or not yet begun, a review without the year's work, a failing outcome
    without a reason."""
    _reviewable(actor, nomination)
    today = today or timezone.localdate()
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.programme.kind != ProgrammeKind.STUDIO or nomination.status != NominationStatus.AWARDED:
        raise DomainError("只有已授予的工作室可以年度考核")
    if not (nomination.awarded_on.year <= year <= today.year):
        raise DomainError(f"考核年度须在授予年度（{nomination.awarded_on.year}年）至今年之间", field="year")
    if outcome not in ReviewOutcome.values:
        raise DomainError("请选择考核结果", field="outcome")
    if not activities.strip():
        raise DomainError("请填写年度工作情况（技术攻关、培训、带徒传艺等）", field="activities")
    if outcome in (ReviewOutcome.IMPROVE, ReviewOutcome.FAIL) and not note.strip():
        raise DomainError("考核结果为基本合格或不合格时，请写明问题和整改要求", field="note")
    if nomination.reviews.filter(year=year).exists():
        raise DomainError(f"{nomination.studio_name} {year}年度已考核", code="duplicate", field="year")
    end = date(year, 12, 31)
    members = nomination.members.filter(joined_on__lte=end)
    apprentice_ids = list(members.filter(role=StudioMember.Role.APPRENTICE).values_list("worker_id", flat=True))
    review = StudioReview.objects.create(
        nomination=nomination, year=year, members=members.filter(role=StudioMember.Role.MEMBER).count(),
        apprentices=len(apprentice_ids),
        apprentices_certified=registry_selectors.workers_certified_in(apprentice_ids, first=date(year, 1, 1), last=end),
        activities=activities.strip(), outcome=outcome, note=note.strip(), reviewed_by=actor, reviewed_on=today)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="studio_review", object_id=review.pk,
                 summary=f"{nomination.studio_name} {year}年度考核：{review.get_outcome_display()}")
    return review
