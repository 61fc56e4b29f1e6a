"""The generated district: valid numbers, calibrated shares, database invariants, demo accounts."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import Count, Max, Q
from stdnum.cn import ric

from gongjiang.accounts.models import Role, User
from gongjiang.core import crypto
from gongjiang.core.masking import mask_id_number
from gongjiang.demo import calibration as cal
from gongjiang.demo.accounts import DEMO_PASSWORD
from gongjiang.identity import (
    certificate_number_check,
    certificate_number_parse,
    resident_id_validate,
    uscc_validate,
)
from gongjiang.reference.grades import NATIONAL_LEVEL_BY_GRADE, Grade
from gongjiang.registry.models import Certificate, Employment, Enterprise, Worker

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _max_grades():
    return Worker.objects.annotate(top=Max("certificates__grade")).filter(top__isnull=False).values_list("top", flat=True)


# --- calibration ----------------------------------------------------------------------------


def test_skilled_share_is_near_dinghai_target(dinghai_demo):
    skilled = len(_max_grades())
    assert skilled == dinghai_demo.counts["skilled"]
    assert skilled / Worker.objects.count() == pytest.approx(cal.DINGHAI_SKILLED_SHARE, abs=0.025)


def test_high_skilled_share_among_skilled_is_near_dinghai_target(dinghai_demo):
    grades = list(_max_grades())
    high = sum(1 for grade in grades if grade >= Grade.SENIOR)
    assert high == dinghai_demo.counts["high_skilled"]
    assert high / len(grades) == pytest.approx(cal.DINGHAI_HIGH_SKILLED_SHARE, abs=0.04)


def test_every_grade_from_junior_to_senior_technician_occurs(dinghai_demo):
    assert set(_max_grades()) == {Grade.JUNIOR, Grade.INTERMEDIATE, Grade.SENIOR, Grade.TECHNICIAN,
                                  Grade.SENIOR_TECHNICIAN}


# --- valid numbers --------------------------------------------------------------------------


def test_every_resident_id_number_is_valid_and_matches_the_record(dinghai_demo):
    for worker in Worker.objects.all():
        number = worker.id_number_plain()
        parsed = resident_id_validate(number)
        ric.validate(number)  # stdnum: the region was in use in the birth year
        assert (parsed.sex, parsed.birth_date, parsed.region_code) == (worker.sex, worker.birth_date,
                                                                        worker.native_region_code)
        assert worker.id_number_hash == crypto.lookup_hash(number)
        assert worker.id_number_masked == mask_id_number(number)


def test_every_worker_is_aged_18_to_62(dinghai_demo):
    ages = {AS_OF.year - birth.year - ((AS_OF.month, AS_OF.day) < (birth.month, birth.day))
            for birth in Worker.objects.values_list("birth_date", flat=True)}
    assert min(ages) >= 18
    assert max(ages) <= 62


def test_phone_and_social_security_card_are_sealed(dinghai_demo):
    worker = Worker.objects.first()
    assert worker.phone_plain()[0] == "1"
    assert len(worker.phone_plain()) == 11
    assert worker.phone_plain() not in bytes(worker.phone_sealed).decode("latin-1")
    assert len(worker.ss_card_plain()) == 9


def test_every_uscc_is_valid(dinghai_demo):
    for code in Enterprise.objects.values_list("uscc", flat=True):
        assert uscc_validate(code).code == code


def test_every_certificate_number_agrees_with_its_grade_and_year(dinghai_demo):
    for cert in Certificate.objects.all():
        assert certificate_number_check(cert.number, kind=cert.kind, grade=cert.grade, issued_on=cert.issued_on,
                                        province_code="33") == []
        if cert.kind == "skill_grade":
            parsed = certificate_number_parse(cert.number)
            assert parsed.national_level == NATIONAL_LEVEL_BY_GRADE[cert.grade]
            assert parsed.year == cert.issued_on.year


def test_old_certificates_are_qualifications_and_new_ones_skill_grades(dinghai_demo):
    kinds = Certificate.objects.exclude(kind="special_ability")
    assert not kinds.filter(issued_on__year__lt=2020, kind="skill_grade").exists()
    assert not kinds.filter(issued_on__year__gte=2020, kind="qualification").exists()
    assert Certificate.objects.filter(kind="special_ability").exists()


def test_self_evaluated_certificates_come_from_the_employer_of_the_day(dinghai_demo):
    certs = Certificate.objects.filter(evaluator_enterprise__isnull=False).select_related("evaluator_enterprise")
    assert certs.exists()
    for cert in certs:
        assert cert.number.startswith("Y")
        assert cert.issuer == cert.evaluator_enterprise.name
        assert Employment.objects.filter(worker=cert.worker_id, enterprise=cert.evaluator_enterprise,
                                         start_date__lte=cert.issued_on).exists()
    assert not Certificate.objects.filter(evaluator_enterprise__isnull=True, number__startswith="Y").exists()


def test_some_workers_progress_to_a_higher_grade_later(dinghai_demo):
    progressed = 0
    for worker in Worker.objects.annotate(n=Count("certificates", filter=Q(certificates__grade__isnull=False))) \
            .filter(n__gte=2)[:200]:
        steps = list(worker.certificates.exclude(grade__isnull=True).order_by("issued_on").values_list("grade",
                                                                                                       flat=True))
        assert steps == sorted(steps)
        progressed += steps[-1] > steps[0]
    assert progressed > 50


def test_dates_lie_in_the_years_asked_for(dinghai_demo):
    assert Certificate.objects.aggregate(first=Max("issued_on"))["first"] <= AS_OF
    assert not Certificate.objects.filter(issued_on__lt=date(2011, 1, 1)).exists()


# --- database invariants and shape ----------------------------------------------------------


def test_every_worker_has_exactly_one_current_main_employer(dinghai_demo):
    current = Counter(Employment.objects.filter(end_date__isnull=True, is_second_job=False)
                      .values_list("worker_id", flat=True))
    assert len(current) == Worker.objects.count()
    assert set(current.values()) == {1}
    assert Employment.objects.filter(is_second_job=True).exists()
    assert Employment.objects.filter(end_date__isnull=False).exists()


def test_a_few_large_firms_employ_a_large_share(dinghai_demo):
    sizes = sorted(Enterprise.objects.annotate(n=Count("employments", filter=Q(
        employments__end_date__isnull=True, employments__is_second_job=False))).values_list("n", flat=True),
        reverse=True)
    assert min(sizes) >= cal.MIN_EMPLOYEES
    assert sum(sizes[:10]) / sum(sizes) > 0.1
    assert set(Enterprise.objects.values_list("size", flat=True)) == {"large", "medium", "small", "micro"}
    assert {"district_soe", "municipal_soe", "private"} <= set(Enterprise.objects.values_list("ownership", flat=True))


def test_employment_occupations_follow_the_industry(dinghai_demo):
    shipyard = Enterprise.objects.filter(industry__code="37").first()
    codes = set(Employment.objects.filter(enterprise=shipyard).values_list("occupation__code", flat=True))
    assert codes & {"6-23-02-01", "6-18-02-04", "6-23-02-02"}


# --- demo accounts --------------------------------------------------------------------------


def test_demo_accounts_have_the_right_roles_and_scopes(dinghai_demo):
    users = {user.username: user for user in User.objects.order_by("pk")}  # rows updated later (training binding) move in PostgreSQL's heap
    largest = Enterprise.objects.annotate(n=Count("employments", filter=Q(employments__end_date__isnull=True))) \
        .order_by("-n").first()
    assert users["bureau_admin"].role == Role.BUREAU_ADMIN
    assert users["bureau_staff"].role == Role.BUREAU_STAFF
    assert users["bureau_staff"].district.code == "330902"
    assert users["hr"].role == Role.ENTERPRISE_HR
    assert users["hr"].enterprise == largest
    assert users["hr2"].role == Role.ENTERPRISE_HR
    assert users["hr2"].enterprise not in {None, largest}
    assert users["worker"].role == Role.WORKER
    assert users["worker"].worker is not None
    assert users["trainer"].role == Role.TRAINING_INSTITUTION
    assert users["trainer"].organisation_name
    assert users["evaluator"].role == Role.EVALUATION_AGENCY
    assert users["evaluator"].organisation_name
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert [login.username for login in dinghai_demo.logins] == list(users)


def test_bureau_admin_uses_the_admin_by_permission_not_as_superuser(dinghai_demo):
    admin = User.objects.get(username="bureau_admin")
    assert admin.is_staff
    assert not admin.is_superuser
    assert admin.has_perm("registry.change_worker")
    assert admin.has_perm("registry.view_certificate")
    assert not admin.has_perm("accounts.change_user")


def test_demo_worker_has_every_kind_of_archive_record(dinghai_demo):
    worker = User.objects.get(username="worker").worker
    assert worker.employments.filter(end_date__isnull=True).exists()
    assert worker.employments.filter(end_date__isnull=False).exists()
    assert worker.certificates.count() >= 2
    assert worker.certificates.filter(evaluator_enterprise__isnull=False).exists()
    for related in ("trainings", "competition_results", "honours", "achievements"):
        assert getattr(worker, related).exists(), related
    assert worker.honours.filter(title="定海名匠").exists()


def test_state_owned_firms_have_managers_for_the_pay_growth_comparison(dinghai_demo):
    # issue 10 item 2: without managers the SOE comparison (高技能人才工资增长不低于管理人员) was always empty
    from gongjiang.income.services import SOE_OWNERSHIPS, is_manager

    soe_posts = Employment.objects.filter(enterprise__ownership__in=SOE_OWNERSHIPS, end_date__isnull=True,
                                          is_second_job=False).values_list("enterprise_id", "occupation__code", "post")
    with_managers = {e for e, code, post in soe_posts if is_manager(code or "", post)}
    assert len(with_managers) >= 3
