"""Cell parsers by column kind (issue 3 §2, §3). Each `Column` is compiled once per import into a
function `raw -> value` that raises `RowError`; the compiled functions are what run per cell, so
the per-row cost is a few dictionary look-ups and, for ID numbers, the check-character sum.

Same rules as the forms and the API: identity numbers go through `gongjiang.identity`
(`resident_id_validate`, `uscc_validate`, `certificate_number_clean`); the fast path for a
well-formed 18-digit ID number only accepts what `resident_id_validate` accepts (its region and
birth-year check is cached per (region, year) after the full validator has passed once)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gongjiang.identity import (
    IdentityError,
    certificate_number_clean,
    clean_text,
    detect_excel_mangling,
    person_name_clean,
    phone_validate,
    resident_id_validate,
    uscc_validate,
)
from gongjiang.identity.resident_id import ResidentId
from gongjiang.ingest.kinds import Column, ImportContext, RowError
from gongjiang.reference.grades import Grade, grade_parse

Parser = Callable[[Any], Any]

EXCEL_EPOCH = datetime.date(1899, 12, 30)
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "无", "f", "不是"}
_ID_CHECK = "10X98765432"
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def text_clean(raw: Any) -> str:
    """Spreadsheet text: full-width ASCII to half-width, surrounding spaces removed; inner spaces kept
    (names of enterprises may contain them)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = raw if isinstance(raw, str) else str(raw)
    if not text.isascii():
        text = text.translate(_FULLWIDTH).replace("\u00a0", " ").replace("\u200b", "")
    return text.strip()


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _identity_error(column: Column, exc: IdentityError, raw: Any) -> RowError:
    return RowError(column.key, exc.message, exc.hint, value=raw)


def _id_checksum(body: str) -> int:
    """GB 11643 MOD 11-2 weighted sum of 17 ASCII digits, unrolled over the bytes (this runs once
    per imported row); the weights add up to 100, hence the 48 * 100 for the character code of "0"."""
    b = body.encode("ascii")
    return (b[0] * 7 + b[1] * 9 + b[2] * 10 + b[3] * 5 + b[4] * 8 + b[5] * 4 + b[6] * 2 + b[7] + b[8] * 6
            + b[9] * 3 + b[10] * 7 + b[11] * 9 + b[12] * 10 + b[13] * 5 + b[14] * 8 + b[15] * 4 + b[16] * 2) - 4800


class _ResidentIdParser:
    """Resident ID numbers, with a fast path for the common clean 18-character text."""

    def __init__(self, column: Column, today: datetime.date) -> None:
        self.column = column
        self.today = today
        self.region_years: set[tuple[str, int]] = set()

    def __call__(self, raw: Any) -> str:
        if isinstance(raw, str) and len(raw) == 18 and raw.isascii() and raw[:17].isdigit():
            number = raw.upper()
            body = number[:17]
            if number[17] == _ID_CHECK[_id_checksum(body) % 11]:
                year = int(body[6:10])
                if (body[:6], year) in self.region_years:
                    try:
                        born = datetime.date(year, int(body[10:12]), int(body[12:14]))
                    except ValueError:
                        born = None
                    if born is not None and EARLIEST_DATE <= born <= self.today:
                        return number
        try:
            rid = resident_id_validate(raw, today=self.today)
        except IdentityError as exc:
            raise _identity_error(self.column, exc, raw) from exc
        self.region_years.add((rid.region_code, rid.birth_date.year))
        return rid.number


_BIRTH_DATES: dict[str, datetime.date] = {}  # "19900101" -> date; at most ~73,000 days 1900-2100


def resident_id_info(number: str) -> ResidentId:
    """Sex, birth date and region of a number that has passed the id_number parser."""
    digits = number[6:14]
    born = _BIRTH_DATES.get(digits)
    if born is None:
        born = _BIRTH_DATES[digits] = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    return ResidentId(number=number, birth_date=born, sex="M" if number[16] in "13579" else "F",
                      region_code=number[:6])


def date_parse(raw: Any, column: Column) -> datetime.date:
    """A date as clerks write it: a real date cell, an Excel serial number, 2024-03-05, 2024/3/5,
    2024.3.5, 2024年3月5日, 20240305."""
    if isinstance(raw, datetime.datetime):
        value = raw.date()
    elif isinstance(raw, datetime.date):
        value = raw
    else:
        value = None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            serial = raw
        else:
            text = text_clean(raw)
            serial = None
            match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
            if match:
                try:
                    value = datetime.date(*(int(part) for part in match.groups()))
                except ValueError as exc:
                    raise RowError(column.key, _("“%(v)s”不是一个存在的日期。") % {"v": text},
                                   _("请检查月份和日子，例如2月没有30日。"), value=raw) from exc
            elif re.fullmatch(r"\d{5}(?:\.0+)?", text):
                serial = float(text)
            else:
                raise RowError(column.key, _("“%(v)s”不是可识别的日期。") % {"v": text},
                               _("请写成 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日。"), value=raw)
        if value is None:
            if serial is None or not 1 <= serial < 2958466:
                raise RowError(column.key, _("“%(v)s”不是可识别的日期。") % {"v": raw},
                               _("请写成 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日。"), value=raw)
            value = EXCEL_EPOCH + datetime.timedelta(days=int(serial))
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise RowError(column.key, _("日期 %(v)s 不合常理。") % {"v": value.isoformat()},
                       _("请检查年份是否输错。"), value=raw)
    return value


def _int_parse(raw: Any, column: Column) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = text_clean(raw).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise RowError(column.key, _("“%(v)s”不是整数。") % {"v": text}, _("请只填写阿拉伯数字，不带单位。"), value=raw)
    return int(number)


def _decimal_parse(raw: Any, column: Column) -> Decimal:
    if isinstance(raw, float):
        # openpyxl gives floats for numeric cells; repr keeps what Excel showed (no binary noise).
        return Decimal(repr(raw))
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        return Decimal(raw)
    text = text_clean(raw).replace(",", "").replace("，", "").removeprefix("¥").removesuffix("元")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise RowError(column.key, _("“%(v)s”不是数字。") % {"v": text}, _("请只填写数字，不带单位和货币符号。"),
                       value=raw)
    return number


def _bool_parse(raw: Any, column: Column) -> bool:
    if isinstance(raw, bool):
        return raw
    text = text_clean(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RowError(column.key, _("“%(v)s”应为“是”或“否”。") % {"v": text}, _("请从下拉列表中选择“是”或“否”。"),
                   value=raw)


def _choice_parser(column: Column) -> Parser:
    table: dict[str, Any] = {}
    for value, label in column.choices or ():
        table[str(label)] = value
        table[str(value)] = value
        table[str(value).lower()] = value
    labels = "、".join(str(label) for _value, label in column.choices or ())

    def parse(raw: Any) -> Any:
        text = text_clean(raw)
        if text in table:
            return table[text]
        if text.lower() in table:
            return table[text.lower()]
        raise RowError(column.key, _("“%(v)s”不是可选的值。") % {"v": text},
                       _("请从下拉列表中选择：%(labels)s。") % {"labels": labels}, value=raw)
    return parse


def _grade_parse(raw: Any, column: Column) -> int:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and int(raw) == raw and 1 <= raw <= 8:
        return int(raw)
    text = text_clean(raw)
    if text.isdigit() and 1 <= int(text) <= 8:
        return int(text)
    grade = grade_parse(text)
    if grade is None:
        raise RowError(column.key, _("“%(v)s”不是可识别的技能等级。") % {"v": text},
                       _("请从下拉列表中选择，例如：%(example)s。") % {"example": Grade.SENIOR.label}, value=raw)
    return int(grade)


def _reference_parser(column: Column, ctx: ImportContext) -> Parser:
    """Occupation, division and industry by code (or exact name), from a table loaded once."""
    from gongjiang.reference.models import Division, Industry, Occupation

    model, what, hint = {
        "occupation": (Occupation, _("职业（工种）代码"), _("请填写《职业分类大典》中的代码，例如 6-18-02-04，或准确的职业名称。")),
        "division": (Division, _("行政区划"), _("请填写6位行政区划代码（如 330902）或区县名称（如 定海区）。")),
        "industry": (Industry, _("行业代码"), _("请填写国民经济行业分类代码（如 C37）或行业名称。")),
    }[column.kind]
    cache_key = f"ingest:{column.kind}"
    table = ctx.lookups.get(cache_key)
    if table is None:
        table = {}
        objects = list(model.objects.all())
        names: dict[str, list[Any]] = {}
        for obj in objects:
            names.setdefault(obj.name, []).append(obj)
        for name, found in names.items():
            current = [obj for obj in found if getattr(obj, "retired_on", None) is None]
            if len(current) == 1:
                table[name] = current[0]
            elif len(current) > 1:
                table[("alike", name)] = current
        for obj in objects:
            table[obj.code] = obj
        ctx.lookups[cache_key] = table

    def parse(raw: Any) -> Any:
        text = text_clean(raw)
        code = text.split(" ", 1)[0] if " " in text else text
        found = table.get(text) or table.get(code) or table.get(code.upper())
        alike = table.get(("alike", text)) if found is None else None
        if alike:
            # 普陀区 is in Shanghai and in Zhoushan: say so, instead of "does not exist".
            from gongjiang.reference.selectors import division_name_for_code

            listed = "、".join(f"{obj.code}（{getattr(division_name_for_code(obj.code), 'full_name', obj.name)}）"
                               for obj in alike)
            raise RowError(column.key, _("名称“%(v)s”对应不止一个：%(l)s。") % {"v": text, "l": listed},
                           _("请填写代码，例如 %(c)s。") % {"c": alike[0].code}, value=raw)
        if found is None:
            raise RowError(column.key, _("%(what)s“%(v)s”不存在。") % {"what": what, "v": text}, hint, value=raw)
        if column.kind == "division" and getattr(found, "retired_on", None) is not None:
            raise RowError(column.key, _("行政区划代码 %(v)s 已于 %(d)s 撤销。") % {"v": found.code, "d": found.retired_on},
                           hint, value=raw)
        return found
    return parse


MEMO_KINDS = {"date", "choice", "bool", "grade", "occupation", "division", "industry"}
MEMO_MAX = 20000


def _memoised(parse: Parser) -> Parser:
    """Coded columns repeat the same few values on every row: remember what each raw value parsed
    to (successes only; a bad value is parsed, and refused, again each time)."""
    memo: dict[Any, Any] = {}

    def parse_memo(raw: Any) -> Any:
        key = (raw.__class__, raw)
        try:
            return memo[key]
        except KeyError:
            value = parse(raw)
            if len(memo) < MEMO_MAX:
                memo[key] = value
            return value
        except TypeError:  # unhashable cell value
            return parse(raw)
    return parse_memo


def column_parser(column: Column, ctx: ImportContext) -> Parser:
    """The compiled parser of one column: raw cell value (not blank) -> Python value."""
    parse = _column_parser(column, ctx)
    return _memoised(parse) if column.kind in MEMO_KINDS else parse


def _column_parser(column: Column, ctx: ImportContext) -> Parser:
    kind = column.kind
    if kind == "text":
        limit = column.max_length

        def parse_text(raw: Any) -> str:
            if isinstance(raw, str) and raw.isascii():
                text = raw.strip()
            else:
                text = text_clean(raw)
            if limit and len(text) > limit:
                raise RowError(column.key, _("内容过长：最多%(n)d个字，现在%(m)d个。") % {"n": limit, "m": len(text)},
                               _("请删减后重新填写。"), value=raw)
            return text
        return parse_text
    if kind == "person_name":
        def parse_name(raw: Any) -> str:
            try:
                return person_name_clean(raw)
            except IdentityError as exc:
                raise _identity_error(column, exc, raw) from exc
        return parse_name
    if kind == "phone":
        organisation = column.key == "contact_phone"

        def parse_phone(raw: Any) -> str:
            try:
                return phone_validate(raw, organisation=organisation)
            except IdentityError as exc:
                raise _identity_error(column, exc, raw) from exc
        return parse_phone
    if kind == "id_number":
        return _ResidentIdParser(column, ctx.today)
    if kind == "uscc":
        def parse_uscc(raw: Any) -> str:
            try:
                return uscc_validate(raw).code
            except IdentityError as exc:
                raise _identity_error(column, exc, raw) from exc
        return parse_uscc
    if kind == "certificate_number":
        def parse_certificate(raw: Any) -> str:
            try:
                return certificate_number_clean(raw)
            except IdentityError as exc:
                raise _identity_error(column, exc, raw) from exc
        return parse_certificate
    if kind == "date":
        return lambda raw: date_parse(raw, column)
    if kind == "int":
        return lambda raw: _int_parse(raw, column)
    if kind == "decimal":
        return lambda raw: _decimal_parse(raw, column)
    if kind == "bool":
        return lambda raw: _bool_parse(raw, column)
    if kind == "choice":
        return _choice_parser(column)
    if kind == "grade":
        return lambda raw: _grade_parse(raw, column)
    return _reference_parser(column, ctx)


__all__ = ["column_parser", "date_parse", "detect_excel_mangling", "is_blank", "resident_id_info", "text_clean",
           "clean_text"]
