"""Certificate numbers.

The skill grade format (1 letter + 21 digits) and its example "Y000123XXXXXX195000001" (employer,
人社部 evaluator code 0001, 黑龙江 23, site XXXXXX, 2019, level 5, serial 000001) are from the
published 职业技能等级证书编码规则; the site digits are filled in here. The other numbers are
built to the same rule.
"""

import datetime

import pytest

from gongjiang.identity import (
    IdentityError,
    certificate_number_check,
    certificate_number_clean,
    certificate_number_parse,
)
from gongjiang.reference.grades import Grade

TODAY = datetime.date(2025, 6, 15)
RULE_EXAMPLE = "Y000123000001195000001"
SHANGHAI_SENIOR_2024 = "S000031010001243000123"  # social organisation, filed with 上海, 2024, 高级工


def _codes(problems):
    return [p.code for p in problems]


def test_parse_rule_example():
    parsed = certificate_number_parse(RULE_EXAMPLE, today=TODAY)
    assert parsed.evaluator_type == "Y"
    assert parsed.evaluator_type_name == "用人单位"
    assert parsed.evaluator_code == "0001"
    assert not parsed.filed_with_province
    assert parsed.province_code == "23"
    assert parsed.province_name == "黑龙江省"
    assert parsed.site_code == "000001"
    assert parsed.year == 2019
    assert parsed.national_level == 5
    assert parsed.grade == Grade.JUNIOR
    assert parsed.serial == "000001"


def test_parse_cleans_and_upper_cases():
    parsed = certificate_number_parse(" s0000 3101 0001 2430 00123 ", today=TODAY)
    assert parsed.number == SHANGHAI_SENIOR_2024
    assert parsed.evaluator_type_name == "社会培训评价组织"
    assert parsed.filed_with_province
    assert parsed.grade == Grade.SENIOR


@pytest.mark.parametrize("value", ["0812345678901234", "ABC-123", "Y00003101000124300012"])
def test_parse_other_shapes_gives_none(value):
    assert certificate_number_parse(value, today=TODAY) is None


def test_parse_rejects_other_evaluator_letters():
    with pytest.raises(IdentityError) as caught:
        certificate_number_parse("X000031010001243000123", today=TODAY)
    assert caught.value.code == "evaluator_type"
    assert "用人单位颁发的是 Y" in caught.value.message
    assert "社会培训评价组织颁发的是 S" in caught.value.message


def test_parse_rejects_unknown_province():
    with pytest.raises(IdentityError) as caught:
        certificate_number_parse("S000099010001243000123", today=TODAY)
    assert caught.value.code == "province"
    assert "“99”不是省份代码" in caught.value.message


@pytest.mark.parametrize("digit", [0, 6, 9])
def test_parse_rejects_level_digit_outside_1_to_5(digit):
    with pytest.raises(IdentityError) as caught:
        certificate_number_parse(f"S00003101000124{digit}000123", today=TODAY)
    assert caught.value.code == "grade"
    assert f"现在是“{digit}”" in caught.value.message


def test_parse_rejects_future_year():
    with pytest.raises(IdentityError) as caught:
        certificate_number_parse("S000031010001263000123", today=TODAY)
    assert caught.value.code == "year"
    assert "2026年" in caught.value.message
    assert "晚于今年" in caught.value.message


def test_check_consistent_certificate():
    problems = certificate_number_check(
        SHANGHAI_SENIOR_2024,
        kind="skill_grade",
        grade=Grade.SENIOR,
        issued_on=datetime.date(2024, 11, 20),
        province_code="310101",
        today=TODAY,
    )
    assert problems == []


def test_check_grade_mismatch():
    problems = certificate_number_check(SHANGHAI_SENIOR_2024, kind="skill_grade", grade=Grade.TECHNICIAN, today=TODAY)
    assert _codes(problems) == ["grade_mismatch"]
    assert "第16位等级代码是3" in problems[0].message
    assert "高级工（三级）" in problems[0].message
    assert "“技师（二级）”不一致" in problems[0].message


def test_check_grade_without_national_level():
    problems = certificate_number_check(SHANGHAI_SENIOR_2024, kind="skill_grade", grade=Grade.APPRENTICE, today=TODAY)
    assert _codes(problems) == ["grade_mismatch"]


def test_check_year_mismatch():
    problems = certificate_number_check(
        SHANGHAI_SENIOR_2024, kind="skill_grade", issued_on=datetime.date(2023, 12, 31), today=TODAY
    )
    assert _codes(problems) == ["year_mismatch"]
    assert "表示2024年发证" in problems[0].message
    assert "2023-12-31" in problems[0].message


def test_check_province_mismatch():
    problems = certificate_number_check(SHANGHAI_SENIOR_2024, kind="skill_grade", province_code="33", today=TODAY)
    assert _codes(problems) == ["province_mismatch"]
    assert "上海市（31）" in problems[0].message
    assert "浙江省（33）" in problems[0].message


def test_check_reports_every_mismatch():
    problems = certificate_number_check(
        SHANGHAI_SENIOR_2024,
        kind="skill_grade",
        grade=Grade.JUNIOR,
        issued_on=datetime.date(2022, 1, 1),
        province_code="330902",
        today=TODAY,
    )
    assert _codes(problems) == ["grade_mismatch", "year_mismatch", "province_mismatch"]


def test_check_skill_grade_needs_the_format():
    problems = certificate_number_check("0812345678901234", kind="skill_grade", today=TODAY)
    assert _codes(problems) == ["format"]
    assert "1位字母加21位数字" in problems[0].message


def test_check_principal_technician_numbers_are_not_structured_here():
    assert certificate_number_check("TJ00003101000124000001", kind="skill_grade", grade=Grade.PRINCIPAL_TECHNICIAN) == []


def test_check_bad_evaluator_letter_is_a_problem():
    problems = certificate_number_check("B000031010001243000123", kind="skill_grade", today=TODAY)
    assert _codes(problems) == ["evaluator_type"]


@pytest.mark.parametrize("kind", ["qualification", "special_ability"])
@pytest.mark.parametrize("number", ["0812345678901234", "ZX-2021-000123", "ab12 34"])
def test_other_kinds_accept_any_clean_number(kind, number):
    assert certificate_number_check(number, kind=kind) == []


def test_qualification_with_a_skill_grade_number():
    problems = certificate_number_check(SHANGHAI_SENIOR_2024, kind="qualification")
    assert _codes(problems) == ["kind_mismatch"]
    assert "证书类别填的是职业资格证书" in problems[0].message


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        ("", "empty", "证书编号没有填写"),
        ("A" * 65, "length", "最多64个字符"),
        ("No.12345", "chars", "不能含有“.”"),
        ("证书12345", "chars", "不能含有“书证”"),
    ],
)
def test_clean_rejects(value, code, text):
    with pytest.raises(IdentityError) as caught:
        certificate_number_clean(value)
    assert caught.value.code == code
    assert text in caught.value.message
    assert certificate_number_check(value, kind="special_ability")[0].code == code


def test_clean_keeps_hyphens_and_upper_cases():
    assert certificate_number_clean(" zx-2021-000123 ") == "ZX-2021-000123"


@pytest.mark.parametrize("value", [812345678901234, 8.12345678901234e15, "8.12346E+15"])
def test_excel_numbers(value):
    problems = certificate_number_check(value, kind="qualification")
    assert _codes(problems) == ["excel_number"]
    assert "此单元格被 Excel 转成了数字，请把该列设为文本后重新填写" in str(problems[0])


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown certificate kind"):
        certificate_number_check(SHANGHAI_SENIOR_2024, kind="diploma")
