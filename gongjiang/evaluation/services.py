"""Writes of the evaluation domain (R4.1–R4.3): filing agencies, eligibility rules, batches,
candidates, scores, the 公示, issuing signed certificates into the workers' archives, reporting
and revocation. Every function checks the actor's action (accounts/permissions.py) and scope and
explains bad input with a Chinese `DomainError`, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from gongjiang.accounts.permissions import Scope, require, scope
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.bulk import ids_reserve, rows_insert
from gongjiang.core.calendar import working_days_add
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.core.masking import mask_name
from gongjiang.evaluation import credentials, keys, selectors
from gongjiang.evaluation.models import (
    NUMBER_LETTER,
    Agency,
    AgencyKind,
    AgencyScope,
    AgencyStatus,
    AwardRoute,
    AwardStatus,
    Batch,
    BatchStatus,
    Candidate,
    CertificateStatus,
    DirectAward,
    EligibilityRule,
    Examiner,
    IssuedCertificate,
    NegativeListEntry,
    NegativeSubject,
    NumberSerial,
    ResultStatus,
    RuleRoute,
)
from gongjiang.reference.grades import NATIONAL_LEVEL_BY_GRADE, Grade
from gongjiang.reference.schools import SchoolKind, school_kinds_label
from gongjiang.registry import selectors as registry_selectors
from gongjiang.registry import services as registry_services

# Working days to report issued certificates to the bureau (R4.2): employers 10, social
# organisations (and colleges filed as such) 5 — 人社厅发〔2020〕104号 (the issue's figures).
REPORT_DAYS = {AgencyKind.EMPLOYER: 10, AgencyKind.SOCIAL: 5, AgencyKind.SCHOOL: 5}
NOTICE_WORKING_DAYS = 5  # 公示 of results before certificates are issued
PLATFORM_ISSUER = "工匠技能人才服务平台"


def _audit(actor: Any, object_type: str, object_id: Any, summary: str) -> None:
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type=object_type, object_id=object_id,
                 summary=summary)


# --- Agencies (备案, R4.1) ------------------------------------------------------------------


@transaction.atomic
def agency_file(*, actor: Any, name: str, kind: str, site_code: str, district: Any, enterprise: Any = None,
                code: str = "0000", province_code: str = "33", filed_on: date | None = None) -> Agency:
    """File (备案) an evaluation agency. Bureau staff file in their own district only. An
    employer agency names its enterprise; codes are digits of the national numbering."""
    require(actor, "evaluation.agency_file")
    if scope(actor) == Scope.DISTRICT and district.pk != actor.district_id:
        raise PermissionDenied("只能备案本区的评价机构")
    if not name.strip():
        raise DomainError("请填写机构名称", field="name")
    if kind not in AgencyKind.values:
        raise DomainError("请选择机构类别", field="kind")
    if kind == AgencyKind.EMPLOYER and enterprise is None:
        raise DomainError("用人单位自主评价机构须选择所属企业", field="enterprise")
    for field, value, length in (("code", code, 4), ("province_code", province_code, 2), ("site_code", site_code, 6)):
        if not (value.isdigit() and len(value) == length):
            raise DomainError(f"代码应为{length}位数字（填写的是“{value}”）", field=field)
    agency = Agency(name=name.strip(), kind=kind, code=code, province_code=province_code, site_code=site_code,
                    district=district, enterprise=enterprise, filed_on=filed_on or timezone.localdate())
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError as exc:
        raise DomainError(f"站点代码 {code}-{province_code}-{site_code} 已备案给其他机构", field="site_code") from exc
    _audit(actor, "agency", agency.pk, f"备案评价机构 {agency.name}")
    return agency


@transaction.atomic
def agency_scope_add(*, actor: Any, agency: Agency, occupation: Any, grade: int) -> AgencyScope:
    """Add an occupation × grade to an agency's filed scope."""
    require(actor, "evaluation.agency_file")
    agency = selectors.agency_get(actor=actor, agency_id=agency.pk)
    if occupation is None:
        raise DomainError("请选择职业（工种）", field="occupation")
    if grade not in NATIONAL_LEVEL_BY_GRADE:
        raise DomainError("评价范围的等级应为五级至一级", field="grade")
    line, _created = AgencyScope.objects.get_or_create(agency=agency, occupation=occupation, grade=grade)
    _audit(actor, "agency", agency.pk, f"评价范围增加 {occupation.name} {Grade(grade).label}")
    return line


@transaction.atomic
def agency_scope_remove(*, actor: Any, agency: Agency, scope_id: int) -> None:
    require(actor, "evaluation.agency_file")
    agency = selectors.agency_get(actor=actor, agency_id=agency.pk)
    line = agency.scopes.filter(pk=scope_id).first()
    if line is None:
        raise NotFound("未找到该评价范围")
    _audit(actor, "agency", agency.pk, f"评价范围删除 {line}")
    line.delete()


@transaction.atomic
def agency_status_set(*, actor: Any, agency: Agency, status: str, reason: str = "") -> Agency:
    """Suspend (暂停), exit (退出) or reinstate an agency; suspending or exiting needs a reason."""
    require(actor, "evaluation.agency_file")
    agency = selectors.agency_get(actor=actor, agency_id=agency.pk)
    if status not in AgencyStatus.values:
        raise DomainError("请选择状态", field="status")
    if status != AgencyStatus.ACTIVE and not reason.strip():
        raise DomainError("暂停或退出须填写原因", field="reason")
    agency.status, agency.status_reason = status, reason.strip()
    agency.save(update_fields=["status", "status_reason"])
    _audit(actor, "agency", agency.pk, f"评价机构 {agency.name} 状态改为{agency.get_status_display()}：{reason}")
    return agency


def _actor_agency(actor: Any) -> Agency:
    require(actor, "evaluation.batch_manage")
    agency = Agency.objects.get(pk=actor.agency_id)
    if not agency.is_active:
        raise DomainError(f"本机构目前{agency.get_status_display()}（{agency.status_reason}），不能组织评价或发证",
                          code="agency_suspended")
    return agency


@transaction.atomic
def examiner_add(*, actor: Any, agency: Agency, name: str, card_number: str = "", enterprise: Any = None) -> Examiner:
    require(actor, "evaluation.examiner_manage")
    agency = selectors.agency_get(actor=actor, agency_id=agency.pk)
    if not name.strip():
        raise DomainError("请填写考评员姓名", field="name")
    examiner = Examiner.objects.create(agency=agency, name=name.strip(), card_number=card_number.strip(),
                                       enterprise=enterprise)
    _audit(actor, "examiner", examiner.pk, f"登记考评员 {examiner.name}（{agency.name}）")
    return examiner


# --- Eligibility rules (申报条件) -------------------------------------------------------------


@transaction.atomic
def rule_save(*, actor: Any, occupation: Any, grade: int, previous_grade: int | None, years: int | None,
              citation: str, route: str = RuleRoute.YEARS, school_kinds: list[str] | None = None,
              training_hours: int | None = None, instance: EligibilityRule | None = None) -> EligibilityRule:
    """Add or correct one route of the 申报条件 (bureau): years of work, schooling (the school
    kinds from reference/schools.py) or training hours, each with its citation."""
    require(actor, "evaluation.rule_edit")
    if occupation is None:
        raise DomainError("请选择职业（工种）", field="occupation")
    if grade not in NATIONAL_LEVEL_BY_GRADE:
        raise DomainError("申报等级应为五级至一级", field="grade")
    if route not in RuleRoute.values:
        raise DomainError("请选择途径（工作年限、院校毕业或正规培训学时）", field="route")
    if previous_grade is not None and previous_grade >= grade:
        raise DomainError("需已取得的等级应低于申报等级", field="previous_grade")
    years = 0 if years is None and route != RuleRoute.YEARS else years
    if years is None or years < 0 or years > 50:
        raise DomainError("年限应为 0 到 50 之间的整数", field="years")
    kinds = [k for k in SchoolKind.values if k in set(school_kinds or [])]
    unknown = sorted(set(school_kinds or []) - set(SchoolKind.values))
    if unknown:
        raise DomainError(f"未知的学校类别：{'、'.join(unknown)}", field="school_kinds")
    if route == RuleRoute.SCHOOLING and not kinds:
        raise DomainError("院校毕业途径须选择至少一类学校", field="school_kinds")
    if route == RuleRoute.TRAINING and (training_hours is None or not 0 < training_hours <= 10000):
        raise DomainError("正规培训途径须填写标准学时数（1 到 10000 之间的整数）", field="training_hours")
    if not citation.strip():
        raise DomainError("请填写依据（标准名称和条款）", field="citation")
    rule = instance or EligibilityRule()
    rule.occupation, rule.grade, rule.previous_grade, rule.route = occupation, grade, previous_grade, route
    rule.years, rule.citation = years, citation.strip()
    rule.school_kinds = kinds if route == RuleRoute.SCHOOLING else []
    rule.training_hours = training_hours if route == RuleRoute.TRAINING else None
    rule.save()
    _audit(actor, "eligibility_rule", rule.pk, f"{'修改' if instance else '新增'}申报条件 {occupation.name}：{rule}")
    return rule


@transaction.atomic
def rule_delete(*, actor: Any, rule: EligibilityRule) -> None:
    require(actor, "evaluation.rule_edit")
    _audit(actor, "eligibility_rule", rule.pk, f"删除申报条件 {rule.occupation.name}：{rule}")
    rule.delete()


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    eligible_from: date | None = None


def _related_major(major: Any, occupation: Any) -> bool:
    """本专业或相关专业: the major's occupation is this one or one of the same 小类 (6-31-01-xx)."""
    if major is None:
        return False
    return major.pk == occupation.pk or major.code.rsplit("-", 1)[0] == occupation.code.rsplit("-", 1)[0]


class _Facts:
    """What the routes look at, each read once per check (the registry and training selectors)."""

    def __init__(self, worker: Any, occupation: Any, grade: int, on: date):
        self.worker, self.occupation, self.grade, self.on = worker, occupation, grade, on
        self._certs: dict[int, Any] = {}
        self._first_job: Any = ...
        self._educations: list | None = None

    def certificate(self, grade: int) -> Any:
        if grade not in self._certs:
            self._certs[grade] = registry_selectors.worker_first_certificate(
                self.worker, occupation=self.occupation, grade_min=grade)
        return self._certs[grade]

    def first_job(self) -> date | None:
        if self._first_job is ...:
            self._first_job = registry_selectors.worker_first_job_start(self.worker)
        return self._first_job

    def educations(self) -> list:
        if self._educations is None:
            self._educations = registry_selectors.worker_educations(self.worker)
        return self._educations

    def training(self, since: date | None) -> list[dict]:
        from gongjiang.training import selectors as training_selectors

        return training_selectors.training_hours_of(worker=self.worker, occupation=self.occupation, grade=self.grade,
                                                    since=since, until=self.on)


def _route_check(rule: EligibilityRule, facts: _Facts) -> tuple[date | None, str]:
    """(the date from which the route is met, or None when no date is computable; the fact it rests on)."""
    prev = None
    if rule.previous_grade:
        prev = facts.certificate(rule.previous_grade)
        if prev is None:
            return None, f"尚未取得本职业{Grade(rule.previous_grade).label}证书"
    prev_fact = f"于{prev.issued_on:%Y-%m-%d}取得{Grade(rule.previous_grade).label}证书" if prev else ""
    if rule.route == RuleRoute.SCHOOLING:
        schools = [e for e in facts.educations() if e.school_kind in rule.school_kinds]
        if not schools:
            return None, f"人才库中没有其{school_kinds_label(rule.school_kinds)}的毕业记录"
        matching = [e for e in schools if _related_major(e.major_occupation, facts.occupation)]
        if not matching:
            return None, f"{schools[0].school_name}的毕业专业与{facts.occupation.name}不属本专业或相关专业（或未登记专业）"
        school = matching[0]
        fact = "；".join(filter(None, [f"{school.graduated_on:%Y-%m-%d}毕业于{school.school_name}", prev_fact]))
        if rule.years:
            start = max(school.graduated_on, prev.issued_on) if prev else school.graduated_on
            return _years_later(start, rule.years), fact
        # 含尚未取得毕业证书的在校应届毕业生: from a year before graduation.
        ready = _years_later(school.graduated_on, -1)
        return (max(ready, prev.issued_on) if prev else ready), fact
    if rule.route == RuleRoute.TRAINING:
        need = Decimal(rule.training_hours or 0)
        done, crossed = Decimal(0), None
        for row in facts.training(prev.issued_on if prev else None):
            done += row["hours"]
            if crossed is None and done >= need:
                crossed = row["completed_on"]
        hours_fact = f"已完成本职业正规培训{done.normalize():f}学时"
        fact = "；".join(filter(None, [prev_fact, hours_fact]))
        if crossed is None:
            return None, f"{fact}，尚差{(need - done).normalize():f}学时"
        ready = max(crossed, _years_later(prev.issued_on, rule.years)) if prev else crossed
        if not prev and rule.years:
            first_job = facts.first_job()
            if first_job is None:
                return None, f"{fact}；人才库中没有其就业记录，无法计算从事本职业工作年限"
            ready = max(ready, _years_later(first_job, rule.years))
        return ready, fact
    if prev is not None:
        return _years_later(prev.issued_on, rule.years), prev_fact
    first_job = facts.first_job()
    if first_job is None:
        return None, "人才库中没有其就业记录，无法计算从事本职业工作年限"
    return _years_later(first_job, rule.years), f"自{first_job:%Y-%m-%d}起从事本职业工作"


def eligibility_check(*, worker: Any, occupation: Any, grade: int, on: date) -> Eligibility:
    """Does `worker` meet a route of the 申报条件 for `grade` in `occupation` on `on`? The
    reason says which route; or, when none is met, what each route lacks and, where a date is
    computable, from when the worker will meet it, the earliest first (R4.2)."""
    rules = list(EligibilityRule.objects.filter(occupation=occupation, grade=grade).order_by("route", "previous_grade",
                                                                                            "years", "id"))
    label = Grade(grade).label
    if not rules:
        return Eligibility(False, f"{occupation.name}尚未设置申报{label}的条件，请联系人社局维护申报条件")
    facts = _Facts(worker, occupation, grade, on)
    pending: list[tuple[date, str]] = []
    blocked: list[str] = []
    for rule in rules:
        ready, fact = _route_check(rule, facts)
        if ready is not None and ready <= on:
            return Eligibility(True, f"符合申报条件：{rule.describe()}（{fact}；依据：{rule.citation}）", ready)
        if ready is not None:
            pending.append((ready, f"需{rule.describe()}，{fact}，{ready:%Y-%m-%d}起可申报"))
        else:
            blocked.append(f"需{rule.describe()}，{fact}")
    pending.sort(key=lambda item: item[0])
    lines = [text for _day, text in pending] + blocked
    numbered = "；".join(f"（{i}）{text}" for i, text in enumerate(lines, 1)) if len(lines) > 1 else lines[0]
    if pending:
        best = pending[0][0]
        return Eligibility(False, f"暂不符合申报{label}的条件，最早{best:%Y-%m-%d}起可申报：{numbered}", best)
    return Eligibility(False, f"不符合申报{label}的条件：{numbered}")


# --- Negative list (失信名单, R4.3) -----------------------------------------------------------


def negative_list_refuse(*, agency: Agency | None = None, examiners: list[Examiner] | None = None,
                         on: date | None = None) -> None:
    """Refuse, with the reason, an agency or examiners the bureau's negative list holds in force on
    `on`: called at the start of planning a batch (agency and examiners), of issuing certificates
    (agency) and of approving a 直接认定 or 破格晋升 (agency)."""
    on = on or timezone.localdate()
    if agency is not None:
        entry = selectors.negative_entry_in_force(agency=agency, on=on)
        if entry is not None:
            raise DomainError(
                f"{agency.name}已被列入失信名单（{entry.reason}；依据：{entry.basis}；"
                f"{_negative_period(entry)}），期间不能组织评价或发证", code="agency_negative_listed")
    for examiner in examiners or []:
        entry = selectors.negative_entry_in_force(examiner=examiner, on=on)
        if entry is not None:
            raise DomainError(
                f"考评员{examiner.name}已被列入失信名单（{entry.reason}；依据：{entry.basis}；"
                f"{_negative_period(entry)}），不能安排其参加考评", code="examiner_negative_listed", field="examiners")


def _negative_period(entry: NegativeListEntry) -> str:
    until = f"至{entry.listed_until:%Y-%m-%d}" if entry.listed_until else "长期"
    return f"自{entry.listed_from:%Y-%m-%d}起{until}"


@transaction.atomic
def negative_entry_add(*, actor: Any, subject: str, reason: str, basis: str, listed_from: date,
                       listed_until: date | None = None, agency: Agency | None = None,
                       examiner: Examiner | None = None) -> NegativeListEntry:
    """Put an agency or an examiner on the negative list (bureau staff), with the reason, the
    document it rests on and the period."""
    require(actor, "evaluation.negative_list")
    if subject == NegativeSubject.AGENCY:
        if agency is None:
            raise DomainError("请选择评价机构", field="agency")
        agency, examiner = selectors.agency_get(actor=actor, agency_id=agency.pk), None
    elif subject == NegativeSubject.EXAMINER:
        if examiner is None:
            raise DomainError("请选择考评员", field="examiner")
        selectors.agency_get(actor=actor, agency_id=examiner.agency_id)
        agency = None
    else:
        raise DomainError("请选择对象类别（评价机构或考评员）", field="subject")
    if not (reason or "").strip():
        raise DomainError("请填写列入原因", field="reason")
    if not (basis or "").strip():
        raise DomainError("请填写依据文件（处理决定的文号或文件名称）", field="basis")
    if listed_from is None:
        raise DomainError("请填写列入日期", field="listed_from")
    if listed_until is not None and listed_until < listed_from:
        raise DomainError(f"期满日期（{listed_until:%Y-%m-%d}）不能早于列入日期（{listed_from:%Y-%m-%d}）",
                          field="listed_until")
    entry = NegativeListEntry.objects.create(subject=subject, agency=agency, examiner=examiner, reason=reason.strip(),
                                             basis=basis.strip(), listed_from=listed_from, listed_until=listed_until,
                                             added_by=actor)
    _audit(actor, "negative_list_entry", entry.pk,
           f"列入失信名单：{entry.subject_name}（{entry.reason}；依据：{entry.basis}；{_negative_period(entry)}）")
    return entry


@transaction.atomic
def negative_entry_lift(*, actor: Any, entry: NegativeListEntry, reason: str) -> NegativeListEntry:
    """Lift (移出) an entry before its end, with a reason; the entry stays, marked lifted."""
    require(actor, "evaluation.negative_list")
    entry = selectors.negative_entry_get(actor=actor, entry_id=entry.pk, for_update=True)
    if entry.lifted_at is not None:
        raise DomainError(f"该记录已于 {timezone.localtime(entry.lifted_at):%Y-%m-%d} 移出失信名单")
    if not (reason or "").strip():
        raise DomainError("请填写移出原因", field="lift_reason")
    entry.lifted_at, entry.lifted_by, entry.lift_reason = timezone.now(), actor, reason.strip()
    entry.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    _audit(actor, "negative_list_entry", entry.pk, f"移出失信名单：{entry.subject_name}（{entry.lift_reason}）")
    return entry


# --- Batches, candidates, scores (R4.2) -----------------------------------------------------


@transaction.atomic
def batch_plan(*, actor: Any, occupation: Any, grade: int, exam_date: date, site: str,
               examiners: list[Examiner] | None = None, pass_mark: Decimal = Decimal("60")) -> Batch:
    """Plan a batch of the actor's agency. Refuses an occupation × grade outside its filed scope
    and a suspended or exited agency."""
    agency = _actor_agency(actor)
    chosen = [e for e in (examiners or []) if e.agency_id == agency.pk]
    negative_list_refuse(agency=agency, examiners=chosen)
    if occupation is None:
        raise DomainError("请选择职业（工种）", field="occupation")
    if not agency.scopes.filter(occupation=occupation, grade=grade).exists():
        raise DomainError(f"{occupation.name}{Grade(grade).label}不在本机构备案的评价范围内，请先向人社局申请增加评价范围",
                          code="out_of_scope", field="grade")
    if not site.strip():
        raise DomainError("请填写考核地点", field="site")
    batch = Batch.objects.create(agency=agency, occupation=occupation, grade=grade, exam_date=exam_date,
                                 site=site.strip(), pass_mark=pass_mark)
    batch.examiners.set(chosen)
    _audit(actor, "evaluation_batch", batch.pk, f"计划评价批次 {batch}")
    return batch


def _batch_editable(actor: Any, batch: Batch) -> Batch:
    _actor_agency(actor)
    batch = selectors.batch_get(actor=actor, batch_id=batch.pk)
    if batch.status != BatchStatus.PLANNED:
        raise DomainError(f"该批次{batch.get_status_display()}，不能再修改考生或成绩", code="batch_closed")
    return batch


def _candidate_take(actor: Any, batch: Batch, worker: Any, on: date) -> Candidate:
    if batch.candidates.filter(worker=worker).exists():
        raise DomainError(f"{worker.name} 已在本批次中", code="duplicate", field="id_number")
    check = eligibility_check(worker=worker, occupation=batch.occupation, grade=batch.grade, on=on)
    candidate = Candidate.objects.create(batch=batch, worker=worker, eligible=check.eligible,
                                         eligibility_reason=check.reason[:1000])
    _audit(actor, "evaluation_candidate", candidate.pk, f"{worker.name} 报名 {batch}：{check.reason}")
    return candidate


@transaction.atomic
def candidate_add(*, actor: Any, batch: Batch, id_number: str, name: str) -> Candidate:
    """Take a candidate from the registry by resident ID number and name (both must match), and
    check the 申报条件 on the exam date. An ineligible candidate is kept with the reason and is
    not scored."""
    batch = _batch_editable(actor, batch)
    worker = registry_services.worker_find(id_number=id_number)
    if worker is None:
        raise DomainError("人才库中没有该身份证号的人员，请先由用人单位或人社局登记", field="id_number")
    if worker.name != name.strip():
        raise DomainError("该身份证号已登记，但姓名与登记的不一致，请核对身份证号和姓名", field="name")
    return _candidate_take(actor, batch, worker, batch.exam_date)


@transaction.atomic
def candidates_from_employees(*, actor: Any, batch: Batch) -> list[Candidate]:
    """Take every current employee of the agency's enterprise (employer self-evaluation) who
    works in the batch's occupation, or whose occupation is not recorded."""
    batch = _batch_editable(actor, batch)
    if batch.agency.enterprise_id is None:
        raise DomainError("只有用人单位自主评价机构可以从本单位职工中选取考生")
    taken = set(batch.candidates.values_list("worker_id", flat=True))
    employments = registry_selectors.enterprise_current_staff(batch.agency.enterprise_id, occupation=batch.occupation)
    added = []
    for employment in employments:
        if employment.worker_id in taken:
            continue
        taken.add(employment.worker_id)
        added.append(_candidate_take(actor, batch, employment.worker, batch.exam_date))
    return added


@transaction.atomic
def candidates_from_training(*, actor: Any, batch: Batch, since: date | None = None) -> list[Candidate]:
    """Take the trainees who completed a training in the batch's occupation (at its grade, or a
    programme with no grade) and passed its exam, since `since` (default: two years before the
    exam), and whose completion no confirmed supervision finding blocks — read through the training
    app's selectors (training knows nothing of evaluation). Each is checked like any candidate."""
    from datetime import timedelta

    from gongjiang.training import selectors as training_selectors

    batch = _batch_editable(actor, batch)
    since = since or batch.exam_date - timedelta(days=730)
    taken = set(batch.candidates.values_list("worker_id", flat=True))
    added = []
    for completion in training_selectors.completions_for_evaluation(
            occupation=batch.occupation, grade=batch.grade, since=since, until=batch.exam_date):
        if completion["worker"].pk in taken:
            continue
        taken.add(completion["worker"].pk)
        added.append(_candidate_take(actor, batch, completion["worker"], batch.exam_date))
    if not added and not taken:
        raise DomainError(f"{since:%Y-%m-%d}以来没有{batch.occupation.name}培训结业且考核合格的学员", code="none_found")
    return added


def _score(value: Any, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise DomainError(f"{label}应为 0–100 的数字（填写的是“{value}”）", field="score") from exc
    if not Decimal(0) <= score <= Decimal(100):
        raise DomainError(f"{label}应在 0–100 之间（填写的是 {score}）", field="score")
    return score.quantize(Decimal("0.1"))


ANSWER_CHARS = set("ABCDEFGHTX-")  # options A–H, 对/错 as T/F, X or - unanswered


def _answers(value: Any) -> str:
    text = "".join(str(value or "").split()).upper().replace("√", "T").replace("×", "F")
    if len(text) > 500:
        raise DomainError(f"理论答题卡最多 500 题（填写的有 {len(text)} 个字符）", field="answers")
    bad = sorted(set(text) - ANSWER_CHARS)
    if bad:
        raise DomainError(f"理论答题卡只能包含选项字母 A–H、T/F（对/错）或 -（未作答），发现“{''.join(bad)}”",
                          field="answers")
    return text


@transaction.atomic
def score_record(*, actor: Any, batch: Batch, candidate_id: int, theory: Any, practical: Any,
                 answers: Any = None) -> Candidate:
    """Record a candidate's theory and practical scores (and, when the exam system gives it, the
    theory answer sheet, for the identical-answers audit); the result follows: 合格 when both
    reach the batch's pass mark."""
    batch = _batch_editable(actor, batch)
    candidate = selectors.candidate_get(actor=actor, batch=batch, candidate_id=candidate_id)
    if not candidate.eligible:
        raise DomainError(f"{candidate.worker.name} 不符合申报条件，不能录入成绩：{candidate.eligibility_reason}")
    candidate.theory_score = _score(theory, "理论知识成绩")
    candidate.practical_score = _score(practical, "操作技能成绩")
    if answers is not None:
        candidate.answers = _answers(answers)
    if candidate.theory_score is None or candidate.practical_score is None:
        candidate.result = ResultStatus.PENDING
    elif candidate.theory_score >= batch.pass_mark and candidate.practical_score >= batch.pass_mark:
        candidate.result = ResultStatus.PASSED
    else:
        candidate.result = ResultStatus.FAILED
    candidate.save(update_fields=["theory_score", "practical_score", "result", "answers"])
    _audit(actor, "evaluation_candidate", candidate.pk,
           f"录入成绩 {candidate.worker.name}：理论 {candidate.theory_score}，操作 {candidate.practical_score}")
    return candidate


@transaction.atomic
def batch_publish(*, actor: Any, batch: Batch, today: date | None = None) -> Batch:
    """Publish the results for a 公示 of 5 working days (the platform calendar, ADR 0014).
    Every eligible candidate needs both scores first."""
    batch = _batch_editable(actor, batch)
    today = today or timezone.localdate()
    eligible = batch.candidates.filter(eligible=True)
    if not eligible.exists():
        raise DomainError("本批次没有符合申报条件的考生，不能公示")
    missing = list(eligible.filter(result=ResultStatus.PENDING).values_list("worker__name", flat=True)[:5])
    if missing:
        raise DomainError(f"还有考生未录入完整成绩：{'、'.join(missing)}", code="scores_missing")
    until = working_days_add(today, NOTICE_WORKING_DAYS)
    batch.status, batch.notice_start, batch.notice_until = BatchStatus.IN_NOTICE, today, until.day
    batch.notice_assumed_years = ",".join(str(y) for y in until.assumed_years)
    batch.save(update_fields=["status", "notice_start", "notice_until", "notice_assumed_years"])
    _audit(actor, "evaluation_batch", batch.pk, f"公示评价结果 {batch}，至 {until.day}")
    return batch


def _numbers_allocate(agency: Agency, grade: int, issued_on: date, count: int = 1) -> list[str]:
    """The next `count` national certificate numbers for the agency, year and level, taken under
    one row lock (SELECT … FOR UPDATE): concurrent batches never share a number. Numbers already
    in an archive (certificates imported before the platform issued) are skipped."""
    level = NATIONAL_LEVEL_BY_GRADE[grade]
    year = issued_on.year % 100
    NumberSerial.objects.get_or_create(agency=agency, year=year, level=level)
    serial = NumberSerial.objects.select_for_update().get(agency=agency, year=year, level=level)
    prefix = f"{NUMBER_LETTER[agency.kind]}{agency.code}{agency.province_code}{agency.site_code}{year:02d}{level}"
    numbers: list[str] = []
    while len(numbers) < count:
        wanted = count - len(numbers)
        if serial.last + wanted > 999_999:
            raise DomainError("本机构本年度该等级的证书流水号已用完")
        block = [f"{prefix}{serial.last + i:06d}" for i in range(1, wanted + 1)]
        taken = registry_selectors.certificate_numbers_taken(block)
        numbers += [n for n in block if n not in taken]
        serial.last += wanted
    serial.save(update_fields=["last"])
    return numbers


def _number_allocate(agency: Agency, grade: int, issued_on: date) -> str:
    return _numbers_allocate(agency, grade, issued_on, 1)[0]


STATUS_LIST_PATH = "/evaluation/status/1"


def status_list_url() -> str:
    """The Bitstring Status List's address, named in every credential (`statusListCredential`)
    and in the list itself (`id`): the platform's first host name."""
    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "localhost")
    return f"https://{host}{STATUS_LIST_PATH}"


@cache
def _grade_words(grade: int) -> str:
    with translation.override("zh-hans"):
        return str(Grade(grade).label)


def credential_claims(*, number: str, name: str, occupation: Any, grade: int, issued_on: date,
                      agency: Agency, status_index: int | None = None) -> dict:
    """The signed payload: what anyone verifying learns, and nothing more (the name masked); with
    the certificate's place in the Bitstring Status List (`credentialStatus`)."""
    claims = {"v": 1, "iss": PLATFORM_ISSUER, "no": number, "name": mask_name(name), "occ": occupation.name,
              "occ_code": occupation.code, "grade": _grade_words(grade), "level": NATIONAL_LEVEL_BY_GRADE[grade],
              "date": issued_on.isoformat(), "issuer": agency.name, "agency": keys.agency_code(agency)}
    if status_index is not None:
        claims["credentialStatus"] = credentials.status_entry(status_list_url(), status_index)
    return claims


def credential_sign(*, agency: Agency, claims: dict, key: tuple | None = None) -> tuple[str, str]:
    """(credential, kid): the claims signed with the agency's own key (ADR 0021); `key` is the
    agency's (private key, kid) when the caller signs many."""
    private, kid = key or keys.agency_signing_key(agency)
    return credentials.jws_sign(claims, private), kid


def _certificates_issue(*, actor: Any, agency: Agency, occupation: Any, grade: int, today: date,
                        holders: list[tuple[Any, Candidate | None]], numbers: list[str],
                        key: tuple | None = None) -> list[IssuedCertificate]:
    """Certificates for `holders` (worker, candidate or None) with their national `numbers`: the
    registry's copies in the workers' archives through the registry's set-based service (which
    checks every row and refuses the whole batch, naming the candidate, before writing any), then
    the IssuedCertificate rows, each with its credential signed with the agency's key (ADR 0021)
    and its id as its index in the Bitstring Status List."""
    if not holders:
        return []
    evaluator = agency.enterprise if agency.kind == AgencyKind.EMPLOYER else None
    records = registry_services.certificate_records_issue_many(actor=actor, rows=[
        registry_services.CertificateRow(
            worker=worker, number=number, kind="skill_grade", occupation=occupation, grade=grade, issuer=agency.name,
            issued_on=today, evaluator_enterprise=evaluator,
            label=f"考生 {worker.name}" if candidate is not None else "")
        for (worker, candidate), number in zip(holders, numbers, strict=True)])
    key = key or keys.agency_signing_key(agency)
    certs = [IssuedCertificate(candidate=candidate, agency=agency, worker=worker, number=number, occupation=occupation,
                               grade=grade, name_masked=mask_name(worker.name), issued_on=today,
                               registry_certificate_id=record.pk)
             for (worker, candidate), number, record in zip(holders, numbers, records, strict=True)]
    ids = ids_reserve(IssuedCertificate, len(certs)) if connection.vendor == "postgresql" else None

    def sign(cert: IssuedCertificate) -> None:
        claims = credential_claims(number=cert.number, name=cert.worker.name, occupation=occupation, grade=grade,
                                   issued_on=today, agency=agency, status_index=cert.pk)
        cert.credential, cert.key_id = credential_sign(agency=agency, claims=claims, key=key)

    if ids is not None:  # one insert (a COPY), each credential already naming its own id
        for cert, cert_id in zip(certs, ids, strict=True):
            cert.pk = cert_id
            sign(cert)
        rows_insert(IssuedCertificate, certs)
    else:  # SQLite: the rows first (their ids are the status-list indexes), then the credentials
        for cert in certs:
            cert.credential, cert.key_id = "", ""
        IssuedCertificate.objects.bulk_create(certs, batch_size=500)
        for cert in certs:
            sign(cert)
        IssuedCertificate.objects.bulk_update(certs, ["credential", "key_id"], batch_size=500)
    return certs


def _certificate_issue(*, actor: Any, agency: Agency, worker: Any, occupation: Any, grade: int, today: date,
                       candidate: Candidate | None = None, number: str | None = None,
                       key: tuple | None = None) -> IssuedCertificate:
    """One certificate (直接认定, 破格晋升): a national number, the registry's copy, the signed credential."""
    number = number or _number_allocate(agency, grade, today)
    return _certificates_issue(actor=actor, agency=agency, occupation=occupation, grade=grade, today=today,
                               holders=[(worker, candidate)], numbers=[number], key=key)[0]


@transaction.atomic
def batch_issue(*, actor: Any, batch: Batch, today: date | None = None) -> list[IssuedCertificate]:
    """Issue the certificates of a batch whose 公示 has ended: a national number each (allocated
    for the whole batch under one lock), the certificates written into the workers' archives
    through the registry's set-based service, and a signed credential each (ADR 0021) — all or
    nothing: a wrong row refuses the batch, naming the candidate. Starts the reporting deadline
    (employers 10, others 5 working days)."""
    agency = _actor_agency(actor)
    negative_list_refuse(agency=agency, on=today)
    batch = selectors.batch_get(actor=actor, batch_id=batch.pk)
    today = today or timezone.localdate()
    if batch.status != BatchStatus.IN_NOTICE:
        raise DomainError("只有公示中的批次可以发证：请先录入成绩并公示结果", code="not_in_notice")
    if today <= batch.notice_until:
        raise DomainError(f"公示期至 {batch.notice_until:%Y-%m-%d}，期满后方可发证", code="notice_running")
    passed = list(batch.candidates.filter(result=ResultStatus.PASSED).select_related("worker").order_by("id"))
    numbers = _numbers_allocate(agency, batch.grade, today, len(passed)) if passed else []
    issued = _certificates_issue(actor=actor, agency=agency, occupation=batch.occupation, grade=batch.grade,
                                 today=today, holders=[(c.worker, c) for c in passed], numbers=numbers)
    due = working_days_add(today, REPORT_DAYS[agency.kind])
    batch.status, batch.issued_on, batch.report_due = BatchStatus.ISSUED, today, due.day
    batch.save(update_fields=["status", "issued_on", "report_due"])
    _audit(actor, "evaluation_batch", batch.pk, f"颁发证书 {len(issued)} 本：{batch}")
    return issued


@transaction.atomic
def batch_report(*, actor: Any, batch: Batch, today: date | None = None) -> Batch:
    """Record that the batch's certificates were reported (报送) to the bureau."""
    require(actor, "evaluation.batch_manage")
    batch = selectors.batch_get(actor=actor, batch_id=batch.pk)
    if batch.status != BatchStatus.ISSUED:
        raise DomainError("发证后才能报送")
    if batch.reported_on:
        raise DomainError(f"该批次已于 {batch.reported_on:%Y-%m-%d} 报送")
    batch.reported_on = today or timezone.localdate()
    batch.save(update_fields=["reported_on"])
    _audit(actor, "evaluation_batch", batch.pk, f"报送发证数据 {batch}")
    return batch


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: IssuedCertificate, reason: str) -> IssuedCertificate:
    """Revoke a certificate (the issuing agency or the bureau) with a reason: verification then
    says revoked, and the certificate leaves the worker's archive through the registry."""
    require(actor, "evaluation.certificate_revoke")
    certificate = selectors.certificate_get(actor=actor, certificate_id=certificate.pk)
    if not reason.strip():
        raise DomainError("请填写撤销原因", field="reason")
    if certificate.status == CertificateStatus.REVOKED:
        raise DomainError(f"证书 {certificate.number} 已于 {timezone.localtime(certificate.revoked_at):%Y-%m-%d} 撤销")
    certificate.status, certificate.revoked_reason = CertificateStatus.REVOKED, reason.strip()
    certificate.revoked_at, certificate.revoked_by = timezone.now(), actor
    certificate.save(update_fields=["status", "revoked_reason", "revoked_at", "revoked_by"])
    if certificate.registry_certificate_id:
        registry_services.certificate_record_withdraw(actor=actor, certificate_id=certificate.registry_certificate_id,
                                                      reason=reason.strip())
    _audit(actor, "issued_certificate", certificate.pk, f"撤销证书 {certificate.number}：{reason}")
    return certificate


# --- 直接认定 and 破格晋升 (R1.6, `004` 十五) ---------------------------------------------------


EVIDENCE_MIN_CHARS = 20


@transaction.atomic
def award_request(*, actor: Any, id_number: str, name: str, occupation: Any, grade: int, route: str,
                  evidence: str) -> DirectAward:
    """An employer's self-evaluation asks to certify one of its current employees directly (直接认定:
    no grade in the occupation yet) or by exceptional promotion (破格晋升: above the grade held,
    without the years the 申报条件 ask), with the evidence; the bureau approves."""
    agency = _actor_agency(actor)
    if agency.kind != AgencyKind.EMPLOYER:
        raise DomainError("直接认定和破格晋升仅限用人单位自主评价机构办理本单位职工", code="not_employer")
    if route not in AwardRoute.values:
        raise DomainError("请选择认定方式", field="route")
    if occupation is None or not agency.scopes.filter(occupation=occupation, grade=grade).exists():
        raise DomainError("该职业和等级不在本机构备案的评价范围内", code="out_of_scope", field="grade")
    worker = registry_services.worker_find(id_number=id_number)
    if worker is None or worker.name != name.strip():
        raise DomainError("身份证号和姓名与人才库登记的不一致，请核对", field="id_number")
    if not registry_selectors.enterprise_current_staff(agency.enterprise_id).filter(worker=worker).exists():
        raise DomainError(f"{worker.name} 不是本单位在职职工", field="id_number")
    top = registry_selectors.worker_top_grade_in(worker, occupation=occupation)
    if route == AwardRoute.DIRECT and top is not None:
        raise DomainError(f"{worker.name} 已有本职业证书，不能直接认定；符合条件的可申请破格晋升", field="route")
    if route == AwardRoute.EXCEPTIONAL and (top is None or grade <= top):
        raise DomainError("破格晋升的等级须高于本人现有等级", field="grade")
    if len(evidence.strip()) < EVIDENCE_MIN_CHARS:
        raise DomainError(f"请写明业绩和证明材料（至少 {EVIDENCE_MIN_CHARS} 个字）", field="evidence")
    award = DirectAward.objects.create(agency=agency, worker=worker, occupation=occupation, grade=grade, route=route,
                                       evidence=evidence.strip())
    _audit(actor, "direct_award", award.pk, f"申请{award.get_route_display()} {worker.name} {Grade(grade).label}")
    return award


@transaction.atomic
def award_decide(*, actor: Any, award: DirectAward, approve: bool, note: str = "",
                 today: date | None = None) -> DirectAward:
    """The bureau approves (and the certificate is issued at once) or refuses with a note."""
    require(actor, "evaluation.award_decide")
    award = selectors.award_scope(actor).select_for_update(of=("self",)).filter(pk=award.pk).first()
    if award is None:
        raise NotFound("未找到该认定申请，或您无权查看")
    if award.status != AwardStatus.PENDING:
        raise DomainError(f"该申请已{award.get_status_display()}")
    if not approve and not note.strip():
        raise DomainError("不批准时请填写理由", field="note")
    if approve and not award.agency.is_active:
        raise DomainError(f"该机构目前{award.agency.get_status_display()}，不能发证", code="agency_suspended")
    if approve:
        negative_list_refuse(agency=award.agency, on=today or timezone.localdate())
    award.status = AwardStatus.APPROVED if approve else AwardStatus.REJECTED
    award.decided_by, award.decided_at, award.decision_note = actor, timezone.now(), note.strip()
    if approve:
        award.certificate = _certificate_issue(actor=actor, agency=award.agency, worker=award.worker,
                                               occupation=award.occupation, grade=award.grade,
                                               today=today or timezone.localdate())
    award.save()
    _audit(actor, "direct_award", award.pk, f"{award.get_status_display()}{award.get_route_display()}：{note}")
    return award


@transaction.atomic
def agency_key_rotate(*, actor: Any, agency: Agency, reason: str) -> Any:
    """Retire the agency's signing key and start the next (the bureau; e.g. staff who held the
    agency's account left, or a suspected leak). The old key stays published: certificates it
    signed keep verifying; new ones are signed with the new key."""
    require(actor, "evaluation.agency_file")
    agency = selectors.agency_get(actor=actor, agency_id=agency.pk)
    if not reason.strip():
        raise DomainError("请填写更换密钥的原因", field="reason")
    key = keys.agency_key_rotate(agency, reason.strip())
    _audit(actor, "agency", agency.pk, f"更换评价机构 {agency.name} 的签名密钥（第 {key.generation} 代，{key.kid}）：{reason}")
    return key


def status_list_sign() -> str:
    """The W3C Bitstring Status List credential (revocation), signed with the root key: one bit
    per certificate at its id, set when revoked; at least 131,072 bits."""
    revoked, last = selectors.status_list_bits()
    url = status_list_url()
    claims = credentials.status_list_claims(url=url, issuer=PLATFORM_ISSUER,
                                            encoded=credentials.status_list_encode(revoked, last + 1),
                                            valid_from=timezone.now().replace(microsecond=0).isoformat())
    return credentials.jws_sign(claims, keys.signing_key(), typ=credentials.STATUS_LIST_TYPE)


def revocation_list_sign() -> str:
    """The revocation list as a signed JWS (published for offline verifiers)."""
    revoked = [{"no": number, "reason": reason} for number, reason in sorted(selectors.revoked_numbers().items())]
    claims = {"iss": PLATFORM_ISSUER, "iat": int(timezone.now().timestamp()), "revoked": revoked}
    return credentials.jws_sign(claims, keys.signing_key(), typ=credentials.REVOCATION_TYPE)


# --- Certificate PDFs in the background (issue 13 "Measure"; ADR 0021 §PDFs in the background) ----
# Kept apart from batch_issue: the view queues the job once the batch is issued.

PDF_INTERNAL_ERROR = "生成时发生内部错误，已记录在服务器日志；请点击“重新生成”，仍失败请联系系统管理员"


def certificate_pdfs_enqueue(*, actor: Any, batch: Batch, verify_url: str) -> Any:
    """Queue the background job that makes and keeps the PDF of every certificate of an issued
    batch (after issuing; again with 重新生成 after a failure: what was made is kept). `verify_url`
    is the public verification page's address the QR codes link to (from the issuing request)."""
    from gongjiang.evaluation.models import CertificatePdf, CertificatePdfJob, PdfJobStatus
    from gongjiang.evaluation.tasks import certificate_pdfs_task

    require(actor, "evaluation.certificate_pdfs")
    batch = selectors.batch_get(actor=actor, batch_id=batch.pk)
    if batch.status != BatchStatus.ISSUED:
        raise DomainError("发证后才能生成证书 PDF", code="not_issued")
    certificates = IssuedCertificate.objects.filter(candidate__batch=batch)
    with transaction.atomic():
        job = CertificatePdfJob.objects.select_for_update().filter(batch=batch).first()
        if job is not None and job.status in (PdfJobStatus.QUEUED, PdfJobStatus.RUNNING):
            raise DomainError(f"本批次的证书 PDF 正在生成（已生成 {job.done} / {job.total} 份），请稍候",
                              code="pdf_job_running")
        if job is not None and job.status == PdfJobStatus.DONE:
            raise DomainError("本批次的证书 PDF 已全部生成，可直接下载", code="pdf_job_done")
        job = job or CertificatePdfJob(batch=batch)
        job.status, job.error, job.verify_url, job.requested_by = PdfJobStatus.QUEUED, "", verify_url[:300], actor
        job.total = certificates.count()
        job.done = CertificatePdf.objects.filter(certificate__in=certificates).count()
        job.started_at = job.finished_at = None
        job.save()
        _audit(actor, "evaluation_batch", batch.pk, f"生成证书 PDF {job.total} 份：{batch}")
        transaction.on_commit(lambda: certificate_pdfs_task.enqueue(job.pk))
    return job


def _pdf_job_fail(job_id: int, error: str) -> None:
    from gongjiang.evaluation.models import CertificatePdfJob, PdfJobStatus

    CertificatePdfJob.objects.filter(pk=job_id).update(status=PdfJobStatus.FAILED, error=error[:500],
                                                       finished_at=timezone.now())


def certificate_pdfs_make(job_id: int) -> Any:
    """Run by the background job: make, sign and keep the PDF of each certificate of the job's
    batch not yet kept, counting each one done as it is stored (the progress bar reads the
    count). One subset of the Chinese font serves the whole batch (evaluation.pdf.font_for). A
    failure is recorded on the job in words; the PDFs already stored stay, so 重新生成 resumes."""
    import hashlib
    import json

    from gongjiang.evaluation import pdf
    from gongjiang.evaluation.models import CertificatePdf, CertificatePdfJob, PdfJobStatus

    job = CertificatePdfJob.objects.filter(pk=job_id).first()
    if job is None or job.status != PdfJobStatus.QUEUED:
        return job  # gone, or already run (a task delivered twice)
    CertificatePdfJob.objects.filter(pk=job_id).update(status=PdfJobStatus.RUNNING, started_at=timezone.now())
    certificates = list(IssuedCertificate.objects.filter(candidate__batch_id=job.batch_id)
                        .select_related("worker").order_by("id"))
    stored = set(CertificatePdf.objects.filter(certificate__in=certificates).values_list("certificate_id", flat=True))
    todo = [c for c in certificates if c.pk not in stored]
    done = len(stored)
    CertificatePdfJob.objects.filter(pk=job_id).update(total=len(certificates), done=done)
    current = None
    try:
        claims = {c.pk: json.loads(credentials.b64url_decode(c.credential.split(".")[1])) for c in todo}
        chars: set[str] = set()
        for cert in todo:
            chars |= pdf.page_chars(pdf.CERTIFICATE_TITLE, pdf.certificate_rows(claims[cert.pk], cert.worker.name))
        signing: dict[str, Any] = {}
        for cert in todo:
            current = cert
            if cert.key_id not in signing:
                signing[cert.key_id] = keys.private_key_for(cert.key_id)
            data = pdf.certificate_pdf(claims=claims[cert.pk], holder=cert.worker.name, credential=cert.credential,
                                       link=f"{job.verify_url}?c={cert.credential}", key=signing[cert.key_id],
                                       font_chars=chars)
            with transaction.atomic():
                CertificatePdf.objects.get_or_create(
                    certificate=cert, defaults={"content": data, "size": len(data),
                                                "sha256": hashlib.sha256(data).hexdigest()})
                done += 1
                CertificatePdfJob.objects.filter(pk=job_id).update(done=done)
    except FileNotFoundError as exc:  # the Chinese font is not installed on the worker's machine
        _pdf_job_fail(job_id, str(exc))
    except LookupError:
        _pdf_job_fail(job_id, f"证书 {current.number if current else ''} 的签名密钥已随平台根密钥更换而停用，"
                              "不能再生成 PDF；签名凭证仍可查验")
    except Exception:
        _pdf_job_fail(job_id, PDF_INTERNAL_ERROR)
        raise
    else:
        CertificatePdfJob.objects.filter(pk=job_id).update(status=PdfJobStatus.DONE, finished_at=timezone.now(),
                                                           error="")
    return CertificatePdfJob.objects.get(pk=job_id)
