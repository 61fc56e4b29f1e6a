"""Ship a plausible 2025 shortage occupation catalogue for Zhoushan (applies to Dinghai), as DEMO
data: the occupations follow the five pillar industries named in `003` 一 (green petrochemicals,
ship building and repair, machinery, aquatic products, grain and oil processing) and the care
economy of `003` 二(一)2. It is not the official list; replace it with the bureau's published
catalogue (docs/operations/add-a-policy.md)."""

import datetime

from django.db import migrations

SOURCE = "演示数据：依据定政发〔2025〕4号 一、二(一)2 所列五大支柱产业与“一老一小”领域编制，非官方目录"

# (occupation code, minimum grade or None, note)
ENTRIES = [
    ("6-18-02-04", None, "船舶修造"),           # 焊工
    ("6-23-02-01", None, "船舶修造"),           # 金属船体制造工
    ("6-23-02-02", None, "船舶修造"),           # 船舶机械装配工
    ("6-23-02-03", None, "船舶修造"),           # 船舶电气装配工
    ("6-18-01-11", None, "船舶修造"),           # 铆工
    ("6-18-03-03", None, "船舶修造"),           # 涂装工
    ("6-29-03-04", None, "船舶修造"),           # 管工
    ("6-11-01-03", None, "绿色石化"),           # 化工总控工
    ("6-11-01-02", None, "绿色石化"),           # 化工单元操作工
    ("6-10-01-02", None, "绿色石化"),           # 催化裂化工
    ("6-18-01-01", None, "机械制造"),           # 车工
    ("6-18-01-07", None, "机械制造"),           # 多工序数控机床操作调整工
    ("6-20-01-01", None, "机械制造"),           # 装配钳工
    ("6-31-01-02", None, "机械制造"),           # 机修钳工
    ("6-31-01-03", None, "机械制造"),           # 电工
    ("6-30-05-02", None, "港口物流"),           # 起重工
    ("6-01-05-01", None, "水产品精深加工"),     # 水产品加工工
    ("4-02-06-04", None, "水产品冷链"),         # 冷藏工
    ("4-10-01-05", None, "一老一小"),           # 养老护理员
    ("4-10-01-03", None, "一老一小"),           # 保育师
]


def load(apps, schema_editor):
    Division = apps.get_model("reference", "Division")
    Occupation = apps.get_model("reference", "Occupation")
    ShortageCatalogue = apps.get_model("demand", "ShortageCatalogue")
    ShortageOccupation = apps.get_model("demand", "ShortageOccupation")
    area = Division.objects.filter(code="330900").first()
    if area is None:  # reference data not loaded (should not happen: dependency below)
        return
    catalogue, _ = ShortageCatalogue.objects.get_or_create(
        area=area, year=2025,
        defaults={"title": "舟山市2025年度急需紧缺职业（工种）目录（演示）", "source": SOURCE, "is_demo": True,
                  "valid_from": datetime.date(2025, 1, 1), "valid_to": datetime.date(2026, 12, 31)},
    )
    occupations = {o.code: o for o in Occupation.objects.filter(code__in=[code for code, _, _ in ENTRIES])}
    for code, grade, note in ENTRIES:
        if code in occupations:
            ShortageOccupation.objects.get_or_create(catalogue=catalogue, occupation=occupations[code],
                                                     defaults={"min_grade": grade, "note": note})


def unload(apps, schema_editor):
    ShortageCatalogue = apps.get_model("demand", "ShortageCatalogue")
    ShortageCatalogue.objects.filter(area__code="330900", year=2025, is_demo=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("demand", "0001_initial"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=False)]
