"""The columnar lane (ADR 0007 §Speed) only skips work: every row it calls clean is accepted by
the per-cell parsers with exactly the same values, whatever clerks type (hypothesis-generated
cells: good and mangled ID numbers, full-width and padded text, blanks, unknown and retired
district codes); and the clean rows of an ordinary file do take the columnar lane."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongjiang.ingest.columnar import BAD, cell_parse, chunk_parse
from gongjiang.ingest.kinds import ImportContext, kind_get
from gongjiang.ingest.parsing import column_parser
from gongjiang.ingest.tests.factories import id_numbers_typed
from gongjiang.registry.tests.factories import han_digits, id_number_make

TODAY = datetime.date(2026, 11, 22)


@st.composite
def _id_cell(draw) -> str | None:
    """What lands in an ID column: numbers as typed (valid or not), and padded, full-width, blank,
    missing or truncated cells."""
    number = draw(id_numbers_typed(regions=("330902", "330903", "110105", "999999")))
    how = draw(st.sampled_from(["keep", "keep", "keep", "space", "fullwidth", "blank", "none", "short"]))
    if how == "space":
        return " " + number
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    if how == "blank":
        return draw(st.sampled_from(["", "  ", "\u3000"]))
    if how == "none":
        return None
    if how == "short":
        return number[:17]
    return number


_TEXT = st.one_of(
    st.sampled_from(["王小明", "欧阳 娜娜", "Li Lei", "", " 张三", "张三 ", "张\u00a0三", "张\u200b三", "ＡＢＣ", "张三\u3000",
                     "a\tb", "x" * 70, "\\tab", "13800000000", "138-0000-0000", "１３８００００００００"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8),
)
_DISTRICT = st.sampled_from(["330902", "330902 定海区", "定海区", "330903", "999999", "", " ", "330922", "110105",
                             "３３０９０２"])
_BOOL = st.sampled_from(["是", "否", "Y", "n", "1", "0", "", "也许", "√"])


def _plan(ctx):
    kind = kind_get("workers")
    return [(index, column, column_parser(column, ctx)) for index, column in enumerate(kind.columns)]


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_id_cell(), _TEXT, _TEXT, _TEXT, _DISTRICT, _BOOL), min_size=1, max_size=40))
def test_a_row_the_columnar_lane_calls_clean_is_parsed_the_same_cell_by_cell(rows):
    ctx = ImportContext(kind=kind_get("workers"), actor=None, today=TODAY)
    plan = _plan(ctx)
    chunk = [list(row) for row in rows]
    for _round in range(2):  # the second round runs with the ID parser's (region, year) cache warm
        columns, clean = chunk_parse(plan, chunk)
        for at, cells in enumerate(chunk):
            one_by_one = [cell_parse(column, parse, cells[index]) for index, column, parse in plan]
            if clean[at]:
                assert BAD not in one_by_one, cells
                assert [column[at] for column in columns] == one_by_one, cells


@pytest.mark.django_db
def test_the_rows_of_an_ordinary_file_take_the_columnar_lane():
    ctx = ImportContext(kind=kind_get("workers"), actor=None, today=TODAY)
    plan = _plan(ctx)
    chunk = [[id_number_make(region="330902", born=datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28), seq=n),
              f"工匠{han_digits(n)}", f"139{n:08d}", "", "330902", "否"] for n in range(500)]
    chunk[7][0] = chunk[7][0][:17] + ("0" if chunk[7][0][17] != "0" else "1")  # a wrong check character
    chunk[9][1] = "　张三"  # an ideographic space the name check strips
    chunk[11][1] = "=cmd|' /C calc'!A0"  # no person's name (ADR 0019)
    chunk[13][2] = "1380000"  # a mobile number missing digits
    columns, clean = chunk_parse(plan, chunk)
    assert clean.sum() == 497
    assert not clean[7]
    assert clean[9]
    assert columns[1][9] == "张三"
    assert not clean[11]
    assert not clean[13]
    assert (columns[0][0], columns[4][0].code, columns[5][0]) == (chunk[0][0], "330902", False)
