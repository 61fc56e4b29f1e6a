"""The 申报条件's routes as data (R4.2, issue 13): years of work, schooling (the worker's education
in the archive) and training hours (completed training, read through the training app's
selectors); a candidate met by no route is told what each route lacks and, where a date is
computable, from when they may apply."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from gongjiang.core.errors import DomainError
from gongjiang.evaluation import services
from gongjiang.evaluation.models import EligibilityRule
from gongjiang.evaluation.tests.factories import ELECTRICIAN, WELDER, welder
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Occupation
from gongjiang.registry import services as registry_services
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory, WorkerFactory
from gongjiang.training.models import Completion, Enrolment, Programme
from gongjiang.training.tests.factories import class_make, institution_make, site_make

pytestmark = pytest.mark.django_db
EXAM = date(2025, 8, 20)


def _check(worker, grade, on=EXAM):
    return services.eligibility_check(worker=worker, occupation=welder(), grade=grade, on=on)


def _school(actor, worker, kind, graduated_on, major=WELDER, name="舟山技师学院"):
    return registry_services.education_record_add(
        actor=actor, worker=worker, school_kind=kind, school_name=name, graduated_on=graduated_on,
        major_occupation=Occupation.objects.get(code=major) if major else None)


def _certified(worker, grade, on):
    CertificateFactory(worker=worker, occupation=welder(), grade=grade, issued_on=on,
                       number=f"S00003309010119{Grade(grade).value}00{worker.pk % 10000:04d}")


def test_the_2018_schooling_routes_are_shipped_beside_the_year_routes_with_citations():
    for code in (WELDER, ELECTRICIAN):
        routes = EligibilityRule.objects.filter(occupation__code=code, route="schooling")
        assert {(r.grade, r.previous_grade, r.years, tuple(r.school_kinds)) for r in routes} == {
            (3, None, 0, ("technical_school", "secondary_vocational")),
            (4, 3, 0, ("senior_technical_school", "technician_college", "higher_vocational")),
            (4, 3, 2, ("college",)),
            (5, 4, 3, ("senior_technical_school", "technician_college"))}
        assert all("2018年版" in r.citation and "申报条件" in r.citation for r in routes)
        assert EligibilityRule.objects.filter(occupation__code=code, route="years").count() == 6
    assert EligibilityRule.objects.get(occupation__code=WELDER, route="schooling", grade=3).citation.endswith(
        "四级/中级工（3）")


def test_a_technical_school_graduate_of_the_major_is_eligible_for_the_fourth_grade(bureau_admin):
    worker = WorkerFactory(name="技校生")  # no employment, no certificate
    _school(bureau_admin, worker, "technical_school", date(2024, 7, 1), name="舟山技工学校")
    check = _check(worker, Grade.INTERMEDIATE)
    assert check.eligible, check.reason
    assert "技工学校" in check.reason
    assert "舟山技工学校" in check.reason
    assert "依据：《国家职业技能标准 焊工》（2018年版）申报条件 四级/中级工（3）" in check.reason


def test_a_final_year_student_counts_as_a_graduate(bureau_admin):
    worker = WorkerFactory(name="应届生")
    _school(bureau_admin, worker, "secondary_vocational", date(2026, 6, 30), name="定海职业学校")
    assert _check(worker, Grade.INTERMEDIATE).eligible
    early = _check(worker, Grade.INTERMEDIATE, on=date(2025, 3, 1))
    assert not early.eligible
    assert early.eligible_from == date(2025, 6, 30)
    assert "2025-06-30起可申报" in early.reason


def test_a_graduate_of_another_major_is_told_the_major_does_not_match(bureau_admin):
    worker = WorkerFactory(name="别专业")
    _school(bureau_admin, worker, "technical_school", date(2024, 7, 1), major="2-02-07-01")
    check = _check(worker, Grade.INTERMEDIATE)
    assert not check.eligible
    assert "不属本专业或相关专业" in check.reason


def test_technician_college_graduates_with_the_fourth_grade_qualify_for_the_third(bureau_admin):
    worker = WorkerFactory(name="技院生")
    _school(bureau_admin, worker, "technician_college", date(2024, 7, 1))
    _certified(worker, Grade.INTERMEDIATE, date(2024, 5, 10))
    check = _check(worker, Grade.SENIOR)
    assert check.eligible, check.reason
    assert "技师学院" in check.reason


def test_not_yet_eligible_by_any_route_lists_each_route_and_the_earliest_date(bureau_admin):
    """大专 graduate with 四级 from 2024-01-01: 2 years after it by the schooling route (2026-01-01),
    5 years by the year route (2029-01-01); the 技师学院 route has no date."""
    worker = WorkerFactory(name="大专生")
    EmploymentFactory(worker=worker, occupation=welder(), start_date=date(2023, 7, 1))
    _school(bureau_admin, worker, "college", date(2023, 6, 30), name="浙江国际海运职业技术学院")
    _certified(worker, Grade.INTERMEDIATE, date(2024, 1, 1))
    check = _check(worker, Grade.SENIOR)
    assert not check.eligible
    assert check.eligible_from == date(2026, 1, 1)
    assert check.reason.startswith("暂不符合申报高级工（三级）的条件，最早2026-01-01起可申报")
    assert "2026-01-01起可申报" in check.reason
    assert "2029-01-01起可申报" in check.reason
    assert "人才库中没有其高级技工学校、技师学院、高等职业学校（以高级技能为培养目标）的毕业记录" in check.reason
    assert check.reason.count("（") >= 3
    assert "（3）" in check.reason


# --- The training route ------------------------------------------------------------------------


@pytest.fixture
def training_rule(bureau_admin):
    """A training route for 三级: the 四级 certificate, 2 years since, and 80 hours of training."""
    return services.rule_save(actor=bureau_admin, occupation=welder(), grade=Grade.SENIOR, route="training",
                              previous_grade=Grade.INTERMEDIATE, years=2, training_hours=80,
                              citation="《国家职业标准 焊工》申报条件（示例）")


@pytest.fixture
def senior_class(dinghai):
    institution = institution_make()
    programme = Programme.objects.create(code="hg-3r", name="焊工（高级工）正规培训", occupation=welder(),
                                         grade=Grade.SENIOR, hours=40, subsidy_standard=Decimal(1800), citation="目录")
    return institution, site_make(institution), programme


def _trained(senior_class, worker, on, hours=40):
    institution, site, programme = senior_class
    training_class = class_make(institution, site, programme, name=f"焊工高级班{on:%Y%m}", start=on.replace(day=1))
    enrolment = Enrolment.objects.create(training_class=training_class, worker=worker)
    Completion.objects.create(enrolment=enrolment, completed_on=on, hours_attended=Decimal(hours), exam_passed=True)


def test_eligible_by_training_hours_after_the_previous_grade(training_rule, senior_class):
    worker = WorkerFactory(name="培训生")
    _certified(worker, Grade.INTERMEDIATE, date(2021, 1, 1))
    _trained(senior_class, worker, date(2020, 6, 30))  # before the certificate: not counted
    _trained(senior_class, worker, date(2024, 5, 31))
    _trained(senior_class, worker, date(2025, 3, 31))
    check = _check(worker, Grade.SENIOR)
    assert check.eligible, check.reason
    assert check.eligible_from == date(2025, 3, 31)
    assert "正规培训达80标准学时" in check.reason
    assert "已完成本职业正规培训80学时" in check.reason


def test_too_few_training_hours_are_counted_and_the_rest_named(training_rule, senior_class):
    worker = WorkerFactory(name="学时不足")
    _certified(worker, Grade.INTERMEDIATE, date(2021, 1, 1))
    _trained(senior_class, worker, date(2024, 5, 31))
    check = _check(worker, Grade.SENIOR)
    assert not check.eligible
    assert "已完成本职业正规培训40学时，尚差40学时" in check.reason


def test_training_hours_done_but_years_short_gives_the_date(training_rule, senior_class):
    worker = WorkerFactory(name="年限不足")
    _certified(worker, Grade.INTERMEDIATE, date(2024, 6, 1))
    _trained(senior_class, worker, date(2025, 3, 31), hours=80)
    check = _check(worker, Grade.SENIOR)
    assert not check.eligible
    assert check.eligible_from == date(2026, 6, 1)
    assert "最早2026-06-01起可申报" in check.reason


def test_rules_of_a_route_need_their_data(bureau_admin):
    with pytest.raises(DomainError, match="须选择至少一类学校"):
        services.rule_save(actor=bureau_admin, occupation=welder(), grade=Grade.SENIOR, route="schooling",
                           previous_grade=None, years=0, school_kinds=[], citation="x")
    with pytest.raises(DomainError, match="须填写标准学时数"):
        services.rule_save(actor=bureau_admin, occupation=welder(), grade=Grade.SENIOR, route="training",
                           previous_grade=None, years=0, training_hours=None, citation="x")


def test_the_rules_page_edits_and_lists_the_route_fields(bureau_admin):
    client = Client()
    client.force_login(bureau_admin)
    response = client.post("/evaluation/rules/new/", {
        "occupation": welder().pk, "grade": Grade.TECHNICIAN, "route": "schooling", "previous_grade": Grade.SENIOR,
        "years": 2, "school_kinds": ["technician_college"], "citation": "省人社厅通知（示例）第二条"})
    assert response.status_code == 302
    rule = EligibilityRule.objects.get(citation="省人社厅通知（示例）第二条")
    assert (rule.route, rule.school_kinds, rule.years) == ("schooling", ["technician_college"], 2)
    page = client.get("/evaluation/rules/").content.decode()
    assert "院校毕业" in page
    assert "技师学院本专业或相关专业毕业（含在校应届毕业生）" in page
    form = client.get(f"/evaluation/rules/{rule.pk}/edit/").content.decode()
    assert re.search(r'value="technician_college"[^>]*checked', form)
    assert not re.search(r'value="technical_school"[^>]*checked', form)
    refused = client.post("/evaluation/rules/new/", {
        "occupation": welder().pk, "grade": Grade.TECHNICIAN, "route": "training", "years": 0,
        "citation": "x"}).content.decode()
    assert "须填写标准学时数" in refused
