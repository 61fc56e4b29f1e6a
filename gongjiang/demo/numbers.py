"""Valid identity numbers for synthetic people and organisations.

Every number made here passes `gongjiang.identity` (the platform's own validation) and python-stdnum:

- resident ID numbers (GB 11643-1999): a county code that `stdnum.cn.ric.get_birth_place` accepts
  *for the birth year* (stricter than `identity.resident_id_validate`, which also accepts a code
  that came into use after the birth), the birth date, a sequence whose last digit is odd for men
  and even for women, and the ISO 7064 MOD 11-2 check character;
- unified social credit codes (GB 32100-2015): authority and type, the registering authority's
  division code, a GB 11714 organisation code with its own check character, and the check character;
- certificate numbers: 职业技能等级证书 (1 letter + 21 digits, 人社部 coding rule, see
  `skill_grade_number`) and the 16-digit 职业资格证书 numbers of the former national system
  (`qualification_number`).

Nothing here touches the database; every function takes the caller's `random.Random`.
"""

from __future__ import annotations

import random
from datetime import date
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric, uscc

# Years a synthetic person may be born in; codes are checked against each of them.
BIRTH_YEARS = range(1955, 2011)

# GB 32100 alphabet (no I, O, Z, S, V) - also used for the letters of new organisation codes.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Mobile number prefixes in use by the three operators (13x, 15x, 16x, 17x, 18x, 19x).
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159", "166",
    "173", "175", "176", "177", "178", "180", "181", "182", "183", "184",
    "185", "186", "187", "188", "189", "191", "193", "195", "196", "197", "198", "199",
)


# Rows of the list that group counties rather than name one.
_GROUPING_NAMES = {"市辖区", "县", "市区", "省直辖县级行政单位", "自治区直辖县级行政单位"}


def _county_periods(text: str) -> list[tuple[int | None, int | None]]:
    """[(start, end)] of the names a code had in stdnum's GB/T 2260 list ("[1987-]定海区" …)."""
    periods: list[tuple[int | None, int | None]] = []
    for item in text.split(","):
        if item.startswith("[") and "]" in item:
            start, _sep, end = item[1:].split("]", 1)[0].partition("-")
            periods.append((int(start) if start else None, int(end) if end else None))
        else:
            periods.append((None, None))
    return periods


@lru_cache(maxsize=1)
def _county_table() -> dict[str, list[tuple[int | None, int | None]]]:
    """Every county-level code in stdnum's list with the periods it was in use."""
    table: dict[str, list[tuple[int | None, int | None]]] = {}
    for _length, low, high, props, children in numdb.get("cn/loc").prefixes:
        if low != high or "province" not in props:
            continue
        for _clen, clow, chigh, cprops, _grand in children:
            if clow != chigh or "county" not in cprops:
                continue
            code = low + clow
            names = {item.split("]")[-1] for item in cprops["county"].split(",")}
            # Skip the province and prefecture rows (…00) and grouping rows (市辖区, 县, …).
            if code.endswith("00") or names <= _GROUPING_NAMES:
                continue
            table[code] = _county_periods(cprops["county"])
    return table


def region_valid_for_year(code: str, year: int) -> bool:
    """True when stdnum's GB/T 2260 list has `code` in use in `year` (what `ric.get_birth_place`
    requires of a birth year)."""
    periods = _county_table().get(code)
    if not periods:
        return False
    return any((start is None or start <= year) and (end is None or year <= end) for start, end in periods)


@lru_cache(maxsize=64)
def _province_codes(province: str) -> tuple[str, ...]:
    return tuple(sorted(code for code in _county_table() if code.startswith(province[:2])))


@lru_cache(maxsize=8192)
def province_codes_for_year(province: str, year: int, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    """County codes of a province (2 digits) or prefecture (4 digits) in use in `year`."""
    return tuple(code for code in _province_codes(province[:2])
                 if code.startswith(province) and not code.startswith(exclude) and region_valid_for_year(code, year))


def check_char(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a resident ID number (GB 11643-1999)."""
    return ric.calc_check_digit(body17 + "0")


def resident_id_make(rng: random.Random, *, region: str, birth_date: date, male: bool) -> str:
    """An 18-character resident ID number; the caller makes it unique (`sequence` is random)."""
    sequence = int(rng.random() * 500) * 2 + (1 if male else 0)
    body = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return body + check_char(body)


def organisation_code_make(rng: random.Random, *, new_style: bool) -> str:
    """A 9-character GB 11714 organisation code (主体标识码) with its check character.

    Old-style codes are 8 digits; codes assigned since the 2015 reform start with "MA" followed
    by 6 characters of the GB 32100 alphabet."""
    if new_style:
        body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    else:
        body = str(rng.randrange(1, 10)) + "".join(rng.choice("0123456789") for _ in range(7))
    total = 0
    for char, weight in zip(body, _ORG_WEIGHTS, strict=True):
        total += (int(char) if char.isdigit() else ord(char) - ord("A") + 10) * weight
    remainder = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(remainder, str(remainder))


def uscc_make(rng: random.Random, *, authority: str, org_type: str, region: str, new_style: bool) -> str:
    """An 18-character unified social credit code (GB 32100-2015)."""
    body = f"{authority}{org_type}{region}{organisation_code_make(rng, new_style=new_style)}"
    return body + uscc.calc_check_digit(body)


def mobile_make(rng: random.Random) -> str:
    """A mainland mobile number, 1[3-9]x plus 8 digits."""
    return MOBILE_PREFIXES[int(rng.random() * len(MOBILE_PREFIXES))] + f"{int(rng.random() * 10**8):08d}"


def landline_make(rng: random.Random, area_code: str) -> str:
    """A fixed-line number with its area code: 8 digits after a 3-digit code (021-6xxxxxxx), 7 after
    a 4-digit one (0580-2xxxxxx), as libphonenumber validates them (ADR 0019). Same draws either way."""
    local = f"{rng.randrange(2, 9)}{rng.randrange(0, 10**7):07d}"
    if local.startswith("800"):  # 800x is not a subscriber range (toll-free numbers)
        local = "81" + local[2:]
    return f"{area_code}-{local if len(area_code) <= 3 else local[:7]}"


_CARD_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def ss_card_make(rng: random.Random) -> str:
    """A social security card number as printed on the card: one letter and 8 digits (assumption:
    the 9-character 卡号 of the national card specification; the 社会保障号码 is the ID number)."""
    return _CARD_LETTERS[int(rng.random() * len(_CARD_LETTERS))] + f"{int(rng.random() * 10**8):08d}"


def skill_grade_number(*, evaluator_type: str, evaluator_code: str, province: str, site: str,
                       year: int, national_level: int, serial: int) -> str:
    """A 职业技能等级证书 number: evaluator type (Y employer / S social organisation), 4-digit
    evaluator code (0000 = filed with the province), 2-digit province, 6-digit site, 2-digit year,
    national level (1 高级技师 … 5 初级工), 6-digit serial (REQUIREMENTS.md, "Certificates")."""
    return (f"{evaluator_type}{evaluator_code}{province}{site}{year % 100:02d}"
            f"{national_level}{serial:06d}")


def qualification_number(*, year: int, province: str, city: str, station_type: int, station: str,
                         national_level: int, serial: int) -> str:
    """A 16-digit 职业资格证书 number of the former national system: year (2), province (2),
    city (2), station type (1: 0 指导中心 … 4 企业内鉴定), station serial (3), level (1), serial (5)."""
    return f"{year % 100:02d}{province}{city}{station_type}{station}{national_level}{serial:05d}"
