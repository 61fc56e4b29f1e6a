"""`gongjiang keys rotate`: re-seal every sealed column and re-hash every look-up hash under a new
data key, resumably, with the old key still accepted until it finishes (issue 18 §3, R9.1)."""

import pytest
from cryptography.exceptions import InvalidTag
from django.core.management import call_command

from gongjiang.core import crypto
from gongjiang.core.errors import DomainError
from gongjiang.ingest.models import ImportJob, ImportStatus
from gongjiang.ingest.tests.factories import WORKER_HEADERS, csv_write, worker_row
from gongjiang.operations.models import KeyRotation
from gongjiang.operations.services.keys import keys_rotate, keys_verify
from gongjiang.registry import services as registry_services
from gongjiang.registry.models import Worker
from gongjiang.registry.selectors import worker_list
from gongjiang.registry.tests.factories import WorkerFactory, id_number_make

OLD = "11" * 32
NEW = "22" * 32


def _exit_code(*args) -> int:
    try:
        call_command("keys", *args)
    except SystemExit as exc:
        return exc.code
    return 0


@pytest.fixture
def registry(db, settings):
    """Seven workers sealed under the old key: ID number, social security card, phone."""
    settings.GONGJIANG_DATA_KEY, settings.GONGJIANG_DATA_KEY_PREVIOUS = OLD, ""
    people = {}
    for seq in range(7):
        number = id_number_make(seq=300 + seq)
        worker = WorkerFactory(id_number=number)
        worker.set_ss_card(f"A{seq:08d}")
        worker.set_phone(f"1390000{seq:04d}")
        worker.save()
        people[worker.pk] = (number, f"A{seq:08d}", f"1390000{seq:04d}")
    return people


@pytest.fixture
def rotating(settings, registry):
    """The new key configured, the old one as previous: the state while a rotation runs."""
    settings.GONGJIANG_DATA_KEY, settings.GONGJIANG_DATA_KEY_PREVIOUS = NEW, OLD
    return registry


def _read_back() -> dict[int, tuple[str, str, str]]:
    return {w.pk: (w.id_number_plain(), w.ss_card_plain(), w.phone_plain()) for w in Worker.objects.all()}


def _found_by_id_number(people, bureau_admin) -> bool:
    return all(registry_services.worker_find(id_number=number).pk == pk
               and list(worker_list(actor=bureau_admin, text=number).values_list("pk", flat=True)) == [pk]
               for pk, (number, _ss, _phone) in people.items())


def test_interrupted_rotation_resumes_and_everything_reads_back_under_the_new_key_alone(
        rotating, settings, bureau_admin, capsys):
    # Given a registry sealed under the old key and the new key configured beside it
    assert _read_back() == rotating
    assert _found_by_id_number(rotating, bureau_admin)
    # When the rotation is interrupted after one batch of 3
    assert _exit_code("rotate", "--batch-size", "3", "--stop-after", "1") == 0
    assert "已暂停" in capsys.readouterr().out
    rotation = KeyRotation.objects.get()
    assert (rotation.rows_done, rotation.rows_total, rotation.finished_at) == (3, 7, None)
    # Then rotated and not yet rotated rows both read back and are found by ID number
    assert _read_back() == rotating
    assert _found_by_id_number(rotating, bureau_admin)
    # When it is run again, it continues where it stopped and finishes
    assert _exit_code("rotate", "--batch-size", "3") == 0
    assert "密钥更换完成：本次处理 4 行" in capsys.readouterr().out
    rotation.refresh_from_db()
    assert rotation.rows_done == 7
    assert rotation.finished_at is not None
    # Then with the old key removed everything still reads back and is found by ID number
    settings.GONGJIANG_DATA_KEY_PREVIOUS = ""
    assert _read_back() == rotating
    assert _found_by_id_number(rotating, bureau_admin)
    assert keys_verify()[1] == []
    assert _exit_code("verify") == 0
    # And the old key alone opens nothing any more
    settings.GONGJIANG_DATA_KEY = OLD
    with pytest.raises(InvalidTag):
        Worker.objects.first().id_number_plain()


def test_a_finished_rotation_is_not_run_twice(rotating, capsys):
    assert keys_rotate(batch_size=100).finished
    assert _exit_code("rotate") == 0
    assert "无需再次运行" in capsys.readouterr().out
    assert KeyRotation.objects.get().rows_done == 7


def test_rotation_refuses_to_start_without_a_previous_key(registry, capsys):
    assert _exit_code("rotate") == 2
    assert "GONGJIANG_DATA_KEY_PREVIOUS" in capsys.readouterr().err
    assert not KeyRotation.objects.exists()


def test_rotation_stops_on_a_value_sealed_under_neither_key(registry, settings, capsys):
    settings.GONGJIANG_DATA_KEY, settings.GONGJIANG_DATA_KEY_PREVIOUS = NEW, "33" * 32
    assert _exit_code("rotate") == 1
    assert "用新旧两把密钥都无法解开" in capsys.readouterr().err
    settings.GONGJIANG_DATA_KEY, settings.GONGJIANG_DATA_KEY_PREVIOUS = OLD, ""
    assert len(_read_back()) == 7  # nothing was changed


def test_verify_finds_values_not_yet_rotated(registry, settings, capsys):
    settings.GONGJIANG_DATA_KEY, settings.GONGJIANG_DATA_KEY_PREVIOUS = NEW, OLD
    assert _exit_code("verify") == 1
    assert "不能用当前密钥解开" in capsys.readouterr().err


def test_registering_a_number_not_yet_rehashed_is_refused_as_a_duplicate(rotating, bureau_admin):
    number = next(iter(rotating.values()))[0]
    with pytest.raises(DomainError, match="已在人才库中登记"):
        registry_services.worker_register(actor=bureau_admin, id_number=number, name="重复")
    assert Worker.objects.count() == 7


def test_workers_registered_during_rotation_are_sealed_under_the_new_key(rotating, settings, bureau_admin):
    number = id_number_make(seq=400)
    worker = registry_services.worker_register(actor=bureau_admin, id_number=number, name="新登记")
    assert crypto.unseal_with(worker.id_number_sealed, NEW) == number
    keys_rotate(batch_size=4)
    settings.GONGJIANG_DATA_KEY_PREVIOUS = ""
    assert Worker.objects.get(pk=worker.pk).id_number_plain() == number
    assert registry_services.worker_find(id_number=number).pk == worker.pk


def test_imports_wait_while_two_keys_are_configured(rotating, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()])
    with pytest.raises(SystemExit) as exited:
        call_command("import", "workers", str(path))
    assert exited.value.code == 2
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert "正在更换个人信息加密密钥" in job.message
    assert Worker.objects.count() == 7


def test_generated_keys_are_fresh_64_hex_characters(capsys):
    call_command("keys", "generate")
    first = capsys.readouterr().out.strip()
    call_command("keys", "generate")
    assert len(first) == 64
    assert bytes.fromhex(first)
    assert capsys.readouterr().out.strip() != first
