"""Evaluation results in notice (公示) for anyone (issue 16, R9.2; ADR 0026): the people who
passed, name and ID number masked, no score; gone once the notice is over."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongjiang.evaluation import selectors, services
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder
from gongjiang.reference.grades import Grade
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

pytestmark = pytest.mark.django_db
EXAM = date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _candidate(staff, batch, enterprise, name, score):
    worker = EmploymentFactory(enterprise=enterprise, worker__name=name).worker
    CertificateFactory(worker=worker, occupation=welder(), grade=Grade.INTERMEDIATE, issued_on=date(2015, 1, 1))
    candidate = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=name)
    services.score_record(actor=staff, batch=batch, candidate_id=candidate.pk, theory=score, practical=score)
    return worker


@pytest.fixture
def batch_in_notice(enterprise_a):
    staff = agency_user(agency_make())
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=EXAM, site="实训基地")
    passed = _candidate(staff, batch, enterprise_a, "周建华", "86")
    failed = _candidate(staff, batch, enterprise_a, "吴国平", "40")
    services.batch_publish(actor=staff, batch=batch, today=EXAM)
    batch.refresh_from_db()
    return batch, passed, failed


def test_anyone_sees_who_passed_masked_and_not_who_failed(batch_in_notice):
    batch, passed, failed = batch_in_notice
    listed = selectors.results_in_notice(on=EXAM)
    assert [p["name"] for b in listed for p in b["passed"]] == ["周*华"]
    assert listed[0]["passed"][0]["id_masked"] == passed.id_number_masked
    assert listed[0]["notice_until"] == batch.notice_until


def test_the_notice_page_opens_without_logging_in_and_shows_no_score_nor_full_id(batch_in_notice, settings):
    _batch, passed, failed = batch_in_notice
    response = Client().get(reverse("evaluation:results_notice"))
    assert response.status_code == 200
    page = response.content.decode()
    for secret in (passed.name, passed.id_number_plain(), failed.name, "86.0", "吴*平"):
        assert secret not in page


def test_a_notice_whose_deadline_has_passed_is_not_listed(batch_in_notice):
    batch, _passed, _failed = batch_in_notice
    assert selectors.results_in_notice(on=batch.notice_until + timedelta(days=1)) == []
