"""PostgreSQL only (issue 18 §2 load test, ADR 0032): two indexes for the registry's name search
(姓名包含, `selectors._name_contains_postgresql`), which splits "the name contains X" into
- "starts with X": a B-tree over (the name's first character, name, id) walks the names starting
  with X's first character in list order (a plain `name` index cannot serve `LIKE 'X%'` outside the
  C collation);
- "contains X after the first character": a GIN index over the characters after the first,
  `string_to_array(substring(name, 2), NULL)` (Django's Substr). pg_trgm would do nothing for the one- and
  two-character queries Chinese names are searched with.
The expressions must stay identical to the selector's for the planner to use them. ANALYZE
gathers the statistics of the new expressions at once (the planner chooses by them)."""

from django.db import migrations

TABLE = "registry_worker"
INDEXES = {
    "worker_name_first_char": "btree ((left(name, 1)), name, id)",
    "worker_name_rest_chars_gin": "gin ((string_to_array(substring(name, 2), NULL)))",
}


def name_search_indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} USING {definition}")
        schema_editor.execute(f"ANALYZE {TABLE}")


def name_search_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_certificate_kind_competition")]

    operations = [migrations.RunPython(name_search_indexes_create, name_search_indexes_drop)]
