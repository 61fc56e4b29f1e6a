"""Loaders of reference data: upsert by code, parents by code, all-or-nothing."""

import pytest

from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.reference.services import (
    LoadResult,
    ReferenceDataError,
    division_neighbours_load,
    divisions_load,
    industries_load,
    occupation_aliases_join,
    occupation_code_level,
    occupation_code_parent,
    occupations_load,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [("6", 1, None), ("6-18", 2, "6"), ("6-18-02", 3, "6-18"), ("6-18-02-04", 4, "6-18-02")],
)
def test_level_and_parent_come_from_the_code(code, level, parent):
    assert (occupation_code_level(code), occupation_code_parent(code)) == (level, parent)


def test_load_creates_new_codes_and_links_them_to_parents_given_later_in_the_file():
    rows = [
        {"code": "6-19-01-01", "name": "工具五金制作工"},  # child before its parents
        {"code": "6-19-01", "name": "五金制品制作装配人员"},
        {"code": "6-19", "name": "金属制品制造人员"},
    ]

    result = occupations_load(rows, Occupation=Occupation)

    assert result == LoadResult(created=3)
    leaf = Occupation.objects.select_related("parent__parent__parent").get(code="6-19-01-01")
    assert (leaf.level, leaf.parent.code, leaf.parent.parent.code, leaf.parent.parent.parent.code) == (
        4,
        "6-19-01",
        "6-19",
        "6",
    )


def test_load_updates_names_and_keeps_aliases_it_is_not_given():
    occupations_load([{"code": "6-18-02-04", "name": "焊工（新名称）"}], Occupation=Occupation)

    welder = Occupation.objects.get(code="6-18-02-04")
    assert welder.name == "焊工（新名称）"
    assert "电焊工" in welder.aliases


def test_load_counts_unchanged_rows():
    result = occupations_load([{"code": "6-18-02-04", "name": "焊工"}], Occupation=Occupation)

    assert result == LoadResult(unchanged=1)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"code": "6-18-2-04", "name": "焊工"}, "格式不正确"),
        ({"code": "9-01", "name": "x"}, "格式不正确"),
        ({"code": "6-18-02-04", "name": ""}, "缺少名称"),
        ({"code": "6-18-02-04", "name": "焊工", "level": "3"}, "层级 3"),
        ({"code": "6-18-02-04", "name": "焊工", "parent_code": "6-18-01"}, "上级代码“6-18-01”"),
        ({"code": "6-18-02-04", "name": "焊工", "level": "四"}, "不是数字"),
        ({"code": "6-77-01-01", "name": "无上级"}, "上级代码“6-77-01”"),
    ],
)
def test_load_refuses_a_bad_row_naming_its_line(row, message):
    rows = [
        {"code": "6-19", "name": "金属制品制造人员"},
        {"code": "6-19-01", "name": "五金制品制作装配人员"},
        row,
    ]

    with pytest.raises(ReferenceDataError) as caught:
        occupations_load(rows, Occupation=Occupation)

    assert caught.value.line == 4
    assert message in str(caught.value)
    assert "第 4 行" in str(caught.value)
    assert not Occupation.objects.filter(code__in=["6-19", "6-19-01"]).exists()


def test_load_refuses_duplicate_codes():
    with pytest.raises(ReferenceDataError, match="重复"):
        occupations_load(
            [{"code": "6-19", "name": "a"}, {"code": "6-19", "name": "b"}], Occupation=Occupation
        )


def test_replace_deletes_occupations_missing_from_the_file():
    rows = [{"code": o.code, "name": o.name} for o in Occupation.objects.exclude(code__startswith="6-23-02")]

    result = occupations_load(rows, Occupation=Occupation, replace=True)

    assert result.deleted == 7  # 船舶制造人员 and its six occupations
    assert not Occupation.objects.filter(code__startswith="6-23-02").exists()


def test_replace_requires_parents_in_the_file():
    with pytest.raises(ReferenceDataError, match="上级代码“6-18-02”"):
        occupations_load([{"code": "6-18-02-04", "name": "焊工"}], Occupation=Occupation, replace=True)


def test_aliases_are_joined_per_code_without_repeats():
    rows = [
        {"code": "1", "alias": "甲"},
        {"code": "1", "alias": "乙"},
        {"code": "1", "alias": "甲"},
        {"code": "2"},
    ]

    assert occupation_aliases_join(rows) == {"1": "甲、乙"}


def test_divisions_load_links_parent_and_successor():
    rows = [
        {"code": "320500", "name": "苏州市", "level": "2", "parent_code": "320000"},
        {"code": "320583", "name": "昆山市", "level": "3", "parent_code": "320500"},
        {
            "code": "320521",
            "name": "昆山县",
            "level": "3",
            "parent_code": "320500",
            "retired_on": "1989-09-15",
            "successor_code": "320583",
        },
    ]

    result = divisions_load(rows, Division=Division)

    old = Division.objects.select_related("successor", "parent").get(code="320521")
    assert result.created == 3
    assert (old.successor.code, old.parent.code, old.is_current) == ("320583", "320500", False)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"code": "32050", "name": "x", "level": "2"}, "6 位数字"),
        ({"code": "320500", "name": "x", "level": "4"}, "层级"),
        ({"code": "320500", "name": "x", "level": "2", "retired_on": "2001/1/9"}, "YYYY-MM-DD"),
        ({"code": "320500", "name": "x", "level": "2", "successor_code": "320000"}, "未撤销"),
        ({"code": "320500", "name": "x", "level": "2", "parent_code": "329900"}, "329900"),
    ],
)
def test_divisions_load_refuses_bad_rows(row, message):
    with pytest.raises(ReferenceDataError, match=message):
        divisions_load([row], Division=Division)


def test_neighbours_load_is_symmetric_and_idempotent():
    rows = [{"code_a": "320000", "code_b": "330000"}]

    assert division_neighbours_load(rows, Division=Division) == 1
    assert division_neighbours_load(rows, Division=Division) == 1
    assert list(Division.objects.get(code="330000").neighbours.values_list("code", flat=True)) == ["320000"]
    assert list(Division.objects.get(code="320000").neighbours.values_list("code", flat=True)) == ["330000"]


def test_neighbours_load_refuses_unknown_codes():
    with pytest.raises(ReferenceDataError, match="999999"):
        division_neighbours_load([{"code_a": "310101", "code_b": "999999"}], Division=Division)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"code": "U", "name": "x"}, "A–T"),
        ({"code": "98", "name": "x", "level": "1", "parent_code": "T"}, "层级"),
        ({"code": "98", "name": "x"}, "缺少所属门类"),
        ({"code": "98", "name": "x", "parent_code": "Z"}, "门类“Z”不存在"),
    ],
)
def test_industries_load_refuses_bad_rows(row, message):
    with pytest.raises(ReferenceDataError, match=message):
        industries_load([row], Industry=Industry)
