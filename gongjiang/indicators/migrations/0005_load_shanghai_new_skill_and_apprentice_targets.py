"""Ship Shanghai's 2024 targets for new-skill training and apprentices (滬就辦〔2024〕1號 一(一), 二(六);
indicators.seeding.SHANGHAI_2024_MORE; ADR 0025 amendment)."""

from django.db import migrations


def load(apps, schema_editor):
    from gongjiang.indicators.seeding import SHANGHAI_2024_MORE, seed_load

    seed_load(Target=apps.get_model("indicators", "Target"), Division=apps.get_model("reference", "Division"),
              only=SHANGHAI_2024_MORE)


def unload(apps, schema_editor):
    from gongjiang.indicators.seeding import SHANGHAI_2024_MORE

    Target = apps.get_model("indicators", "Target")  # noqa: N806 - historical model
    for area, indicator, year in SHANGHAI_2024_MORE:
        Target.objects.filter(area__code=area, indicator=indicator, year=year, enterprise__isnull=True,
                              township_code="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_target_township"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=False)]
