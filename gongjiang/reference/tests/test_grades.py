"""The 8-level skill ladder (R1.2)."""

import pytest

from gongjiang.reference.grades import (
    GRADE_BY_NATIONAL_LEVEL,
    NATIONAL_LEVEL_BY_GRADE,
    Grade,
    grade_parse,
    is_high_skilled,
)


def test_ladder_has_eight_rungs_in_order():
    assert [g.label for g in sorted(Grade)] == [
        "学徒工",
        "初级工（五级）",
        "中级工（四级）",
        "高级工（三级）",
        "技师（二级）",
        "高级技师（一级）",
        "特级技师",
        "首席技师",
    ]


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        (Grade.APPRENTICE, False),
        (Grade.JUNIOR, False),
        (Grade.INTERMEDIATE, False),
        (Grade.SENIOR, True),
        (Grade.TECHNICIAN, True),
        (Grade.SENIOR_TECHNICIAN, True),
        (Grade.PRINCIPAL_TECHNICIAN, True),
        (Grade.CHIEF_TECHNICIAN, True),
        (None, False),
    ],
)
def test_high_skilled_means_senior_worker_and_above(grade, expected):
    assert is_high_skilled(grade) is expected


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("高级工", Grade.SENIOR),
        ("三级", Grade.SENIOR),
        ("3级", Grade.SENIOR),
        ("高级", Grade.SENIOR),
        ("高级工（三级）", Grade.SENIOR),
        ("高级工(三级)", Grade.SENIOR),
        (" 技师 ", Grade.TECHNICIAN),
        ("高级技师", Grade.SENIOR_TECHNICIAN),
        ("一级", Grade.SENIOR_TECHNICIAN),
        ("初级工（五级）", Grade.JUNIOR),
        ("中级", Grade.INTERMEDIATE),
        ("学徒", Grade.APPRENTICE),
        ("特级技师", Grade.PRINCIPAL_TECHNICIAN),
        ("首席技师", Grade.CHIEF_TECHNICIAN),
    ],
)
def test_grade_parse_reads_what_clerks_type(text, grade):
    assert grade_parse(text) == grade


@pytest.mark.parametrize("text", ["", None, "大师", "六级", "高级工程师"])
def test_grade_parse_refuses_unknown_text(text):
    assert grade_parse(text) is None


def test_national_levels_run_from_five_for_junior_to_one_for_senior_technician():
    assert NATIONAL_LEVEL_BY_GRADE == {
        Grade.JUNIOR: 5,
        Grade.INTERMEDIATE: 4,
        Grade.SENIOR: 3,
        Grade.TECHNICIAN: 2,
        Grade.SENIOR_TECHNICIAN: 1,
    }
    assert {level: GRADE_BY_NATIONAL_LEVEL[level] for level in range(1, 6)} == {
        1: Grade.SENIOR_TECHNICIAN,
        2: Grade.TECHNICIAN,
        3: Grade.SENIOR,
        4: Grade.INTERMEDIATE,
        5: Grade.JUNIOR,
    }


@pytest.mark.parametrize("grade", [Grade.APPRENTICE, Grade.PRINCIPAL_TECHNICIAN, Grade.CHIEF_TECHNICIAN])
def test_grades_outside_the_five_national_levels_have_no_level_number(grade):
    assert grade not in NATIONAL_LEVEL_BY_GRADE
