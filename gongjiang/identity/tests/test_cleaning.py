from decimal import Decimal

import pytest

from gongjiang.identity.cleaning import clean_text, detect_excel_mangling
from gongjiang.identity.errors import IdentityError

EXCEL_MESSAGE = "此单元格被 Excel 转成了数字，请把该列设为文本后重新填写"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("11010519491231002X", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),  # full-width digits and letter
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002x"),  # full-width lower-case x
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("110105\u300019491231\u3000002X", "11010519491231002X"),  # ideographic space
        ("\u00a011010519491231002X\u00a0", "11010519491231002X"),  # no-break space
        ("1101051949\u200b1231002X\ufeff", "11010519491231002X"),  # zero-width space, BOM
        ("\t11010519491231002X\r\n", "11010519491231002X"),
        ("'11010519491231002X", "11010519491231002X"),  # Excel's leading apostrophe
        ('"11010519491231002X"', "11010519491231002X"),
        ("“11010519491231002X”", "11010519491231002X"),
        ("＇11010519491231002X", "11010519491231002X"),  # full-width apostrophe
        (110105491231002, "110105491231002"),
        (110105491231002.0, "110105491231002"),
        (1.1010519491231e17, "1.1010519491231e+17"),  # a float keeps showing it is one
        (Decimal("110105491231002"), "110105491231002"),
        ("91110000600037341l", "91110000600037341l"),  # case is kept
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "detail", "seen"),
    [
        ("1.10101E+17", "scientific", "1.10101E+17"),
        ("1.10101e17", "scientific", "1.10101e17"),
        ("1.1010519491231E+17", "scientific", "1.1010519491231E+17"),
        (" 1.10105E+14 ", "scientific", "1.10105E+14"),  # a 15-digit number shown by Excel
        ("1E+17", "scientific", "1E+17"),
        (1.1010519491231e17, "precision_lost", "1.1010519491231e+17"),
        (110105194912310000, "precision_lost", "110105194912310000"),
        (Decimal("110105194912310000"), "precision_lost", "110105194912310000"),
        ("110105491231002.0", "decimal_suffix", "110105491231002.0"),
        ("110105194912310000.0", "precision_lost", "110105194912310000.0"),
        (12345.5, "numeric", "12345.5"),
        (float("nan"), "numeric", "nan"),
    ],
)
def test_detect_excel_mangling(raw, detail, seen):
    with pytest.raises(IdentityError) as caught:
        detect_excel_mangling(raw, (18, 15))
    err = caught.value
    assert err.code == "excel_number"
    assert err.detail == detail
    assert EXCEL_MESSAGE in str(err)
    assert f"“{seen}”" in str(err) or f"数字 {seen} " in str(err)


def test_scientific_message_says_digits_are_lost():
    with pytest.raises(IdentityError) as caught:
        detect_excel_mangling("1.10101E+17", 18)
    assert "科学计数法" in caught.value.hint
    assert "无法还原" in caught.value.hint
    assert "设置单元格格式" in caught.value.hint


def test_float_message_explains_15_digits():
    with pytest.raises(IdentityError) as caught:
        detect_excel_mangling(1.1010519491231e17, 18)
    assert "Excel 只保留15位有效数字" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected_length"),
    [
        ("11010519491231002X", 18),
        ("110105194912310000", 18),  # text: cannot be judged without the check character
        ("913100001234567E12", 18),  # a letter E between digits is not scientific notation
        (110105491231002, (18, 15)),  # 15 digits survive Excel intact
        (110105491231002.0, (18, 15)),
        (None, 18),
        ("", 18),
    ],
)
def test_not_mangled(raw, expected_length):
    assert detect_excel_mangling(raw, expected_length) is None


def test_number_of_unexpected_length_is_reported():
    # A 16-digit certificate number kept as a number has lost its last digit and any leading 0.
    with pytest.raises(IdentityError) as caught:
        detect_excel_mangling(812345678901234)
    assert caught.value.code == "excel_number"


def test_error_text_is_message_then_hint():
    err = IdentityError("checksum", "号码不对。", "请核对。")
    assert str(err) == "号码不对。请核对。"
    assert isinstance(err, ValueError)
    assert err.code == "checksum"
