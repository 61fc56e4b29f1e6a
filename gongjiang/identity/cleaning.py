"""Turning what a clerk typed or pasted, or what a spreadsheet held, into plain text.

Identity numbers arrive from forms, the API and Excel/CSV imports. Before any check they are
cleaned (`clean_text`): full-width characters (typed with a Chinese input method) become half-width,
every kind of space and invisible character is removed, and the quote marks that Excel and CSV
exports put around text are stripped.

`detect_excel_mangling` recognises what Excel does to a long number typed into a cell that is not
formatted as text: it keeps only 15 significant digits (an 18-digit ID number loses its last three
digits, which become 000), shows it in scientific notation (1.10101E+17), and saves it to CSV that
way or with a trailing ".0". Such a value cannot be repaired; the clerk must re-enter it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext

from .errors import IdentityError

# Excel keeps 15 significant digits of a number; anything longer is rounded.
EXCEL_SIGNIFICANT_DIGITS = 15

# Full-width ASCII block (！ … ～, U+FF01–U+FF5E) maps onto ASCII by a fixed offset.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # IDEOGRAPHIC SPACE

# Quote marks that wrap text in spreadsheets and exports (Excel's leading ' included).
_QUOTES = "'\"`´‘’‚‛“”„‟′″"

# Scientific notation as Excel displays it (1.10101E+17) or as it is written by other tools
# (1.10101e17). A mantissa with a decimal point, or an explicitly signed exponent, is required,
# so a code such as 913100001234567E12 (digits, a letter E, digits) is not mistaken for it.
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]\d+)")
# An integer saved from a numeric cell: 110105491231002.0
_DECIMAL_SUFFIX = re.compile(r"[+-]?\d+\.0+")


def _is_invisible(char: str) -> bool:
    """Spaces of every kind, zero-width and other format characters, control characters."""
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc")


def _number_text(value: int | float | Decimal) -> str:
    """The text of a numeric cell value, without inventing digits it does not have."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 10**EXCEL_SIGNIFICANT_DIGITS:
            return str(int(value))
        return repr(value)
    if value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def clean_text(value: object) -> str:
    """Plain half-width text with no spaces or invisible characters and no surrounding quotes.

    Accepts str, int, float, Decimal or None (None gives ""). Full-width digits and letters
    (０-９, Ａ-Ｚ, ａ-ｚ) and full-width spaces become half-width; every whitespace character
    (including U+3000 and no-break spaces) and zero-width character is removed, also inside the
    text; quote marks and apostrophes around the text are stripped. Case is kept.
    """
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        text = _number_text(value)
    else:
        text = str(value)
    if text.isascii() and text.isalnum():
        return text  # already clean (the usual case: a number typed or generated): nothing to remove
    text = text.translate(_FULLWIDTH)
    text = "".join(char for char in text if not _is_invisible(char))
    return text.strip(_QUOTES)


def _lengths(expected_length: int | Iterable[int] | None) -> frozenset[int]:
    if expected_length is None:
        return frozenset()
    if isinstance(expected_length, int):
        return frozenset({expected_length})
    return frozenset(expected_length)


def excel_number_error(seen: str, detail: str) -> IdentityError:
    """The error for a value that Excel turned into a number; `seen` is the value as read."""
    message = gettext("此单元格被 Excel 转成了数字，请把该列设为文本后重新填写。")
    if detail == "scientific":
        specifics = gettext(
            "读到的内容是“%(seen)s”（科学计数法），号码后面的数字已经丢失，无法还原。"
        ) % {"seen": seen}
    elif detail == "precision_lost":
        specifics = gettext(
            "读到的号码是“%(seen)s”：Excel 只保留15位有效数字，第16位起的数字已被改成 0，无法还原。"
        ) % {"seen": seen}
    elif detail == "decimal_suffix":
        specifics = gettext(
            "读到的内容是“%(seen)s”，末尾的“.0”说明这个号码曾被当作数字保存。"
        ) % {"seen": seen}
    else:
        specifics = gettext(
            "读到的是数字 %(seen)s 而不是文本；超过15位的号码、以 0 开头的号码在数字格式下都会被改掉。"
        ) % {"seen": seen}
    how = gettext(
        "设置方法：选中该列，右键“设置单元格格式”，选“文本”，再按证件原件重新输入；"
        "也可以在号码前加一个英文单引号 '。"
    )
    return IdentityError("excel_number", message, specifics + how, value=seen, detail=detail)


def looks_truncated_by_excel(text: str, length: int) -> bool:
    """An all-digit value of `length` digits ending in 000: what Excel leaves of a longer number.

    Only meaningful together with a failed check: a correct number can end in 000 too.
    """
    return len(text) == length > EXCEL_SIGNIFICANT_DIGITS and text.isdigit() and text.endswith("000")


def _check_numeric(value: int | float | Decimal, lengths: frozenset[int]) -> None:
    seen = _number_text(value)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not exact.is_finite() or exact != exact.to_integral_value():
        raise excel_number_error(seen, "numeric")
    digits = str(abs(int(exact)))
    if len(digits) > EXCEL_SIGNIFICANT_DIGITS:
        # A float never holds more than 15 reliable digits of what Excel stored; an integer with more
        # than 15 significant digits could be exact (it did not come from Excel), but one whose
        # digits beyond the 15th are zeros is what a float leaves behind.
        lost = isinstance(value, float) or len(digits.rstrip("0")) <= EXCEL_SIGNIFICANT_DIGITS
        raise excel_number_error(seen, "precision_lost" if lost else "numeric")
    if len(digits) in lengths:
        return  # an exact number of an expected length, e.g. a 15-digit old ID number
    raise excel_number_error(seen, "numeric")


def detect_excel_mangling(raw: object, expected_length: int | Iterable[int] | None = None) -> None:
    """Raise IdentityError(code="excel_number") if `raw` shows what Excel does to long numbers.

    Recognised: scientific notation text (1.10101E+17, 1.10101e17); a numeric value (int, float,
    Decimal) with more than 15 digits (Excel keeps 15 significant digits, the rest become 0); any
    other numeric value, unless it is an exact whole number with one of the `expected_length`
    digit counts (a number of at most 15 digits survives Excel intact); text with a trailing ".0".

    An 18-character text of digits ending in 000 cannot be told apart from a correct number here;
    validators call `looks_truncated_by_excel` when their check fails.
    """
    if raw is None or isinstance(raw, bool):
        return
    lengths = _lengths(expected_length)
    if isinstance(raw, int | float | Decimal):
        _check_numeric(raw, lengths)
        return
    text = clean_text(raw)
    if _SCIENTIFIC.fullmatch(text):
        raise excel_number_error(text, "scientific")
    if _DECIMAL_SUFFIX.fullmatch(text):
        whole = text.split(".", 1)[0].lstrip("+-")
        lost = len(whole) > EXCEL_SIGNIFICANT_DIGITS
        raise excel_number_error(text, "precision_lost" if lost else "decimal_suffix")
