"""The database under Django's `default` alias, seen from outside Django: libpq parameters for
pg_dump / pg_restore and a psycopg connection of our own, or the SQLite file (issue 18 §3)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections


def vendor() -> str:
    """"postgresql" or "sqlite" (the two engines the platform runs on)."""
    return connections["default"].vendor


def _db() -> dict[str, Any]:
    return settings.DATABASES["default"]


def pg_env() -> dict[str, str]:
    """The environment for pg_dump / pg_restore / psql: the libpq variables of `DATABASE_URL`."""
    db = _db()
    env = dict(os.environ)
    for key, value in (("PGDATABASE", db.get("NAME")), ("PGUSER", db.get("USER")),
                       ("PGPASSWORD", db.get("PASSWORD")), ("PGHOST", db.get("HOST")),
                       ("PGPORT", db.get("PORT"))):
        if value:
            env[key] = str(value)
    return env


def pg_connect(**kwargs: Any) -> Any:
    """A psycopg connection of our own to the default database (not Django's: a backup holds a
    snapshot transaction open while pg_dump runs)."""
    import psycopg

    db = _db()
    params = {"dbname": db.get("NAME"), "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
              "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def pg_name() -> str:
    return str(_db().get("NAME"))


def sqlite_path() -> Path:
    return Path(str(_db()["NAME"]))


def sqlite_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path))
