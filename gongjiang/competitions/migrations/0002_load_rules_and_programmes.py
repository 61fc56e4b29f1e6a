"""Ship the 以赛代评 rules and the honour, studio and designation programmes (competitions.seeding)."""

from django.db import migrations


def load(apps, schema_editor):
    from gongjiang.competitions.seeding import seed_load

    seed_load(PromotionRule=apps.get_model("competitions", "PromotionRule"),
              HonourProgramme=apps.get_model("competitions", "HonourProgramme"),
              Division=apps.get_model("reference", "Division"))


def unload(apps, schema_editor):
    apps.get_model("competitions", "PromotionRule").objects.all().delete()
    apps.get_model("competitions", "HonourProgramme").objects.filter(nominations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0001_initial"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=False)]
