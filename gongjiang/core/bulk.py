"""Set-based inserts for services that write thousands of rows at once (a batch of certificates:
issue 13, ADR 0021).

`rows_insert(model, objs)` is `bulk_create` with the same outcome — every object saved, with its
id — but on PostgreSQL the ids are taken from the table's sequence in one query and the rows are
sent with one `COPY … FROM STDIN`: no SQL text with tens of thousands of placeholders to build in
Python and parse on the server. Each value is what Django would have written (see
`_column_value`), so auto-now dates, choices and JSON are stored alike. SQLite
(tests, demo) uses `bulk_create`. No signals are sent (neither does `bulk_create`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, connections, models
from django.db.models import Model


def ids_reserve(model: type[Model], count: int) -> list[int]:
    """`count` new ids for `model`'s table, from its sequence, ascending (PostgreSQL only)."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return sorted(row[0] for row in cursor.fetchall())


def _column_value(field: models.Field, db: Any) -> Callable[[Any], Any]:
    """How to read `field`'s value for COPY: plain text, numbers, booleans, dates and foreign keys
    as they are (what `get_db_prep_save` gives for them on PostgreSQL, without its layers, which
    cost more than the COPY itself for 10,000 rows); anything else (auto-now dates, JSON, IP
    addresses, decimals …) through `pre_save` and `get_db_prep_save`, exactly as Django saves."""
    attname = field.attname
    if isinstance(field, models.CharField | models.TextField):
        def text(obj: Any) -> Any:
            value = getattr(obj, attname)
            return value if value is None or type(value) is str else str(value)  # choices: their value
        return text
    if isinstance(field, models.IntegerField) or (isinstance(field, models.ForeignKey)
                                                  and isinstance(field.target_field, models.IntegerField)):
        def number(obj: Any) -> Any:
            value = getattr(obj, attname)
            return value if value is None or type(value) is int else int(value)
        return number
    if isinstance(field, models.BooleanField) or (type(field) is models.DateField
                                                  and not (field.auto_now or field.auto_now_add)):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), db)


def rows_insert(model: type[Model], objs: Sequence[Any], *, batch_size: int = 2000) -> list[Any]:
    """Insert `objs` (unsaved `model` instances) and give each its id; returns them."""
    objs = list(objs)
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    from psycopg import sql

    without_id = [obj for obj in objs if obj.pk is None]
    for obj, new_id in zip(without_id, ids_reserve(model, len(without_id)), strict=True):
        obj.pk = new_id
    fields = list(model._meta.local_concrete_fields)
    db = connections[connection.alias]
    getters = [_column_value(f, db) for f in fields]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields))
    # Database errors (a unique number taken meanwhile) surface as Django's IntegrityError & co.
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([get(obj) for get in getters])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
