"""Reads of reference data (data loaded by migration 0002)."""

from datetime import date

import pytest

from gongjiang.reference import selectors
from gongjiang.reference.models import Industry, Occupation

pytestmark = pytest.mark.django_db


def test_occupation_get_returns_the_occupation_with_its_parent():
    welder = selectors.occupation_get("6-18-02-04")

    assert (welder.name, welder.level, welder.parent.code) == ("焊工", 4, "6-18-02")


@pytest.mark.parametrize("code", ["6-18-02-99", "", "焊工", None])
def test_occupation_get_gives_none_for_unknown_codes(code):
    assert selectors.occupation_get(code) is None


def test_subtree_of_a_minor_group_is_the_group_and_its_occupations():
    codes = selectors.occupation_subtree_codes("6-18-02")

    assert codes[0] == "6-18-02"
    assert "6-18-02-04" in codes
    assert all(c == "6-18-02" or c.startswith("6-18-02-") for c in codes)
    assert codes == sorted(codes)


def test_subtree_of_a_major_group_reaches_every_level():
    codes = selectors.occupation_subtree_codes("6")

    assert {c.count("-") for c in codes} == {0, 1, 2, 3}
    assert len(codes) == Occupation.objects.filter(code__regex=r"^6(-|$)").count()


def test_subtree_does_not_take_codes_that_merely_share_digits():
    Occupation.objects.create(code="6-1", level=2, name="不存在的代码")  # would match a naive "6-1" prefix

    assert "6-18" not in selectors.occupation_subtree_codes("6-1")


def test_subtree_of_a_leaf_is_itself():
    assert selectors.occupation_subtree_codes("6-18-02-04") == ["6-18-02-04"]


def test_subtree_of_an_unknown_code_is_empty():
    assert selectors.occupation_subtree_codes("9-99") == []


def test_search_puts_the_exact_name_first():
    assert selectors.occupation_search("焊工")[0].code == "6-18-02-04"


def test_search_finds_an_occupation_by_its_trade_name():
    assert [o.code for o in selectors.occupation_search("数控车工")] == ["6-18-01-01"]


def test_search_requires_every_word_to_match():
    results = selectors.occupation_search("6-18 焊")

    assert results
    assert all(o.code.startswith("6-18") and "焊" in o.name + o.aliases for o in results)


def test_search_honours_the_limit():
    assert len(selectors.occupation_search("工", limit=3)) == 3


@pytest.mark.parametrize("text", ["", "   ", None])
def test_search_for_nothing_finds_nothing(text):
    assert selectors.occupation_search(text) == []


def test_division_get_returns_current_and_retired_divisions():
    assert selectors.division_get("310115").name == "浦东新区"
    assert selectors.division_get("310225").retired_on == date(2001, 1, 9)
    assert selectors.division_get("999999") is None


def test_division_name_for_a_current_code_is_itself():
    name = selectors.division_name_for_code("330902")

    assert name == selectors.DivisionName(
        code="330902",
        name="定海区",
        full_name="浙江省舟山市定海区",
        retired=False,
        retired_on=None,
        current_code="330902",
        current_name="定海区",
    )


def test_division_name_for_a_retired_code_follows_every_successor():
    name = selectors.division_name_for_code("310225")

    assert (name.name, name.full_name, name.retired) == ("南汇县", "上海市南汇县", True)
    assert (name.current_code, name.current_name) == ("310115", "浦东新区")


def test_division_name_for_an_unknown_code_is_none():
    assert selectors.division_name_for_code("320583") is None


def test_province_lookup_works_for_any_code_in_the_province():
    assert selectors.division_province_for_code("320583").name == "江苏省"
    assert selectors.division_province_for_code("abc") is None


def test_current_districts_leave_out_retired_ones():
    codes = [d.code for d in selectors.division_current_districts("310100")]

    assert "310108" not in codes
    assert "310119" not in codes
    assert len(codes) == 16


def test_neighbours_of_a_retired_code_are_those_of_its_successor():
    assert selectors.division_neighbours("310108") == selectors.division_neighbours("310106")


def test_neighbours_of_dinghai_are_in_zhoushan():
    assert [d.name for d in selectors.division_neighbours("330902")] == ["普陀区", "岱山县"]


def test_neighbours_of_an_unknown_code_are_none():
    assert selectors.division_neighbours("000000") == []


def test_industry_list_puts_each_section_before_its_divisions():
    industries = selectors.industry_list()

    assert [i.code for i in industries[:7]] == ["A", "01", "02", "03", "04", "05", "B"]
    assert len(industries) == 117


@pytest.mark.parametrize(
    ("level", "count"), [(Industry.Level.SECTION, 20), (Industry.Level.DIVISION, 97), (3, 0)]
)
def test_industry_list_by_level(level, count):
    assert len(selectors.industry_list(level=level)) == count
