"""Row counts and content hashes of every table of a database (issue 18 §3, ADR 0013).

A table's content hash is the SHA-256 of its rows in primary-key order, each row written in one
fixed text form: on PostgreSQL the server's own `COPY … TO STDOUT` text (with the session settings
that shape it pinned: UTC, ISO dates, shortest-exact floats, hex bytea), on SQLite the Python
`repr` of each row tuple. The same data gives the same hash on the same engine, whatever the
physical order of the rows or pages — a dump restored elsewhere hashes the same as its source.
Hashes are not comparable across engines (a SQLite backup is restored onto SQLite only).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from typing import Any

# Session settings that fix PostgreSQL's text form of values (each is a documented GUC).
PG_STABLE_OUTPUT = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle = 'ISO, YMD'",
    "SET IntervalStyle = 'postgres'",
    "SET extra_float_digits = 1",
    "SET bytea_output = 'hex'",
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pg_tables(conn: Any) -> list[str]:
    """Ordinary tables (and partitions) of the connection's current schema, by name."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname COLLATE \"C\"").fetchall()
    return [row[0] for row in rows]


def _pg_order(conn: Any, table: str) -> str:
    rows = conn.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey, a.attnum)", [_quote(table)]).fetchall()
    if rows:
        return ", ".join(_quote(row[0]) for row in rows)
    return "t::text COLLATE \"C\""  # no primary key: the rows' own text, bytewise


def pg_fingerprint(conn: Any, progress: Callable[[str], None] | None = None) -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "sha256": hex}} of a psycopg connection (its current snapshot).
    Streams each table through COPY: memory stays flat whatever the table's size."""
    for statement in PG_STABLE_OUTPUT:
        conn.execute(statement)
    result: dict[str, dict[str, Any]] = {}
    for table in pg_tables(conn):
        if progress:
            progress(table)
        digest, rows = hashlib.sha256(), 0
        query = f"COPY (SELECT * FROM {_quote(table)} t ORDER BY {_pg_order(conn, table)}) TO STDOUT"  # noqa: S608
        with conn.cursor() as cursor, cursor.copy(query) as copy:
            for chunk in copy:
                data = bytes(chunk)
                digest.update(data)
                rows += data.count(b"\n")  # COPY text escapes newlines inside values: one per row
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def pg_sequences(conn: Any) -> dict[str, int | None]:
    """The last value of each sequence of the current schema (None: never used)."""
    rows = conn.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema() "
                        "ORDER BY sequencename COLLATE \"C\"").fetchall()
    return dict(rows)


def pg_sequences_behind(conn: Any) -> list[str]:
    """Sequences of identity and serial columns whose last value is below the column's largest
    value (the next insert would collide), in words. Sequences are not transactional, so their
    values in the manifest (read while the dump ran) may be ahead of the dump's; what a restore
    must guarantee is that none is behind its column."""
    rows = conn.execute(
        "SELECT s.relname, t.relname, a.attname FROM pg_class s "
        "JOIN pg_namespace n ON n.oid = s.relnamespace "
        "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S' AND n.nspname = current_schema() ORDER BY s.relname").fetchall()
    last = pg_sequences(conn)
    problems = []
    for sequence, table, column in rows:
        top = conn.execute(f"SELECT max({_quote(column)}) FROM {_quote(table)}").fetchone()[0]  # noqa: S608
        if top is not None and (last.get(sequence) is None or last[sequence] < top):
            problems.append(f"序列 {sequence}：当前值 {last.get(sequence)} 小于表 {table} 中已有的最大编号 {top}，"
                            "新增记录会编号冲突")
    return problems


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables of a SQLite database, by name: its own `sqlite_sequence` (the AUTOINCREMENT
    counters) included, other internal tables and virtual tables (whose rows live in their
    shadow tables, which are listed) left out."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                        "(name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence') AND "
                        "sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").fetchall()
    return [row[0] for row in rows]


def _sqlite_order(conn: sqlite3.Connection, table: str) -> str:
    columns = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()  # noqa: S608
    keys = sorted((column[5], column[1]) for column in columns if column[5])
    if keys:
        return ", ".join(_quote(name) for _position, name in keys)
    return "rowid"


def sqlite_fingerprint(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "sha256": hex}} of a sqlite3 connection."""
    result: dict[str, dict[str, Any]] = {}
    for table in sqlite_tables(conn):
        digest, rows = hashlib.sha256(), 0
        cursor = conn.execute(f"SELECT * FROM {_quote(table)} ORDER BY {_sqlite_order(conn, table)}")  # noqa: S608
        while batch := cursor.fetchmany(5000):
            for row in batch:
                digest.update(repr(row).encode("utf-8"))
                digest.update(b"\n")
            rows += len(batch)
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def fingerprint_compare(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[str]:
    """What differs between two fingerprints, in words for the operator (empty: identical)."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if got is None:
            problems.append(f"表 {table}：恢复后缺失（备份中有 {want['rows']} 行）")
        elif want is None:
            problems.append(f"表 {table}：备份清单中没有这张表")
        elif want["rows"] != got["rows"]:
            problems.append(f"表 {table}：行数不一致（备份 {want['rows']} 行，恢复后 {got['rows']} 行）")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"表 {table}：行数相同（{got['rows']} 行）但内容校验值不一致")
    return problems
