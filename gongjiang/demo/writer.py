"""Fast bulk writes of generated rows.

Django's `bulk_create` spends about 100 µs a row compiling SQL and preparing values, and building
the model instances costs about as much again; a million-person district is 3-4 million rows, so
the generator produces plain tuples in the column order below and writes them here:

- on PostgreSQL with `COPY … FROM STDIN` (psycopg 3 adapts dates, timestamps, booleans and
  bytes itself), about ten times faster than `INSERT`;
- elsewhere (SQLite) with one `executemany` `INSERT` per batch, after adapting dates and
  timestamps with the backend's own `connection.ops`.

Primary keys of the rows others refer to (enterprises, workers) are allocated in advance: on
PostgreSQL from the table's identity sequence (`nextval`), elsewhere from MAX(id) + 1 (the
generator runs in one transaction, which on SQLite holds the write lock). The database still
checks every constraint. `table_columns` fails loudly when a model gains a field the generator
does not fill, and a test keeps the lists in step with the models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Employment,
    Enterprise,
    Honour,
    TrainingRecord,
    Worker,
)

# Field names (not columns) in the order the generator builds its tuples.
FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Enterprise: ("id", "uscc", "name", "district", "industry", "size", "ownership", "address", "contact_name",
                 "contact_phone", "township_code", "township_name", "created_at", "updated_at"),
    Worker: ("id", "id_number_sealed", "id_number_hash", "id_number_masked", "name", "sex", "birth_date",
             "native_region_code", "ss_card_sealed", "ss_card_masked", "phone_sealed", "phone_masked",
             "residence_district", "discoverable", "created_at", "updated_at"),
    Employment: ("worker", "enterprise", "post", "occupation", "is_front_line", "is_second_job", "start_date",
                 "end_date"),
    Certificate: ("worker", "number", "kind", "occupation", "ability_name", "grade", "issuer",
                  "evaluator_enterprise", "issued_on", "created_at"),
    TrainingRecord: ("worker", "institution_name", "programme", "occupation", "grade", "start_date", "end_date",
                     "hours", "completed", "subsidised"),
    CompetitionResult: ("worker", "competition_name", "level", "occupation", "held_on", "rank", "award"),
    Honour: ("worker", "title", "level", "awarded_by", "awarded_on"),
    Achievement: ("worker", "kind", "title", "description", "achieved_on"),
}


def table_columns(model: type[models.Model]) -> list[str]:
    """Database columns for `FIELDS[model]`; raises if the model has a field the list misses."""
    names = FIELDS[model]
    missing = {field.name for field in model._meta.concrete_fields if not field.primary_key} - set(names)
    if missing:
        raise RuntimeError(f"demo writer does not fill {model.__name__}.{', '.join(sorted(missing))}")
    return [model._meta.get_field(name).column for name in names]


class RowWriter:
    """Writes tuples for the registry tables on the current database connection."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._next_id: dict[type[models.Model], int] = {}

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        """`count` unused primary keys for `model`."""
        if count <= 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                               [table, count])
                return [row[0] for row in cursor.fetchall()]
            if model not in self._next_id:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                self._next_id[model] = cursor.fetchone()[0] + 1
        first = self._next_id[model]
        self._next_id[model] = first + count
        return list(range(first, first + count))

    def write(self, model: type[models.Model], rows: Sequence[tuple]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(column) for column in table_columns(model))
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            adapters = self._adapters(model)
            placeholders = ", ".join(["%s"] * len(adapters))
            adapted = [tuple(adapt(value) if adapt and value is not None else value
                             for adapt, value in zip(adapters, row, strict=True)) for row in rows]
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", adapted)  # noqa: S608

    @staticmethod
    def _adapters(model: type[models.Model]) -> list[Callable[[Any], Any] | None]:
        ops = connection.ops
        adapters: list[Callable[[Any], Any] | None] = []
        for name in FIELDS[model]:
            field = model._meta.get_field(name)
            if isinstance(field, models.DateTimeField):
                adapters.append(ops.adapt_datetimefield_value)
            elif isinstance(field, models.DateField):
                adapters.append(ops.adapt_datefield_value)
            else:
                adapters.append(None)
        return adapters
