"""The ledger is append-only: a trigger refuses UPDATE of ledger entries (a correction is a
reversing entry). DELETE is left to PROTECT foreign keys, so test databases can still be flushed."""

from django.db import migrations

PG = [
    """CREATE OR REPLACE FUNCTION incentives_ledger_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '发放台账只能追加，不能修改：请用冲正记录更正'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER incentives_ledger_no_update BEFORE UPDATE ON incentives_ledgerentry
FOR EACH ROW EXECUTE FUNCTION incentives_ledger_refuse_update();""",
]
PG_REVERSE = ["DROP TRIGGER IF EXISTS incentives_ledger_no_update ON incentives_ledgerentry;",
              "DROP FUNCTION IF EXISTS incentives_ledger_refuse_update();"]
SQLITE = ["""CREATE TRIGGER incentives_ledger_no_update BEFORE UPDATE ON incentives_ledgerentry
BEGIN SELECT RAISE(ABORT, '发放台账只能追加，不能修改：请用冲正记录更正'); END;"""]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS incentives_ledger_no_update;"]


def forward(apps, schema_editor):
    statements = PG if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = PG_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("incentives", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
