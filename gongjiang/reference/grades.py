"""The 8-level skill ladder (R1.2, `004` 十四; GLOSSARY.md).

`Grade` values rise with the ladder, so `grade >= Grade.SENIOR` reads "high-skilled" (`000` 二(三)).
The national level number (五级 … 一级) printed on certificates is `Grade.national_level`.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Grade(models.IntegerChoices):
    APPRENTICE = 1, pgettext_lazy("grade", "学徒工")
    JUNIOR = 2, pgettext_lazy("grade", "初级工（五级）")
    INTERMEDIATE = 3, pgettext_lazy("grade", "中级工（四级）")
    SENIOR = 4, pgettext_lazy("grade", "高级工（三级）")
    TECHNICIAN = 5, pgettext_lazy("grade", "技师（二级）")
    SENIOR_TECHNICIAN = 6, pgettext_lazy("grade", "高级技师（一级）")
    PRINCIPAL_TECHNICIAN = 7, pgettext_lazy("grade", "特级技师")
    CHIEF_TECHNICIAN = 8, pgettext_lazy("grade", "首席技师")


HIGH_SKILLED_MIN = Grade.SENIOR

# National level printed in certificate numbers: 1 = 高级技师 … 5 = 初级工.
NATIONAL_LEVEL_BY_GRADE = {
    Grade.JUNIOR: 5,
    Grade.INTERMEDIATE: 4,
    Grade.SENIOR: 3,
    Grade.TECHNICIAN: 2,
    Grade.SENIOR_TECHNICIAN: 1,
}
GRADE_BY_NATIONAL_LEVEL = {level: grade for grade, level in NATIONAL_LEVEL_BY_GRADE.items()}

# Short names clerks type in spreadsheets, mapped to the ladder.
GRADE_ALIASES = {
    "学徒工": Grade.APPRENTICE, "学徒": Grade.APPRENTICE,
    "初级工": Grade.JUNIOR, "初级": Grade.JUNIOR, "五级": Grade.JUNIOR, "5级": Grade.JUNIOR,
    "中级工": Grade.INTERMEDIATE, "中级": Grade.INTERMEDIATE, "四级": Grade.INTERMEDIATE, "4级": Grade.INTERMEDIATE,
    "高级工": Grade.SENIOR, "高级": Grade.SENIOR, "三级": Grade.SENIOR, "3级": Grade.SENIOR,
    "技师": Grade.TECHNICIAN, "二级": Grade.TECHNICIAN, "2级": Grade.TECHNICIAN,
    "高级技师": Grade.SENIOR_TECHNICIAN, "一级": Grade.SENIOR_TECHNICIAN, "1级": Grade.SENIOR_TECHNICIAN,
    "特级技师": Grade.PRINCIPAL_TECHNICIAN,
    "首席技师": Grade.CHIEF_TECHNICIAN,
}


def is_high_skilled(grade: int | None) -> bool:
    """True for 高级工 and above (R1.2)."""
    return grade is not None and grade >= HIGH_SKILLED_MIN


def grade_parse(text: str) -> Grade | None:
    """The grade a clerk meant by `text` (高级工, 三级, 3级, …), or None."""
    cleaned = (text or "").strip().replace("（", "(").replace("）", ")")
    if cleaned in GRADE_ALIASES:
        return GRADE_ALIASES[cleaned]
    for grade in Grade:
        if cleaned == str(grade.label).replace("（", "(").replace("）", ")"):
            return grade
    head = cleaned.split("(")[0]
    return GRADE_ALIASES.get(head)
