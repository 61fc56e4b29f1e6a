"""`core.bulk.rows_insert`: every object saved with its id and the values Django would write (a
COPY on PostgreSQL, bulk_create elsewhere); a unique value taken arrives as Django's IntegrityError
and leaves nothing behind."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.core.bulk import rows_insert
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate, CertificateKind
from gongjiang.registry.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db


def _certificate(worker, number):
    return Certificate(worker=worker, number=number, kind=CertificateKind.SKILL_GRADE, grade=Grade.SENIOR,
                       issuer="测试评价中心", issued_on=date(2025, 9, 9))


def test_rows_get_ids_and_the_values_django_writes():
    worker = WorkerFactory()
    certs = rows_insert(Certificate, [_certificate(worker, f"S00003309010125300000{i}") for i in (1, 2)])
    events = rows_insert(AuditEvent, [AuditEvent(action=AuditAction.CHANGE, object_type="certificate",
                                                 object_id=str(c.pk), detail={"n": [1, "二"]}) for c in certs])
    stored = Certificate.objects.filter(pk__in=[c.pk for c in certs]).order_by("pk")
    assert [(c.number, c.grade, c.kind, c.worker_id, c.created_at is not None) for c in stored] == [
        (f"S00003309010125300000{i}", Grade.SENIOR, "skill_grade", worker.pk, True) for i in (1, 2)]
    assert [e.detail for e in AuditEvent.objects.filter(pk__in=[e.pk for e in events])] == [{"n": [1, "二"]}] * 2


def test_a_unique_value_taken_is_an_integrity_error_and_nothing_is_kept():
    worker = WorkerFactory()
    rows_insert(Certificate, [_certificate(worker, "S000033090101253000001")])
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Certificate, [_certificate(worker, "S000033090101253000002"),
                                  _certificate(worker, "S000033090101253000001")])
    assert list(Certificate.objects.filter(worker=worker).values_list("number", flat=True)) == [
        "S000033090101253000001"]
