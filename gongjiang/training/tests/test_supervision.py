"""Supervision rules (R3.4): each finds its planted pattern, with a reason and evidence, and leaves
honest attendance alone; a confirmed finding blocks the trainee's subsidy."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError
from gongjiang.registry.tests.factories import WorkerFactory
from gongjiang.training import selectors, services, supervision
from gongjiang.training.models import Finding, FindingStatus, Rule
from gongjiang.training.tests.factories import aware, class_make, institution_make, site_make, trainer_make

pytestmark = pytest.mark.django_db


def _enrol(trainer, training_class, **worker):
    person = WorkerFactory(**worker)
    return services.trainee_enrol(actor=trainer, training_class=training_class, id_number=person.id_number_plain(),
                                  name=person.name)


def _attend(trainer, enrolment, day, *, shift=0, second=0):
    for start, end in ((8, 12), (13, 17)):
        services.checkin_record(actor=trainer, enrolment=enrolment,
                                checked_in_at=aware(day.year, day.month, day.day, start, shift, second),
                                checked_out_at=aware(day.year, day.month, day.day, end, shift, second))


def _honest_class(trainer, approved_class, n=3):
    enrolments = [_enrol(trainer, approved_class) for _ in range(n)]
    for i, enrolment in enumerate(enrolments):
        for d in range(5):
            _attend(trainer, enrolment, approved_class.start_date + timedelta(days=d), shift=i + 1, second=7 * i + d)
    return enrolments


def test_honest_attendance_gives_no_finding(trainer, approved_class):
    _honest_class(trainer, approved_class)
    assert supervision.supervision_run() == {name.__name__.removeprefix("rule_"): 0 for name in supervision.RULES}


def test_one_person_at_two_sites_at_once_is_found(trainer, approved_class, institution, programme):
    other_site = site_make(institution, name="盐仓校区")
    second = class_make(institution, other_site, programme, name="焊工夜班")
    enrolment = _enrol(trainer, approved_class, name="分身")
    again = services.trainee_enrol(actor=trainer, training_class=second, id_number=enrolment.worker.id_number_plain(),
                                   name="分身")
    _attend(trainer, enrolment, date(2025, 3, 3))
    services.checkin_record(actor=trainer, enrolment=again, checked_in_at=aware(2025, 3, 3, 9, 0),
                            checked_out_at=aware(2025, 3, 3, 10, 0))
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.TWO_SITES)
    assert "分身" in finding.reason
    assert "盐仓校区" in finding.reason
    assert {e["场地"] for e in finding.evidence} == {"临城校区", "盐仓校区"}


def test_checkins_outside_the_timetable_are_found(trainer, approved_class):
    enrolment = _enrol(trainer, approved_class, name="夜签")
    services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 4, 21, 0),
                            checked_out_at=aware(2025, 3, 4, 22, 0))
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.OUTSIDE_TIMETABLE)
    assert finding.evidence == [{"学员": "夜签", "签到": "2025-03-04 21:00:00", "签退": "2025-03-04 22:00:00"}]


def test_identical_checkin_sequences_are_found(trainer, approved_class):
    honest = _honest_class(trainer, approved_class, n=2)
    clicked = [_enrol(trainer, approved_class, name=f"机点{i}") for i in range(3)]
    for enrolment in clicked:
        for d in range(5):
            _attend(trainer, enrolment, approved_class.start_date + timedelta(days=d), shift=5)
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.IDENTICAL_SEQUENCE)
    assert set(finding.enrolments.values_list("pk", flat=True)) == {e.pk for e in clicked}
    assert not finding.enrolments.filter(pk__in=[e.pk for e in honest]).exists()
    assert "精确到秒完全相同" in finding.reason


def test_a_completion_with_hours_short_is_found(trainer, approved_class):
    enrolment = _enrol(trainer, approved_class, name="缺课")
    _attend(trainer, enrolment, approved_class.start_date)
    services.completion_record(actor=trainer, enrolment=enrolment, completed_on=approved_class.end_date,
                               exam_passed=True)
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.HOURS_SHORT)
    assert "实到 8.0 学时" in finding.reason
    assert "计划 40 学时" in finding.reason


def test_a_trainee_past_retirement_age_is_found(trainer, approved_class):
    _enrol(trainer, approved_class, name="老者", birth_date=date(1955, 1, 1))
    _enrol(trainer, approved_class, name="青年", birth_date=date(1995, 1, 1))
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.PAST_RETIREMENT_AGE)
    assert finding.evidence == [{"学员": "老者", "开班时年龄": 70}]


def test_the_same_person_twice_in_one_programme_is_found(trainer, approved_class, institution, site, programme):
    later = class_make(institution, site, programme, start=date(2025, 6, 2), name="焊工二期")
    enrolment = _enrol(trainer, approved_class, name="回头客")
    services.trainee_enrol(actor=trainer, training_class=later, id_number=enrolment.worker.id_number_plain(),
                           name="回头客")
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.REPEATED_PROGRAMME)
    assert "先后 2 次" in finding.reason
    assert finding.training_class == later


def test_the_modified_z_score_flags_only_the_far_value():
    median, mad, scores = supervision.modified_z({i: Decimal(v) for i, v in enumerate(
        ["0.80", "0.82", "0.78", "0.85", "0.79", "1.00"])})
    assert median == Decimal("0.81")
    assert mad == Decimal("0.025")
    assert [k for k, z in scores.items() if abs(z) > supervision.OUTLIER_Z] == [5]


def test_an_institution_whose_pass_rate_is_far_from_its_peers_is_found(programme, dinghai):
    for n in range(6):
        institution = institution_make(name=f"机构{n}")
        trainer = trainer_make(institution, username=f"t{n}")
        training_class = class_make(institution, site_make(institution), programme)
        passing = [15, 15, 16, 15, 14, 20][n]  # of 20: 75%, 75%, 80%, 75%, 70% and 100%
        for i in range(20):
            enrolment = _enrol(trainer, training_class)
            services.completion_record(actor=trainer, enrolment=enrolment, completed_on=training_class.end_date,
                                       exam_passed=i < passing)
    supervision.supervision_run()
    finding = Finding.objects.get(rule=Rule.INSTITUTION_OUTLIER)
    assert finding.institution.name == "机构5"
    assert "100%" in finding.reason
    assert "稳健 z 值" in finding.reason


def test_running_again_keeps_a_closed_finding_closed(trainer, approved_class, bureau_admin):
    enrolment = _enrol(trainer, approved_class, name="夜签")
    services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 4, 21, 0))
    supervision.supervision_run()
    finding = Finding.objects.get()
    supervision.finding_review(actor=bureau_admin, finding=finding, status=FindingStatus.CLEARED,
                               outcome="临时调课，有书面通知")
    supervision.supervision_run()
    assert Finding.objects.get().status == FindingStatus.CLEARED


def test_a_confirmed_finding_blocks_the_trainees_it_names(trainer, approved_class, bureau_admin):
    enrolment = _enrol(trainer, approved_class, name="夜签")
    services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 4, 21, 0))
    supervision.supervision_run()
    assert selectors.blocked_enrolment_ids() == set()
    supervision.finding_review(actor=bureau_admin, finding=Finding.objects.get(), status=FindingStatus.CONFIRMED,
                               outcome="走访核实：当晚未开课")
    assert selectors.blocked_enrolment_ids() == {enrolment.pk}


def test_a_review_without_an_outcome_is_refused(trainer, approved_class, bureau_admin):
    enrolment = _enrol(trainer, approved_class)
    services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 4, 21, 0))
    supervision.supervision_run()
    with pytest.raises(DomainError) as error:
        supervision.finding_review(actor=bureau_admin, finding=Finding.objects.get(), status=FindingStatus.CONFIRMED,
                                   outcome=" ")
    assert error.value.field == "outcome"
