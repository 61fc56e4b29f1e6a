"""The fast paths of the worker import (ADR 0007 §Speed) give exactly what the plain paths give:
bulk sealing is `core.crypto`'s format, COPY text keeps every character of a value, and writing
batches on the background thread keeps the per-batch transactions and crash semantics."""

import dataclasses

import pytest
from django.db import connection
from django.utils import timezone

from gongjiang.core import crypto
from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, WriteResult, kind_get
from gongjiang.ingest.parsing import resident_id_info
from gongjiang.ingest.sealing import BatchSealer
from gongjiang.ingest.tests.factories import WORKER_HEADERS, crashing_kind, csv_write, worker_row
from gongjiang.ingest.writers import workers_write
from gongjiang.registry.models import Worker
from gongjiang.registry.tests.factories import id_number_make


def test_bulk_lookup_hash_equals_the_crypto_lookup_hash(settings):
    number = id_number_make(seq=11)
    assert BatchSealer().lookup_hash(number) == crypto.lookup_hash(number)


def test_bulk_sealed_value_opens_with_crypto_unseal():
    sealed = BatchSealer(1).seal("13900001111")
    assert crypto.unseal(sealed) == "13900001111"


def test_bulk_sealing_uses_a_fresh_nonce_for_every_value_even_past_its_pool():
    sealer = BatchSealer(1)
    nonces = {sealer.seal("同一个值")[1:13] for _ in range(600)}
    assert len(nonces) == 600


def test_copy_text_sealing_is_the_hex_of_a_sealed_value_crypto_opens():
    text = BatchSealer(1).seal_copy_text("13900001111")
    assert text.startswith("\\\\x")
    assert crypto.unseal(bytes.fromhex(text[3:])) == "13900001111"


def test_empty_value_is_sealed_as_empty_in_copy_text():
    assert (BatchSealer().seal(""), BatchSealer().seal_copy_text("")) == (b"", "\\\\x")


def test_a_name_with_tab_backslash_and_newline_is_stored_exactly(bureau_admin):
    # On PostgreSQL this goes through the hand-formatted COPY text; elsewhere through INSERT.
    number = id_number_make(seq=12)
    name = "王\t小\\明\n二"
    row = {"id_number": number, "name": name, "phone": "0580-1234567", "ss_card": "A\\1\t2",
           "residence_district": None, "discoverable": True, "id_number__info": resident_id_info(number), "_line": 2}
    workers_write([row], ImportContext(kind=kind_get("workers"), actor=bureau_admin, today=timezone.localdate()))
    worker = Worker.objects.get()
    assert (worker.name, worker.id_number_plain(), crypto.unseal(worker.phone_sealed), crypto.unseal(worker.ss_card_sealed),
            worker.discoverable, worker.residence_district_id) == (name, number, "0580-1234567", "A\\1\t2", True, None)


def test_workers_imported_by_an_all_seeing_actor_match_the_file(bureau_admin, tmp_path):
    # bureau_admin sees everyone: on PostgreSQL the batches are written on the background thread.
    rows = [worker_row() for _ in range(7)]
    kind = kind_get("workers")
    small = dataclasses.replace(kind, batch_size=2)
    outcome = import_file(kind=small, path=csv_write(tmp_path / "w.csv", [WORKER_HEADERS, *rows]), actor=bureau_admin)
    assert (outcome.created, outcome.rejected) == (7, 0)
    assert sorted(w.id_number_plain() for w in Worker.objects.all()) == sorted(row[0] for row in rows)


def test_progress_is_reported_through_the_background_writer(bureau_admin, tmp_path):
    seen: list[int] = []
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, *[worker_row() for _ in range(3)]])
    import_file(kind=kind_get("workers"), path=path, actor=bureau_admin, progress=seen.append)
    assert seen == [3]


def test_a_crash_in_a_background_batch_is_raised_and_no_later_batch_is_written(bureau_admin, tmp_path):
    written: list = []
    path = csv_write(tmp_path / "n.csv", [["编号"], *[[n] for n in range(1, 10)]])
    with pytest.raises(RuntimeError, match="third batch"):
        import_file(kind=crashing_kind(written, background=True), path=path, actor=bureau_admin)
    assert written == [1, 2, 3, 4, 5, 6]


def test_the_connection_is_usable_after_a_background_import(bureau_admin, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()])
    import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_registered_worker_after_new_batches_is_corrected_not_duplicated(bureau_admin, tmp_path):
    # After batches of only new workers, PostgreSQL copies the next batches straight in; a batch
    # holding a registered worker must still come out as "created 1, updated 1" with one record each.
    registered = worker_row()
    import_file(kind=kind_get("workers"), path=csv_write(tmp_path / "a.csv", [WORKER_HEADERS, registered]),
                actor=bureau_admin)
    changed = [registered[0], registered[1], "13911112222", registered[3]]
    new = [worker_row() for _ in range(5)]
    rows = [new[0], new[1], new[2], new[3], new[4], changed]
    small = dataclasses.replace(kind_get("workers"), batch_size=2)
    outcome = import_file(kind=small, path=csv_write(tmp_path / "b.csv", [WORKER_HEADERS, *rows]), actor=bureau_admin)
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.rejected) == (5, 1, 0, 0)
    assert Worker.objects.count() == 6
    worker = Worker.objects.get(id_number_hash=crypto.lookup_hash(registered[0]))
    assert crypto.unseal(worker.phone_sealed) == "13911112222"
    again = import_file(kind=small, path=csv_write(tmp_path / "c.csv", [WORKER_HEADERS, *rows]), actor=bureau_admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_the_garbage_collector_setting_is_restored_after_an_import_even_a_failed_one(bureau_admin, tmp_path):
    import gc

    seen: list[tuple[int, int, int]] = []

    def validate(row, ctx):
        seen.append(gc.get_threshold())
        return row

    before = gc.get_threshold()
    kind = ImportKind(name="gc_test", label="test", columns=[Column("n", "编号", required=True, kind="int")],
                      natural_key="n", validate_row=validate, write_batch=lambda rows, ctx: WriteResult(created=len(rows)))
    import_file(kind=kind, path=csv_write(tmp_path / "n.csv", [["编号"], [1]]), actor=bureau_admin)
    assert seen[0][0] >= 50_000
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError):
        import_file(kind=crashing_kind([], background=True), path=csv_write(tmp_path / "m.csv", [["编号"], *[[n] for n in range(9)]]),
                    actor=bureau_admin)
    assert gc.get_threshold() == before
