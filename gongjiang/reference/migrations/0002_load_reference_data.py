"""Load the reference data shipped in `gongjiang/reference/data/` (occupations, divisions and
their neighbours, industries).

The loaders live in `gongjiang.reference.services` and take the historical models from
`apps.get_model`, so this migration and the management commands share one set of rules. They
upsert by code, so later corrections ship as a new data migration calling the same loaders.
"""

from django.db import migrations


def _models(apps):
    return {
        "Occupation": apps.get_model("reference", "Occupation"),
        "Division": apps.get_model("reference", "Division"),
        "Industry": apps.get_model("reference", "Industry"),
    }


def load(apps, schema_editor):
    from gongjiang.reference.services import reference_data_load

    reference_data_load(**_models(apps))


def unload(apps, schema_editor):
    from gongjiang.reference.services import reference_data_unload

    reference_data_unload(**_models(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload, elidable=False),
    ]
