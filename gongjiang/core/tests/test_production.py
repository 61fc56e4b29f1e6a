"""The production profile (issue 18 §2): each refusal, in a fresh interpreter with the environment
set (settings are read once per process), and Django's deployment checks under the profile."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
GOOD = {
    "GONGJIANG_ENV": "production",
    "GONGJIANG_SECRET_KEY": secrets.token_urlsafe(50),
    "GONGJIANG_DATA_KEY": secrets.token_hex(32),
    "GONGJIANG_CERTIFICATE_KEY": secrets.token_hex(32),
    "GONGJIANG_ALLOWED_HOSTS": "talent.example.gov.cn",
    "DATABASE_URL": "postgres://gongjiang@db.example.gov.cn:5432/gongjiang",
}


def _environment(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GONGJIANG_") and k != "DATABASE_URL"}
    environ.update(GOOD, GONGJIANG_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
                   GONGJIANG_STATIC_ROOT=str(tmp_path / "static"), DJANGO_SETTINGS_MODULE="gongjiang.config.settings")
    for name, value in changes.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return environ


def _import_settings(tmp_path: Path, **changes: str | None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import gongjiang.config.settings"], cwd=PROJECT,
                          env=_environment(tmp_path, **changes), capture_output=True, text=True, timeout=60)


def test_a_complete_production_environment_starts(tmp_path):
    result = _import_settings(tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("changes", "reason"), [
    ({"GONGJIANG_SECRET_KEY": None}, "未设置 GONGJIANG_SECRET_KEY"),
    ({"GONGJIANG_SECRET_KEY": "insecure-development-key-change-me"}, "GONGJIANG_SECRET_KEY 是开发用密钥"),
    ({"GONGJIANG_SECRET_KEY": "short"}, "GONGJIANG_SECRET_KEY 是开发用密钥或太短"),
    ({"GONGJIANG_DATA_KEY": None}, "未设置 GONGJIANG_DATA_KEY"),
    ({"GONGJIANG_DATA_KEY": "00" * 32}, "GONGJIANG_DATA_KEY 是开发用密钥"),
    ({"GONGJIANG_DATA_KEY": "not-hex"}, "GONGJIANG_DATA_KEY 应为 64 位十六进制字符"),
    ({"GONGJIANG_CERTIFICATE_KEY": None}, "未设置 GONGJIANG_CERTIFICATE_KEY"),
    ({"GONGJIANG_CERTIFICATE_KEY": "11" * 32}, "GONGJIANG_CERTIFICATE_KEY 是开发用密钥"),
    ({"GONGJIANG_DEBUG": "1"}, "GONGJIANG_DEBUG 已打开"),
    ({"DATABASE_URL": None}, "未设置 DATABASE_URL"),
    ({"GONGJIANG_ALLOWED_HOSTS": None}, "未设置 GONGJIANG_ALLOWED_HOSTS"),
], ids=["no-secret", "dev-secret", "short-secret", "no-data-key", "zero-data-key", "bad-data-key", "no-cert-key",
    "dev-cert-key", "debug",
        "sqlite", "no-hosts"])
def test_production_refuses_to_start_and_says_why_in_chinese_first(tmp_path, changes, reason):
    result = _import_settings(tmp_path, **changes)
    assert result.returncode == 2
    first_line, *reasons = result.stderr.strip().splitlines()
    assert first_line.startswith("生产模式拒绝启动")
    assert any(line.strip().startswith(f"- {reason}") for line in reasons), result.stderr
    assert "docs/operations/production.md" in result.stderr


def test_production_runs_on_sqlite_only_when_told(tmp_path):
    result = _import_settings(tmp_path, DATABASE_URL=None, GONGJIANG_ALLOW_SQLITE="1")
    assert result.returncode == 0, result.stderr


def test_development_keys_still_work_outside_production(tmp_path):
    result = _import_settings(tmp_path, GONGJIANG_ENV=None, GONGJIANG_SECRET_KEY=None, GONGJIANG_DATA_KEY=None,
                              DATABASE_URL=None)
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_nothing_under_the_production_profile(tmp_path):
    result = subprocess.run([sys.executable, "-m", "gongjiang.manage", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=PROJECT, env=_environment(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_about_the_development_profile(tmp_path):
    """The same check can fail: without the profile it finds the missing HTTPS settings."""
    result = subprocess.run([sys.executable, "-m", "gongjiang.manage", "check", "--deploy"], cwd=PROJECT,
                            env=_environment(tmp_path, GONGJIANG_ENV=None), capture_output=True, text=True, timeout=120)
    assert "security.W008" in result.stdout + result.stderr  # SECURE_SSL_REDIRECT
    assert "security.W012" in result.stdout + result.stderr  # SESSION_COOKIE_SECURE
