"""Writes to the registry. Views, API, admin actions, imports and the demo generator all call these,
so each rule is written once. Every function refuses what the actor may not do (`NotFound` for
records outside their scope, `PermissionDenied` for acts their role may not perform) and explains
bad input with a `DomainError` in Chinese."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint, Model, Q
from django.utils import timezone

from gongjiang.accounts.permissions import Scope, can, require, scope
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import AuditEntry, audit_personal_read, audit_record, audit_records_many
from gongjiang.core import crypto, lookups  # noqa: F401  (registers __any_of)
from gongjiang.core.bulk import rows_insert
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.core.forms import integrity_error_message, validation_errors_by_field
from gongjiang.identity import (
    IdentityError,
    certificate_number_check,
    person_name_clean,
    phone_validate,
    resident_id_validate,
    uscc_validate,
)
from gongjiang.reference.models import Occupation
from gongjiang.registry import hooks, selectors
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CertificateKind,
    CompetitionResult,
    Education,
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
    "education": Education,
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


def _name(name: str, field: str = "name") -> str:
    """A person's name in its stored form, or DomainError beside `field` (ADR 0019)."""
    try:
        return person_name_clean(name)
    except IdentityError as exc:
        raise DomainError(str(exc), code="name", field=field) from exc


def _phone(phone: str, field: str = "phone", *, organisation: bool = False) -> str:
    """A phone number in its stored form ("" stays ""), or DomainError beside `field` (ADR 0019)."""
    if not (phone or "").strip():
        return ""
    try:
        return phone_validate(phone, organisation=organisation)
    except IdentityError as exc:
        raise DomainError(str(exc), code="phone", field=field) from exc


def _full_clean(instance: Model, exclude: list[str] | None = None) -> None:
    """Field checks and the model's check constraints, each with its clerk-readable message beside
    its field (issue 10 §16); uniqueness is left to the database (caught where it is saved)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        for constraint in instance._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                constraint.validate(type(instance), instance, exclude=set(exclude or ()))
    except ValidationError as exc:
        field, messages = next(iter(validation_errors_by_field(type(instance), exc).items()))
        raise DomainError("；".join(messages), field=None if field == NON_FIELD_ERRORS else field) from exc


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
    name, phone = _name(name), _phone(phone)
    worker = Worker(name=name, sex=rid.sex, birth_date=rid.birth_date, native_region_code=rid.region_code,
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
    elif worker.name != _name(name):
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
        worker.name = _name(name)
    if phone is not None:
        worker.set_phone(_phone(phone))
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
                        contact_phone: str = "", township_code: str = "", township_name: str = "") -> Enterprise:
    """Register an enterprise (bureau staff; staff only in their own district)."""
    require(actor, "registry.enterprise_register")
    if scope(actor) == Scope.DISTRICT and district.pk != actor.district_id:
        raise PermissionDenied("只能登记本区的企业")
    try:
        code = uscc_validate(uscc).code
    except IdentityError as exc:
        raise DomainError(str(exc), field="uscc") from exc
    enterprise = Enterprise(uscc=code, name=name.strip(), district=district, industry=industry, size=size,
                            ownership=ownership, address=address, township_code=township_code,
                            township_name=township_name,
                            contact_name=_name(contact_name, "contact_name") if contact_name.strip() else "",
                            contact_phone=_phone(contact_phone, "contact_phone", organisation=True))
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
    if (fields.get("contact_name") or "").strip():
        fields["contact_name"] = _name(fields["contact_name"], "contact_name")
    if "contact_phone" in fields:
        fields["contact_phone"] = _phone(fields["contact_phone"] or "", "contact_phone", organisation=True)
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
    training, competition, honour, achievement or education. Enterprise HR may record employment only at
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
            known = integrity_error_message(model, exc)
            if known is None:
                raise
            raise DomainError(known[0], field=known[1]) from exc
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


ARCHIVE_FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def worker_archive_export(*, actor: Any, worker_id: int, file_format: str,
                          ip_address: str | None = None) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of a worker's whole lifelong archive (R1.3) as a PDF in
    Chinese or an Excel workbook, for the worker themself and bureau staff in scope; recorded in
    the audit log as an export. Refuses other roles (PermissionDenied), workers outside the actor's
    scope (NotFound), an unknown format, and a PDF when the server has no Chinese font (DomainError)."""
    from gongjiang.registry.archive_export import archive_build, archive_pdf, archive_xlsx

    require(actor, "registry.archive_export")
    if file_format not in ARCHIVE_FORMATS:
        raise DomainError("导出格式应为 pdf 或 xlsx", field="format")
    worker = selectors.worker_get(actor=actor, worker_id=worker_id)
    employment = selectors.worker_current_employment(worker)
    archive = archive_build(worker, top_grade=selectors.worker_top_grade(worker),
                            employer=employment.enterprise.name if employment else "")
    content = archive_pdf(archive) if file_format == "pdf" else archive_xlsx(archive)
    audit_record(actor=actor, action=AuditAction.EXPORT, object_type="worker_archive", object_id=worker.pk,
                 summary=f"导出 {worker.name} 的终身职业技能档案（{file_format.upper()}，{archive.record_count} 条记录）",
                 detail={"rows": archive.record_count, "format": file_format, "filters": {"worker": worker.pk},
                         "personal_fields": []}, ip_address=ip_address)
    name = f"终身职业技能档案-{worker.name}-{archive.made_at:%Y%m%d}.{file_format}"
    return name, ARCHIVE_FORMATS[file_format], content


@transaction.atomic
def certificate_record_issue(*, actor: Any, worker: Worker, number: str, kind: str, occupation: Any, grade: int,
                             issuer: str, issued_on: date, evaluator_enterprise: Enterprise | None = None,
                             ) -> Certificate:
    """Write a certificate the platform has just issued into the worker's lifelong archive (R4.2),
    so the archive, talent search and the incentives see it with no import. Called by the
    evaluation services once a batch's 公示 has ended; the actor is the issuing agency's staff
    (or the bureau), who need not see the registry otherwise. Refuses a number already used."""
    return certificate_records_issue_many(actor=actor, rows=[CertificateRow(
        worker=worker, number=number, kind=kind, occupation=occupation, grade=grade, issuer=issuer,
        issued_on=issued_on, evaluator_enterprise=evaluator_enterprise)])[0]


@dataclass(frozen=True)
class CertificateRow:
    """One certificate for `certificate_records_issue_many`; `label` names it in a refusal
    (e.g. "考生 王合格"), else "第 N 条"."""

    worker: Worker
    number: str
    occupation: Any
    grade: int | None
    issuer: str
    issued_on: date
    kind: str = CertificateKind.SKILL_GRADE
    evaluator_enterprise: Enterprise | None = None
    label: str = ""


# Foreign keys are checked for the whole batch in one query each, not by full_clean per row.
_CERTIFICATE_FKS = ["worker", "occupation", "evaluator_enterprise"]


def _ids_q(ids: list[int]) -> Q:
    # One array parameter on PostgreSQL, not one parameter per id (ADR 0032).
    return Q(pk__any_of=ids) if connection.vendor == "postgresql" else Q(pk__in=ids)


def _ids_missing(model: type[Model], ids: set[int]) -> set[int]:
    if not ids:
        return set()
    found: set[int] = set()
    ordered = sorted(ids)
    step = len(ordered) if connection.vendor == "postgresql" else 500
    for start in range(0, len(ordered), step):
        found.update(model._default_manager.filter(_ids_q(ordered[start:start + step])).values_list("pk", flat=True))
    return ids - found


@transaction.atomic
def certificate_records_issue_many(*, actor: Any, rows: Sequence[CertificateRow]) -> list[Certificate]:
    """Write a batch of certificates the platform has just issued into the workers' archives (R4.2)
    — the set-based form of `certificate_record_issue`, with the same checks: each row's fields,
    grade and occupation, the national-format number against the grade and year; no number twice
    in the batch; no number already in an archive (one query for the whole batch). If any row is
    wrong the whole batch is refused with a message naming that row, and nothing is written.
    Then one transaction: the certificates inserted together, the workers touched in one UPDATE,
    one audit row per certificate (as the single write records), and the search told once about
    all the workers (ADR 0008: it refreshes inline, or in a background job for many). Returns the
    certificates in the order of `rows`, with their ids."""
    require(actor, "registry.certificate_issue")
    if not rows:
        return []
    named = len(rows) > 1 or any(row.label for row in rows)

    def refuse(index: int, row: CertificateRow, message: str, code: str = "invalid",
               field: str | None = None) -> DomainError:
        prefix = f"{row.label or f'第 {index} 条'}：" if named else ""
        return DomainError(f"{prefix}{message}", code=code, field=field)

    certs: list[Certificate] = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        cert = Certificate(worker=row.worker, number=row.number, kind=row.kind, occupation=row.occupation,
                           grade=row.grade, issuer=row.issuer, issued_on=row.issued_on,
                           evaluator_enterprise=row.evaluator_enterprise)
        try:
            # The model's one check constraint (grade unless special ability) is _certificate_checks'
            # first rule, in Python; the database enforces it again on insert.
            cert.full_clean(exclude=_CERTIFICATE_FKS, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            field, messages = next(iter(validation_errors_by_field(Certificate, exc).items()))
            raise refuse(index, row, "；".join(messages),
                         field=None if field == NON_FIELD_ERRORS else field) from exc
        try:
            _certificate_checks(cert)
        except DomainError as exc:
            raise refuse(index, row, exc.message, exc.code, exc.field) from exc
        if cert.number in first_row:
            earlier = first_row[cert.number]
            raise refuse(index, row, f"证书编号 {cert.number} 与{rows[earlier - 1].label or f'第 {earlier} 条'}重复，"
                                     "同一批证书的编号不能相同", "duplicate", "number")
        first_row[cert.number] = index
        certs.append(cert)
    for model, attribute, words in ((Worker, "worker_id", "持证人不在人才库中"),
                                    (Occupation, "occupation_id", "职业（工种）不在职业目录中"),
                                    (Enterprise, "evaluator_enterprise_id", "自主评价企业未在人才库登记")):
        missing = _ids_missing(model, {getattr(c, attribute) for c in certs if getattr(c, attribute) is not None})
        for index, (row, cert) in enumerate(zip(rows, certs, strict=True), start=1):
            if getattr(cert, attribute) in missing:
                raise refuse(index, row, f"{words}，请核对", field=attribute.removesuffix("_id"))
    taken = selectors.certificate_numbers_taken(list(first_row))
    if taken:
        number = next(n for n in first_row if n in taken)
        index = first_row[number]
        raise refuse(index, rows[index - 1], f"证书编号 {number} 已被使用", "duplicate", "number")
    try:
        with transaction.atomic():
            rows_insert(Certificate, certs)
    except IntegrityError as exc:  # the same number written meanwhile by another transaction
        raise DomainError("证书编号已被使用（另一批证书同时写入了相同编号），请重新发证", code="duplicate",
                          field="number") from exc
    worker_ids = sorted({cert.worker_id for cert in certs})
    Worker.objects.filter(_ids_q(worker_ids)).update(updated_at=timezone.now())
    hooks.worker_changed(worker_ids)
    audit_records_many(actor=actor, action=AuditAction.CHANGE, entries=[
        AuditEntry(object_type="certificate", object_id=cert.pk,
                   summary=f"颁发证书 {cert.number} 给 {row.worker.name}（{cert.issuer}）")
        for row, cert in zip(rows, certs, strict=True)])
    return certs


@transaction.atomic
def certificate_record_withdraw(*, actor: Any, certificate_id: int, reason: str) -> None:
    """Take a revoked certificate out of the worker's archive (so search and the incentives stop
    counting it); the revocation and its reason stay in the audit log and with the issuer."""
    require(actor, "registry.certificate_issue")
    cert = Certificate.objects.filter(pk=certificate_id).select_related("worker").first()
    if cert is None:
        return
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="certificate", object_id=cert.pk,
                 summary=f"撤销 {cert.worker.name} 的证书 {cert.number}：{reason}")
    worker_id = cert.worker_id
    cert.delete()
    _worker_touch(worker_id)


# --- Competitions and honours (issue 14, ADR 0024) ------------------------------------------------
# The competitions app writes results, titles, promotions and honours into the archive only here.


def _archive_write_check(actor: Any, worker: Worker) -> None:
    require(actor, "registry.competition_outcome_record")
    if not selectors.worker_scope(actor).filter(pk=worker.pk).exists():
        raise NotFound(f"{worker.name} 不在您可管理的人才库范围内，不能写入其档案")


@transaction.atomic
def competition_outcome_record(*, actor: Any, worker: Worker, competition_name: str, level: str, held_on: date,
                               occupation: Any = None, rank: int | None = None, award: str = "", title: str = "",
                               awarded_by: str = "", grade: int | None = None, certificate_number: str = "",
                               issuer: str = "") -> dict[str, Model]:
    """Write a competition result into the worker's archive, with the title it earned (an honour)
    and the grade it granted (a certificate-equivalent record of kind 以赛代评晋级), in one
    transaction (R5.1, `000` 三(五)2). Bureau staff only, within their scope; a certificate number
    already used by the issuer is refused."""
    _archive_write_check(actor, worker)
    records: dict[str, Model] = {"competition": CompetitionResult.objects.create(
        worker=worker, competition_name=competition_name, level=level, occupation=occupation, held_on=held_on,
        rank=rank, award=award)}
    if title:
        records["honour"] = Honour.objects.create(worker=worker, title=title, level=level, awarded_by=awarded_by,
                                                  awarded_on=held_on)
    if grade:
        if occupation is None:
            raise DomainError("竞赛没有填写工种，不能据此晋升职业技能等级，请先补充竞赛工种", field="occupation")
        certificate = Certificate(worker=worker, number=certificate_number, kind=CertificateKind.COMPETITION,
                                  occupation=occupation, grade=grade, issuer=issuer, issued_on=held_on)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError as exc:
            raise DomainError(f"{issuer} 已登记过编号为 {certificate_number} 的证书", code="duplicate") from exc
        records["certificate"] = certificate
    _worker_touch(worker.pk)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="competition", object_id=records["competition"].pk,
                 summary=f"写入 {worker.name} 的竞赛成绩：{competition_name} {award}"
                         + (f"，授予{title}" if title else "") + ("，晋升等级" if grade else ""))
    return records


@transaction.atomic
def honour_record(*, actor: Any, worker: Worker, title: str, level: str, awarded_by: str,
                  awarded_on: date) -> Honour:
    """Write an honour awarded through the honours workflow into the worker's archive (R6.3).
    Bureau staff only, within their scope."""
    _archive_write_check(actor, worker)
    honour = Honour.objects.create(worker=worker, title=title, level=level, awarded_by=awarded_by,
                                   awarded_on=awarded_on)
    _worker_touch(worker.pk)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="honour", object_id=honour.pk,
                 summary=f"授予 {worker.name} {title}")
    return honour


# --- end of issue 14 block -------------------------------------------------------------------------


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

@transaction.atomic
def training_payee_find_or_register(*, actor: Any, uscc: str, name: str, district: Any) -> Enterprise:
    """The registry unit (单位) a training subsidy is paid to when the policy pays the institution
    (issue 12): the enterprise with the institution's credit code, or registered now. Called by
    the training domain when the bureau admits an institution."""
    require(actor, "training.institution_manage")
    code = uscc_validate(uscc).code
    enterprise = Enterprise.objects.filter(uscc=code).first()
    if enterprise is not None:
        return enterprise
    enterprise = Enterprise.objects.create(uscc=code, name=name.strip(), district=district)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="enterprise", object_id=enterprise.pk,
                 summary=f"登记培训机构为收款单位 {enterprise.name}")
    return enterprise

# --- end training ---------------------------------------------------------------------------------


# --- education (issue 13): the schooling routes of the 申报条件 read it ---------------------------


@transaction.atomic
def education_record_add(*, actor: Any, worker: Worker, school_kind: str, school_name: str, graduated_on: date,
                         major_occupation: Any = None) -> Education:
    """Record a school the worker graduated from (or will, as an 应届毕业生) in their archive (R1.3),
    for the schooling routes of the 申报条件 (R4.2). The kind is one of the standards' fixed list
    (reference/schools.py). Bureau staff and enterprise HR, within their scope."""
    from gongjiang.reference.schools import SchoolKind

    if school_kind not in SchoolKind.values:
        raise DomainError("请选择学校类别（技工学校、技师学院、中等或高等职业学校、大专及以上院校）", field="school_kind")
    if not (school_name or "").strip():
        raise DomainError("请填写学校名称", field="school_name")
    if graduated_on is None:
        raise DomainError("请填写毕业日期（在校应届毕业生填预计毕业日期）", field="graduated_on")
    return archive_record_save(actor=actor, worker=worker, kind="education", data={
        "school_kind": school_kind, "school_name": school_name.strip(), "graduated_on": graduated_on,
        "major_occupation": major_occupation})
