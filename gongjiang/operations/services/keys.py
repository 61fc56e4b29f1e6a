"""Data-key rotation: re-seal every sealed column and recompute every keyed look-up hash under a
new key, in batches, resumably (issue 18 §3, R9.1; ADR 0013).

The operator sets the new key as GONGJIANG_DATA_KEY and the old one as GONGJIANG_DATA_KEY_PREVIOUS
on every process; from then on `crypto` writes under the new key and reads and looks up under both.
`keys_rotate` walks each table in primary-key order; each batch is read FOR UPDATE (a concurrent
edit of the same person waits, and is not overwritten with the old value), re-sealed, written and
its progress saved in one transaction. Stopped anywhere, it resumes at the next batch. Once done,
GONGJIANG_DATA_KEY_PREVIOUS is removed and everything opens under the new key alone
(`keys_verify` checks that).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from django.db import connection, transaction
from django.utils import timezone

from gongjiang.competitions.models import Objection
from gongjiang.core import crypto
from gongjiang.operations.models import KeyRotation
from gongjiang.registry.models import Worker

Say = Callable[[str], None]


@dataclass(frozen=True)
class SealedTable:
    """A table with sealed columns; `hashes` maps a look-up hash column to the sealed column
    whose clear value it hashes (the value is stored normalised, so it is hashed as opened)."""

    table: str
    sealed: tuple[str, ...]
    hashes: dict[str, str] = field(default_factory=dict)
    label: str = ""


# Every sealed column in the platform (grep `crypto.seal` / BinaryField): the registry's worker,
# and the phone of whoever lodged an objection to competition results (issue 14); incentives keep
# the payee account masked, not sealed.
SEALED_TABLES = (
    SealedTable(Worker._meta.db_table, ("id_number_sealed", "ss_card_sealed", "phone_sealed"),
                {"id_number_hash": "id_number_sealed"}, "技能人才（身份证号、社保卡号、联系电话）"),
    SealedTable(Objection._meta.db_table, ("lodger_phone_sealed",), {}, "竞赛成绩异议（提出人联系电话）"),
)


class KeysInputError(Exception):
    """A rotation that cannot start as configured (exit code 2)."""


class KeysVerificationError(Exception):
    """Values that open under neither key, or not under the current key alone (exit code 1)."""


@dataclass
class RotationReport:
    rotation: KeyRotation
    finished: bool
    rows_this_run: int
    seconds: float


def _pair() -> tuple[str, str]:
    if not crypto.rotation_in_progress():
        raise KeysInputError(
            "没有配置要更换的旧密钥。请先把新密钥设为 GONGJIANG_DATA_KEY、原来的密钥设为 "
            "GONGJIANG_DATA_KEY_PREVIOUS，并让所有服务（网站和后台任务）用这两项配置重启，然后再运行本命令。"
            "新密钥可用 gongjiang keys generate 生成。")
    try:
        return crypto.key_fingerprint(crypto.current_key()), crypto.key_fingerprint(crypto.previous_key())
    except ValueError as exc:
        raise KeysInputError("GONGJIANG_DATA_KEY 和 GONGJIANG_DATA_KEY_PREVIOUS 都应为 64 位十六进制字符。") from exc


def rotation_get() -> KeyRotation | None:
    """The rotation to the configured key pair, if one was started."""
    if not crypto.rotation_in_progress():
        return None
    new_id, old_id = _pair()
    return KeyRotation.objects.filter(new_key_id=new_id, old_key_id=old_id).first()


def _rows_total() -> int:
    return sum(_count(spec.table) for spec in SEALED_TABLES)


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from SEALED_TABLES
        return cursor.fetchone()[0]


class _Resealer:
    """Opens under the old key (or the new one, for values written since the rotation began)
    and seals and hashes under the new key; the ciphers are derived once."""

    def __init__(self) -> None:
        self.new_aead, new_mac = crypto.keys_for(crypto.current_key())
        self.old_aead, _ = crypto.keys_for(crypto.previous_key())
        self.new_mac = new_mac

    def open(self, blob: bytes) -> str:
        nonce, body = blob[1:13], blob[13:]
        try:
            return self.old_aead.decrypt(nonce, body, None).decode("utf-8")
        except InvalidTag:
            return self.new_aead.decrypt(nonce, body, None).decode("utf-8")  # InvalidTag: neither key

    def seal(self, plain: str) -> bytes:
        if not plain:
            return b""
        nonce = os.urandom(12)
        return crypto._VERSION + nonce + self.new_aead.encrypt(nonce, plain.encode("utf-8"), None)

    def hash(self, plain: str) -> str:
        return hmac.new(self.new_mac, plain.encode("utf-8"), hashlib.sha256).hexdigest()


def _batch(spec: SealedTable, after: int, size: int, resealer: _Resealer) -> tuple[int, int]:
    """Re-seal the next `size` rows of `spec.table` after primary key `after`: (rows, last key)."""
    columns = ", ".join(spec.sealed)
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""  # SQLite: the write lock is the database's
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, {columns} FROM "{spec.table}" WHERE id > %s ORDER BY id LIMIT %s{lock}',  # noqa: S608
                       [after, size])
        rows = cursor.fetchall()
    if not rows:
        return 0, after
    ids: list[int] = []
    sealed_out: list[list[bytes]] = [[] for _ in spec.sealed]
    hashes_out: dict[str, list[str]] = {column: [] for column in spec.hashes}
    for row in rows:
        ids.append(row[0])
        plains: dict[str, str] = {}
        for index, column in enumerate(spec.sealed):
            blob = bytes(row[index + 1] or b"")
            try:
                plain = resealer.open(blob) if blob else ""
            except InvalidTag as exc:
                raise KeysVerificationError(
                    f"{spec.label}中主键为 {row[0]} 的记录的“{column}”用新旧两把密钥都无法解开："
                    "它是用另一把密钥加密的。请确认 GONGJIANG_DATA_KEY_PREVIOUS 是更换前使用的密钥。") from exc
            plains[column] = plain
            sealed_out[index].append(resealer.seal(plain))
        for hash_column, source in spec.hashes.items():
            hashes_out[hash_column].append(resealer.hash(plains[source]))
    targets = [*spec.sealed, *spec.hashes]
    values = [*sealed_out, *hashes_out.values()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            casts = ", ".join(["%s::bigint[]"] + ["%s::bytea[]"] * len(spec.sealed) + ["%s::text[]"] * len(spec.hashes))
            names = ", ".join(f"c{i}" for i in range(len(targets)))
            sets = ", ".join(f"{column} = v.c{i}" for i, column in enumerate(targets))
            cursor.execute(f'UPDATE "{spec.table}" AS w SET {sets} FROM unnest({casts}) AS v(id, {names}) '  # noqa: S608
                           "WHERE w.id = v.id", [ids, *values])
        else:
            sets = ", ".join(f"{column} = %s" for column in targets)
            cursor.executemany(f'UPDATE "{spec.table}" SET {sets} WHERE id = %s',  # noqa: S608
                               [(*(column[i] for column in values), pk) for i, pk in enumerate(ids)])
    return len(rows), ids[-1]


def keys_rotate(*, batch_size: int = 5000, stop_after: int | None = None, say: Say = lambda _m: None) -> RotationReport:
    """Re-seal every sealed column and recompute every look-up hash under GONGJIANG_DATA_KEY,
    opening values under GONGJIANG_DATA_KEY_PREVIOUS; resumes an interrupted rotation of the same
    key pair. `stop_after` stops after that many batches (to test resuming, or to spread the work).
    Refuses (KeysInputError) when no previous key is configured. Operators only: the command line."""
    new_id, old_id = _pair()
    started = time.monotonic()
    rotation, created = KeyRotation.objects.get_or_create(new_key_id=new_id, old_key_id=old_id)
    if created:
        rotation.rows_total = _rows_total()
        rotation.save(update_fields=["rows_total"])
        say(f"开始更换密钥（旧密钥指纹 {old_id} → 新密钥指纹 {new_id}），共 {rotation.rows_total} 行。")
    elif rotation.finished_at is None:
        say(f"继续上次中断的密钥更换：已完成 {rotation.rows_done} / {rotation.rows_total} 行。")
    if rotation.finished_at is not None:
        return RotationReport(rotation, True, 0, 0.0)
    resealer = _Resealer()
    batches = done_now = 0
    for spec in SEALED_TABLES:
        while True:
            if stop_after is not None and batches >= stop_after:
                return RotationReport(rotation, False, done_now, round(time.monotonic() - started, 1))
            with transaction.atomic():
                rotation = KeyRotation.objects.select_for_update().get(pk=rotation.pk)
                after = int(rotation.cursors.get(spec.table, 0))
                count, last = _batch(spec, after, batch_size, resealer)
                if count:
                    rotation.cursors = {**rotation.cursors, spec.table: last}
                    rotation.rows_done += count
                    rotation.save(update_fields=["cursors", "rows_done", "updated_at"])
            batches += 1
            done_now += count
            if count < batch_size:
                break
            if batches % 20 == 0:
                say(f"已完成 {rotation.rows_done} / {rotation.rows_total} 行……")
    rotation.finished_at = timezone.now()
    rotation.save(update_fields=["finished_at", "updated_at"])
    return RotationReport(rotation, True, done_now, round(time.monotonic() - started, 1))


def keys_verify(*, batch_size: int = 5000) -> tuple[int, list[str]]:
    """Check that every sealed value opens under the current key alone and every look-up hash is
    the current key's: (values checked, problems, at most 20). Reads only."""
    aead, mac = crypto.keys_for(crypto.current_key())
    checked, problems = 0, []
    for spec in SEALED_TABLES:
        after = 0
        columns = ", ".join([*spec.sealed, *spec.hashes])
        while True:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT id, {columns} FROM "{spec.table}" WHERE id > %s ORDER BY id LIMIT %s',  # noqa: S608
                               [after, batch_size])
                rows = cursor.fetchall()
            for row in rows:
                plains = {}
                for index, column in enumerate(spec.sealed):
                    blob = bytes(row[index + 1] or b"")
                    checked += 1
                    try:
                        plains[column] = aead.decrypt(blob[1:13], blob[13:], None).decode("utf-8") if blob else ""
                    except InvalidTag:
                        plains[column] = None
                        if len(problems) < 20:
                            problems.append(f"{spec.label}中主键为 {row[0]} 的记录的“{column}”不能用当前密钥解开")
                for offset, (hash_column, source) in enumerate(spec.hashes.items()):
                    stored = row[1 + len(spec.sealed) + offset]
                    plain = plains[source]
                    expected = None if plain is None else hmac.new(mac, plain.encode("utf-8"), hashlib.sha256).hexdigest()
                    if expected is not None and stored != expected and len(problems) < 20:
                        problems.append(f"{spec.label}中主键为 {row[0]} 的记录的“{hash_column}”不是当前密钥的检索散列")
            if len(rows) < batch_size:
                break
            after = rows[-1][0]
    return checked, problems


def data_key_generate() -> str:
    """A fresh random data key (64 hex characters) for GONGJIANG_DATA_KEY."""
    return os.urandom(32).hex()


