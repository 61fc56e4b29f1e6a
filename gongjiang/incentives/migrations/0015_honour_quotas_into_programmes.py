"""Honour quotas in one place (issue 14, ADR 0024): every `HonourQuota` row becomes — or is found
as — the honour programme of the same title, area and start date (`competitions.HonourProgramme`),
which the award enforces and the honour rewards now read. A quota with no programme is created as
one (kind 工作室 when its title names a studio, otherwise 个人荣誉; level from the area's tier).
Where both exist with a different number or end date, the programme keeps its own (the one the
nominations were checked against) and the reward table's figures are written to the audit log, so
the bureau can see and settle the difference. Reverse: the programmes of honours and studios are
copied back into the quota table."""

from django.db import migrations

LEVEL_BY_TIER = {1: "provincial", 2: "municipal", 3: "district"}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # province-level cities: their titles are 市级


def _level(area) -> str:
    return "municipal" if area.code in MUNICIPALITIES else LEVEL_BY_TIER.get(area.level, "district")


def forward(apps, schema_editor):
    HonourQuota = apps.get_model("incentives", "HonourQuota")
    HonourProgramme = apps.get_model("competitions", "HonourProgramme")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for quota in HonourQuota.objects.select_related("area"):
        programme = HonourProgramme.objects.filter(title=quota.title, area_id=quota.area_id,
                                                   starts_on=quota.starts_on).first()
        if programme is None:
            programme = HonourProgramme.objects.create(
                title=quota.title, kind="studio" if "工作室" in quota.title else "honour", level=_level(quota.area),
                area_id=quota.area_id, starts_on=quota.starts_on, ends_on=quota.ends_on, quota=quota.quota,
                citation=quota.citation)
            continue
        if programme.quota != quota.quota or programme.ends_on != quota.ends_on:
            AuditEvent.objects.create(
                actor_username="migration", action="change", object_type="honour_programme",
                object_id=str(programme.pk),
                summary=(f"名额合并：{quota.title} 沿用荣誉项目的名额 {programme.quota} 个"
                         f"（截至 {programme.ends_on:%Y-%m-%d}）；原奖励名额表为 {quota.quota} 个"
                         f"（截至 {quota.ends_on:%Y-%m-%d}），请核对")[:255],
                detail={"reward_quota": quota.quota, "reward_ends_on": quota.ends_on.isoformat(),
                        "reward_citation": quota.citation, "programme_quota": programme.quota,
                        "programme_ends_on": programme.ends_on.isoformat()})


def backward(apps, schema_editor):
    HonourQuota = apps.get_model("incentives", "HonourQuota")
    HonourProgramme = apps.get_model("competitions", "HonourProgramme")
    for programme in HonourProgramme.objects.exclude(kind="designation"):
        HonourQuota.objects.update_or_create(
            title=programme.title, area_id=programme.area_id, starts_on=programme.starts_on,
            defaults={"ends_on": programme.ends_on, "quota": programme.quota, "citation": programme.citation})


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0014_load_training_subsidy_policy"),
        ("competitions", "0004_nomination_honour"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
