"""Ship the policy texts' targets with their citations (indicators.seeding; ADR 0025)."""

from django.db import migrations


def load(apps, schema_editor):
    from gongjiang.indicators.seeding import SHANGHAI_2024_MORE, TARGETS, seed_load

    # The targets added to the seeds later are shipped by their own migration (0005).
    first = {(area, indicator, year) for area, indicator, year, *_rest in TARGETS} - SHANGHAI_2024_MORE
    seed_load(Target=apps.get_model("indicators", "Target"), Division=apps.get_model("reference", "Division"),
              only=first)


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
