"""Ship the policy texts' targets with their citations (indicators.seeding; ADR 0025)."""

from django.db import migrations


def load(apps, schema_editor):
    from gongjiang.indicators.seeding import seed_load

    seed_load(Target=apps.get_model("indicators", "Target"), Division=apps.get_model("reference", "Division"))


def unload(apps, schema_editor):
    from gongjiang.indicators.seeding import TARGETS

    Target = apps.get_model("indicators", "Target")  # noqa: N806 - historical model
    for area, indicator, year, *_rest in TARGETS:
        Target.objects.filter(area__code=area, indicator=indicator, year=year, enterprise__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=False)]
