"""Data, step 2 of 3: copy each document's text tokens into `tokens` (hashed on PostgreSQL) and
its tokens and facts into a `WorkerSearchDetail` row. Batch by batch; on a large registry running
`search_reindex --rebuild-index` afterwards gives the same result (the documents are derived)."""

from django.db import migrations

BATCH = 2000


def detail_fill(apps, schema_editor):
    Doc = apps.get_model("search", "WorkerSearchDoc")
    Detail = apps.get_model("search", "WorkerSearchDetail")
    last = None
    while True:
        batch = Doc.objects.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        docs = list(batch.only("pk", "terms", "facts")[:BATCH])
        if not docs:
            break
        for doc in docs:
            doc.tokens = list(doc.terms)
        Doc.objects.bulk_update(docs, ["tokens"])
        Detail.objects.bulk_create([Detail(doc_id=d.pk, terms=list(d.terms), facts=d.facts) for d in docs],
                                   ignore_conflicts=True)
        last = docs[-1].pk


def detail_unfill(apps, schema_editor):
    Doc = apps.get_model("search", "WorkerSearchDoc")
    Detail = apps.get_model("search", "WorkerSearchDetail")
    last = None
    while True:
        batch = Detail.objects.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        details = list(batch[:BATCH])
        if not details:
            break
        Doc.objects.bulk_update([Doc(pk=d.pk, terms=list(d.terms), facts=d.facts) for d in details],
                                ["terms", "facts"])
        last = details[-1].pk
    Detail.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_doc_narrow_tokens_detail")]

    operations = [migrations.RunPython(detail_fill, detail_unfill)]
