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


# The profile (issue 18 §2): "development" (default: the demo and the tests) or "production"
# (`./run serve`; `gongjiang.config.profile` refuses to start with development keys, DEBUG or SQLite).
ENVIRONMENT = env_str("GONGJIANG_ENV", "development").strip().lower()
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("GONGJIANG_DEBUG", False)
# Development keys only; production sets its own (docs/operations/production.md) and refuses these.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - refused in production
DEVELOPMENT_DATA_KEY = "00" * 32
SECRET_KEY = env_str("GONGJIANG_SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
# Key for personal data at rest (AES-256-GCM) and for the keyed look-up hash (HMAC-SHA256).
# 64 hex characters. The default is for development and tests only.
DATA_KEY = env_str("GONGJIANG_DATA_KEY", "" if PRODUCTION else DEVELOPMENT_DATA_KEY)
# Ed25519 private key (32-byte seed, 64 hex characters) that signs the certificates the platform
# issues (ADR 0021); the development default is refused in production like the data key.
DEVELOPMENT_CERTIFICATE_KEY = "11" * 32
CERTIFICATE_KEY = env_str("GONGJIANG_CERTIFICATE_KEY", "" if PRODUCTION else DEVELOPMENT_CERTIFICATE_KEY)
# Public keys (64 hex characters each, comma-separated) of signing keys rotated away from: still
# published and accepted, so certificates signed under them keep verifying.
CERTIFICATE_KEYS_RETIRED = env_list("GONGJIANG_CERTIFICATE_KEYS_RETIRED", "")
# Production on SQLite only when told so (a single-machine pilot); PostgreSQL is the default.
ALLOW_SQLITE = env_bool("GONGJIANG_ALLOW_SQLITE", False)
# The key being rotated away from, set only while `gongjiang keys rotate` runs (ADR 0013): values
# sealed under it are still opened and looked up; removed once the rotation has finished.
DATA_KEY_PREVIOUS = env_str("GONGJIANG_DATA_KEY_PREVIOUS", "")
DATABASE_URL = env_str("DATABASE_URL", "")
# The area this deployment serves (ADR 0019): division codes of cities or districts, e.g. 330900
# (舟山市). District lists offer these; empty: the cities where enterprises are registered.
SERVICE_AREA = env_list("GONGJIANG_SERVICE_AREA", "")
# The Chinese font the archive and certificate PDFs embed (.ttc/.otf/.ttf); empty: Debian's
# fonts-noto-cjk (gongjiang/core/fonts.py, ADR 0019).
PDF_FONT = env_str("GONGJIANG_PDF_FONT", "")
# Seconds a database connection is kept for the next request (0: one per request).
DB_CONN_MAX_AGE = env_int("GONGJIANG_DB_CONN_MAX_AGE", 60)
ALLOWED_HOSTS = env_list("GONGJIANG_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
# Origins allowed to POST forms, e.g. https://talent.example.gov.cn (the address users type).
CSRF_TRUSTED_ORIGINS = env_list("GONGJIANG_CSRF_TRUSTED_ORIGINS", "")
# Behind the bureau's reverse proxy, which terminates HTTPS and says so in this request header
# (Django's META name); empty when there is no proxy.
PROXY_SSL_HEADER = env_str("GONGJIANG_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO" if PRODUCTION else "")
SSL_REDIRECT = env_bool("GONGJIANG_SSL_REDIRECT", PRODUCTION)
HSTS_SECONDS = env_int("GONGJIANG_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGJIANG_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
HSTS_PRELOAD = env_bool("GONGJIANG_HSTS_PRELOAD", PRODUCTION)
# Logs: one JSON line per request and per background job in production, plain text otherwise.
LOG_FORMAT = env_str("GONGJIANG_LOG_FORMAT", "json" if PRODUCTION else "text")
LOG_LEVEL = env_str("GONGJIANG_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING").upper()
# Upload limits in MB (issue 18 §2). A request body that is not a file (forms, JSON):
FORM_MAX_MB = env_int("GONGJIANG_FORM_MAX_MB", 5)
# An import file (.xlsx/.xls/.csv) as uploaded, and an .xlsx once unzipped (its sheet XML):
IMPORT_MAX_MB = env_int("GONGJIANG_IMPORT_MAX_MB", 200)
IMPORT_MAX_INFLATED_MB = env_int("GONGJIANG_IMPORT_MAX_INFLATED_MB", 2048)
# Rows of one import file (a sheet's recorded dimension; .xlsx holds at most 1,048,576):
IMPORT_MAX_ROWS = env_int("GONGJIANG_IMPORT_MAX_ROWS", 1_100_000)
# A bank's payment-result file (回盘文件) and other small workbooks read whole into memory:
RESULT_FILE_MAX_MB = env_int("GONGJIANG_RESULT_FILE_MAX_MB", 20)
# Web server (`./run serve`): worker processes (0: one per core) and threads per worker.
WEB_WORKERS = env_int("GONGJIANG_WEB_WORKERS", 0)
WEB_THREADS = env_int("GONGJIANG_WEB_THREADS", 8)
# Address the web server listens on; the reverse proxy (or load balancer) forwards to it.
WEB_BIND = env_str("GONGJIANG_BIND", f"127.0.0.1:{env_int('PORT', 8000)}")
WEB_TIMEOUT_SECONDS = env_int("GONGJIANG_WEB_TIMEOUT", 120)
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
