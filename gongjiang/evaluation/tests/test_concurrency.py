"""Certificate numbers under concurrency: two batches of one agency issued at the same moment from
two connections never share a number (the serial row is locked, SELECT … FOR UPDATE). On
PostgreSQL the two run truly in parallel; SQLite allows one writer at a time, so there they run
one after the other and the test checks the same outcome.

Only on PostgreSQL is the test transactional (the threads need committed rows); its flush would
remove the reference data the migrations loaded, so the rows are serialised and restored
(`serialized_rollback`). SQLite's flush cannot run at all: the audit log's append-only trigger
refuses the DELETE."""

import threading
from datetime import date

import pytest
from django.conf import settings
from django.db import close_old_connections, connection

from gongjiang.evaluation import services
from gongjiang.evaluation.models import IssuedCertificate
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.django_db(transaction=ON_POSTGRES, serialized_rollback=ON_POSTGRES)
def test_parallel_issues_never_share_a_number(dinghai):
    staff = agency_user(agency_make())
    batches = []
    for b in range(2):
        batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR,
                                    exam_date=date(2025, 8, 20), site="基地")
        for i in range(15):
            w = welder_make(name=f"并发{b}{i}")
            c = services.candidate_add(actor=staff, batch=batch, id_number=w.id_number_plain(), name=w.name)
            services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
        services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
        batches.append(batch)
    start, errors = threading.Barrier(2), []

    def issue(batch):
        try:
            start.wait()
            services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=issue, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        for batch in batches:
            services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))
    assert not errors
    numbers = list(IssuedCertificate.objects.values_list("number", flat=True))
    assert len(numbers) == 30
    assert len(set(numbers)) == 30
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 31))
