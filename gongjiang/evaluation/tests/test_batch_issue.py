"""Issuing a batch set-based (issue 13 "Measure"; R4.2): the registry's copies of a whole batch are
checked first and written together, so one wrong row refuses the batch, naming the candidate, and
nothing is written; a good batch leaves a certificate, an audit row and a fresh search document per
candidate, and the incentives engine counts the certificates in its next run."""

import json
from datetime import date
from decimal import Decimal

import pytest

from gongjiang.audit.models import AuditEvent
from gongjiang.core.errors import DomainError
from gongjiang.evaluation import credentials, keys, services
from gongjiang.evaluation.models import BatchStatus, IssuedCertificate, NumberSerial
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate
from gongjiang.search.models import WorkerSearchDoc

pytestmark = pytest.mark.django_db
MONDAY = date(2025, 9, 1)
ISSUE_DAY = date(2025, 9, 9)


@pytest.fixture
def staff(dinghai):
    return agency_user(agency_make())


def _published_batch(staff, names):
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="定海实训基地")
    workers = []
    for name in names:
        worker = welder_make(name=name)
        c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
        services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="80")
        workers.append(worker)
    services.batch_publish(actor=staff, batch=batch, today=MONDAY)
    return batch, workers


def test_one_bad_row_refuses_the_whole_batch_naming_the_candidate(staff, monkeypatch):
    # given a batch of three whose second number carries the wrong level digit (4 = 中级工, not 3)
    batch, _workers = _published_batch(staff, ["王一", "李二", "赵三"])
    allocate = services._numbers_allocate

    def numbers_with_a_bad_one(*args, **kwargs):
        numbers = allocate(*args, **kwargs)
        numbers[1] = numbers[1][:15] + "4" + numbers[1][16:]
        return numbers

    monkeypatch.setattr(services, "_numbers_allocate", numbers_with_a_bad_one)
    certificates, audit_rows = Certificate.objects.count(), AuditEvent.objects.count()
    # when the batch is issued
    with pytest.raises(DomainError, match="考生 李二") as refused:
        services.batch_issue(actor=staff, batch=batch, today=ISSUE_DAY)
    # then the message says what is wrong with which number, and nothing at all was written
    assert "等级" in refused.value.message
    assert Certificate.objects.count() == certificates
    assert not IssuedCertificate.objects.exists()
    assert AuditEvent.objects.count() == audit_rows
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IN_NOTICE
    assert not NumberSerial.objects.filter(last__gt=0).exists()  # the numbers go back too


def test_a_number_already_in_an_archive_refuses_the_batch(staff, monkeypatch):
    batch, _workers = _published_batch(staff, ["王一", "李二"])
    allocate = services._numbers_allocate

    def numbers_then_taken(*args, **kwargs):
        numbers = allocate(*args, **kwargs)
        Certificate.objects.filter(worker__name="王一").update(number=numbers[0])  # imported meanwhile
        return numbers

    monkeypatch.setattr(services, "_numbers_allocate", numbers_then_taken)
    with pytest.raises(DomainError, match=r"考生 王一：证书编号 \S+ 已被使用"):
        services.batch_issue(actor=staff, batch=batch, today=ISSUE_DAY)
    assert not IssuedCertificate.objects.exists()


def test_three_candidates_give_three_archive_certificates_audit_rows_and_search_documents(
        staff, django_capture_on_commit_callbacks):
    # given a published batch of three passed candidates
    batch, workers = _published_batch(staff, ["王一", "李二", "赵三"])
    before = AuditEvent.objects.filter(object_type="certificate").count()
    # when the batch is issued (and its transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.batch_issue(actor=staff, batch=batch, today=ISSUE_DAY)
    # then each worker's archive holds the new 高级工 certificate under its number
    assert [c.worker.name for c in issued] == ["王一", "李二", "赵三"]
    archive = Certificate.objects.filter(number__in=[c.number for c in issued])
    assert {(c.worker_id, c.grade) for c in archive} == {(w.pk, Grade.SENIOR) for w in workers}
    assert {c.registry_certificate_id for c in issued} == {c.pk for c in archive}
    # one audit row per certificate, saying who got which number from whom
    rows = AuditEvent.objects.filter(object_type="certificate").order_by("id")[before:]
    assert [r.summary for r in rows] == [f"颁发证书 {c.number} 给 {c.worker.name}（舟山海工职业技能评价中心）"
                                         for c in issued]
    assert {r.actor_username for r in rows} == {staff.username}
    # the search documents say 高级工 now
    docs = WorkerSearchDoc.objects.filter(worker__in=workers)
    assert sorted(d.top_grade for d in docs) == [Grade.SENIOR] * 3
    # and each credential verifies and names its own row as its status-list index
    published_keys = keys.published_keys()
    for cert in issued:
        assert credentials.any_verify(cert.credential.encode(), published_keys).status == "valid"
        assert IssuedCertificate.objects.get(number=cert.number).credential == cert.credential
        claims = json.loads(credentials.b64url_decode(cert.credential.split(".")[1]))
        assert claims["no"] == cert.number
        assert claims["credentialStatus"]["statusListIndex"] == str(cert.pk)

def test_the_certificate_subsidy_counts_batch_issued_certificates(staff):
    from gongjiang.incentives.models import Decision
    from gongjiang.incentives.services import decisions_record
    from gongjiang.incentives.tests.factories import published

    batch, workers = _published_batch(staff, ["王一", "李二"])
    services.batch_issue(actor=staff, batch=batch, today=ISSUE_DAY)
    decisions_record(version=published("dinghai-2025-certificate-subsidy"), period_start=date(2025, 9, 1))
    decided = Decision.objects.filter(worker__in=workers, period_start=date(2025, 9, 1))
    assert sorted((d.eligible, d.amount) for d in decided) == [(True, Decimal("1600"))] * 2
