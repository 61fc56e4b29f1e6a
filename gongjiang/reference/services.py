"""Writes for reference data: occupations (职业分类大典 2022), administrative divisions (GB/T 2260)
and industries (GB/T 4754-2017), used by the registry (R1.1), demand filing (R2.1) and wage price
levels (R7.2).

Every loader takes the model classes as keyword arguments, so the data migration passes the
historical models from `apps.get_model` and the management commands pass the real ones: one
loader, one set of rules. Loaders upsert by code, resolve parents (and successors) by code, use
bulk queries, and are all-or-nothing: a bad row raises `ReferenceDataError` naming its line and
nothing is written.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongjiang.reference.loading import (
    BATCH_SIZE,
    LoadResult,
    ReferenceDataError,
    cell_clean,
    codes_upsert,
    int_or_none,
    occupation_code_level,
    occupation_code_parent,
    row_line,
)

__all__ = [
    "LoadResult",
    "ReferenceDataError",
    "division_neighbours_load",
    "divisions_load",
    "industries_load",
    "occupation_aliases_join",
    "occupation_code_level",
    "occupation_code_parent",
    "occupation_rows_shipped",
    "occupations_load",
    "reference_csv_read",
    "reference_data_load",
    "reference_data_unload",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

OCCUPATION_CODE_RE = re.compile(r"^[1-8](?:-\d{2}){0,3}$")
DIVISION_CODE_RE = re.compile(r"^\d{6}$")
INDUSTRY_SECTION_RE = re.compile(r"^[A-T]$")
INDUSTRY_DIVISION_RE = re.compile(r"^\d{2}$")
ALIAS_SEPARATOR = "、"


# --- Occupations ---------------------------------------------------------------------------


@transaction.atomic
def occupations_load(
    rows: Iterable[Mapping[str, Any]],
    *,
    Occupation: Any,  # noqa: N803 - the model class, named as the model
    replace: bool = False,
) -> LoadResult:
    """Upsert occupations (职业分类大典) by code and link each to its parent.

    Each row needs `code` and `name`; `level` and `parent_code` are derived from the code when
    blank and must agree with it when given; `gbm` (GB/T 6565) and `aliases` (trade names,
    separated by 、) are written only when the row carries them, so loading the official
    catalogue keeps the aliases shipped with the project. With `replace`, occupations absent
    from `rows` are deleted (refused while any other record still uses them).

    Callers: the data migration, `load_occupations`, tests. Refuses the whole input, raising
    `ReferenceDataError` with the line number, on a malformed or duplicate code, a missing name,
    a level or parent that contradicts the code, or a parent that is neither in `rows` nor
    (without `replace`) already loaded.
    """
    values: dict[str, dict[str, Any]] = {}
    parents: dict[str, str | None] = {}
    lines: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = row_line(row, index)
        code = cell_clean(row.get("code"))
        name = cell_clean(row.get("name"))
        if not OCCUPATION_CODE_RE.match(code):
            raise ReferenceDataError(
                _("职业代码“{code}”格式不正确，应形如 6、6-18、6-18-02 或 6-18-02-04").format(code=code),
                line=line,
            )
        if code in values:
            raise ReferenceDataError(
                _("职业代码“{code}”重复（第一次出现在第 {first} 行）").format(code=code, first=lines[code]),
                line=line,
            )
        if not name:
            raise ReferenceDataError(_("职业代码“{code}”缺少名称").format(code=code), line=line)
        if len(name) > 128:
            raise ReferenceDataError(_("名称超过 128 个字"), line=line)
        level = occupation_code_level(code)
        given_level = int_or_none(row.get("level"), line=line, field=_("层级"))
        if given_level is not None and given_level != level:
            raise ReferenceDataError(
                _("层级 {given} 与代码“{code}”不符（应为 {level}）").format(
                    given=given_level, code=code, level=level
                ),
                line=line,
            )
        parent = occupation_code_parent(code)
        given_parent = cell_clean(row.get("parent_code"))
        if given_parent and given_parent != parent:
            raise ReferenceDataError(
                _("上级代码“{given}”与代码“{code}”不符（应为“{parent}”）").format(
                    given=given_parent, code=code, parent=parent or ""
                ),
                line=line,
            )
        fields: dict[str, Any] = {"name": name, "level": level}
        if row.get("gbm") is not None:
            fields["gbm"] = cell_clean(row.get("gbm"))[:16]
        if row.get("aliases") is not None:
            fields["aliases"] = cell_clean(row.get("aliases"))[:255]
        values[code] = fields
        parents[code] = parent
        lines[code] = line

    known = set(values) if replace else set(values) | set(Occupation.objects.values_list("code", flat=True))
    missing_parent = (
        _("上级代码“{parent}”不在文件中；替换全部职业分类时，须把大类、中类、小类一并导入")
        if replace
        else _("上级代码“{parent}”既不在文件中，也不在已有的职业分类中；请把大类、中类、小类一并导入")
    )
    for code, parent in parents.items():
        if parent and parent not in known:
            raise ReferenceDataError(missing_parent.format(parent=parent), line=lines[code])
    return codes_upsert(Occupation, values, {c: {"parent": p} for c, p in parents.items()}, replace=replace)


def occupation_aliases_join(alias_rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """`code → "数控车工、普通车工"` from rows of (code, alias), keeping their order."""
    joined: dict[str, list[str]] = {}
    for row in alias_rows:
        code, alias = cell_clean(row.get("code")), cell_clean(row.get("alias"))
        if code and alias and alias not in joined.setdefault(code, []):
            joined[code].append(alias)
    return {code: ALIAS_SEPARATOR.join(names) for code, names in joined.items()}


# --- Divisions -----------------------------------------------------------------------------


def _date_or_none(value: Any, *, line: int) -> date | None:
    text = cell_clean(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReferenceDataError(
            _("撤销日期“{value}”应写作 YYYY-MM-DD").format(value=text), line=line
        ) from None


@transaction.atomic
def divisions_load(rows: Iterable[Mapping[str, Any]], *, Division: Any) -> LoadResult:  # noqa: N803
    """Upsert administrative divisions (GB/T 2260) by code, with parent and successor.

    Rows: `code` (6 digits), `name`, `level` (1 province, 2 prefecture, 3 county), `parent_code`,
    and for a retired code `retired_on` (YYYY-MM-DD) and `successor_code`, the code that took
    over its area; old resident ID numbers still carry retired codes.

    Callers: the data migration, tests. Refuses the whole input (`ReferenceDataError` with the
    line) on a malformed or duplicate code, a missing name, a level outside 1–3, a bad date, a
    successor on a current code, or a parent or successor that is not loaded.
    """
    values: dict[str, dict[str, Any]] = {}
    links: dict[str, dict[str, str | None]] = {}
    lines: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = row_line(row, index)
        code, name = cell_clean(row.get("code")), cell_clean(row.get("name"))
        if not DIVISION_CODE_RE.match(code):
            raise ReferenceDataError(_("区划代码“{code}”应为 6 位数字").format(code=code), line=line)
        if code in values:
            raise ReferenceDataError(_("区划代码“{code}”重复").format(code=code), line=line)
        if not name:
            raise ReferenceDataError(_("区划代码“{code}”缺少名称").format(code=code), line=line)
        level = int_or_none(row.get("level"), line=line, field=_("层级"))
        if level not in (1, 2, 3):
            raise ReferenceDataError(_("区划“{code}”的层级应为 1、2 或 3").format(code=code), line=line)
        retired_on = _date_or_none(row.get("retired_on"), line=line)
        successor = cell_clean(row.get("successor_code")) or None
        if successor and retired_on is None:
            raise ReferenceDataError(_("区划“{code}”未撤销，不应有承继代码").format(code=code), line=line)
        values[code] = {"name": name, "level": level, "retired_on": retired_on}
        links[code] = {"parent": cell_clean(row.get("parent_code")) or None, "successor": successor}
        lines[code] = line

    known = set(values) | set(Division.objects.values_list("code", flat=True))
    for code, targets in links.items():
        for target in targets.values():
            if target and target not in known:
                raise ReferenceDataError(
                    _("引用的区划代码“{target}”不存在").format(target=target), line=lines[code]
                )
    return codes_upsert(Division, values, links)


@transaction.atomic
def division_neighbours_load(rows: Iterable[Mapping[str, Any]], *, Division: Any) -> int:  # noqa: N803
    """Record that the divisions `code_a` and `code_b` of each row border each other.

    Adjacency is symmetric, so both directions are stored; pairs already recorded are kept.
    Returns the number of pairs in `rows`. Callers: the data migration, tests. Refuses the whole
    input (`ReferenceDataError` with the line) on an unknown code or a division paired with itself.
    """
    ids = dict(Division.objects.values_list("code", "id"))
    through = Division.neighbours.through
    links = []
    pairs = set()
    for index, row in enumerate(rows):
        line = row_line(row, index)
        a, b = cell_clean(row.get("code_a")), cell_clean(row.get("code_b"))
        for code in (a, b):
            if code not in ids:
                raise ReferenceDataError(_("区划代码“{code}”不存在").format(code=code), line=line)
        if a == b:
            raise ReferenceDataError(_("区划“{code}”不能与自己相邻").format(code=a), line=line)
        pairs.add(frozenset((a, b)))
        links.append(through(from_division_id=ids[a], to_division_id=ids[b]))
        links.append(through(from_division_id=ids[b], to_division_id=ids[a]))
    through.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(pairs)


# --- Industries ----------------------------------------------------------------------------


@transaction.atomic
def industries_load(rows: Iterable[Mapping[str, Any]], *, Industry: Any) -> LoadResult:  # noqa: N803
    """Upsert GB/T 4754-2017 sections (门类, A–T, level 1) and divisions (大类, 01–97, level 2).

    A division names its section in `parent_code`. Callers: the data migration, tests. Refuses
    the whole input (`ReferenceDataError` with the line) on a code that is neither a section
    letter nor two digits, a level that contradicts the code, a missing name, or a division
    whose section is not loaded.
    """
    values: dict[str, dict[str, Any]] = {}
    links: dict[str, dict[str, str | None]] = {}
    lines: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = row_line(row, index)
        code, name = cell_clean(row.get("code")), cell_clean(row.get("name"))
        if INDUSTRY_SECTION_RE.match(code):
            level, parent = 1, None
        elif INDUSTRY_DIVISION_RE.match(code):
            level, parent = 2, cell_clean(row.get("parent_code"))
            if not parent:
                raise ReferenceDataError(_("行业大类“{code}”缺少所属门类").format(code=code), line=line)
        else:
            raise ReferenceDataError(
                _("行业代码“{code}”应为门类字母 A–T 或两位数字").format(code=code), line=line
            )
        given_level = int_or_none(row.get("level"), line=line, field=_("层级"))
        if given_level is not None and given_level != level:
            raise ReferenceDataError(_("层级与行业代码“{code}”不符").format(code=code), line=line)
        if code in values:
            raise ReferenceDataError(_("行业代码“{code}”重复").format(code=code), line=line)
        if not name:
            raise ReferenceDataError(_("行业代码“{code}”缺少名称").format(code=code), line=line)
        values[code] = {"name": name, "level": level}
        links[code] = {"parent": parent}
        lines[code] = line
    known = set(values) | set(Industry.objects.values_list("code", flat=True))
    for code, targets in links.items():
        if targets["parent"] and targets["parent"] not in known:
            raise ReferenceDataError(
                _("门类“{parent}”不存在").format(parent=targets["parent"]), line=lines[code]
            )
    return codes_upsert(Industry, values, links)


# --- The shipped data set ------------------------------------------------------------------


def reference_csv_read(name: str) -> list[dict[str, str]]:
    """Rows of a CSV shipped in `reference/data/`, each with its `line` in the file."""
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return [{**row, "line": str(number)} for number, row in enumerate(csv.DictReader(fh), start=2)]


def occupation_rows_shipped() -> list[dict[str, str]]:
    """The curated occupations shipped with the project, with their trade names (aliases)."""
    aliases = occupation_aliases_join(reference_csv_read("occupation_aliases.csv"))
    rows = reference_csv_read("occupations.csv")
    unknown = set(aliases) - {row["code"] for row in rows}
    if unknown:
        raise ReferenceDataError(
            _("occupation_aliases.csv 中的职业代码不在 occupations.csv 中：{codes}").format(
                codes="、".join(sorted(unknown))
            )
        )
    return [{**row, "aliases": aliases.get(row["code"], "")} for row in rows]


@transaction.atomic
def reference_data_load(*, Occupation: Any, Division: Any, Industry: Any) -> dict[str, LoadResult | int]:  # noqa: N803
    """Load every CSV shipped in `reference/data/` (idempotent: a second run changes nothing).

    Callers: migration `0002_load_reference_data` and tests. Refuses (and writes nothing) when a
    shipped file is inconsistent; see the loaders for the rules.
    """
    return {
        "occupations": occupations_load(occupation_rows_shipped(), Occupation=Occupation),
        "divisions": divisions_load(reference_csv_read("divisions.csv"), Division=Division),
        "division_neighbours": division_neighbours_load(
            reference_csv_read("division_neighbours.csv"), Division=Division
        ),
        "industries": industries_load(reference_csv_read("industries.csv"), Industry=Industry),
    }


@transaction.atomic
def reference_data_unload(*, Occupation: Any, Division: Any, Industry: Any) -> None:  # noqa: N803
    """Delete all occupations, divisions and industries (the reverse of the data migration).

    Refused by the database (ProtectedError) while other records still point at them.
    """
    Division.neighbours.through.objects.all().delete()
    for model in (Occupation, Division, Industry):
        model.objects.update(parent=None)
    Division.objects.update(successor=None)
    for model in (Occupation, Division, Industry):
        model.objects.all().delete()
