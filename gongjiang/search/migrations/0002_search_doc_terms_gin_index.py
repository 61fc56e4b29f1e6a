"""PostgreSQL only (ADR 0008): a GIN index over the search tokens. SQLite has none: there the
search scans the documents (slower, acceptable per issue 4)."""

from django.db import migrations

INDEX = "search_doc_terms_gin"
TABLE = "search_workersearchdoc"


def gin_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (terms) WITH (fastupdate = off)")


def gin_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_talent_search")]

    operations = [migrations.RunPython(gin_index_create, gin_index_drop)]
