"""The policy texts' targets, shipped as data with their citations (ADR 0025; loaded by a data
migration, corrected by the bureau on the targets page or by importing the template).

Percentages are entered as percentages (35 = 35%). "超35%" is `gt`, "达到" and "以上" are `gte`."""

from __future__ import annotations

DINGHAI = "定政發〔2025〕4號"
SHANGHAI = "滬就辦〔2024〕1號"
HUANGPU = "黄府发〔2018〕007号"

TARGETS = [
    # area, indicator, year, from_year, value, comparison, document, clause, wording
    ("330902", "skilled_total", 2025, None, 111000, "gte", DINGHAI, "一 总体目标", "至2025年底，全区技能人才总量达到11.1万人"),
    ("330902", "skilled_share", 2025, None, 35, "gt", DINGHAI, "一 总体目标", "占从业人员比重超35%"),
    ("330902", "high_skilled_total", 2025, None, 40000, "gte", DINGHAI, "一 总体目标", "高技能人才总量达到4万人以上"),
    ("330902", "high_skilled_share", 2025, None, 36, "gt", DINGHAI, "一 总体目标", "占技能人才比重超36%"),
    ("330902", "skill_villages", 2025, None, 3, "gte", DINGHAI, "一 总体目标", "累计建成3个技能型乡村（社区）"),
    ("330902", "skill_enterprises", 2025, None, 7, "gte", DINGHAI, "一 总体目标", "累计建成7家技能型企业"),
    ("330902", "skilled_total", 2026, None, 112700, "gte", DINGHAI, "一 总体目标", "至2026年底，全区技能人才总量达到11.27万人以上"),
    ("330902", "skilled_share", 2026, None, 36, "gt", DINGHAI, "一 总体目标", "占从业人员比重超36%"),
    ("330902", "high_skilled_total", 2026, None, 41200, "gte", DINGHAI, "一 总体目标", "高技能人才总量达到4.12万人以上"),
    ("330902", "high_skilled_share", 2026, None, 36.5, "gt", DINGHAI, "一 总体目标", "占技能人才比重超36.5%"),
    ("330902", "skill_villages", 2026, None, 4, "gte", DINGHAI, "一 总体目标", "累计建成4个技能型乡村（社区）"),
    ("330902", "skill_enterprises", 2026, None, 13, "gte", DINGHAI, "一 总体目标", "累计建成13家技能型企业"),
    ("330902", "pay_by_skill_enterprises", 2025, None, 30, "gte", DINGHAI, "二(二)2", "到2025年，培育“以技提薪”示范企业30家"),
    ("330902", "pay_by_skill_enterprises", 2026, None, 45, "gte", DINGHAI, "二(二)2", "到2026年，培育“以技提薪”示范企业45家"),
    ("330902", "wealth_enterprises", 2026, None, 13, "gte", DINGHAI, "二(二)3", "累计建成技能创富型企业13家"),
    ("330902", "training_person_times", 2025, None, 5000, "gte", DINGHAI, "二(一)2",
     "每年开展制造业2000、数字经济1000、养老托育500、现代服务业1500人次培训（合计）"),
    ("330902", "training_person_times", 2026, None, 5000, "gte", DINGHAI, "二(一)2",
     "每年开展制造业2000、数字经济1000、养老托育500、现代服务业1500人次培训（合计）"),
    ("310000", "training_person_times", 2024, None, 800000, "gte", SHANGHAI, "一(一)", "确保全年完成补贴性职业技能培训80万人次"),
    ("310000", "new_high_certificates", 2024, None, 45000, "gte", SHANGHAI, "一(一)",
     "新增取得高级工以上等级技能评价证书的高技能人才4.5万人次"),
    # Shipped by migration 0005 (SHANGHAI_2024_MORE): our records do not mark new-skill training
    # (shown as 暂无数据来源); apprentices are enterprises' 新型学徒制 training (training.EnterpriseTraining).
    ("310000", "new_skill_training", 2024, None, 120000, "gte", SHANGHAI, "一(一)", "其中等级工（新技能）培训12万人次"),
    ("310000", "apprentices_trained", 2024, None, 10000, "gte", SHANGHAI, "二(六)", "全年开展企业新型学徒制培训1万人"),
    ("310101", "new_high_certificates", 2020, 2018, 5000, "gte", HUANGPU, "二(四)2 阶段目标", "到2020年，培养高技能人才5000人"),
]


#: The targets a later migration ships (0005): (area, indicator, year).
SHANGHAI_2024_MORE = {("310000", "new_skill_training", 2024), ("310000", "apprentices_trained", 2024)}


def seed_load(*, Target, Division, only: set | None = None) -> None:  # noqa: N803 - historical models
    from decimal import Decimal

    for area, indicator, year, from_year, value, comparison, document, clause, wording in TARGETS:
        if only is not None and (area, indicator, year) not in only:
            continue
        division = Division.objects.filter(code=area).first()
        if division is None:
            continue
        Target.objects.get_or_create(indicator=indicator, area=division, year=year, enterprise=None, defaults={
            "from_year": from_year, "value": Decimal(str(value)), "comparison": comparison,
            "document": document, "clause": clause, "wording": wording})
