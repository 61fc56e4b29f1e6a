"""The ID-number cell parser's fast path (ADR 0007 §Cells) accepts and refuses exactly what
`identity.resident_id_validate` does, with the same messages (R1.1; GB 11643): checked on
hypothesis-generated good and malformed numbers after the parser has warmed its (region, year) cache."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from gongjiang.identity import IdentityError, resident_id_validate
from gongjiang.ingest.kinds import Column, RowError
from gongjiang.ingest.parsing import _ResidentIdParser, resident_id_info
from gongjiang.ingest.tests.factories import id_numbers_typed

TODAY = datetime.date(2026, 11, 22)


_numbers = id_numbers_typed


def _reference(raw: str) -> tuple[str, str, str]:
    try:
        return "ok", resident_id_validate(raw, today=TODAY).number, ""
    except IdentityError as exc:
        return "refused", exc.message, exc.hint


def _fast(parser: _ResidentIdParser, raw: str) -> tuple[str, str, str]:
    try:
        return "ok", parser(raw), ""
    except RowError as exc:
        return "refused", exc.message, exc.hint


@settings(max_examples=400, deadline=None)
@given(numbers=st.lists(_numbers(), min_size=1, max_size=30))
def test_fast_path_accepts_and_refuses_exactly_like_the_validator(numbers):
    parser = _ResidentIdParser(Column("id_number", "身份证号", kind="id_number"), TODAY)
    for raw in numbers * 2:  # the second pass runs on a warm (region, year) cache
        assert _fast(parser, raw) == _reference(raw)


@settings(max_examples=200, deadline=None)
@given(number=_numbers())
def test_row_info_of_an_accepted_number_equals_the_validator_result(number):
    try:
        expected = resident_id_validate(number, today=TODAY)
    except IdentityError:
        return
    info = resident_id_info(expected.number)
    assert (info.number, info.birth_date, info.sex, info.region_code) == (
        expected.number, expected.birth_date, expected.sex, expected.region_code)
