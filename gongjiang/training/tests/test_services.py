"""Training services (issue 12; R3.1, R3.2): each rule, and the bad input each refuses with a
Chinese message naming the field, writing nothing."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.ingest.tests.factories import csv_write, xlsx_write
from gongjiang.registry.models import TrainingRecord, Worker
from gongjiang.registry.tests.factories import WorkerFactory, id_number_make, occupation
from gongjiang.training import services
from gongjiang.training.models import CheckIn, ClassStatus, Enrolment, InstitutionStatus, TrainingClass
from gongjiang.training.tests.factories import aware, programme_make

pytestmark = pytest.mark.django_db
CHECKIN_HEADERS = ["班级编号", "身份证号", "姓名", "签到时间", "签退时间", "设备编号"]


def _file(trainer, site, programme, **changes):
    values = {"programme": programme, "site": site, "name": "焊工高级班", "teacher": "陈师傅",
              "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 7), "planned_hours": 40, "capacity": 30}
    values.update(changes)
    return services.class_file(actor=trainer, **values)


def test_bureau_admits_an_institution_with_its_scope(bureau_admin, dinghai):
    from gongjiang.registry.tests.factories import uscc_make

    institution = services.institution_admit(
        actor=bureau_admin, name="新城培训学校", uscc=uscc_make(), kind="for_profit", licence_number="许可001",
        district=dinghai, scope=[occupation()], admitted_on=date(2025, 1, 2))
    assert institution.status == InstitutionStatus.ADMITTED
    assert list(institution.scope.all()) == [occupation()]


def test_a_malformed_credit_code_is_refused(bureau_admin, dinghai):
    with pytest.raises(DomainError) as error:
        services.institution_admit(actor=bureau_admin, name="新城", uscc="91330902123", kind="for_profit",
                                   licence_number="许可001", district=dinghai, scope=[occupation()],
                                   admitted_on=date(2025, 1, 2))
    assert error.value.field == "uscc"


def test_a_trainer_files_a_class_awaiting_approval(trainer, site, programme):
    training_class = _file(trainer, site, programme)
    assert training_class.status == ClassStatus.FILED
    assert training_class.institution_id == trainer.training_institution_id


def test_a_class_outside_the_approved_scope_is_refused(trainer, site):
    other = programme_make(code="other")
    other.occupation = type(other.occupation).objects.filter(level=4).exclude(pk=other.occupation_id).first()
    other.save()
    with pytest.raises(DomainError) as error:
        _file(trainer, site, other)
    assert error.value.code == "outside_scope"
    assert "不在本机构准予培训的职业范围内" in error.value.message
    assert not TrainingClass.objects.exists()


def test_an_institution_on_the_negative_list_files_no_class(trainer, institution, site, programme, bureau_admin):
    services.institution_status_set(actor=bureau_admin, institution=institution, status=InstitutionStatus.NEGATIVE_LIST,
                                    reason="2024年虚假考勤")
    with pytest.raises(DomainError) as error:
        _file(trainer, site, programme)
    assert "列入负面清单" in error.value.message
    assert "2024年虚假考勤" in error.value.message
    assert not TrainingClass.objects.exists()


def test_a_class_ending_before_it_starts_is_refused(trainer, site, programme):
    with pytest.raises(DomainError) as error:
        _file(trainer, site, programme, end_date=date(2025, 3, 1))
    assert error.value.field == "end_date"


def test_bureau_staff_cannot_file_a_class(bureau_admin, site, programme):
    with pytest.raises(PermissionDenied):
        _file(bureau_admin, site, programme)


def test_a_session_ending_before_it_starts_is_refused(trainer, approved_class):
    with pytest.raises(DomainError) as error:
        services.session_add(actor=trainer, training_class=approved_class, starts_at=aware(2025, 3, 3, 18, 0),
                             ends_at=aware(2025, 3, 3, 17, 0))
    assert error.value.field == "ends_at"


def test_approval_then_enrolment_registers_a_new_person(trainer, bureau_admin, site, programme):
    training_class = _file(trainer, site, programme)
    services.class_decide(actor=bureau_admin, training_class=training_class, approve=True)
    number = id_number_make(seq=411)
    enrolment = services.trainee_enrol(actor=trainer, training_class=training_class, id_number=number, name="周学员")
    assert Worker.objects.get(pk=enrolment.worker_id).name == "周学员"


def test_enrolment_matches_a_registered_person(trainer, approved_class, employee_a):
    enrolment = services.trainee_enrol(actor=trainer, training_class=approved_class,
                                       id_number=employee_a.id_number_plain(), name=employee_a.name)
    assert enrolment.worker_id == employee_a.pk


def test_an_id_number_failing_validation_is_refused(trainer, approved_class):
    with pytest.raises(DomainError) as error:
        services.trainee_enrol(actor=trainer, training_class=approved_class, id_number="330902198506150000",
                               name="错号")
    assert error.value.field == "id_number"
    assert not Enrolment.objects.exists()


def test_a_name_not_matching_the_registry_is_refused(trainer, approved_class, employee_a):
    with pytest.raises(DomainError) as error:
        services.trainee_enrol(actor=trainer, training_class=approved_class,
                               id_number=employee_a.id_number_plain(), name="别人")
    assert error.value.field == "name"


def test_a_filed_class_takes_no_trainee(trainer, site, programme):
    training_class = _file(trainer, site, programme)
    with pytest.raises(DomainError) as error:
        services.trainee_enrol(actor=trainer, training_class=training_class, id_number=id_number_make(seq=7), name="甲")
    assert error.value.code == "class_not_approved"


def test_checkin_import_writes_every_row_of_a_clean_file(trainer, approved_class, tmp_path):
    worker = WorkerFactory(name="吴一")
    services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=worker.id_number_plain(), name="吴一")
    path = xlsx_write(tmp_path / "c.xlsx", [CHECKIN_HEADERS,
                                            [approved_class.pk, worker.id_number_plain(), "吴一", "2025-03-03 08:01", "2025-03-03 11:58", "F1"],
                                            [approved_class.pk, worker.id_number_plain(), "吴一", "2025/3/3 13:02", "2025/3/3 16:59", "F1"]])
    outcome = services.checkins_import(actor=trainer, path=str(path), name="c.xlsx")
    assert outcome.created == 2
    assert CheckIn.objects.get(checked_in_at=aware(2025, 3, 3, 8, 1)).minutes == 237


def test_a_checkin_for_someone_not_enrolled_rejects_the_file_and_writes_nothing(trainer, approved_class, tmp_path):
    worker = WorkerFactory(name="吴一")
    services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=worker.id_number_plain(), name="吴一")
    stranger = id_number_make(seq=321)
    path = csv_write(tmp_path / "c.csv", [CHECKIN_HEADERS,
                                          [approved_class.pk, worker.id_number_plain(), "吴一", "2025-03-03 08:01", "2025-03-03 11:58", ""],
                                          [approved_class.pk, stranger, "冒名", "2025-03-03 08:01", "2025-03-03 11:58", ""],
                                          [approved_class.pk, worker.id_number_plain(), "吴一", "2025-03-03 13:00", "2025-03-03 12:00", ""]])
    outcome = services.checkins_import(actor=trainer, path=str(path), name="c.csv")
    assert outcome.rejected == 2
    first, second = outcome.rejections[:2]
    assert (first["line"], first["column"]) == (3, "身份证号")
    assert "不在培训班" in first["message"]
    assert "请先在培训班页面登记该学员" in first["hint"]
    assert (second["line"], second["column"]) == (4, "签退时间")
    assert not CheckIn.objects.exists()


def test_completion_writes_the_archive_through_the_registry(trainer, approved_class, employee_a):
    enrolment = services.trainee_enrol(actor=trainer, training_class=approved_class,
                                       id_number=employee_a.id_number_plain(), name=employee_a.name)
    services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 3, 8, 0),
                            checked_out_at=aware(2025, 3, 3, 12, 0))
    completion = services.completion_record(actor=trainer, enrolment=enrolment, completed_on=date(2025, 3, 7),
                                            exam_passed=True, score=Decimal("86"))
    record = TrainingRecord.objects.get(pk=completion.archive_record_id)
    assert (record.worker_id, record.completed, record.subsidised, record.hours) == (employee_a.pk, True, True, 4)
    assert record.institution_name == approved_class.institution.name
    assert completion.hours_attended == Decimal("4.0")


def test_a_checkout_before_checkin_is_refused(trainer, approved_class, employee_a):
    enrolment = services.trainee_enrol(actor=trainer, training_class=approved_class,
                                       id_number=employee_a.id_number_plain(), name=employee_a.name)
    with pytest.raises(DomainError) as error:
        services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 3, 12, 0),
                                checked_out_at=aware(2025, 3, 3, 8, 0))
    assert error.value.field == "checked_out_at"


def test_roster_import_rejects_a_bad_id_with_row_and_column(trainer, approved_class, tmp_path):
    from gongjiang.ingest.engine import import_file
    from gongjiang.ingest.kinds import kind_get

    good = id_number_make(seq=222)
    path = csv_write(tmp_path / "r.csv", [["班级编号", "身份证号", "姓名"], [approved_class.pk, good, "郑好"],
                                          [approved_class.pk, "330902198501011235", "郑坏"]])
    outcome = import_file(kind=kind_get("training_roster"), path=path, actor=trainer)
    assert outcome.created == 1
    assert outcome.rejected == 1
    assert outcome.rejections[0]["line"] == 3
    assert outcome.rejections[0]["column"] == "身份证号"
    assert Enrolment.objects.filter(training_class=approved_class).count() == 1


def test_importing_the_same_checkin_file_twice_changes_nothing(trainer, approved_class, tmp_path):
    worker = WorkerFactory(name="吴一")
    services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=worker.id_number_plain(), name="吴一")
    path = csv_write(tmp_path / "c.csv", [CHECKIN_HEADERS,
                                          [approved_class.pk, worker.id_number_plain(), "吴一", "2025-03-03 08:01", "2025-03-03 11:58", ""]])
    services.checkins_import(actor=trainer, path=str(path), name="c.csv")
    again = services.checkins_import(actor=trainer, path=str(path), name="c.csv")
    assert (again.created, again.unchanged) == (0, 1)
    assert CheckIn.objects.count() == 1
