"""Shipped data: the 以赛代评 rules and the honour / studio / designation programmes with their
quotas (ADR 0024). Loaded by a data migration; the bureau edits both in the back office.

The texts say *that* results earn titles and grade promotion (`000` 三(五)2, `004` 十六) but leave
the thresholds to the bureau: the grades and titles below are demo values and their citations say
so. Quotas and targets are the texts' own (`001` (十二), `003` 二(二)2–3, 二(三)1)."""

from datetime import date

HUANGPU = "黄府发〔2018〕007号 三(五)2 以赛代评，评比“技术能手”“技能大师”"
NATIONAL = "国家职业技能竞赛获奖选手晋升等级（`004` 十六 落实竞赛获奖选手职业技能等级晋升政策）"
DEMO = "；晋升幅度为演示取值，由区人社局确定"

RULES = [
    # level, award, title, steps, direct, cap, citation
    ("district", "first", "技术能手", 1, None, 5, HUANGPU + DEMO),
    ("district", "second", "", 1, None, 4, HUANGPU + DEMO),
    ("municipal", "first", "技术能手", 1, None, 6, HUANGPU + DEMO),
    ("municipal", "second", "岗位技能带头人", 1, None, 5, HUANGPU + DEMO),
    ("provincial", "first", "技能大师", 1, None, 6, HUANGPU + DEMO),
    ("national", "gold", "技能大师", 0, 5, None, NATIONAL + DEMO),
    ("national", "silver", "技术能手", 0, 5, None, NATIONAL + DEMO),
    ("national", "bronze", "技术能手", 0, 5, None, NATIONAL + DEMO),
    ("world_selection", "gold", "技能大师", 0, 6, None, NATIONAL + DEMO),
]

DINGHAI_DOC = "定政發〔2025〕4號"
PROGRAMMES = [
    # title, kind, level, area, starts, ends, quota, citation, evidence
    ("定海名匠", "honour", "district", "330902", date(2025, 1, 1), date(2026, 12, 31), 100,
     f"{DINGHAI_DOC} 二(三)1 累计培养各类“定海名匠”100名", ""),
    ("定海名匠工作室", "studio", "district", "330902", date(2025, 1, 1), date(2026, 12, 31), 15,
     f"{DINGHAI_DOC} 二(三)1 建成“定海名匠工作室”15家", ""),
    ("技能大师工作室（市级以上）", "studio", "municipal", "330902", date(2025, 1, 1), date(2026, 12, 31), 32,
     f"{DINGHAI_DOC} 二(三)1 累计建成市级以上技能大师工作室、高技能人才（劳模）创新工作室32家", ""),
    ("“以技提薪”示范企业（2025年）", "designation", "district", "330902", date(2025, 1, 1), date(2025, 12, 31), 30,
     f"{DINGHAI_DOC} 二(二)2 到2025年培育“以技提薪”示范企业30家", "能级工资集体协商协议、技能津贴制度文件、高技能人才薪酬增长情况"),
    ("“以技提薪”示范企业（2026年）", "designation", "district", "330902", date(2026, 1, 1), date(2026, 12, 31), 45,
     f"{DINGHAI_DOC} 二(二)2 到2026年培育“以技提薪”示范企业45家（累计）", "能级工资集体协商协议、技能津贴制度文件、高技能人才薪酬增长情况"),
    ("技能创富型企业", "designation", "district", "330902", date(2025, 1, 1), date(2026, 12, 31), 13,
     f"{DINGHAI_DOC} 二(二)3 累计建成技能创富型企业13家", "企业技能人才引育用投入与成效材料、自主评价备案材料"),
    ("技能型企业", "designation", "district", "330902", date(2025, 1, 1), date(2026, 12, 31), 13,
     f"{DINGHAI_DOC} 一 总体目标 至2025年底累计建成7家、至2026年底13家技能型企业",
     "企业技能人才培养、评价、使用、激励制度材料"),
    ("技能型乡村（社区）", "community", "district", "330902", date(2025, 1, 1), date(2026, 12, 31), 4,
     f"{DINGHAI_DOC} 一 总体目标、二(三)3 至2025年底累计建成3个、至2026年底4个技能型乡村（社区）",
     "镇街申报材料、技能培训站点和技能人才培育情况"),
    ("首席技师", "honour", "municipal", "310000", date(2024, 1, 1), date(2024, 12, 31), 100,
     "沪就辦〔2024〕1號（十二）评选资助市级首席技师100名", ""),
    ("技能大师工作室", "studio", "municipal", "310000", date(2024, 1, 1), date(2024, 12, 31), 30,
     "沪就辦〔2024〕1號（十二）技能大师工作室30个", ""),
]


def seed_load(*, PromotionRule, HonourProgramme, Division) -> None:  # noqa: N803 - historical models
    for level, award, title, steps, direct, cap, citation in RULES:
        PromotionRule.objects.get_or_create(level=level, award=award, effective_from=date(2018, 1, 1), defaults={
            "title": title, "grade_steps": steps, "grade_direct": direct, "grade_cap": cap, "citation": citation})
    for title, kind, level, area, starts, ends, quota, citation, evidence in PROGRAMMES:
        division = Division.objects.filter(code=area).first()
        if division is None:
            continue
        HonourProgramme.objects.get_or_create(title=title, area=division, starts_on=starts, defaults={
            "kind": kind, "level": level, "ends_on": ends, "quota": quota, "citation": citation,
            "evidence_required": evidence})
