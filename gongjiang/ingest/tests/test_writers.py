"""The bulk insert path (ADR 0007): rows that someone else inserted meanwhile are skipped, never an error."""

from django.utils import timezone

from gongjiang.ingest.parsing import resident_id_info
from gongjiang.ingest.writers import WORKER_FIELDS, _worker_values, rows_insert
from gongjiang.registry.models import Worker
from gongjiang.registry.tests.factories import WorkerFactory, id_number_make


def _values(number: str, name: str) -> tuple:
    from gongjiang.core import crypto

    row = {"id_number": number, "name": name, "id_number__info": resident_id_info(number)}
    return _worker_values(row, crypto.lookup_hash(number), timezone.now())


def test_insert_skips_a_row_inserted_concurrently_and_writes_the_others(db):
    taken = id_number_make(seq=401)
    WorkerFactory(id_number=taken, name="先到")
    fresh = id_number_make(seq=402)
    rows_insert(Worker, WORKER_FIELDS, [_values(taken, "后到"), _values(fresh, "新人")], conflict=("id_number_hash",))
    assert sorted(Worker.objects.values_list("name", flat=True)) == ["先到", "新人"]


def test_inserted_worker_reads_back_like_one_saved_by_the_model(db):
    number = id_number_make(seq=403)
    rows_insert(Worker, WORKER_FIELDS, [_values(number, "读回")], conflict=("id_number_hash",))
    worker = Worker.objects.get()
    assert (worker.id_number_plain(), worker.id_number_masked, worker.sex) == (number, number[:4] + "*" * 10 + number[-4:], "M")
