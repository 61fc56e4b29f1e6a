"""Issue 10 §8, §5: document numbers in simplified characters (定政发〔2025〕4号, not the
traditional 定政發〔2025〕4號 of the crawled text), the skill-upgrade placeholder no longer passes a
title off as a document number, and the shipped policies' notes name parameters in words. Fresh
databases get the same from the edited `policies/*.yaml` in 0003; this brings existing ones along.
Citations of parameter values, quotas and the runs' stored contexts are corrected the same way (a transcription fix, not a
new value: the amounts and dates are untouched)."""

import json

import yaml
from django.db import migrations

NUMBERS = {"定政發〔2025〕4號": "定政发〔2025〕4号", "技能提升补贴（城市通行口径·演示）": "演示口径（暂无文号）"}
TEXT = {"定政發〔2025〕4號": "定政发〔2025〕4号", "沪就辦〔2024〕1號": "沪就办〔2024〕1号",
        "滬就辦〔2024〕1號": "沪就办〔2024〕1号"}


def _fix(text: str) -> str:
    for old, new in TEXT.items():
        text = text.replace(old, new)
    return text


def forward(apps, schema_editor):
    from gongjiang.incentives.seeding import POLICY_DIR, SEED_FILES

    PolicyDocument = apps.get_model("incentives", "PolicyDocument")
    Policy = apps.get_model("incentives", "Policy")
    ParameterValue = apps.get_model("incentives", "ParameterValue")
    HonourQuota = apps.get_model("incentives", "HonourQuota")
    ShortageCatalogue = apps.get_model("demand", "ShortageCatalogue")
    for old, new in NUMBERS.items():
        if not PolicyDocument.objects.filter(number=new).exists():
            PolicyDocument.objects.filter(number=old).update(number=new)
    for name in SEED_FILES:
        data = yaml.safe_load((POLICY_DIR / name).read_text(encoding="utf-8"))
        for item in data["policies"]:
            Policy.objects.filter(code=item["code"]).update(notes=" ".join(str(item.get("notes", "")).split()))
    for model in (ParameterValue, HonourQuota):
        for row in model.objects.filter(citation__regex=r"[發號辦滬]"):
            row.citation = _fix(row.citation)
            row.save(update_fields=["citation"])
    DecisionRun = apps.get_model("incentives", "DecisionRun")
    for run in DecisionRun.objects.all().only("pk", "context").iterator(chunk_size=500):
        text = json.dumps(run.context, ensure_ascii=False)
        if any(old in text for old in TEXT):
            DecisionRun.objects.filter(pk=run.pk).update(context=json.loads(_fix(text)))
    for row in ShortageCatalogue.objects.filter(source__regex=r"[發號辦]"):
        row.source = _fix(row.source)
        row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("incentives", "0008_seed_month_rules_and_readings"), ("demand", "0002_load_zhoushan_2025_demo_catalogue")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
