"""Backup and restore of the whole platform in one archive (issue 18 §3; MLPS level 3; ADR 0013).

The archive is a plain tar (its large members are compressed already):

    database.pgdump | database.sqlite3   the database: pg_dump custom format, or the SQLite file
                                          made by SQLite's online backup API (never a copy of a
                                          live file, which may be mid-write)
    media/…                               uploaded files (MEDIA_ROOT: import sources and reports)
    income/…                              the yearly income snapshots (Parquet, income.conf.data_dir)
    manifest.json                         last: row count and content hash of every table (taken in
                                          the same snapshot as the dump), SHA-256 of every member, and (for information: sequences are not
                                          transactional) the sequences' last values

A restore goes onto an empty database only (and empty media and snapshot folders), checks each
member against the manifest before and after writing it, and compares the restored tables'
counts and content hashes with the manifest, and checks that no sequence is behind its column.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connections

from gongjiang.income.conf import data_dir as income_data_dir
from gongjiang.operations import databases
from gongjiang.operations.fingerprint import (
    fingerprint_compare,
    pg_fingerprint,
    pg_sequences,
    pg_sequences_behind,
    sqlite_fingerprint,
)

FORMAT = "gongjiang-backup/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
DB_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINE_WORDS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}

Say = Callable[[str], None]


class BackupInputError(Exception):
    """Bad input (exit code 2): a missing or unreadable archive, a target that is not empty, …"""


class BackupVerificationError(Exception):
    """The archive or the restored data does not match the manifest (exit code 1)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def _roots() -> dict[str, Path]:
    """The folders a backup holds, by their name in the archive."""
    return {"media": Path(settings.MEDIA_ROOT), "income": Path(income_data_dir())}


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, path) of the regular files under `root`, sorted; unfinished
    snapshot writes (*.tmp) left out."""
    if not root.is_dir():
        return
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink() and not name.endswith(".tmp"):
                found.append((path.relative_to(root).as_posix(), path))
    yield from sorted(found)


class _Hashing(io.RawIOBase):
    """A read-only file that hashes what is read through it (the bytes the archive stores)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as handle:
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _pg_dump(target: Path, say: Say) -> tuple[dict, dict, str]:
    """pg_dump (custom format) and the tables' fingerprint, both from one exported snapshot, so
    the manifest describes exactly the rows in the dump; the two run side by side."""
    conn = databases.pg_connect()
    try:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        server_version = conn.execute("SHOW server_version").fetchone()[0]
        say("正在导出数据库（pg_dump）并计算各表校验值……")
        dump = subprocess.Popen(["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target)],
                                env=databases.pg_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            tables = pg_fingerprint(conn)
            sequences = pg_sequences(conn)
        finally:
            _out, err = dump.communicate()
        if dump.returncode != 0:
            raise BackupInputError("数据库导出失败（pg_dump）：" + err.decode("utf-8", "replace").strip())
        conn.rollback()
    finally:
        conn.close()
    return tables, sequences, server_version


def _sqlite_dump(target: Path, say: Say) -> tuple[dict, dict, str]:
    """SQLite's online backup API into `target`, then the copy's fingerprint (the copy is one
    consistent state of the database by construction)."""
    say("正在备份数据库（SQLite 在线备份）……")
    connection = connections["default"]
    connection.ensure_connection()
    copy = sqlite3.connect(str(target))
    try:
        connection.connection.backup(copy)
        say("正在计算各表校验值……")
        return sqlite_fingerprint(copy), {}, sqlite3.sqlite_version
    finally:
        copy.close()


def backup_create(*, out: Path, say: Say = lambda _m: None) -> dict[str, Any]:
    """Write the archive `out` (refused if it exists or its folder does not) and return its manifest.
    Operators only: the command line (`gongjiang backup`)."""
    out = Path(out)
    if out.exists():
        raise BackupInputError(f"备份文件 {out} 已存在。请换一个文件名，或先移走旧文件。")
    if not out.parent.is_dir():
        raise BackupInputError(f"文件夹 {out.parent} 不存在。请先建好文件夹，或换一个保存位置。")
    started = time.monotonic()
    engine = databases.vendor()
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".gongjiang-backup-", dir=out.parent) as scratch:
        db_file = Path(scratch) / DB_MEMBER[engine]
        dump = _pg_dump if engine == "postgresql" else _sqlite_dump
        tables, sequences, server_version = dump(db_file, say)
        say("正在写入备份文件……")
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            database = {"member": DB_MEMBER[engine], **_add(tar, DB_MEMBER[engine], db_file)}
            for prefix, root in _roots().items():
                for rel, path in _files(root):
                    files[f"{prefix}/{rel}"] = _add(tar, f"{prefix}/{rel}", path)
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "engine": engine, "server_version": server_version,
                "database": database, "tables": tables, "sequences": sequences, "files": files,
                "totals": {"tables": len(tables), "rows": sum(t["rows"] for t in tables.values()),
                           "files": len(files), "file_bytes": sum(f["size"] for f in files.values())},
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(time.time())
            tar.addfile(info, io.BytesIO(body))
    partial.replace(out)
    manifest["seconds"] = round(time.monotonic() - started, 1)
    manifest["archive_bytes"] = out.stat().st_size
    return manifest


# --- restore ------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def manifest_read(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    """The archive's manifest; refuses anything that is not a Gongjiang backup."""
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupInputError(f"{archive} 中没有可读的备份清单（manifest.json），不是本平台的备份文件。"
                               "请确认文件来自 gongjiang backup 且传输完整。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupInputError(f"{archive} 的备份格式（{manifest.get('format')}）不是本版本能恢复的格式（{FORMAT}）。")
    return manifest


def _open(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupInputError(f"找不到备份文件 {archive}。请检查文件路径。")
    try:
        return tarfile.open(archive, "r:")
    except tarfile.TarError as exc:
        raise BackupInputError(f"{archive} 不是可读的备份文件（tar 格式），可能已损坏或传输不完整。") from exc


def _pg_relations() -> int:
    conn = databases.pg_connect(autocommit=True)
    try:
        return conn.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = current_schema() AND c.relkind IN ('r','p','v','m','S','f')"
                            ).fetchone()[0]
    finally:
        conn.close()


def _sqlite_tables(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('table','view')").fetchone()[0]
    finally:
        conn.close()


def _not_empty(engine: str) -> list[str]:
    """What in the restore target already holds data, in words."""
    found = []
    count = _pg_relations() if engine == "postgresql" else _sqlite_tables(databases.sqlite_path())
    if count:
        where = databases.pg_name() if engine == "postgresql" else str(databases.sqlite_path())
        found.append(f"数据库 {where} 已有 {count} 个表、序列或视图")
    for prefix, root in _roots().items():
        n = sum(1 for _ in _files(root))
        if n:
            found.append(f"{'上传文件' if prefix == 'media' else '收入快照'}文件夹 {root} 已有 {n} 个文件")
    return found


def _wipe(engine: str) -> None:
    """--force: remove what the target holds (the whole current schema; the folders' files)."""
    if engine == "postgresql":
        conn = databases.pg_connect(autocommit=True)
        try:
            schema = conn.execute("SELECT current_schema()").fetchone()[0] or "public"
            quoted = '"' + schema.replace('"', '""') + '"'
            conn.execute(f"DROP SCHEMA IF EXISTS {quoted} CASCADE")
            conn.execute(f"CREATE SCHEMA {quoted}")
        finally:
            conn.close()
    else:
        connections["default"].close()
        path = databases.sqlite_path()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    for root in _roots().values():
        for _rel, path in list(_files(root)):
            path.unlink()


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> str:
    """Write `member` to `target`, returning the SHA-256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    digest = hashlib.sha256()
    with open(target, "wb") as handle:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupInputError(f"备份文件中有不安全的路径 {name}，拒绝恢复。")
    return path


def _restore_database(engine: str, db_file: Path, say: Say) -> None:
    if engine == "postgresql":
        say("正在恢复数据库（pg_restore）……")
        jobs = str(max(1, min(4, os.cpu_count() or 1)))
        done = subprocess.run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", f"--jobs={jobs}",
                               "--dbname", databases.pg_name(), str(db_file)],
                              env=databases.pg_env(), capture_output=True, check=False)
        if done.returncode != 0:
            raise BackupVerificationError([
                "数据库恢复失败（pg_restore）：" + done.stderr.decode("utf-8", "replace").strip()[-2000:],
                "目标数据库可能只恢复了一部分：请删除并重建一个空数据库后再恢复"])
    else:
        say("正在恢复数据库（SQLite 在线备份）……")
        connections["default"].close()
        target = databases.sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        source, dest = sqlite3.connect(str(db_file)), sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            source.close()
            dest.close()


def _fingerprint_now(engine: str) -> tuple[dict, list[str]]:
    """The restored tables' fingerprint and, on PostgreSQL, the sequences left behind their columns
    (on SQLite the AUTOINCREMENT counters are the table sqlite_sequence, hashed with the rest)."""
    if engine == "postgresql":
        conn = databases.pg_connect()
        try:
            return pg_fingerprint(conn), pg_sequences_behind(conn)
        finally:
            conn.close()
    conn = sqlite3.connect(str(databases.sqlite_path()))
    try:
        return sqlite_fingerprint(conn), []
    finally:
        conn.close()


def backup_restore(*, archive: Path, force: bool = False, say: Say = lambda _m: None) -> RestoreReport:
    """Restore `archive` onto the configured database, media folder and snapshot folder, then
    compare everything with the manifest. Refuses (BackupInputError) a target that holds data
    unless `force` (which deletes it first), an archive of the other database engine, and
    anything that is not a Gongjiang backup; raises BackupVerificationError when the archive is
    damaged (nothing is written then). Mismatches after restoring are in the report's problems.
    Operators only: the command line (`gongjiang restore`)."""
    archive = Path(archive)
    started = time.monotonic()
    engine = databases.vendor()
    with _open(archive) as tar:
        manifest = manifest_read(tar, archive)
        if manifest.get("engine") != engine:
            raise BackupInputError(
                f"这是 {ENGINE_WORDS.get(manifest.get('engine'), manifest.get('engine'))} 数据库的备份，"
                f"当前配置的是 {ENGINE_WORDS[engine]} 数据库，不能恢复。请把 DATABASE_URL 指向同类数据库。")
        occupied = _not_empty(engine)
        if occupied and not force:
            raise BackupInputError("恢复只能写入空的目标：" + "；".join(occupied) + "。请新建一个空数据库"
                                   "（并清空上述文件夹）后再恢复；确要删除现有全部数据并用备份覆盖，请加 --force。")
        database = manifest["database"]
        members = {m.name: m for m in tar.getmembers()}
        missing = [name for name in [database["member"], *manifest["files"]] if name not in members]
        if missing:
            raise BackupVerificationError([f"备份文件不完整，缺少 {len(missing)} 个成员（如 {missing[0]}）"])
        with tempfile.TemporaryDirectory(prefix="gongjiang-restore-") as scratch:
            db_file = Path(scratch) / database["member"]
            say("正在核对备份中的数据库文件……")
            if _extract(tar, members[database["member"]], db_file) != database["sha256"]:
                raise BackupVerificationError(["备份中的数据库文件校验值与清单不一致，备份文件已损坏，未做任何恢复"])
            if occupied:
                say("正在删除目标中的现有数据（--force）……")
                _wipe(engine)
            _restore_database(engine, db_file, say)
        say("正在恢复上传文件和收入快照……")
        roots = _roots()
        problems = []
        for name, expected in manifest["files"].items():
            path = _safe(name)
            root = roots.get(path.parts[0])
            if root is None:
                problems.append(f"文件 {name}：不属于上传文件或收入快照，未恢复")
                continue
            written = _extract(tar, members[name], root.joinpath(*path.parts[1:]))
            if written != expected["sha256"]:
                problems.append(f"文件 {name}：校验值与清单不一致")
    say("正在核对恢复后的各表行数和校验值……")
    tables, sequences_behind = _fingerprint_now(engine)
    problems[:0] = fingerprint_compare(manifest["tables"], tables) + sequences_behind
    return RestoreReport(manifest=manifest, problems=problems, seconds=round(time.monotonic() - started, 1))


def size_words(size: int) -> str:
    """A byte count for the operator: 1.2 GB, 35.0 MB, 812 KB."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


