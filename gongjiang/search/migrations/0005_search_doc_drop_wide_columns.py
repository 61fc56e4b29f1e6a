"""Schema, step 3 of 3: the GIN index moves to the hashed `tokens` (PostgreSQL only), and the
wide `terms` and `facts` columns leave the hot table (they live in `WorkerSearchDetail`).
Dropping columns does not shrink existing rows: on a large registry run `search_reindex
--rebuild-index` and `VACUUM FULL search_workersearchdoc` (or rebuild it) afterwards."""

from django.db import migrations

TABLE = "search_workersearchdoc"


def gin_index_move(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS search_doc_tokens_gin ON {TABLE} "
                              "USING gin (tokens) WITH (fastupdate = off)")


def gin_index_move_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_tokens_gin")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS search_doc_terms_gin ON {TABLE} "
                              "USING gin (terms) WITH (fastupdate = off)")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_doc_tokens_and_detail_fill")]

    operations = [
        migrations.RunPython(gin_index_move, gin_index_move_back),
        migrations.RemoveField(model_name="workersearchdoc", name="facts"),
        migrations.RemoveField(model_name="workersearchdoc", name="terms"),
    ]
