"""公民身份号码 (resident ID number), GB 11643-1999, and the 15-digit numbers of GB 11643-1989.

An 18-character number is 6 digits of administrative division code (GB/T 2260, where the number was
first assigned), 8 digits of birth date (YYYYMMDD), 3 digits of sequence (odd for men, even for
women) and a check character computed with ISO 7064 MOD 11-2 (0-9 or X). A 15-digit number has a
6-digit birth date (YYMMDD, always 19YY) and no check character; it is upgraded to 18 by inserting
"19" and computing the check character.

What python-stdnum's `stdnum.cn.ric` gives and what is added here:

- the check character is `stdnum.cn.ric.calc_check_digit` (tests compare it with an independent
  implementation);
- region codes are looked up in stdnum's bundled list (`stdnum/cn/loc.dat`, GB/T 2260 with retired
  codes and the years they were in use). `ric.validate` is not used for the region because it
  rejects a code that did not yet exist in the birth year (110111 房山区 dates from 1986, so
  ric rejects 110111198012010078), but a number is assigned when the person is first registered:
  people born before the mid-1980s got their numbers as adults, with the codes of that time. Here
  a code is rejected only if it is unknown, or was retired before the person was born (allowing
  one year for registration lag). `ric.get_birth_place` also raises KeyError, not a validation
  error, for an unknown county under a known province (110199...); that case is handled here;
- 810000 / 820000 / 830000 (港澳台居民居住证 numbers for residents of Hong Kong, Macao, Taiwan)
  are accepted; they are not GB/T 2260 codes and stdnum rejects them;
- birth dates in the future or before 1900 are rejected (stdnum only checks the date exists);
- 15-digit numbers are upgraded, Excel damage is recognised, and every failure has its own
  Chinese message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext, gettext_lazy
from stdnum import numdb
from stdnum.cn import ric

from gongjiang.core.masking import mask_middle

from ._clock import local_today
from .cleaning import clean_text, detect_excel_mangling, excel_number_error, looks_truncated_by_excel
from .errors import IdentityError

LENGTH = 18
OLD_LENGTH = 15
EARLIEST_BIRTH_YEAR = 1900
# A code retired in year N may still appear for people born in N + this (registration lag).
RETIRED_CODE_GRACE_YEARS = 1

# Address codes of 港澳台居民居住证 numbers; not part of GB/T 2260.
RESIDENCE_PERMIT_REGIONS = {
    "810000": gettext_lazy("香港居民（港澳台居民居住证）"),
    "820000": gettext_lazy("澳门居民（港澳台居民居住证）"),
    "830000": gettext_lazy("台湾居民（港澳台居民居住证）"),
}

SEX_MALE = "M"
SEX_FEMALE = "F"


@dataclass(frozen=True)
class ResidentId:
    """A valid resident ID number, always the 18-character form with an upper-case X."""

    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F"
    region_code: str
    upgraded_from_15: bool = False

    @property
    def masked(self) -> str:
        return resident_id_mask(self.number)

    @property
    def region_name(self) -> str:
        return region_name(self.region_code)


@dataclass(frozen=True)
class _County:
    name: str
    start: int | None
    end: int | None


@lru_cache(maxsize=4096)
def _region_lookup(code: str) -> tuple[str, tuple[_County, ...]] | None:
    """(province name, counties that used the code) from stdnum's GB/T 2260 list, or None."""
    results = numdb.get("cn/loc").info(code)
    info = {key: value for _part, props in results for key, value in props.items()}
    if "county" not in info:
        return None
    counties = []
    for item in info["county"].split(","):
        if item.startswith("[") and "]" in item:
            period, name = item[1:].split("]", 1)
            start, _sep, end = period.partition("-")
            counties.append(_County(name, int(start) if start else None, int(end) if end else None))
        else:
            counties.append(_County(item, None, None))
    return info.get("province", ""), tuple(counties)


def region_name(code: str) -> str:
    """The (latest) name of an administrative division code, e.g. "北京市朝阳区"; "" if unknown."""
    if code in RESIDENCE_PERMIT_REGIONS:
        return str(RESIDENCE_PERMIT_REGIONS[code])
    found = _region_lookup(code)
    if found is None:
        return ""
    province, counties = found
    county = counties[-1].name
    return province if county == province else province + county


def resident_id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character (0-9 or X) for the first 17 digits."""
    # stdnum expects the number with its check character slot present.
    return ric.calc_check_digit(first17 + "0")


def _birth_date(body17: str, *, old: bool, today: datetime.date) -> datetime.date:
    year, month, day = int(body17[6:10]), int(body17[10:12]), int(body17[12:14])
    shown = f"{body17[6:10]}年{body17[10:12]}月{body17[12:14]}日"
    positions = gettext("第7至12位") if old else gettext("第7至14位")
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        raise IdentityError(
            "birth_date",
            gettext("身份证号%(positions)s的出生日期“%(date)s”不是有效日期。")
            % {"positions": positions, "date": shown},
            gettext("没有13月、2月30日这样的日期，请对照证件原件核对年、月、日这几位数字。"),
        ) from None
    if born > today:
        raise IdentityError(
            "birth_date",
            gettext("身份证号%(positions)s的出生日期“%(date)s”晚于今天。")
            % {"positions": positions, "date": shown},
            gettext("请对照证件原件核对出生年份，常见错误是把年份输错一位。"),
        )
    if year < EARLIEST_BIRTH_YEAR:
        raise IdentityError(
            "birth_date",
            gettext("身份证号%(positions)s的出生日期“%(date)s”早于1900年。")
            % {"positions": positions, "date": shown},
            gettext("请对照证件原件核对出生年份。"),
        )
    return born


def _check_region(code: str, birth_year: int) -> None:
    if code in RESIDENCE_PERMIT_REGIONS:
        return
    found = _region_lookup(code)
    if found is None:
        raise IdentityError(
            "region",
            gettext("身份证号前6位“%(code)s”不是有效的地区代码（行政区划代码）。") % {"code": code},
            gettext("前6位是办理身份证所在地的代码，请对照证件原件核对这6位数字。"),
        )
    province, counties = found
    if any(c.end is None or birth_year <= c.end + RETIRED_CODE_GRACE_YEARS for c in counties):
        return
    last = max(counties, key=lambda c: c.end or 0)
    raise IdentityError(
        "region",
        gettext(
            "身份证号前6位“%(code)s”（%(name)s）这个地区代码%(end)d年已撤销，"
            "不可能分配给%(year)d年出生的人。"
        )
        % {"code": code, "name": province + last.name, "end": last.end, "year": birth_year},
        gettext("请对照证件原件核对前6位和出生年份。"),
    )


def resident_id_validate(value: object, *, today: datetime.date | None = None) -> ResidentId:
    """Validate a resident ID number and return it in normalised form.

    Accepts str (also full-width, with spaces, quotes, lower-case x), int, float, Decimal; 15-digit
    numbers are upgraded to 18. Raises IdentityError with code "excel_number", "empty", "chars",
    "length", "birth_date", "region" or "checksum".
    """
    detect_excel_mangling(value, (LENGTH, OLD_LENGTH))
    text = clean_text(value).upper()
    if not text:
        raise IdentityError(
            "empty", gettext("身份证号没有填写。"), gettext("请填写18位公民身份号码。")
        )
    bad = sorted({char for char in text if char not in "0123456789X"})
    if bad:
        raise IdentityError(
            "chars",
            gettext("身份证号只能由数字和末位的 X 组成，不能含有“%(chars)s”。") % {"chars": "".join(bad)},
            gettext("请检查是否多输了符号，或把数字 0、1 输成了字母 O、I，然后对照证件原件重新填写。"),
            value=text,
        )
    if len(text) not in (LENGTH, OLD_LENGTH):
        raise IdentityError(
            "length",
            gettext("身份证号应为18位（旧证为15位），现在是%(count)d位。") % {"count": len(text)},
            gettext("请对照证件原件检查是否多输或漏输了数字。"),
            value=text,
        )
    old = len(text) == OLD_LENGTH
    if "X" in (text if old else text[:-1]):
        raise IdentityError(
            "chars",
            gettext("字母 X 只能出现在18位身份证号的最后一位。"),
            gettext("请对照证件原件重新填写；15位旧号码全是数字。"),
            value=text,
        )
    body17 = text[:6] + "19" + text[6:] if old else text[:17]
    born = _birth_date(body17, old=old, today=today or local_today())
    _check_region(body17[:6], born.year)
    check = resident_id_check_char(body17)
    if not old and text[-1] != check:
        if looks_truncated_by_excel(text, LENGTH):
            raise excel_number_error(text, "precision_lost")
        raise IdentityError(
            "checksum",
            gettext("身份证号校验不通过：最后一位校验码与前17位对不上，号码中至少有一位输错了。"),
            gettext("请对照证件原件逐位核对，特别留意相邻两位是否颠倒；末位是 X 的不能写成其他字符。"),
            value=text,
        )
    return ResidentId(
        number=body17 + check,
        birth_date=born,
        sex=SEX_MALE if int(body17[16]) % 2 else SEX_FEMALE,
        region_code=body17[:6],
        upgraded_from_15=old,
    )


def resident_id_is_valid(value: object) -> bool:
    try:
        resident_id_validate(value)
    except IdentityError:
        return False
    return True


def resident_id_mask(number: object) -> str:
    """3101**********1234: the first four and the last four characters (province, prefecture)."""
    return mask_middle(clean_text(number).upper(), head=4, tail=4)


def sex_from(number: object) -> str:
    """"M" or "F" from a resident ID number (validated; raises IdentityError)."""
    return resident_id_validate(number).sex


def birth_date_from(number: object) -> datetime.date:
    """The birth date in a resident ID number (validated; raises IdentityError)."""
    return resident_id_validate(number).birth_date
