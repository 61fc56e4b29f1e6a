"""Certificates of award and statements for banks and insurers, signed and verified by the
evaluation app's signer (ADR 0021, 0024): they verify offline with the published keys, a changed
byte fails, and the platform's record says valid or expired."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongjiang.competitions import services
from gongjiang.competitions.models import DocumentKind
from gongjiang.competitions.tests.factories import competition_make, enter, entrant_make, organiser_make
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.evaluation import credentials, keys
from gongjiang.evaluation.pdf import signed_pdf
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Honour

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(enterprise_a, bureau_staff):
    organiser = organiser_make()
    competition = competition_make(organiser, name="定海区焊工竞赛")
    winner = entrant_make(enterprise_a, grade=Grade.SENIOR, name="王冠军")
    enter(organiser, competition, winner)
    services.result_record(actor=organiser, competition=competition, id_number=winner.id_number_plain(), rank=1,
                           award="first")
    services.results_publish(actor=organiser, competition=competition, today=date(2025, 6, 2))
    services.results_confirm(actor=bureau_staff, competition=competition, today=date(2025, 6, 20))
    return competition, winner, organiser


def test_a_result_certificate_verifies_offline_and_names_the_award_and_promotion(confirmed):
    competition, _winner, organiser = confirmed
    document = services.result_certificate_issue(actor=organiser, result=competition.results.get())
    # offline: the evaluation app's verifier and the published keys, no database needed
    verdict = credentials.credential_verify(document.credential, keys.published_keys())
    assert verdict.valid
    claims = verdict.claims
    assert (claims["name"], claims["award"], claims["title"], claims["grade"]) == ("王*军", "一等奖", "技术能手",
                                                                                   "技师（二级）")
    assert claims["doc"] == "竞赛获奖证书"
    assert document.number.startswith("JSZ")
    # online: the platform's record agrees; a second issue returns the same certificate
    assert services.document_verify(document.credential.encode())["status"] == "valid"
    assert services.result_certificate_issue(actor=organiser, result=competition.results.get()).pk == document.pk


def test_a_certificate_before_the_results_are_confirmed_is_refused(enterprise_a):
    organiser = organiser_make()
    competition = competition_make(organiser)
    worker = entrant_make(enterprise_a)
    enter(organiser, competition, worker)
    result = services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                                    rank=1, award="first")
    with pytest.raises(DomainError, match="成绩确认后才能出具获奖证书"):
        services.result_certificate_issue(actor=organiser, result=result)


def test_a_changed_claim_fails_verification(confirmed):
    competition, _winner, organiser = confirmed
    document = services.result_certificate_issue(actor=organiser, result=competition.results.get())
    head, body, sig = document.credential.split(".")
    forged = credentials.b64url(credentials.b64url_decode(body).replace("一等奖".encode(), "特等奖".encode()))
    assert services.document_verify(f"{head}.{forged}.{sig}".encode())["status"] == "invalid"


def test_the_signed_pdf_verifies_and_a_changed_byte_fails(confirmed, bureau_staff):
    competition, _winner, organiser = confirmed
    document = services.result_certificate_issue(actor=organiser, result=competition.results.get())
    data = signed_pdf(title="竞赛获奖证书", document_title=document.number, on=document.claims["date"],
                      rows=[("名　　称", document.holder), ("奖　　项", "一等奖")], credential=document.credential,
                      link="https://example.invalid/competitions/verify/", key=keys.signing_key())
    assert services.document_verify(data)["status"] == "valid"
    index = data.index("一等奖".encode("utf-16-be")) if "一等奖".encode("utf-16-be") in data else len(data) // 2
    tampered = data[:index] + bytes([data[index] ^ 1]) + data[index + 1:]
    assert services.document_verify(tampered)["status"] == "invalid"


def test_a_worker_statement_states_grade_and_titles_for_a_bank(confirmed, bureau_staff):
    _competition, winner, _organiser = confirmed
    Honour.objects.create(worker=winner, title="定海名匠", level="district", awarded_on=date(2025, 9, 1))
    document = services.worker_statement_issue(actor=bureau_staff, worker=winner)
    claims = credentials.credential_verify(document.credential, keys.published_keys()).claims
    assert claims["grade"] == "技师（二级）"  # the promotion the competition gave
    assert claims["titles"] == ["定海名匠", "技术能手"]
    assert "*" in claims["id"]
    assert "*" in claims["name"]
    assert document.valid_until == timezone.localdate() + timedelta(days=90)


def test_an_expired_statement_says_so(enterprise_a, employee_a, bureau_staff):
    document = services.enterprise_statement_issue(actor=bureau_staff, enterprise=enterprise_a,
                                                   today=timezone.localdate() - timedelta(days=91))
    assert document.kind == DocumentKind.ENTERPRISE_STATEMENT
    verdict = services.document_verify(document.credential.encode())
    assert verdict["status"] == "expired"
    assert verdict["claims"]["employees"] >= 1
    assert verdict["claims"]["skilled_ratio"].endswith("%")


def test_enterprise_hr_may_not_issue_statements(hr_a, enterprise_a, employee_a):
    with pytest.raises(PermissionDenied):
        services.enterprise_statement_issue(actor=hr_a, enterprise=enterprise_a)


def test_an_awarded_honour_gets_a_certificate(hr_a, bureau_staff, enterprise_a):
    from gongjiang.competitions.tests.factories import programme

    worker = entrant_make(enterprise_a, name="赵名匠")
    nomination = services.nomination_create(actor=hr_a, programme=programme(), id_number=worker.id_number_plain(),
                                            name=worker.name, reason="带徒12人", today=date(2025, 7, 1))
    services.nomination_review(actor=bureau_staff, nomination=nomination, approve=True, today=date(2025, 7, 1))
    with pytest.raises(DomainError, match="授予后才能出具荣誉证书"):
        services.honour_certificate_issue(actor=bureau_staff, nomination=nomination)
    services.nomination_award(actor=bureau_staff, nomination=nomination, today=date(2025, 8, 1))
    document = services.honour_certificate_issue(actor=bureau_staff, nomination=nomination)
    claims = credentials.credential_verify(document.credential, keys.published_keys()).claims
    assert (claims["honour"], claims["name"], claims["awarded"]) == ("定海名匠", "赵*匠", "2025-08-01")
