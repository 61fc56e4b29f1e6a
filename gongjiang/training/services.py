"""Writes of the training domain (issue 12; R3.1–R3.5). Views, the API, imports and the demo call
these, so each rule is written once. Every function refuses what the actor may not do
(`PermissionDenied`, `NotFound` outside its scope) and explains bad input with a Chinese
`DomainError` naming the field; nothing is half written (each is one transaction)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.identity import IdentityError, uscc_validate
from gongjiang.registry import services as registry_services
from gongjiang.training import selectors
from gongjiang.training.models import (
    CheckIn,
    CheckInSource,
    ClassStatus,
    Completion,
    Enrolment,
    EnterpriseTraining,
    EnterpriseTrainingKind,
    Institution,
    InstitutionStatus,
    Programme,
    QualityGrade,
    Session,
    Site,
    TrainingClass,
)


def _in_scope(actor: Any, institution: Institution) -> None:
    if not selectors.institution_scope(actor).filter(pk=institution.pk).exists():
        raise NotFound("未找到该培训机构，或您无权查看")


def _own_class(actor: Any, training_class: TrainingClass) -> None:
    require(actor, "training.class_file")
    if training_class.institution_id != actor.training_institution_id:
        raise NotFound("未找到该培训班，或您无权查看")


def _audit(actor: Any, object_type: str, object_id: Any, summary: str) -> None:
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type=object_type, object_id=object_id, summary=summary)


# --- Institutions, sites, programmes ----------------------------------------------------------


@transaction.atomic
def institution_admit(*, actor: Any, name: str, uscc: str, kind: str, licence_number: str, district: Any,
                      scope: list[Any], admitted_on: date, address: str = "", contact_name: str = "",
                      contact_phone: str = "") -> Institution:
    """Admit a training institution (准入, `001` (十六)): bureau staff only. Refuses a malformed or
    already admitted credit code, an empty licence number, and an empty scope of occupations."""
    require(actor, "training.institution_manage")
    try:
        code = uscc_validate(uscc).code
    except IdentityError as exc:
        raise DomainError(str(exc), field="uscc") from exc
    if not name.strip():
        raise DomainError("请填写机构名称", field="name")
    if not licence_number.strip():
        raise DomainError("请填写办学许可证号（或营业执照登记的培训类经营范围证明编号）", field="licence_number")
    if not scope:
        raise DomainError("请至少选择一个准予培训的职业（工种）", field="scope")
    if getattr(actor, "role", "") == "bureau_staff" and district.pk != actor.district_id:
        raise PermissionDenied("只能准入本区的培训机构")
    payee = registry_services.training_payee_find_or_register(actor=actor, uscc=code, name=name, district=district)
    institution = Institution(name=name.strip(), uscc=code, kind=kind, licence_number=licence_number.strip(),
                              district=district, admitted_on=admitted_on, address=address,
                              contact_name=contact_name, contact_phone=contact_phone, payee=payee)
    try:
        with transaction.atomic():
            institution.save()
    except IntegrityError as exc:
        raise DomainError(f"统一社会信用代码 {code} 的机构已准入", code="duplicate", field="uscc") from exc
    institution.scope.set(scope)
    _audit(actor, "training_institution", institution.pk, f"准入培训机构 {institution.name}")
    return institution


@transaction.atomic
def institution_grade_set(*, actor: Any, institution: Institution, grade: str) -> Institution:
    """Set the 办学质量和诚信等级 (`001` (十七))."""
    require(actor, "training.institution_manage")
    _in_scope(actor, institution)
    if grade not in QualityGrade.values:
        raise DomainError("请选择 A、B 或 C 级", field="grade")
    institution.grade = grade
    institution.save(update_fields=["grade"])
    _audit(actor, "training_institution", institution.pk, f"评定 {institution.name} 为 {grade} 级")
    return institution


@transaction.atomic
def institution_status_set(*, actor: Any, institution: Institution, status: str, reason: str) -> Institution:
    """Put an institution on the negative list, let it exit, or re-admit it; a reason is required
    for the first two. An institution not admitted can file no class (`001` (十七) 退出机制)."""
    require(actor, "training.institution_manage")
    _in_scope(actor, institution)
    if status not in InstitutionStatus.values:
        raise DomainError("未知的机构状态", field="status")
    if status != InstitutionStatus.ADMITTED and not reason.strip():
        raise DomainError("列入负面清单或退出时请写明原因", field="status_reason")
    institution.status, institution.status_reason = status, reason.strip()
    institution.save(update_fields=["status", "status_reason"])
    _audit(actor, "training_institution", institution.pk,
           f"{institution.name} 状态改为 {institution.get_status_display()}：{reason}")
    return institution


@transaction.atomic
def site_save(*, actor: Any, institution: Institution, name: str, address: str = "", township: str = "",
              longitude: Decimal | None = None, latitude: Decimal | None = None, capacity: int = 0,
              instance: Site | None = None) -> Site:
    """Add or correct a training site: the institution's own account, or bureau staff."""
    require(actor, "training.site_edit")
    _in_scope(actor, institution)
    if not name.strip():
        raise DomainError("请填写场地名称", field="name")
    if (longitude is None) != (latitude is None):
        raise DomainError("经度和纬度请同时填写（或都不填）", field="longitude")
    if longitude is not None and not (Decimal("73") <= longitude <= Decimal("136")):
        raise DomainError("经度应在 73 到 136 之间（中国境内），请核对", field="longitude")
    if latitude is not None and not (Decimal("3") <= latitude <= Decimal("54")):
        raise DomainError("纬度应在 3 到 54 之间（中国境内），请核对", field="latitude")
    site = instance or Site(institution=institution)
    if instance is not None and instance.institution_id != institution.pk:
        raise NotFound("未找到该培训场地")
    site.name, site.address, site.township = name.strip(), address, township.strip()
    site.longitude, site.latitude, site.capacity = longitude, latitude, capacity
    site.save()
    _audit(actor, "training_site", site.pk, f"{'更正' if instance else '新增'}培训场地 {site.name}")
    return site


@transaction.atomic
def programme_save(*, actor: Any, code: str, name: str, occupation: Any, grade: int | None, hours: int,
                   subsidy_standard: Decimal, citation: str = "", published: bool = True) -> Programme:
    """Add or correct an entry of the subsidised programme catalogue (凡补必进、不进不补)."""
    require(actor, "training.programme_manage")
    if hours <= 0:
        raise DomainError("标准学时应大于 0", field="hours")
    if subsidy_standard < 0:
        raise DomainError("补贴标准不能为负数", field="subsidy_standard")
    programme, _created = Programme.objects.update_or_create(code=code, defaults={
        "name": name, "occupation": occupation, "grade": grade, "hours": hours,
        "subsidy_standard": subsidy_standard, "citation": citation, "published": published})
    _audit(actor, "training_programme", programme.pk, f"维护培训项目 {programme.name}")
    return programme


# --- Classes and their timetable ----------------------------------------------------------------


@transaction.atomic
def class_file(*, actor: Any, programme: Programme, site: Site, name: str, teacher: str, start_date: date,
               end_date: date, planned_hours: int, capacity: int) -> TrainingClass:
    """File a class plan (开班报备) for the bureau's approval: the institution's own account only.
    Refuses an institution not admitted (negative list, exited), a programme outside the
    institution's approved scope or not in the catalogue, another institution's site, an end
    before the start, and planned hours or capacity that are not positive."""
    require(actor, "training.class_file")
    institution = Institution.objects.select_for_update().get(pk=actor.training_institution_id)
    if not institution.may_file_classes:
        raise DomainError(f"本机构当前状态为“{institution.get_status_display()}”，不能报备培训班"
                          f"{'：' + institution.status_reason if institution.status_reason else ''}。请联系人社局",
                          code="institution_not_admitted", field="programme")
    if not programme.published:
        raise DomainError("该项目不在补贴性培训项目目录中，请选择目录内的项目", field="programme")
    if not institution.scope.filter(pk=programme.occupation_id).exists():
        raise DomainError(f"“{programme.occupation.name}”不在本机构准予培训的职业范围内，请选择范围内的项目，"
                          "或向人社局申请扩大培训范围", code="outside_scope", field="programme")
    if site.institution_id != institution.pk:
        raise DomainError("请选择本机构的培训场地", field="site")
    if end_date < start_date:
        raise DomainError("结班日期不能早于开班日期，请核对日期", field="end_date")
    if planned_hours <= 0:
        raise DomainError("计划学时应大于 0", field="planned_hours")
    if capacity <= 0:
        raise DomainError("计划人数应大于 0", field="capacity")
    if not name.strip() or not teacher.strip():
        raise DomainError("请填写班级名称和授课教师", field="name" if not name.strip() else "teacher")
    training_class = TrainingClass.objects.create(
        institution=institution, programme=programme, name=name.strip(), site=site, teacher=teacher.strip(),
        start_date=start_date, end_date=end_date, planned_hours=planned_hours, capacity=capacity, filed_by=actor)
    _audit(actor, "training_class", training_class.pk, f"报备培训班 {training_class.name}")
    return training_class


@transaction.atomic
def class_decide(*, actor: Any, training_class: TrainingClass, approve: bool, reason: str = "") -> TrainingClass:
    """Approve a filed class plan, or return it with a reason (bureau staff)."""
    require(actor, "training.class_approve")
    if not selectors.class_scope(actor).filter(pk=training_class.pk).exists():
        raise NotFound("未找到该培训班，或您无权查看")
    if training_class.status != ClassStatus.FILED:
        raise DomainError(f"该培训班状态为“{training_class.get_status_display()}”，只有待审批的培训班可以审批")
    if not approve and not reason.strip():
        raise DomainError("退回时请写明原因，机构据此修改", field="status_reason")
    training_class.status = ClassStatus.APPROVED if approve else ClassStatus.REJECTED
    training_class.status_reason = reason.strip()
    training_class.approved_by, training_class.approved_at = actor, timezone.now()
    training_class.save(update_fields=["status", "status_reason", "approved_by", "approved_at"])
    _audit(actor, "training_class", training_class.pk,
           f"{'批准' if approve else '退回'}培训班 {training_class.name}")
    return training_class


@transaction.atomic
def session_add(*, actor: Any, training_class: TrainingClass, starts_at: datetime, ends_at: datetime,
                topic: str = "") -> Session:
    """Add a timetable session. Refuses a session ending before it starts or outside the class dates."""
    _own_class(actor, training_class)
    if ends_at <= starts_at:
        raise DomainError("结束时间应晚于开始时间，请核对课表", field="ends_at")
    day_from, day_to = timezone.localtime(starts_at).date(), timezone.localtime(ends_at).date()
    if day_from < training_class.start_date or day_to > training_class.end_date:
        raise DomainError(f"课表时间应在开班（{training_class.start_date}）至结班（{training_class.end_date}）之间",
                          field="starts_at")
    session = Session.objects.create(training_class=training_class, starts_at=starts_at, ends_at=ends_at, topic=topic)
    return session


def _approved(training_class: TrainingClass) -> None:
    if training_class.status != ClassStatus.APPROVED:
        raise DomainError(f"培训班状态为“{training_class.get_status_display()}”，批准后才能登记学员和考勤",
                          code="class_not_approved")


# --- Roster, attendance, completion -------------------------------------------------------------


@transaction.atomic
def trainee_enrol(*, actor: Any, training_class: TrainingClass, id_number: str, name: str) -> Enrolment:
    """Enrol a trainee by real name (实名制, R3.2): the ID number is validated and matched to the
    registry, or the person registered there. Refuses a full class and a second enrolment."""
    _own_class(actor, training_class)
    _approved(training_class)
    worker = registry_services.trainee_find_or_register(actor=actor, id_number=id_number, name=name)
    if Enrolment.objects.filter(training_class=training_class).count() >= training_class.capacity:
        raise DomainError(f"本班计划人数 {training_class.capacity} 人已满", code="class_full")
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(training_class=training_class, worker=worker)
    except IntegrityError as exc:
        raise DomainError(f"{worker.name} 已在本班名册中", code="duplicate", field="id_number") from exc
    _audit(actor, "training_enrolment", enrolment.pk, f"{worker.name} 报名 {training_class.name}")
    return enrolment


def _minutes(checked_in_at: datetime, checked_out_at: datetime) -> int:
    return int((checked_out_at - checked_in_at).total_seconds() // 60)


@transaction.atomic
def checkin_record(*, actor: Any, enrolment: Enrolment, checked_in_at: datetime,
                   checked_out_at: datetime | None = None, source: str = CheckInSource.MANUAL,
                   device: str = "") -> CheckIn:
    """Record one attendance (签到/签退) by hand. Refuses a check-out before the check-in."""
    training_class = enrolment.training_class
    _own_class(actor, training_class)
    _approved(training_class)
    checked_out_at = checked_out_at or checked_in_at
    if checked_out_at < checked_in_at:
        raise DomainError("签退时间不能早于签到时间", field="checked_out_at")
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                enrolment=enrolment, training_class=training_class, worker_id=enrolment.worker_id,
                site_id=training_class.site_id, checked_in_at=checked_in_at, checked_out_at=checked_out_at,
                minutes=_minutes(checked_in_at, checked_out_at), source=source, device=device)
    except IntegrityError as exc:
        raise DomainError("该学员这一签到时间已有记录", code="duplicate", field="checked_in_at") from exc


def checkins_import(*, actor: Any, path: str, name: str):
    """Import a check-in file (CSV/Excel from face-recognition devices) through the ingest
    machinery, all or nothing: the file is read once inside one transaction; if any row is
    rejected (or there is none), the transaction is rolled back, so nothing is written, and the
    outcome lists row, column, problem and fix (its created / unchanged counts are then 0).
    Returns the ingest outcome."""
    from gongjiang.ingest.engine import import_file
    from gongjiang.ingest.kinds import kind_get

    require(actor, "training.class_file")
    kind = kind_get("training_checkins")
    with transaction.atomic():
        outcome = import_file(kind=kind, path=path, actor=actor, name=name)
        if outcome.rejected or not outcome.rows:
            transaction.set_rollback(True)
            outcome.created = outcome.updated = outcome.unchanged = 0
            return outcome
        audit_record(actor=actor, action=AuditAction.CHANGE, object_type="training_checkin", object_id="",
                     summary=f"导入签到记录文件 {name}：新增 {outcome.created} 条，此前已导入 {outcome.unchanged} 条")
    return outcome


def _attended_hours(enrolment: Enrolment) -> Decimal:
    minutes = CheckIn.objects.filter(enrolment=enrolment).aggregate(total=Sum("minutes"))["total"] or 0
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.1"))


@transaction.atomic
def completion_record(*, actor: Any, enrolment: Enrolment, completed_on: date, exam_passed: bool,
                      score: Decimal | None = None) -> Completion:
    """Record a trainee's completion and result (结业与考核). The hours attended are summed from
    the check-ins. The completed training is written into the worker's lifelong archive through
    the registry's services (one way: training → registry)."""
    training_class = enrolment.training_class
    _own_class(actor, training_class)
    _approved(training_class)
    if completed_on < training_class.start_date:
        raise DomainError("结业日期不能早于开班日期", field="completed_on")
    if score is not None and not (Decimal("0") <= score <= Decimal("100")):
        raise DomainError("考核成绩应在 0 到 100 之间", field="score")
    if Completion.objects.filter(enrolment=enrolment).exists():
        raise DomainError(f"{enrolment.worker.name} 已登记结业", code="duplicate")
    hours = _attended_hours(enrolment)
    programme = training_class.programme
    record = registry_services.training_record_from_completion(
        actor=actor, worker_id=enrolment.worker_id, institution_name=training_class.institution.name,
        programme=programme.name, occupation=programme.occupation, grade=programme.grade,
        start_date=training_class.start_date, end_date=completed_on, hours=int(hours), completed=exam_passed,
        subsidised=True)
    completion = Completion.objects.create(enrolment=enrolment, completed_on=completed_on, hours_attended=hours,
                                           exam_passed=exam_passed, score=score, archive_record_id=record.pk)
    _audit(actor, "training_completion", completion.pk,
           f"{enrolment.worker.name} 结业（{'合格' if exam_passed else '不合格'}）")
    return completion


@transaction.atomic
def class_complete(*, actor: Any, training_class: TrainingClass, completed_on: date,
                   passed_ids: set[int]) -> int:
    """Record the completion of every enrolled trainee not yet completed; those in `passed_ids`
    passed the exam. Returns how many were recorded."""
    _own_class(actor, training_class)
    count = 0
    for enrolment in Enrolment.objects.filter(training_class=training_class, completion__isnull=True) \
            .select_related("training_class", "training_class__institution", "training_class__programme", "worker"):
        completion_record(actor=actor, enrolment=enrolment, completed_on=completed_on,
                          exam_passed=enrolment.pk in passed_ids)
        count += 1
    return count


# --- Enterprise-run training (R3.5, `000` 三(三)3) ----------------------------------------------


@transaction.atomic
def enterprise_training_file(*, actor: Any, kind: str, name: str, start_date: date, end_date: date, trainees: int,
                             spend: Decimal, hours: int = 0, occupation: Any = None) -> EnterpriseTraining:
    """File a training the enterprise ran for its employees (企业职工培训 or 新型学徒制) with its
    spending: the enterprise's HR only, for its own enterprise. Refuses an unknown kind, an end
    before the start, no trainees and negative spending, each naming the field."""
    require(actor, "training.enterprise_file")
    if kind not in EnterpriseTrainingKind.values:
        raise DomainError("请选择培训类型：企业职工培训或新型学徒制", field="kind")
    if not name.strip():
        raise DomainError("请填写培训名称", field="name")
    if end_date < start_date:
        raise DomainError("结束日期不能早于开始日期，请核对日期", field="end_date")
    if trainees <= 0:
        raise DomainError("参训人数应大于 0", field="trainees")
    if spend < 0:
        raise DomainError("培训经费支出不能为负数；没有支出请填 0", field="spend")
    training = EnterpriseTraining.objects.create(
        enterprise_id=actor.enterprise_id, kind=kind, name=name.strip(), occupation=occupation,
        start_date=start_date, end_date=end_date, trainees=trainees, hours=hours, spend=spend, filed_by=actor)
    _audit(actor, "enterprise_training", training.pk, f"填报企业培训 {training.name}（经费 {spend} 元）")
    return training
