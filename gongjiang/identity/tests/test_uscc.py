"""Unified social credit codes (GB 32100-2015).

Real codes: python-stdnum's stdnum.cn.uscc docstring (91110000600037341L) and
tests/test_cn_uscc.doctest ("found online and should all be valid numbers"), of which a spread is
used here. Codes for the authorities N, Y, A and the wrong-part cases are built with
`independent.uscc` (GB 11714 and GB 32100 checks written in the test).

91310000MA1FL0LT5M, sometimes quoted as an example, is not a valid code: both its organisation code
check and its GB 32100 check fail (stdnum rejects it too).
"""

import pytest
from stdnum.cn import uscc as stdnum_uscc

from gongjiang.identity import IdentityError, organisation_code_check_char, uscc_is_valid, uscc_validate

from .independent import gb11714_check, gb32100_check, uscc

EXCEL_MESSAGE = "此单元格被 Excel 转成了数字，请把该列设为文本后重新填写"

STDNUM_REAL = [
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91120224064012553U",
    "91152201078371135X",
    "9115220107837757XE",
    "91310000631696382C",
    "91310115MA1K3BTP2B",
    "913101127033980359",
    "9131012056010553X5",
    "91340600MA2PBM9HXD",
    "91340603MA2UJXXCXF",
    "91420684MA4927PJ7B",
    "9144030071526726XG",
    "91620105L015101280",
    "91620105MA73NBBLXE",
    "92340602MA2PBMEM24",
    "92340603MA2PBMYMX1",
    "92340621MA2UK3PJXE",
]


def _error(value) -> IdentityError:
    with pytest.raises(IdentityError) as caught:
        uscc_validate(value)
    return caught.value


@pytest.mark.parametrize("code", STDNUM_REAL)
def test_real_codes_are_valid(code):
    assert uscc_validate(code).code == code
    # both check characters agree with the independent implementations
    assert gb11714_check(code[8:16]) == code[16]
    assert gb32100_check(code[:17]) == code[17]
    assert organisation_code_check_char(code[8:16]) == code[16]


def test_parts_of_a_company_code():
    result = uscc_validate("91110000600037341L")
    assert result.authority == "9"
    assert result.authority_name == "工商（市场监管）"
    assert result.org_type == "1"
    assert result.org_type_name == "企业"
    assert result.region_code == "110000"
    assert result.organisation_code == "600037341"
    assert result.organisation_code_display == "60003734-1"
    assert result.check_char == "L"


def test_parts_of_other_authorities():
    public_institution = uscc_validate("121200004013590816")
    assert (public_institution.authority_name, public_institution.org_type_name) == ("机构编制", "事业单位")
    individual = uscc_validate("92340602MA2PBMEM24")
    assert individual.org_type_name == "个体工商户"


def test_lower_case_and_spaces():
    assert uscc_validate("91110000600037341l").code == "91110000600037341L"
    assert uscc_validate(" 91 110000 600037341L ").code == "91110000600037341L"
    assert uscc_validate("９１１１００００６０００３７３４１Ｌ").code == "91110000600037341L"


@pytest.mark.parametrize(
    ("first8", "authority_name", "type_name"),
    [
        ("N2330902", "农业", "村级集体经济组织"),  # 定海区 village collective
        ("Y1310101", "其他", "其他"),
        ("A1110000", "中央军委改革和编制办公室", "军队事业单位"),
        ("53310000", "民政", "基金会"),
        ("31310101", "司法行政", "律师执业机构"),
        ("81310101", "工会", "基层工会"),
    ],
)
def test_letter_and_other_authorities(first8, authority_name, type_name):
    code = uscc(first8, "MA1K3BTP")
    result = uscc_validate(code)
    assert (result.authority_name, result.org_type_name) == (authority_name, type_name)


def test_stdnum_validate_rejects_letter_authorities_but_its_check_character_is_right():
    code = uscc("N2330902", "MA1K3BTP")
    assert not stdnum_uscc.is_valid(code)  # requires 8 leading digits
    assert stdnum_uscc.calc_check_digit(code[:17]) == code[17]
    assert uscc_is_valid(code)


def test_wrong_check_character_stdnum_vector():
    err = _error("91110000600037341N")
    assert err.code == "checksum"
    assert "统一社会信用代码校验不通过" in err.message
    assert "营业执照" in err.hint


def test_invalid_authority_letter():
    code = uscc("B1110000", "60003734")  # only the first character is wrong
    err = _error(code)
    assert err.code == "authority"
    assert "第1位“B”不是有效的登记管理部门代码" in err.message
    assert "1-9、A、N、Y" in err.hint


def test_invalid_organisation_type():
    err = _error(uscc("94110000", "60003734"))
    assert err.code == "org_type"
    assert "第2位“4”不是工商（市场监管）部门登记的机构类别代码" in err.message
    assert "1 企业、2 个体工商户、3 农民专业合作社" in err.hint


def test_invalid_organisation_type_for_civil_affairs():
    err = _error(uscc("56110000", "60003734"))
    assert err.code == "org_type"
    assert "民政" in err.message


def test_wrong_organisation_code_check():
    body = "91110000" + "60003734" + "2"  # the GB 11714 check character is 1
    err = _error(body + gb32100_check(body))
    assert err.code == "org_code"
    assert "第9至17位（组织机构代码）校验不通过" in err.message


def test_quoted_invalid_example():
    assert not stdnum_uscc.is_valid("91310000MA1FL0LT5M")
    assert _error("91310000MA1FL0LT5M").code in ("org_code", "checksum")


def test_region_must_be_digits():
    body = "91A10000" + "600037341"
    err = _error(body + gb32100_check(body))
    assert err.code == "region"
    assert "第3至8位" in err.message


@pytest.mark.parametrize(("value", "bad"), [("9111000060003734IL", "I"), ("91110000600O37341L", "O")])
def test_letters_not_in_the_alphabet(value, bad):
    err = _error(value)
    assert err.code == "chars"
    assert "不会出现字母 I、O、Z、S、V" in err.message
    assert f"“{bad}”" in err.message


def test_symbols():
    err = _error("91110000600037341L#")
    assert err.code == "chars"
    assert "“#”" in err.message


def test_old_registration_number():
    err = _error("110108000000016")
    assert err.code == "length"
    assert "旧的工商注册号" in err.message


def test_organisation_code_alone():
    err = _error("60003734-1")
    assert err.code == "length"
    assert "9位的组织机构代码" in err.message


def test_wrong_length():
    err = _error("91110000600037341")
    assert err.code == "length"
    assert "现在是17位" in err.message


def test_empty():
    assert _error("").code == "empty"


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        (911522010783710635, "numeric"),
        (9.11522010783711e17, "precision_lost"),
        ("9.11522E+17", "scientific"),
        ("911522010783711000", "precision_lost"),  # a numeric cell saved as text
    ],
)
def test_excel(value, detail):
    err = _error(value)
    assert err.code == "excel_number"
    assert err.detail == detail
    assert EXCEL_MESSAGE in str(err)
