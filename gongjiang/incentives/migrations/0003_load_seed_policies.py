"""Ship the seed policies as data (`gongjiang/incentives/policies/*.yaml`): `003` 二(一)3, 二(三)1,
二(三)4 and its retroactive clause; the skill-upgrade subsidy family; `000` 三(一)3 master-studio
matching; and the honour quotas of `001` (十二) and `003` 二(三)1."""

from django.db import migrations


def _models(apps):
    names = ["PolicyDocument", "Policy", "PolicyVersion", "ParameterValue", "HonourQuota"]
    models = {name: apps.get_model("incentives", name) for name in names}
    models["Division"] = apps.get_model("reference", "Division")
    return models


def load(apps, schema_editor):
    from gongjiang.incentives.seeding import seed_load

    seed_load(models=_models(apps))


def unload(apps, schema_editor):
    from gongjiang.incentives.seeding import seed_unload

    seed_unload(models=_models(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0002_ledger_append_only"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=False)]
