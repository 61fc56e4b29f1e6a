"""Writes to the registry. Views, API, admin actions, imports and the demo generator all call these,
so each rule is written once. Every function refuses what the actor may not do (`NotFound` for
records outside their scope, `PermissionDenied` for acts their role may not perform) and explains
bad input with a `DomainError` in Chinese."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from gongjiang.accounts.permissions import Scope, can, require, scope
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_personal_read, audit_record
from gongjiang.core import crypto
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.identity import IdentityError, certificate_number_check, resident_id_validate, uscc_validate
from gongjiang.registry import hooks, selectors
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Employment,
    Enterprise,
    Honour,
    TrainingRecord,
    Worker,
)

ARCHIVE_MODELS: dict[str, type[Model]] = {
    "employment": Employment,
    "certificate": Certificate,
    "training": TrainingRecord,
    "competition": CompetitionResult,
    "honour": Honour,
    "achievement": Achievement,
}


def _worker_touch(worker_id: int) -> None:
    """Mark the worker changed, so derived data (search documents) can refresh incrementally from
    `Worker.updated_at` without the registry knowing who derives from it."""
    Worker.objects.filter(pk=worker_id).update(updated_at=timezone.now())
    hooks.worker_changed([worker_id])


def _require_editor(actor: Any) -> None:
    require(actor, "registry.worker_edit")


def _require_worker_editable(actor: Any, worker: Worker) -> None:
    _require_editor(actor)
    if not selectors.worker_scope(actor).filter(pk=worker.pk).exists():
        raise NotFound("未找到该人员，或您无权查看")


def _validated_id(number: str):
    try:
        return resident_id_validate(number)
    except IdentityError as exc:
        raise DomainError(str(exc), code="id_number", field="id_number") from exc


def _full_clean(instance: Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError("；".join(messages), field=field) from exc


def worker_find(*, id_number: str) -> Worker | None:
    """The worker with this resident ID number, whoever asks (used by imports and registration);
    callers must not reveal the result to an actor outside its scope."""
    number = _validated_id(id_number).number
    return Worker.objects.filter(id_number_hash__in=crypto.lookup_hashes(number)).first()


@transaction.atomic
def worker_register(*, actor: Any, id_number: str, name: str, phone: str = "", ss_card: str = "",
                    residence_district: Any = None, discoverable: bool = False) -> Worker:
    """Register a new worker (bureau staff). Sex and birth date are derived from the ID number.
    Refuses a number already registered, or a malformed one, with the reason."""
    _require_editor(actor)
    require(actor, "registry.worker_register",
            message="企业人事请通过“新增员工”登记，系统会同时记录其在本单位的就业")
    return _worker_create(actor=actor, id_number=id_number, name=name, phone=phone, ss_card=ss_card,
                          residence_district=residence_district, discoverable=discoverable)


def _worker_create(*, actor: Any, id_number: str, name: str, phone: str = "", ss_card: str = "",
                   residence_district: Any = None, discoverable: bool = False) -> Worker:
    rid = _validated_id(id_number)
    if not name.strip():
        raise DomainError("请填写姓名", field="name")
    worker = Worker(name=name.strip(), sex=rid.sex, birth_date=rid.birth_date, native_region_code=rid.region_code,
                    residence_district=residence_district, discoverable=discoverable)
    worker.set_id_number(rid.number)
    worker.set_ss_card(ss_card.strip())
    worker.set_phone(phone.strip())
    _full_clean(worker, exclude=["id_number_sealed", "id_number_hash", "id_number_masked"])
    if crypto.rotation_in_progress() and Worker.objects.filter(id_number_hash__in=crypto.lookup_hashes(rid.number)).exists():
        # A row not yet re-hashed carries the previous key's hash, which the unique index cannot
        # compare with the new one (ADR 0013).
        raise DomainError(f"身份证号 {worker.id_number_masked} 已在人才库中登记，请检索该人员后修改其档案",
                          code="duplicate", field="id_number")
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError as exc:
        raise DomainError(f"身份证号 {worker.id_number_masked} 已在人才库中登记，请检索该人员后修改其档案",
                          code="duplicate", field="id_number") from exc
    hooks.worker_changed([worker.pk])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="worker", object_id=worker.pk,
                 summary=f"登记人员 {worker.name}")
    return worker


@transaction.atomic
def employee_add(*, actor: Any, id_number: str, name: str, start_date: date, enterprise: Enterprise | None = None,
                 post: str = "", occupation: Any = None, is_front_line: bool = False, is_second_job: bool = False,
                 phone: str = "") -> Employment:
    """Record that a person works at an enterprise from `start_date`, registering the person if new.
    Enterprise HR may only add to their own enterprise. An existing person's name must match the
    registered one (a guard against a mistyped ID number)."""
    require(actor, "registry.employee_add")
    if scope(actor) == Scope.ENTERPRISE:
        enterprise = actor.enterprise
    if enterprise is None or not selectors.enterprise_scope(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("只能为本单位（本区）企业登记员工")
    worker = worker_find(id_number=id_number)
    if worker is None:
        worker = _worker_create(actor=actor, id_number=id_number, name=name, phone=phone)
    elif worker.name != name.strip():
        raise DomainError("该身份证号已登记，但姓名与登记的不一致，请核对身份证号和姓名", field="name")
    employment = Employment(worker=worker, enterprise=enterprise, post=post, occupation=occupation,
                            is_front_line=is_front_line, is_second_job=is_second_job, start_date=start_date)
    _employment_save(employment)
    _worker_touch(worker.pk)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="employment", object_id=employment.pk,
                 summary=f"{worker.name} 入职 {enterprise.name}")
    return employment


def _employment_save(employment: Employment) -> None:
    if employment.end_date and employment.end_date < employment.start_date:
        raise DomainError("离职日期不能早于入职日期", field="end_date")
    if employment.end_date is None and not employment.is_second_job:
        current = Employment.objects.filter(worker=employment.worker, end_date__isnull=True, is_second_job=False)
        if employment.pk:
            current = current.exclude(pk=employment.pk)
        other = current.select_related("enterprise").first()
        if other is not None:
            raise DomainError(
                f"该人员目前在“{other.enterprise.name}”有在职的主要就业记录。请先填写其离职日期，"
                "或把本条勾选为兼职（第二职业）", code="two_main_employers", field="is_second_job")
    try:
        with transaction.atomic():
            employment.save()
    except IntegrityError as exc:
        raise DomainError("该人员已有在职的主要就业记录，不能同时有两个主要雇主", code="two_main_employers") from exc


@transaction.atomic
def worker_update(*, actor: Any, worker: Worker, name: str | None = None, phone: str | None = None,
                  ss_card: str | None = None, residence_district: Any = ..., discoverable: bool | None = None) -> Worker:
    """Correct a worker's base data. Workers may change only their own phone and consent."""
    if scope(actor) == Scope.OWN:
        if worker.pk != actor.worker_id:
            raise NotFound("未找到该人员，或您无权查看")
        if name is not None or ss_card is not None or residence_district is not ...:
            raise PermissionDenied("姓名、社保卡号等信息请联系人社局更正")
    else:
        _require_worker_editable(actor, worker)
    if name is not None:
        if not name.strip():
            raise DomainError("请填写姓名", field="name")
        worker.name = name.strip()
    if phone is not None:
        worker.set_phone(phone.strip())
    if ss_card is not None:
        worker.set_ss_card(ss_card.strip())
    if residence_district is not ...:
        worker.residence_district = residence_district
    if discoverable is not None:
        worker.discoverable = discoverable
    worker.save()
    hooks.worker_changed([worker.pk])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="worker", object_id=worker.pk,
                 summary=f"更正人员信息 {worker.name}")
    return worker


@dataclass(frozen=True)
class PersonalData:
    id_number: str
    ss_card: str
    phone: str


def worker_personal_data_read(*, actor: Any, worker: Worker, ip_address: str | None = None) -> PersonalData:
    """Unmasked ID number, social security card number and phone, for entitled roles only
    (bureau staff in scope, and the worker themself); every read is recorded in the audit log."""
    require(actor, "registry.personal_data_read", worker, message="您的角色无权查看完整的身份证号和联系方式")
    if not selectors.worker_scope(actor).filter(pk=worker.pk).exists():
        raise NotFound("未找到该人员，或您无权查看")
    audit_personal_read(actor=actor, object_type="worker", object_id=worker.pk,
                        fields=["id_number", "ss_card", "phone"], summary=f"查看 {worker.name} 的完整个人信息",
                        ip_address=ip_address)
    return PersonalData(worker.id_number_plain(), worker.ss_card_plain(), worker.phone_plain())


@transaction.atomic
def enterprise_register(*, actor: Any, uscc: str, name: str, district: Any, industry: Any = None, size: str = "",
                        ownership: str = "private", address: str = "", contact_name: str = "",
                        contact_phone: str = "") -> Enterprise:
    """Register an enterprise (bureau staff; staff only in their own district)."""
    require(actor, "registry.enterprise_register")
    if scope(actor) == Scope.DISTRICT and district.pk != actor.district_id:
        raise PermissionDenied("只能登记本区的企业")
    try:
        code = uscc_validate(uscc).code
    except IdentityError as exc:
        raise DomainError(str(exc), field="uscc") from exc
    enterprise = Enterprise(uscc=code, name=name.strip(), district=district, industry=industry, size=size,
                            ownership=ownership, address=address, contact_name=contact_name,
                            contact_phone=contact_phone)
    _full_clean(enterprise, exclude=["uscc"])
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        raise DomainError(f"统一社会信用代码 {code} 已登记", code="duplicate", field="uscc") from exc
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="enterprise", object_id=enterprise.pk,
                 summary=f"登记企业 {enterprise.name}")
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: Any, enterprise: Enterprise, **fields: Any) -> Enterprise:
    """Correct an enterprise's data. HR may correct their own enterprise's contact details only."""
    if not selectors.enterprise_scope(actor).filter(pk=enterprise.pk).exists():
        raise NotFound("未找到该企业，或您无权查看")
    require(actor, "registry.enterprise_edit")
    if not can(actor, "registry.enterprise_register") and set(fields) - {"address", "contact_name", "contact_phone"}:
        raise PermissionDenied("企业名称、信用代码等请联系人社局更正")
    if "uscc" in fields:
        try:
            fields["uscc"] = uscc_validate(fields["uscc"]).code
        except IdentityError as exc:
            raise DomainError(str(exc), field="uscc") from exc
    for key, value in fields.items():
        setattr(enterprise, key, value)
    _full_clean(enterprise, exclude=["uscc"])
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        raise DomainError("统一社会信用代码已被其他企业使用", code="duplicate", field="uscc") from exc
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="enterprise", object_id=enterprise.pk,
                 summary=f"更正企业信息 {enterprise.name}")
    return enterprise


def _certificate_checks(cert: Certificate) -> None:
    if cert.kind != "special_ability" and cert.grade is None:
        raise DomainError("请选择证书等级", field="grade")
    if cert.kind == "special_ability" and not (cert.ability_name or cert.occupation_id):
        raise DomainError("请填写专项职业能力名称", field="ability_name")
    if cert.kind != "special_ability" and cert.occupation_id is None:
        raise DomainError("请选择职业（工种）", field="occupation")
    problems = certificate_number_check(cert.number, kind=cert.kind, grade=cert.grade, issued_on=cert.issued_on)
    if problems:
        raise DomainError("；".join(str(p) for p in problems), field="number")


@transaction.atomic
def archive_record_save(*, actor: Any, worker: Worker, kind: str, data: dict[str, Any],
                        instance: Model | None = None) -> Model:
    """Add or correct one entry of a worker's lifelong archive (R1.3): employment, certificate,
    training, competition, honour or achievement. Enterprise HR may record employment only at
    their own enterprise. Returns the saved record."""
    _require_worker_editable(actor, worker)
    model = ARCHIVE_MODELS.get(kind)
    if model is None:
        raise DomainError("未知的档案类别")
    record = instance or model(worker=worker)
    if instance is not None and instance.worker_id != worker.pk:
        raise NotFound("未找到该记录")
    for key, value in data.items():
        setattr(record, key, value)
    if kind == "employment" and scope(actor) == Scope.ENTERPRISE and record.enterprise_id != actor.enterprise_id:
        raise PermissionDenied("企业人事只能登记本单位的就业记录")
    if kind == "employment" and not selectors.enterprise_scope(actor).filter(pk=record.enterprise_id).exists() \
            and not can(actor, "registry.enterprise_register"):
        raise PermissionDenied("只能登记本单位的就业记录")
    _full_clean(record)
    if kind == "employment":
        _employment_save(record)
    else:
        if kind == "certificate":
            _certificate_checks(record)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as exc:
            if kind == "certificate":
                raise DomainError("该发证机构已登记过相同编号的证书，请核对证书编号", code="duplicate",
                                  field="number") from exc
            raise DomainError("保存失败：数据与已有记录冲突") from exc
    _worker_touch(worker.pk)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type=kind, object_id=record.pk,
                 summary=f"{'更正' if instance else '新增'} {worker.name} 的档案记录")
    return record


@transaction.atomic
def archive_record_delete(*, actor: Any, worker: Worker, kind: str, record_id: int) -> None:
    """Remove an entry recorded by mistake. The removal is recorded in the audit log with what it held."""
    _require_worker_editable(actor, worker)
    model = ARCHIVE_MODELS.get(kind)
    record = model.objects.filter(pk=record_id, worker=worker).first() if model else None
    if record is None:
        raise NotFound("未找到该记录")
    if kind == "employment" and scope(actor) == Scope.ENTERPRISE and record.enterprise_id != actor.enterprise_id:
        raise PermissionDenied("企业人事只能删除本单位的就业记录")
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type=kind, object_id=record.pk,
                 summary=f"删除 {worker.name} 的档案记录：{record}")
    record.delete()
    _worker_touch(worker.pk)


# --- training (issue 12): the training domain writes the archive through these, one way -----------


@transaction.atomic
def trainee_find_or_register(*, actor: Any, id_number: str, name: str) -> Worker:
    """The registry person a training institution enrols by real name (R3.2): found by the
    validated resident ID number, or registered if new. The name must match a registered person's
    (a guard against a mistyped number). Only for actors allowed to file training classes; they
    learn nothing else about the person."""
    require(actor, "training.class_file")
    worker = worker_find(id_number=id_number)
    if worker is None:
        return _worker_create(actor=actor, id_number=id_number, name=name)
    if worker.name != name.strip():
        raise DomainError("该身份证号已在人才库登记，但姓名与登记的不一致，请核对身份证号和姓名", field="name")
    return worker


@transaction.atomic
def training_record_from_completion(*, actor: Any, worker_id: int, institution_name: str, programme: str,
                                    occupation: Any, grade: int | None, start_date: date, end_date: date,
                                    hours: int, completed: bool, subsidised: bool) -> TrainingRecord:
    """Write a completed training into the worker's lifelong archive (R1.3, R3.2). Called by the
    training domain when an institution records a completion; refuses other callers' roles."""
    require(actor, "training.class_file")
    record = TrainingRecord.objects.create(
        worker_id=worker_id, institution_name=institution_name, programme=programme, occupation=occupation,
        grade=grade, start_date=start_date, end_date=end_date, hours=hours, completed=completed,
        subsidised=subsidised)
    _worker_touch(worker_id)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="training", object_id=record.pk,
                 summary=f"培训结业记入档案：{programme}（{institution_name}）")
    return record

# --- end training ---------------------------------------------------------------------------------
