"""The kinds of school the national occupational skill standards' 申报条件 name (issue 13, R4.2):
a fixed list, cited, so an eligibility rule's schooling route and a worker's education record
(registry.Education) speak of the same kinds. The 2018 standards (e.g. 《国家职业技能标准 焊工》
（2018年版）申报条件) name: 技工学校 and 中等及以上职业学校 (以中级技能为培养目标) for 四级; 高级
技工学校, 技师学院 and 高等职业学校 (以高级技能为培养目标) for 三级 and 二级; 大专及以上 for 三级
with 2 years after 四级. Changing this list is a code change with its citation, never data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

STANDARD_CITATION = "《国家职业技能标准》（2018年版）申报条件"


class SchoolKind(models.TextChoices):
    TECHNICAL_SCHOOL = "technical_school", _("技工学校")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中等职业学校（以中级技能为培养目标）")
    SENIOR_TECHNICAL_SCHOOL = "senior_technical_school", _("高级技工学校")
    TECHNICIAN_COLLEGE = "technician_college", _("技师学院")
    HIGHER_VOCATIONAL = "higher_vocational", _("高等职业学校（以高级技能为培养目标）")
    COLLEGE = "college", _("大专及以上院校")


#: Where each kind is named (the standard's 申报条件 wording).
CITATIONS = {
    SchoolKind.TECHNICAL_SCHOOL: f"{STANDARD_CITATION}：技工学校本专业或相关专业毕业证书",
    SchoolKind.SECONDARY_VOCATIONAL: f"{STANDARD_CITATION}：经评估论证、以中级技能为培养目标的中等及以上职业学校",
    SchoolKind.SENIOR_TECHNICAL_SCHOOL: f"{STANDARD_CITATION}：高级技工学校、技师学院毕业证书",
    SchoolKind.TECHNICIAN_COLLEGE: f"{STANDARD_CITATION}：高级技工学校、技师学院毕业证书",
    SchoolKind.HIGHER_VOCATIONAL: f"{STANDARD_CITATION}：经评估论证、以高级技能为培养目标的高等职业学校",
    SchoolKind.COLLEGE: f"{STANDARD_CITATION}：大专及以上本专业或相关专业毕业证书",
}


def school_kinds_label(codes) -> str:
    """The kinds' names joined with 、 (unknown codes shown as they are)."""
    labels = dict(SchoolKind.choices)
    return "、".join(str(labels.get(code, code)) for code in codes or [])
