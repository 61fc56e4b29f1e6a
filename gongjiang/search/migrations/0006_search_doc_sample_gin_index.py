"""PostgreSQL only (ADR 0008 "Facets of broad searches"): a second, partial GIN index over the
tokens of one document in SAMPLE_SLOTS (worker id ≡ 0 mod 16). A broad search counts and samples
its matches there first: its posting lists are a sixteenth as long, so the bitmap of a search
matching 300,000 documents costs a sixteenth of the full one. The predicate must stay identical
to `selectors._sample` (MOD(worker_id, 16) = 0) for the planner to use the index."""

from django.db import migrations

INDEX = "search_doc_tokens_sample_gin"
TABLE = "search_workersearchdoc"


def sample_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (tokens) "
                              "WITH (fastupdate = off) WHERE MOD(worker_id, 16) = 0")


def sample_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_doc_drop_wide_columns")]

    operations = [migrations.RunPython(sample_index_create, sample_index_drop)]
