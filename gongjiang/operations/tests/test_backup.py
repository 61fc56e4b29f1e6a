"""`gongjiang backup` / `gongjiang restore` (issue 18 §3): backup → wipe → restore gives the same
row counts and content hashes, on the engine the suite runs on (SQLite, or PostgreSQL with
DATABASE_URL).

The commands run as an operator runs them, in subprocesses, on scratch databases of the test's
own — a SQLite file under tmp, or PostgreSQL databases the test creates and drops — never on
pytest-django's test database: a restore replaces a whole database, which cannot happen inside
the transaction pytest-django wraps each test in, and the audit log's triggers refuse the DELETE
with which Django would flush it (ADR 0005).
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

PG_URL = os.environ.get("DATABASE_URL", "")


class Site:
    """One database plus its media and income-snapshot folders, addressed through the environment."""

    def __init__(self, root: Path, label: str) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.media = root / f"{label}-media"
        self.income = root / f"{label}-income"
        self.env.update(GONGJIANG_MEDIA_ROOT=str(self.media), GONGJIANG_FAST_PASSWORD_HASHER="1")
        # income.conf.data_dir() follows the database; the test gives each site its own folder.
        self.env["GONGJIANG_INCOME_DATA_DIR"] = str(self.income)
        if PG_URL:
            self.name = f"gj_bk_{label}_{uuid.uuid4().hex[:8]}"
            self.env["DATABASE_URL"] = f"{PG_URL.rsplit('/', 1)[0]}/{self.name}"
            self.create()
        else:
            self.path = root / f"{label}.sqlite3"
            self.env["GONGJIANG_SQLITE_PATH"] = str(self.path)

    def _psql(self, sql: str) -> None:
        subprocess.run(["psql", f"{PG_URL.rsplit('/', 1)[0]}/postgres", "-qc", sql], check=True, capture_output=True)

    def create(self) -> None:
        self._psql(f"CREATE DATABASE {self.name}")

    def wipe(self) -> None:
        """Lose everything: the database (dropped and created empty again) and both folders."""
        if PG_URL:
            self.drop()
            self.create()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        for folder in (self.media, self.income):
            for path in sorted(folder.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()

    def drop(self) -> None:
        if PG_URL:
            self._psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gongjiang.manage", *args], env=self.env,
                              capture_output=True, text=True, timeout=600, check=False)

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A small demo district with an uploaded file and a year of income snapshots, backed up."""
    root = tmp_path_factory.mktemp("backup")
    site = Site(root, "src")
    site.ok("migrate", "--noinput")
    site.ok("demo_load", "--workers", "100", "--quiet")
    site.ok("income_demo_load", "--years", "2024")
    upload = site.media / "ingest" / "source" / "2025" / "06" / "upload.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("身份证号,姓名\n", encoding="utf-8")
    archive = root / "backup.tar"
    site.ok("backup", str(archive))
    yield site, archive
    site.drop()


@pytest.fixture
def empty_site(tmp_path):
    site = Site(tmp_path, "dst")
    yield site
    site.drop()


def test_backup_wipe_restore_gives_identical_counts_and_content_hashes(source, tmp_path):
    site, archive = source
    before = _manifest(archive)
    assert before["tables"]["registry_worker"]["rows"] == 100
    assert {name.split("/")[0] for name in before["files"]} == {"media", "income"}
    # When everything is lost and the backup is restored
    site.wipe()
    out = site.ok("restore", str(archive))
    # Then the restore says it checked the manifest
    assert "恢复完成并已核对" in out
    # And a new backup of the restored site has the same counts, content hashes and files
    again = tmp_path / "again.tar"
    site.ok("backup", str(again))
    after = _manifest(again)
    assert after["tables"] == before["tables"]
    assert after["sequences"] == before["sequences"]
    assert after["files"] == before["files"]
    # And personal data sealed before the backup opens after it (the same data key)
    check = "from gongjiang.registry.models import Worker; print(len({w.id_number_plain() for w in Worker.objects.all()}))"
    assert site.ok("shell", "-c", check).split()[-1] == "100"


def test_restore_refuses_a_database_that_is_not_empty(source):
    site, archive = source
    done = site.run("restore", str(archive))
    assert done.returncode == 2
    assert "恢复只能写入空的目标" in done.stderr
    assert "--force" in done.stderr


def test_restore_with_force_replaces_what_was_there(source):
    site, archive = source
    done = site.run("restore", str(archive), "--force", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "行数和内容校验值与备份清单一致" in done.stdout


def _tampered(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` with its manifest changed by `change` (or a member's bytes)."""
    with tarfile.open(archive) as src, tarfile.open(target, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return target


def test_restore_reports_a_table_that_differs_from_the_manifest(source, empty_site, tmp_path):
    _site, archive = source

    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["registry_worker"]["sha256"] = "0" * 64
        return json.dumps(manifest).encode()

    done = empty_site.run("restore", str(_tampered(archive, tmp_path / "t.tar", change)))
    assert done.returncode == 1
    assert "registry_worker" in done.stderr
    assert "内容校验值不一致" in done.stderr


def test_restore_writes_nothing_from_a_damaged_database_file(source, empty_site, tmp_path):
    _site, archive = source

    def change(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("database.") else data

    done = empty_site.run("restore", str(_tampered(archive, tmp_path / "d.tar", change)))
    assert done.returncode == 1
    assert "备份文件已损坏" in done.stderr
    assert empty_site.run("restore", str(archive), "--quiet").returncode == 0  # the target is still empty


def test_restore_refuses_what_is_not_a_backup(empty_site, tmp_path):
    bogus = tmp_path / "bogus.tar"
    bogus.write_bytes(b"not an archive")
    done = empty_site.run("restore", str(bogus))
    assert done.returncode == 2
    assert "不是可读的备份文件" in done.stderr
    assert empty_site.run("restore", str(tmp_path / "missing.tar")).returncode == 2


def test_backup_refuses_to_overwrite_an_archive(source):
    site, archive = source
    done = site.run("backup", str(archive))
    assert done.returncode == 2
    assert "已存在" in done.stderr
