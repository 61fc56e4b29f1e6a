"""Resident ID numbers (GB 11643-1999 / GB 11643-1989).

Vectors and where they come from:

- 11010519491231002X: GB 11643-1999 appendix example (北京市朝阳区, 1949-12-31, female); its
  15-digit form 110105491231002 (GB 11643-1989).
- 440524188001010014: GB 11643-1999 appendix example (广东省汕头市潮阳县, 1880-01-01, male): its check
  character is right, but the platform accepts no birth date before 1900.
- 360426199101010071, 44011320141005001x, 412723199010050012, 110102199101010078,
  120110198012010073, 120110199212010072, 990426199112010074, 110111198012010078,
  110201199312010077, T60426199101010078, 360426199113010079, 36042619910102009X: python-stdnum's
  tests/test_cn_ric.doctest and the stdnum.cn.ric module docstring.
- Everything else is built with `independent.resident_id` (ISO 7064 MOD 11-2 written in the test).
"""

import datetime
import random

import pytest
from stdnum.cn import ric

from gongjiang.identity import (
    IdentityError,
    birth_date_from,
    resident_id_check_char,
    resident_id_is_valid,
    resident_id_mask,
    resident_id_validate,
    sex_from,
)

from .independent import iso7064_mod11_2, resident_id

EXCEL_MESSAGE = "此单元格被 Excel 转成了数字，请把该列设为文本后重新填写"

GB11643_EXAMPLE = "11010519491231002X"

STDNUM_VALID = [
    "360426199101010071",
    "44011320141005001X",
    "412723199010050012",
    "110102199101010078",
    "120110198012010073",  # 东郊区, before 1991
    "120110199212010072",  # 东丽区, after 1991 (same code)
]


def _error(value, **kwargs) -> IdentityError:
    with pytest.raises(IdentityError) as caught:
        resident_id_validate(value, **kwargs)
    return caught.value


# --- published vectors -------------------------------------------------------------------------


def test_gb11643_example():
    result = resident_id_validate(GB11643_EXAMPLE)
    assert result.number == GB11643_EXAMPLE
    assert result.birth_date == datetime.date(1949, 12, 31)
    assert result.sex == "F"  # sequence 002 is even
    assert result.region_code == "110105"
    assert result.region_name == "北京市朝阳区"
    assert result.upgraded_from_15 is False


@pytest.mark.parametrize("number", STDNUM_VALID)
def test_stdnum_vectors_valid(number):
    assert resident_id_validate(number).number == number


@pytest.mark.parametrize("number", [GB11643_EXAMPLE, "440524188001010014", *STDNUM_VALID])
def test_check_character_agrees_with_independent_implementation(number):
    assert iso7064_mod11_2(number[:17]) == number[17]
    assert resident_id_check_char(number[:17]) == number[17]


def test_check_character_agrees_on_many_generated_numbers():
    rng = random.Random(11643)
    for _ in range(2000):
        body = "".join(rng.choice("0123456789") for _ in range(17))
        assert resident_id_check_char(body) == iso7064_mod11_2(body), body


def test_gb11643_1880_example_rejected_for_birth_year():
    err = _error("440524188001010014")
    assert err.code == "birth_date"
    assert "1880年01月01日" in err.message
    assert "早于1900年" in err.message


def test_sex_and_birth_date_helpers():
    assert sex_from("360426199101010071") == "M"  # sequence 007 is odd
    assert sex_from(GB11643_EXAMPLE) == "F"
    assert birth_date_from("44011320141005001x") == datetime.date(2014, 10, 5)
    with pytest.raises(IdentityError):
        sex_from("36042619910102009X")


# --- 15-digit numbers, lower-case x ------------------------------------------------------------


def test_15_digit_number_is_upgraded():
    result = resident_id_validate("110105491231002")
    assert result.number == GB11643_EXAMPLE
    assert result.upgraded_from_15 is True
    assert result.birth_date == datetime.date(1949, 12, 31)


def test_15_digit_number_with_impossible_date():
    err = _error("110105490230002")
    assert err.code == "birth_date"
    assert "第7至12位" in err.message
    assert "1949年02月30日" in err.message


def test_15_digit_number_cannot_contain_x():
    err = _error("11010549123100X")
    assert err.code == "chars"
    assert "15位旧号码全是数字" in err.hint


def test_lower_case_x_is_normalised():
    assert resident_id_validate("11010519491231002x").number == GB11643_EXAMPLE
    assert resident_id_validate("44011320141005001x").number == "44011320141005001X"


# --- what is wrong ------------------------------------------------------------------------------


def test_wrong_check_character():
    err = _error("11010519491231002X".replace("X", "1"))
    assert err.code == "checksum"
    assert "校验不通过" in err.message
    assert "至少有一位输错了" in err.message
    assert "对照证件原件" in err.hint


def test_stdnum_checksum_vector():
    assert _error("36042619910102009X").code == "checksum"


def test_transposed_digits_fail_the_checksum():
    assert _error("11010519491213002X").code == "checksum"  # 1231 -> 1213 is also a valid date


def test_impossible_date_february_30():
    number = resident_id("110105", "19490230", "002")
    err = _error(number)
    assert err.code == "birth_date"
    assert "1949年02月30日" in err.message
    assert "不是有效日期" in err.message
    assert "2月30日" in err.hint


def test_impossible_month_stdnum_vector():
    err = _error("360426199113010079")
    assert err.code == "birth_date"
    assert "1991年13月01日" in err.message


def test_future_birth_date():
    today = datetime.date(2025, 6, 15)
    tomorrow = resident_id("310101", "20250616", "001")
    err = _error(tomorrow, today=today)
    assert err.code == "birth_date"
    assert "晚于今天" in err.message
    assert "2025年06月16日" in err.message
    # the same number is fine once that day has come
    assert resident_id_validate(tomorrow, today=datetime.date(2025, 6, 16)).birth_date.day == 16


def test_future_birth_date_against_the_real_today():
    err = _error(resident_id("310101", "20990101", "001"))
    assert err.code == "birth_date"
    assert "晚于今天" in err.message


def test_unknown_region_stdnum_vector():
    err = _error("990426199112010074")
    assert err.code == "region"
    assert "“990426”不是有效的地区代码" in err.message
    assert "前6位" in err.hint


def test_unknown_county_under_known_province():
    # stdnum's ric.validate raises KeyError (not a validation error) for this one.
    number = resident_id("110199", "19800101", "001")
    with pytest.raises(KeyError):
        ric.validate(number)
    err = _error(number)
    assert err.code == "region"
    assert "110199" in err.message


def test_region_retired_before_birth_stdnum_vector():
    err = _error("110201199312010077")
    assert err.code == "region"
    assert "已撤销" in err.message
    assert "1993年出生" in err.message


def test_region_created_after_birth_is_accepted():
    # 110111 房山区 exists since 1986; a person born in 1980 may have received the number later.
    # stdnum rejects this number; it is a possible number, so it is accepted here.
    assert not ric.is_valid("110111198012010078")
    assert resident_id_validate("110111198012010078").region_name == "北京市房山区"


def test_retired_region_still_valid_for_people_born_while_it_existed():
    # 110103 崇文区 was in use until 2010.
    assert resident_id_validate(resident_id("110103", "19800101", "001")).region_code == "110103"
    assert _error(resident_id("110103", "20150101", "001")).code == "region"


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_residence_permit_numbers_of_hong_kong_macao_taiwan_residents(region):
    number = resident_id(region, "19900101", "001")
    assert not ric.is_valid(number)
    assert resident_id_validate(number).region_code == region


def test_before_1900():
    err = _error(resident_id("110105", "18991231", "001"))
    assert err.code == "birth_date"
    assert "早于1900年" in err.message


@pytest.mark.parametrize(
    ("value", "count"),
    [("1101051949123100", 16), ("11010519491231002", 17), ("11010519491231002X1", 19)],
)
def test_wrong_length(value, count):
    err = _error(value)
    assert err.code == "length"
    assert f"现在是{count}位" in err.message
    assert "18位" in err.message


@pytest.mark.parametrize(("value", "bad"), [("T60426199101010078", "T"), ("1101051949-1231002X", "-")])
def test_bad_characters(value, bad):
    err = _error(value)
    assert err.code == "chars"
    assert f"不能含有“{bad}”" in err.message


def test_letter_o_instead_of_zero():
    err = _error("11O10519491231002X")
    assert err.code == "chars"
    assert "字母 O、I" in err.hint


def test_x_in_the_middle():
    err = _error("1101051949123X002X")
    assert err.code == "chars"
    assert "最后一位" in err.message


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_empty(value):
    assert _error(value).code == "empty"


# --- Excel -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "detail", "seen"),
    [
        ("1.10101E+17", "scientific", "1.10101E+17"),
        ("1.10101e17", "scientific", "1.10101e17"),
        (1.1010519491231e17, "precision_lost", "1.1010519491231e+17"),
        (110105194912310000, "precision_lost", "110105194912310000"),
        # 18 digits whose last three were turned to 0 (the cell was numeric, saved as text/CSV)
        ("110105194912310000", "precision_lost", "110105194912310000"),
        ("110105491231002.0", "decimal_suffix", "110105491231002.0"),
        ("110105194912310000.0", "precision_lost", "110105194912310000.0"),
    ],
)
def test_excel_mangling(value, detail, seen):
    err = _error(value)
    assert err.code == "excel_number"
    assert err.detail == detail
    assert EXCEL_MESSAGE in str(err)
    assert seen in str(err)


def test_trailing_zeros_only_blamed_on_excel_when_the_check_fails():
    # A correct number may end in 000 (sequence 100, check character 0): it must be accepted.
    candidates = (
        resident_id("110105", f"198001{day:02d}", f"{n:03d}") for day in range(1, 32) for n in range(100, 1000, 100)
    )
    number = next(c for c in candidates if c.endswith("000"))
    assert resident_id_validate(number).number == number


@pytest.mark.parametrize(
    "value",
    [
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width
        "１１０１０５１９４９１２３１００２ｘ",
        " 11010519491231002X ",
        "110105 19491231 002X",
        "\u300011010519491231002X\u3000",
        "11010519491231002X\u00a0",
        "\u200b11010519491231002X",
        "'11010519491231002X",  # Excel's leading apostrophe
        "\"11010519491231002X\"",
        "110105491231002",
        110105491231002,  # a 15-digit number kept as a number is still exact
    ],
)
def test_cleaned_inputs_are_accepted(value):
    assert resident_id_validate(value).number == GB11643_EXAMPLE


# --- masking -----------------------------------------------------------------------------------


def test_mask():
    assert resident_id_mask("310101198001010018") == "3101**********0018"
    assert resident_id_mask(" 11010519491231002x ") == "1101**********002X"
    assert resident_id_validate(GB11643_EXAMPLE).masked == "1101**********002X"
    assert resident_id_mask("") == ""


def test_is_valid():
    assert resident_id_is_valid(GB11643_EXAMPLE)
    assert not resident_id_is_valid("11010519491231002")
