"""Two more shortage indicators with their default weights and sources (ADR 0023, issue 15): the
growth of the published median pay (income monitoring) and the training pipeline. Existing weights
are left as the bureau may have set them."""

from decimal import Decimal

from django.db import migrations

WEIGHTS = [
    ("pay_growth", Decimal("0.05"), "澳大利亚国家技能委员会 Skills Priority List Methodology：工资增长是紧缺的佐证指标；本平台以收入监测公布的该职业年工资中位数较上年的增长衡量"),
    ("pipeline", Decimal("0.05"), "澳大利亚 Skills Priority List 将培训供给（在训、即将取得资格的人数）列为判断紧缺是否将缓解的依据；本平台以即将结业取证的在训人数与需求人数之比衡量（越少越紧缺）"),
]


def load(apps, schema_editor):
    IndicatorWeight = apps.get_model("demand", "IndicatorWeight")
    for key, weight, source in WEIGHTS:
        IndicatorWeight.objects.get_or_create(key=key, defaults={"weight": weight, "source": source})
    # The offered-wage indicator's source no longer says income monitoring is missing.
    IndicatorWeight.objects.filter(key="wage_growth", source__endswith="（尚未接入收入监测）").update(
        source="澳大利亚国家技能委员会 Skills Priority List Methodology：工资增长是紧缺的佐证指标；本平台以填报的拟提供工资较上年的增长衡量")


def unload(apps, schema_editor):
    apps.get_model("demand", "IndicatorWeight").objects.filter(key__in=[key for key, _w, _s in WEIGHTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("demand", "0007_forecast_runs")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
