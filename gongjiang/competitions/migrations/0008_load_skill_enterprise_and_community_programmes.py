"""Ship the 技能型企业 and 技能型乡村（社区） programmes (`003` 一 总体目标, 二(三)3; competitions.seeding).
Programmes already there (by title, area and start date) are left as the bureau edited them."""

from django.db import migrations

TITLES = ("技能型企业", "技能型乡村（社区）")


def load(apps, schema_editor):
    from gongjiang.competitions.seeding import PROGRAMMES

    HonourProgramme = apps.get_model("competitions", "HonourProgramme")
    Division = apps.get_model("reference", "Division")
    for title, kind, level, area, starts, ends, quota, citation, evidence in PROGRAMMES:
        division = Division.objects.filter(code=area).first()
        if title in TITLES and division is not None:
            HonourProgramme.objects.get_or_create(title=title, area=division, starts_on=starts, defaults={
                "kind": kind, "level": level, "ends_on": ends, "quota": quota, "citation": citation,
                "evidence_required": evidence})


def unload(apps, schema_editor):
    apps.get_model("competitions", "HonourProgramme").objects.filter(
        title__in=TITLES, nominations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("competitions", "0007_studio_reviews_and_communities")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
