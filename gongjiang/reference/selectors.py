"""Reads of reference data: occupations, administrative divisions, industries.

Reference data is public (national standards), so every selector may be called by any domain,
view or API without scoping to who is asking. Selectors return model instances or plain values
and never write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length

from gongjiang.reference.models import Division, Industry, Occupation

SEARCH_LIMIT_MAX = 100
SUCCESSOR_HOPS_MAX = 10
OCCUPATION_CODE_PREFIX_RE = re.compile(r"^[1-8](?:-\d{1,2}){0,3}-?$")
# Placeholder names of GB/T 2260 level-2 codes under municipalities; left out of full names.
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


# --- Occupations ---------------------------------------------------------------------------


def occupation_get(code: str) -> Occupation | None:
    """The occupation (or group) with `code`, e.g. 6-18-02-04, with its parent; None if unknown.

    Any caller. Refuses nothing: an unknown or malformed code gives None.
    """
    return Occupation.objects.select_related("parent").filter(code=(code or "").strip()).first()


def occupation_subtree_codes(code: str) -> list[str]:
    """`code` and the codes of every occupation below it, sorted; [] when `code` is unknown.

    6-18 gives 6-18, 6-18-01, 6-18-01-01, … : use it to count or filter records by a whole group
    (R2.4 structure of the workforce). Any caller. The hierarchy is in the codes themselves, so
    this is one indexed prefix query.
    """
    code = (code or "").strip()
    if not code or not Occupation.objects.filter(code=code).exists():
        return []
    return list(
        Occupation.objects.filter(Q(code=code) | Q(code__startswith=f"{code}-"))
        .order_by("code")
        .values_list("code", flat=True)
    )


def occupation_search(text: str, limit: int = 20) -> list[Occupation]:
    """Occupations whose name, trade names (工种及俗称) or code match every word of `text`.

    "焊" finds 焊工 and 电焊工's occupation; "数控车" finds 车工 through its trade name 数控车工;
    "6-18" finds codes under 6-18. Ordered: exact name first, then occupations (level 4) whose
    name starts with the text, then other occupations, then groups; shorter names (closer
    matches) and then codes first within each.
    Any caller. Refuses nothing: blank text gives []; `limit` is clamped to 1–100.
    """
    words = (text or "").split()
    if not words:
        return []
    limit = max(1, min(int(limit), SEARCH_LIMIT_MAX))
    query = Q()
    for word in words:
        match = Q(name__icontains=word) | Q(aliases__icontains=word)
        if OCCUPATION_CODE_PREFIX_RE.match(word):
            match |= Q(code__startswith=word)
        query &= match
    whole = " ".join(words)
    rank = Case(
        When(name=whole, then=Value(0)),
        When(level=Occupation.Level.OCCUPATION, name__startswith=words[0], then=Value(1)),
        When(level=Occupation.Level.OCCUPATION, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return list(
        Occupation.objects.filter(query)
        .select_related("parent")
        .annotate(rank=rank, name_length=Length("name"))
        .order_by("rank", "name_length", "code")[:limit]
    )


# --- Divisions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DivisionName:
    """What a division code stands for, also when it is retired.

    `name` is the name the code carried (南汇县); `full_name` adds its province and prefecture
    (上海市南汇县); `current_code`/`current_name` name the current division that took over its
    area, following successors (310225 南汇县 → 310119 南汇区 → 310115 浦东新区); for a current
    code they repeat `code` and `name`.
    """

    code: str
    name: str
    full_name: str
    retired: bool
    retired_on: date | None
    current_code: str
    current_name: str


def division_get(code: str) -> Division | None:
    """The division with `code` (current or retired), with parent and successor; None if unknown.

    Any caller. Refuses nothing.
    """
    return Division.objects.select_related("parent", "successor").filter(code=(code or "").strip()).first()


def _division_current(division: Division) -> Division:
    """Follow successors from a retired division to the current one (itself when current)."""
    hops = 0
    while division.retired_on is not None and division.successor_id is not None and hops < SUCCESSOR_HOPS_MAX:
        division = Division.objects.select_related("successor").get(pk=division.successor_id)
        hops += 1
    return division


def _division_full_name(division: Division) -> str:
    names = []
    node: Division | None = division
    while node is not None:
        if node.name not in PLACEHOLDER_NAMES:
            names.append(node.name)
        node = Division.objects.filter(pk=node.parent_id).first() if node.parent_id else None
    return "".join(reversed(names))


def division_name_for_code(code: str) -> DivisionName | None:
    """Name, full name, retired flag and current successor of a division code; None if unknown.

    Works for retired codes that old resident ID numbers still carry (310225 → 南汇县, retired
    2001-01-09, now 310115 浦东新区). Any caller. Refuses nothing: unknown codes give None; for
    codes this project does not ship, callers may fall back to `division_province_for_code`.
    """
    division = division_get(code)
    if division is None:
        return None
    current = _division_current(division)
    return DivisionName(
        code=division.code,
        name=division.name,
        full_name=_division_full_name(division),
        retired=division.retired_on is not None,
        retired_on=division.retired_on,
        current_code=current.code,
        current_name=current.name,
    )


def division_province_for_code(code: str) -> Division | None:
    """The province-level unit a 6-digit division code belongs to (its first two digits).

    Any caller; all 31 provinces are shipped, so this works for any valid code. Refuses nothing:
    a malformed code gives None.
    """
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        return None
    return Division.objects.filter(code=f"{code[:2]}0000", level=Division.Level.PROVINCE).first()


def division_current_districts(prefecture_code: str) -> list[Division]:
    """The current county-level divisions (districts, counties) under a prefecture or province.

    310100 (or 310000) gives Shanghai's 16 districts; 330900 gives Zhoushan's 定海区, 普陀区,
    岱山县 and 嵊泗县. Ordered by code. Any caller. Refuses nothing: unknown code gives [].
    """
    code = (prefecture_code or "").strip()
    return list(
        Division.objects.filter(
            Q(parent__code=code) | Q(parent__parent__code=code),
            level=Division.Level.COUNTY,
            retired_on__isnull=True,
        ).order_by("code")
    )


def division_city_name(division: Division) -> str:
    """The city a county-level division belongs to: its prefecture (舟山市), or its province for the
    districts of a municipality (上海市, whose level-2 unit is the placeholder 市辖区). Any caller."""
    node = division.parent
    while node is not None and node.name in PLACEHOLDER_NAMES:
        node = node.parent
    return node.name if node is not None else ""


def division_choice_labels(divisions: list[Division]) -> list[tuple[str, str]]:
    """(code, label) for a district list: the name, with the city beside it where two names in the
    list are alike (普陀区（舟山市）, 普陀区（上海市）). Any caller; order kept."""
    counts: dict[str, int] = {}
    for division in divisions:
        counts[division.name] = counts.get(division.name, 0) + 1
    return [(d.code, f"{d.name}（{division_city_name(d)}）" if counts[d.name] > 1 else d.name) for d in divisions]


def division_neighbours(code: str) -> list[Division]:
    """The current divisions bordering `code` (for "nearby districts" search), ordered by code.

    A retired code is first resolved to its current successor (310108 闸北区 → 静安区). Across
    rivers and straits counts as bordering (浦东新区–黄浦区, 定海区–岱山县). Any caller. Refuses
    nothing: an unknown code, or one without recorded neighbours, gives [].
    """
    division = division_get(code)
    if division is None:
        return []
    current = _division_current(division)
    return list(current.neighbours.filter(retired_on__isnull=True).order_by("code"))


# --- Industries ----------------------------------------------------------------------------


def industry_list(level: int | None = None) -> list[Industry]:
    """GB/T 4754-2017 sections (level 1, A–T) and divisions (level 2, 01–97), ordered by code
    with each section before its divisions; only one level when `level` is given.

    Any caller. Refuses nothing: a level other than 1 or 2 gives [].
    """
    industries = Industry.objects.select_related("parent")
    if level is not None:
        industries = industries.filter(level=level)
    rows = list(industries)
    # Letters sort after digits; show a section, then its divisions.
    return sorted(
        rows, key=lambda item: (item.parent.code if item.parent else item.code, item.level, item.code)
    )
