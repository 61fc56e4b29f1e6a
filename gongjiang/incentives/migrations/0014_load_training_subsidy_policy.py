"""Ship the training subsidy policy (issue 12): `policies/training_subsidy.yaml`."""

from django.db import migrations

FILE = "training_subsidy.yaml"


def _models(apps):
    names = ["PolicyDocument", "Policy", "PolicyVersion", "ParameterValue"]
    models = {name: apps.get_model("incentives", name) for name in names}
    models["Division"] = apps.get_model("reference", "Division")
    return models


def load(apps, schema_editor):
    import yaml

    from gongjiang.incentives.seeding import POLICY_DIR, policy_file_load

    policy_file_load(yaml.safe_load((POLICY_DIR / FILE).read_text(encoding="utf-8")), models=_models(apps))


def unload(apps, schema_editor):
    import yaml

    from gongjiang.incentives.seeding import POLICY_DIR

    number = yaml.safe_load((POLICY_DIR / FILE).read_text(encoding="utf-8"))["number"]
    models = _models(apps)
    for policy in models["Policy"].objects.filter(document__number=number):
        models["ParameterValue"].objects.filter(version__policy=policy).delete()
        models["PolicyVersion"].objects.filter(policy=policy).delete()
        policy.delete()
    models["PolicyDocument"].objects.filter(number=number).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0013_formula_training_completion"),
    ]

    operations = [migrations.RunPython(load, unload)]
