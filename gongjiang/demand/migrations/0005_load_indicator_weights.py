"""The default weights of the shortage indicators (ADR 0023), each with its source. The bureau edits
them on the weights page; the catalogue records the weights it was computed with."""

from decimal import Decimal

from django.db import migrations

WEIGHTS = [
    ("gap", Decimal("0.25"), "人力资源社会保障部《全国招聘大于求职“最缺工”的100个职业排行》：按招聘需求人数减求职人数之差排序"),
    ("unfilled", Decimal("0.20"), "澳大利亚国家技能委员会《2022 Skills Priority List Key Findings Report》：岗位填补率是紧缺的首要衡量指标"),
    ("suitable", Decimal("0.20"), "澳大利亚就业与技能局 SERA 雇主调查：每个岗位符合要求的应聘人数（越少越紧缺）"),
    ("weeks_open", Decimal("0.10"), "法国 DARES/Pôle emploi《Note méthodologique sur les indicateurs de tension》(2020)：招聘困难分项；本平台以岗位空缺周数衡量"),
    ("breadth", Decimal("0.10"), "“最缺工”排行按报告该职业的城市数加权；本平台以填报企业数衡量需求广度"),
    ("ageing", Decimal("0.05"), "澳大利亚 Skills Priority List 将劳动力老龄化列为紧缺成因之一；本平台以持证人员中55岁及以上者占比衡量"),
    ("wage_growth", Decimal("0.10"), "澳大利亚国家技能委员会 Skills Priority List Methodology：工资增长是紧缺的佐证指标；本平台以填报的拟提供工资较上年的增长衡量（尚未接入收入监测）"),
]


def load(apps, schema_editor):
    IndicatorWeight = apps.get_model("demand", "IndicatorWeight")
    for key, weight, source in WEIGHTS:
        IndicatorWeight.objects.get_or_create(key=key, defaults={"weight": weight, "source": source})


def unload(apps, schema_editor):
    apps.get_model("demand", "IndicatorWeight").objects.filter(key__in=[key for key, _w, _s in WEIGHTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("demand", "0004_filings_weights_and_editions")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
