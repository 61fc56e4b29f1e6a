"""Candidates from training completions, read through the training app's selectors (R4.2)."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError
from gongjiang.evaluation import services
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Occupation
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory, WorkerFactory
from gongjiang.training.models import Completion, Enrolment, Finding, FindingStatus, Programme
from gongjiang.training.tests.factories import class_make, institution_make, site_make

pytestmark = pytest.mark.django_db


def _completed(training_class, worker, *, passed=True, on=date(2025, 6, 30)):
    enrolment = Enrolment.objects.create(training_class=training_class, worker=worker)
    Completion.objects.create(enrolment=enrolment, completed_on=on, hours_attended=Decimal(40), exam_passed=passed)
    return enrolment


def _four_grade_welder(name):
    worker = WorkerFactory(name=name)
    EmploymentFactory(worker=worker, occupation=welder(), start_date=date(2015, 3, 1))
    CertificateFactory(worker=worker, occupation=welder(), grade=Grade.INTERMEDIATE, issued_on=date(2019, 6, 30),
                       number=f"S00003309010119400{worker.pk % 10000:04d}")
    return worker


def test_passed_trainees_of_the_occupation_become_candidates_checked_for_eligibility(dinghai):
    institution = institution_make()
    site = site_make(institution)
    senior = Programme.objects.create(code="hg-3", name="焊工（高级工）", occupation=welder(), grade=Grade.SENIOR,
                                      hours=40, subsidy_standard=Decimal(1800), citation="目录")
    other_grade = Programme.objects.create(code="hg-2", name="焊工（技师）", occupation=welder(), grade=Grade.TECHNICIAN,
                                           hours=40, subsidy_standard=Decimal(1800), citation="目录")
    electric = Programme.objects.create(code="dg-3", name="电工", occupation=Occupation.objects.get(code="6-31-01-03"),
                                        grade=Grade.SENIOR, hours=40, subsidy_standard=Decimal(1800), citation="目录")
    k_senior = class_make(institution, site, senior, name="焊工高级班")
    k_other = class_make(institution, site, other_grade, name="焊工技师班")
    k_electric = class_make(institution, site, electric, name="电工班")
    ready, young = _four_grade_welder("结业甲"), WorkerFactory(name="结业乙")  # 乙: no certificate yet
    failed, wrong_grade, electrician = WorkerFactory(name="未合格丙"), WorkerFactory(name="技师丁"), WorkerFactory(name="电工戊")
    blocked = _four_grade_welder("代签己")
    _completed(k_senior, ready)
    _completed(k_senior, young)
    _completed(k_senior, failed, passed=False)
    _completed(k_other, wrong_grade)
    _completed(k_electric, electrician)
    finding = Finding.objects.create(rule="identical_sequence", key="x", institution=institution,
                                     training_class=k_senior, reason="签到雷同", status=FindingStatus.CONFIRMED)
    finding.enrolments.add(_completed(k_senior, blocked))

    staff = agency_user(agency_make())
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    added = services.candidates_from_training(actor=staff, batch=batch)
    by_name = {c.worker.name: c for c in added}
    assert set(by_name) == {"结业甲", "结业乙"}
    assert by_name["结业甲"].eligible
    assert not by_name["结业乙"].eligible
    assert "尚未取得本职业中级工（四级）证书" in by_name["结业乙"].eligibility_reason
    assert services.candidates_from_training(actor=staff, batch=batch) == []  # taken once only


def test_with_no_completions_the_agency_is_told(dinghai):
    staff = agency_user(agency_make())
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    with pytest.raises(DomainError, match="培训结业且考核合格的学员"):
        services.candidates_from_training(actor=staff, batch=batch)
