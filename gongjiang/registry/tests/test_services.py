"""Registry writes: validation, invariants, corrections."""

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.registry import services
from gongjiang.registry.models import Certificate, Employment, Worker
from gongjiang.registry.tests.factories import (
    CertificateFactory,
    EmploymentFactory,
    EnterpriseFactory,
    id_number_make,
    occupation,
    uscc_make,
)

pytestmark = pytest.mark.django_db


def test_register_derives_sex_and_birth_date_and_seals_id(bureau_staff, dinghai):
    number = id_number_make(born=date(1990, 2, 28), female=True)
    worker = services.worker_register(actor=bureau_staff, id_number=number.lower(), name="陈晓",
                                      residence_district=dinghai)
    assert (worker.sex, worker.birth_date) == ("F", date(1990, 2, 28))
    assert worker.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    stored = Worker.objects.filter(pk=worker.pk).values_list("id_number_sealed", flat=True).get()
    assert number.encode() not in bytes(stored)
    assert worker.id_number_plain() == number


def test_register_upgrades_15_digit_number(bureau_admin):
    worker = services.worker_register(actor=bureau_admin, id_number="110105491231002", name="老号码")
    assert worker.id_number_plain() == "11010519491231002X"


def test_register_rejects_bad_check_character_in_chinese(bureau_admin):
    number = id_number_make()
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.worker_register(actor=bureau_admin, id_number=wrong, name="错号")
    assert "校验" in exc.value.message
    assert Worker.objects.count() == 0


def test_register_rejects_duplicate_id_number(bureau_admin):
    number = id_number_make()
    services.worker_register(actor=bureau_admin, id_number=number, name="王甲")
    with pytest.raises(DomainError) as exc:
        services.worker_register(actor=bureau_admin, id_number=number, name="王乙")
    assert "已在人才库中登记" in exc.value.message
    assert Worker.objects.count() == 1


def test_register_explains_excel_scientific_notation(bureau_admin):
    with pytest.raises(DomainError) as exc:
        services.worker_register(actor=bureau_admin, id_number="1.10101E+17", name="王甲")
    assert "Excel" in exc.value.message


def test_database_refuses_duplicate_id_hash(employee_a):
    clone = Worker(name="复制", sex="M", birth_date=employee_a.birth_date)
    clone.set_id_number(employee_a.id_number_plain())
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_database_refuses_employment_ending_before_start(employee_a, enterprise_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(worker=employee_a, enterprise=enterprise_b, start_date=date(2020, 1, 1),
                                  end_date=date(2019, 1, 1), is_second_job=True)


def test_database_refuses_two_current_main_employers(employee_a, enterprise_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(worker=employee_a, enterprise=enterprise_b, start_date=date(2023, 1, 1))


def test_second_job_is_allowed_alongside_main_employer(bureau_admin, employee_a, enterprise_b):
    services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="employment",
                                 data={"enterprise": enterprise_b, "start_date": date(2023, 1, 1),
                                       "is_second_job": True})
    assert employee_a.employments.filter(end_date__isnull=True).count() == 2


def test_service_explains_two_main_employers(bureau_admin, employee_a, enterprise_b):
    with pytest.raises(DomainError) as exc:
        services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="employment",
                                     data={"enterprise": enterprise_b, "start_date": date(2023, 1, 1)})
    assert "兼职" in exc.value.message


def test_database_refuses_duplicate_certificate_number_per_issuer(employee_a, employee_b):
    CertificateFactory(worker=employee_a, number="Y000033000001223000001", issuer="甲机构")
    CertificateFactory(worker=employee_b, number="Y000033000001223000001", issuer="乙机构")  # other issuer: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(worker=employee_b, number="Y000033000001223000001", issuer="甲机构")


def test_certificate_number_must_agree_with_grade(bureau_admin, employee_a):
    data = {"kind": "skill_grade", "number": "Y000033000001223000009", "occupation": occupation(),
            "grade": 5, "issuer": "某评价机构", "issued_on": date(2022, 5, 1)}  # digit 3 = 高级工, grade 5 = 技师
    with pytest.raises(DomainError) as exc:
        services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="certificate", data=data)
    assert exc.value.field == "number"
    assert Certificate.objects.count() == 0
    data["grade"] = 4
    services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="certificate", data=data)
    assert Certificate.objects.get().grade == 4


def test_old_qualification_numbers_are_accepted_as_they_are(bureau_admin, employee_a):
    data = {"kind": "qualification", "number": "0811000000300456", "occupation": occupation(), "grade": 4,
            "issuer": "舟山市职业技能鉴定中心", "issued_on": date(2008, 9, 1)}
    record = services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="certificate", data=data)
    assert record.number == "0811000000300456"


def test_hr_adds_employee_and_sees_them(hr_a):
    number = id_number_make()
    employment = services.employee_add(actor=hr_a, id_number=number, name="新员工", start_date=date(2025, 1, 2),
                                       post="电焊工", occupation=occupation())
    assert employment.enterprise == hr_a.enterprise
    assert employment.worker.name == "新员工"


def test_hr_hiring_existing_person_requires_matching_name(hr_b, employee_a):
    employment = employee_a.employments.get()
    employment.end_date = date(2024, 12, 31)
    employment.save()
    with pytest.raises(DomainError) as exc:
        services.employee_add(actor=hr_b, id_number=employee_a.id_number_plain(), name="别人",
                              start_date=date(2025, 1, 2))
    assert "姓名" in exc.value.message
    services.employee_add(actor=hr_b, id_number=employee_a.id_number_plain(), name="王甲", start_date=date(2025, 1, 2))
    assert employee_a.employments.filter(end_date__isnull=True, enterprise=hr_b.enterprise).exists()


def test_hr_cannot_register_enterprise(hr_a, dinghai):
    with pytest.raises(PermissionDenied):
        services.enterprise_register(actor=hr_a, uscc=uscc_make(), name="新企业", district=dinghai)


def test_bureau_staff_registers_enterprise_only_in_own_district(bureau_staff, dinghai, putuo):
    services.enterprise_register(actor=bureau_staff, uscc=uscc_make().lower(), name="定海新企业", district=dinghai)
    with pytest.raises(PermissionDenied):
        services.enterprise_register(actor=bureau_staff, uscc=uscc_make(), name="普陀企业", district=putuo)


def test_enterprise_rejects_bad_uscc(bureau_admin, dinghai):
    code = uscc_make()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        services.enterprise_register(actor=bureau_admin, uscc=wrong, name="错代码", district=dinghai)
    assert exc.value.field == "uscc"


def test_correcting_and_deleting_a_record_is_audited(bureau_admin, employee_a):
    honour = services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="honour",
                                          data={"title": "技术能手", "level": "district",
                                                "awarded_on": date(2023, 5, 1)})
    services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="honour",
                                 data={"title": "定海区技术能手"}, instance=honour)
    honour.refresh_from_db()
    assert honour.title == "定海区技术能手"
    services.archive_record_delete(actor=bureau_admin, worker=employee_a, kind="honour", record_id=honour.pk)
    assert employee_a.honours.count() == 0
    summaries = list(AuditEvent.objects.filter(action=AuditAction.CHANGE, object_type="honour")
                     .values_list("summary", flat=True))
    assert any("删除" in s for s in summaries)
    assert any("更正" in s for s in summaries)


def test_worker_may_change_own_consent_but_not_name(worker_user, employee_a):
    services.worker_update(actor=worker_user, worker=employee_a, discoverable=True)
    employee_a.refresh_from_db()
    assert employee_a.discoverable is True
    with pytest.raises(PermissionDenied):
        services.worker_update(actor=worker_user, worker=employee_a, name="改名")


def test_enterprise_factory_makes_valid_records():
    enterprise = EnterpriseFactory()
    assert len(enterprise.uscc) == 18
    assert EmploymentFactory(enterprise=enterprise).is_current


def test_archive_change_marks_worker_updated_for_derived_data(bureau_admin, employee_a):
    before = Worker.objects.get(pk=employee_a.pk).updated_at
    services.archive_record_save(actor=bureau_admin, worker=employee_a, kind="achievement",
                                 data={"title": "焊接操作法", "kind": "method", "achieved_on": date(2024, 1, 1)})
    assert Worker.objects.get(pk=employee_a.pk).updated_at > before


# --- certificates issued set-based (issue 13 "Measure") ------------------------------------------


def _issued_rows(occupation, workers, numbers, grade=4):
    from gongjiang.registry.services import CertificateRow

    return [CertificateRow(worker=w, number=n, occupation=occupation, grade=grade, issuer="测试评价中心",
                           issued_on=date(2025, 9, 9)) for w, n in zip(workers, numbers, strict=True)]


@pytest.mark.django_db
def test_a_batch_with_a_number_twice_is_refused_whole_naming_both_rows(bureau_admin):
    from gongjiang.reference.models import Occupation
    from gongjiang.registry.services import certificate_records_issue_many
    from gongjiang.registry.tests.factories import WorkerFactory

    welder = Occupation.objects.get(code="6-18-02-04")
    workers = [WorkerFactory() for _ in range(3)]
    numbers = ["S000033090101253000001", "S000033090101253000002", "S000033090101253000001"]
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(DomainError, match="第 3 条：证书编号 S000033090101253000001 与第 1 条重复"):
        certificate_records_issue_many(actor=bureau_admin, rows=_issued_rows(welder, workers, numbers))
    assert not Certificate.objects.filter(worker__in=workers).exists()
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
def test_a_batch_with_a_malformed_number_or_one_already_used_writes_nothing(bureau_admin):
    from gongjiang.reference.models import Occupation
    from gongjiang.registry.services import certificate_records_issue_many
    from gongjiang.registry.tests.factories import WorkerFactory

    welder = Occupation.objects.get(code="6-18-02-04")
    workers = [WorkerFactory() for _ in range(2)]
    with pytest.raises(DomainError, match="第 2 条") as bad:
        certificate_records_issue_many(actor=bureau_admin, rows=_issued_rows(
            welder, workers, ["S000033090101253000001", "S0000330901012530000"]))
    assert bad.value.field == "number"
    certificate_records_issue_many(actor=bureau_admin, rows=_issued_rows(
        welder, workers[:1], ["S000033090101253000001"]))
    with pytest.raises(DomainError, match="第 2 条：证书编号 S000033090101253000001 已被使用"):
        certificate_records_issue_many(actor=bureau_admin, rows=_issued_rows(
            welder, workers, ["S000033090101253000002", "S000033090101253000001"]))
    assert list(Certificate.objects.filter(worker__in=workers).values_list("number", flat=True)) == [
        "S000033090101253000001"]


@pytest.mark.django_db
def test_a_batch_touches_each_worker_once_and_tells_the_search_once(bureau_admin, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    from gongjiang.reference.models import Occupation
    from gongjiang.registry import hooks
    from gongjiang.registry.services import certificate_records_issue_many
    from gongjiang.registry.tests.factories import WorkerFactory

    welder = Occupation.objects.get(code="6-18-02-04")
    workers = [WorkerFactory() for _ in range(3)]
    told: list[list[int]] = []
    monkeypatch.setattr(hooks, "_worker_changed", [told.append])
    Worker.objects.filter(pk__in=[w.pk for w in workers]).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        certs = certificate_records_issue_many(actor=bureau_admin, rows=_issued_rows(
            welder, workers, [f"S00003309010125300000{i}" for i in (1, 2, 3)]))
    assert told == [sorted(w.pk for w in workers)]
    assert all(w.updated_at.year > 2020 for w in Worker.objects.filter(pk__in=[w.pk for w in workers]))
    events = AuditEvent.objects.filter(object_type="certificate", object_id__in=[str(c.pk) for c in certs])
    assert {(e.actor_id, e.actor_role, e.action) for e in events} == {(bureau_admin.pk, bureau_admin.role, "change")}
    assert events.count() == 3
