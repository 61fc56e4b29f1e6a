"""Evaluation services: eligibility by the cited rules, scope and status refusals, the batch from
planning to certificates in the worker's archive, revocation (R4.1–R4.2)."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.evaluation import services
from gongjiang.evaluation.models import AgencyStatus, BatchStatus, CertificateStatus, ResultStatus
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.identity import certificate_number_parse
from gongjiang.reference.grades import Grade
from gongjiang.registry import selectors as registry_selectors
from gongjiang.registry.models import Certificate

pytestmark = pytest.mark.django_db
MONDAY = date(2025, 9, 1)


@pytest.fixture
def agency(dinghai):
    return agency_make()


@pytest.fixture
def staff(agency):
    return agency_user(agency)


def _batch(staff, exam=date(2025, 8, 20)):
    return services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=exam, site="定海实训基地")


def test_the_2018_rules_are_data_with_citations():
    from gongjiang.evaluation.models import EligibilityRule

    rules = EligibilityRule.objects.filter(occupation__code="6-31-01-03", route="years")
    assert {(r.grade, r.previous_grade, r.years) for r in rules} == {
        (2, None, 1), (3, 2, 4), (3, None, 6), (4, 3, 5), (5, 4, 4), (6, 5, 4)}
    assert all("2018年版" in r.citation for r in rules)


def test_a_candidate_not_yet_eligible_is_told_from_when(dinghai):
    worker = welder_make(four_on=date(2022, 6, 30))
    check = services.eligibility_check(worker=worker, occupation=welder(), grade=Grade.SENIOR, on=date(2025, 8, 20))
    assert not check.eligible
    assert "2027-06-30起可申报" in check.reason
    assert "中级工（四级）" in check.reason


def test_an_eligible_candidate_names_the_route_and_citation(dinghai):
    worker = welder_make(four_on=date(2019, 6, 30))
    check = services.eligibility_check(worker=worker, occupation=welder(), grade=Grade.SENIOR, on=date(2025, 8, 20))
    assert check.eligible
    assert "焊工" in check.reason
    assert "2018年版" in check.reason


def test_a_grade_outside_the_agency_scope_is_refused(staff):
    with pytest.raises(DomainError, match="不在本机构备案的评价范围内"):
        services.batch_plan(actor=staff, occupation=welder(), grade=Grade.TECHNICIAN, exam_date=MONDAY, site="x")


def test_a_suspended_agency_cannot_plan(staff, agency, bureau_admin):
    services.agency_status_set(actor=bureau_admin, agency=agency, status=AgencyStatus.SUSPENDED, reason="抽查不合格")
    with pytest.raises(DomainError, match="暂停评价.*抽查不合格"):
        _batch(staff)


def test_only_the_bureau_files_agencies(staff, dinghai):
    with pytest.raises(PermissionDenied, match="人社局备案"):
        services.agency_file(actor=staff, name="x", kind="social", site_code="090199", district=dinghai)


def test_bad_scores_are_refused_in_chinese(staff):
    batch = _batch(staff)
    worker = welder_make()
    candidate = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    with pytest.raises(DomainError, match="0–100"):
        services.score_record(actor=staff, batch=batch, candidate_id=candidate.pk, theory="105", practical="70")
    with pytest.raises(DomainError, match="数字"):
        services.score_record(actor=staff, batch=batch, candidate_id=candidate.pk, theory="七十", practical="70")


def test_a_wrong_name_for_the_id_number_is_refused(staff):
    batch = _batch(staff)
    worker = welder_make()
    with pytest.raises(DomainError, match="姓名与登记的不一致"):
        services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name="李四")


def test_certificates_wait_for_the_five_working_day_notice(staff):
    batch = _batch(staff)
    worker = welder_make()
    c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="80", practical="75")
    # 1–8 October 2025 is the National Day holiday and Saturday 11 October a make-up working day:
    # five working days from 30 September are 9, 10, 11, 13 and 14 October.
    batch = services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 30))
    assert batch.notice_until == date(2025, 10, 14)
    with pytest.raises(DomainError, match="公示期至 2025-10-14"):
        services.batch_issue(actor=staff, batch=batch, today=date(2025, 10, 14))


def test_batch_to_certificate_in_the_archive_end_to_end(staff, agency):
    """Given a planned batch with an eligible and an ineligible candidate, when scores are
    recorded, results published, and certificates issued after the 公示, then the passed worker's
    archive holds the certificate with a valid national number, and the deadline is set."""
    batch = _batch(staff)
    ok, early, failed = welder_make(name="王合格"), welder_make(name="李太早", four_on=date(2023, 1, 1)), \
        welder_make(name="赵不过")
    for worker in (ok, early, failed):
        services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    by_name = {c.worker.name: c for c in batch.candidates.all()}
    assert not by_name["李太早"].eligible
    services.score_record(actor=staff, batch=batch, candidate_id=by_name["王合格"].pk, theory="88", practical="72.5")
    services.score_record(actor=staff, batch=batch, candidate_id=by_name["赵不过"].pk, theory="88", practical="59")
    services.batch_publish(actor=staff, batch=batch, today=MONDAY)
    issued = services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))

    assert [c.worker.name for c in issued] == ["王合格"]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ISSUED
    assert batch.report_due == date(2025, 9, 16)  # social organisation: 5 working days
    by_name["赵不过"].refresh_from_db()
    assert by_name["赵不过"].result == ResultStatus.FAILED
    number = issued[0].number
    parsed = certificate_number_parse(number)
    assert parsed is not None
    assert number.startswith("S0000330901012530")
    archive = Certificate.objects.get(number=number)
    assert archive.worker == ok
    assert archive.grade == Grade.SENIOR
    assert archive.issuer == agency.name
    assert registry_selectors.worker_top_grade(ok) == Grade.SENIOR


def test_numbers_never_repeat_across_batches(staff):
    numbers = []
    for _ in range(2):
        batch = _batch(staff)
        for i in range(2):
            w = welder_make(name=f"焊工{len(numbers)}{i}")
            c = services.candidate_add(actor=staff, batch=batch, id_number=w.id_number_plain(), name=w.name)
            services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
        services.batch_publish(actor=staff, batch=batch, today=MONDAY)
        numbers += [c.number for c in services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))]
    assert len(set(numbers)) == 4
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003", "000004"]


def test_revoking_takes_the_certificate_out_of_the_archive(staff, bureau_admin):
    batch = _batch(staff)
    w = welder_make()
    c = services.candidate_add(actor=staff, batch=batch, id_number=w.id_number_plain(), name=w.name)
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=MONDAY)
    cert = services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))[0]
    with pytest.raises(DomainError, match="撤销原因"):
        services.certificate_revoke(actor=bureau_admin, certificate=cert, reason=" ")
    services.certificate_revoke(actor=bureau_admin, certificate=cert, reason="考试作弊")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED
    assert not Certificate.objects.filter(number=cert.number).exists()
    with pytest.raises(DomainError, match="已于"):
        services.certificate_revoke(actor=staff, certificate=cert, reason="重复")


def test_pass_mark_is_decimal(staff):
    assert _batch(staff).pass_mark == Decimal("60")
