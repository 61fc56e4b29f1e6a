"""Every environment variable the platform reads, in one place."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("GONGJIANG_DEBUG", False)
# A development key only; production sets GONGJIANG_SECRET_KEY (docs/operations/postgresql.md).
SECRET_KEY = env_str("GONGJIANG_SECRET_KEY", "insecure-development-key-change-me")
# Key for personal data at rest (AES-256-GCM) and for the keyed look-up hash (HMAC-SHA256).
# 64 hex characters. The default is for development and tests only.
DATA_KEY = env_str("GONGJIANG_DATA_KEY", "00" * 32)
# The key being rotated away from, set only while `gongjiang keys rotate` runs (ADR 0013): values
# sealed under it are still opened and looked up; removed once the rotation has finished.
DATA_KEY_PREVIOUS = env_str("GONGJIANG_DATA_KEY_PREVIOUS", "")
DATABASE_URL = env_str("DATABASE_URL", "")
ALLOWED_HOSTS = env_list("GONGJIANG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SQLITE_PATH = Path(env_str("GONGJIANG_SQLITE_PATH", str(PROJECT_DIR / "var" / "gongjiang.sqlite3")))
MEDIA_ROOT = Path(env_str("GONGJIANG_MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))
# Where the yearly income snapshots (Parquet) live; unset: beside the database (income.conf.data_dir).
INCOME_DATA_DIR = env_str("GONGJIANG_INCOME_DATA_DIR", "")
STATIC_ROOT = Path(env_str("GONGJIANG_STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
VENDOR_DIR = PROJECT_DIR / "var" / "vendor"
SESSION_AGE_SECONDS = env_int("GONGJIANG_SESSION_AGE", 30 * 60)
LOGIN_FAILURE_LIMIT = env_int("GONGJIANG_LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("GONGJIANG_LOGIN_COOLOFF_MINUTES", 15)
FAST_PASSWORD_HASHER = env_bool("GONGJIANG_FAST_PASSWORD_HASHER", False)
TASK_BACKEND = env_str("GONGJIANG_TASK_BACKEND", "django_tasks_db.DatabaseBackend")
# Password of the demo accounts `demo_load` creates (demo databases only; printed on screen).
DEMO_PASSWORD = env_str("GONGJIANG_DEMO_PASSWORD", "Gongjiang@2025")
