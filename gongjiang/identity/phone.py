"""Telephone numbers of people and enterprises: mainland mobile and landline numbers, checked with
Google's libphonenumber metadata (the `phonenumbers` package, ADR 0019).

`phone_validate` returns the number in one stored form — a mobile number as its 11 digits
(13800001234), a landline as area code, hyphen and subscriber number (0580-2021234), a number
abroad in international form (+16502530000) — or raises `IdentityError` with a Chinese message
saying what is wrong and how to write it. "1380000" (a mobile number missing digits), "abc" and a
landline without its area code are refused.
"""

from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import gettext
from phonenumbers import PhoneNumberType

from .cleaning import clean_text
from .errors import IdentityError

REGION = "CN"
PERSON_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# Enterprises may also give a 400/800 service number.
ORGANISATION_TYPES = PERSON_TYPES | {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.UAN}
# Characters people put between digits: spaces, hyphens, dots, brackets, a leading +.
_ALLOWED = re.compile(r"[0-9+\-().\s]+")
# libphonenumber's own pattern of a mainland mobile number: a clean 11-digit cell matching it needs
# no parsing (imports check a million phone numbers; parsing costs ~30 µs each).
MOBILE_CANONICAL = re.compile(phonenumbers.PhoneMetadata.metadata_for_region(REGION).mobile.national_number_pattern)


def phone_is_canonical_mobile(value: str) -> bool:
    """True when `value` is already the stored form of a valid mainland mobile number."""
    return len(value) == 11 and MOBILE_CANONICAL.fullmatch(value) is not None


def _refuse(value: str, message: str) -> IdentityError:
    return IdentityError("phone", message, gettext("手机号请填 11 位数字（如 13800001234）；座机请带区号（如 0580-2021234）。"),
                         value=value)


def phone_validate(value: object, *, organisation: bool = False) -> str:
    """The stored form of a phone number, or IdentityError (code ``phone``) in Chinese.

    `organisation` also accepts 400/800 service numbers (an enterprise's contact phone).
    Blank input is the caller's business: an empty string raises code ``empty``."""
    text = clean_text(value) if not isinstance(value, str) else value.strip()
    text = text.translate({0x3000: 0x20, **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}})
    if not text:
        raise IdentityError("empty", gettext("请填写联系电话。"), value="")
    if phone_is_canonical_mobile(text):
        return text
    if not _ALLOWED.fullmatch(text):
        raise _refuse(text, gettext("联系电话“%(v)s”含有不是数字的字符。") % {"v": text})
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as exc:
        raise _refuse(text, gettext("联系电话“%(v)s”不是电话号码。") % {"v": text}) from exc
    digits = re.sub(r"\D", "", text)
    if not phonenumbers.is_valid_number(number):
        if number.country_code == 86 and digits.startswith("1") and len(digits) != 11:
            message = gettext("手机号“%(v)s”有 %(n)d 位数字，应为 11 位。") % {"v": text, "n": len(digits)}
        elif number.country_code == 86 and not digits.startswith(("0", "86")) and len(digits) <= 8:
            message = gettext("座机号码“%(v)s”缺少区号。") % {"v": text}
        else:
            message = gettext("联系电话“%(v)s”不是有效的手机号或座机号码。") % {"v": text}
        raise _refuse(text, message)
    kind = phonenumbers.number_type(number)
    if kind not in (ORGANISATION_TYPES if organisation else PERSON_TYPES):
        raise _refuse(text, gettext("“%(v)s”是客服或特服号码，不能作为个人联系电话。") % {"v": text})
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.national_significant_number(number)
    if kind == PhoneNumberType.MOBILE:
        return national
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        return f"0{national[:area]}-{national[area:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "-")
