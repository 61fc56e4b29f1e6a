"""The number generators make numbers the platform and python-stdnum accept."""

import random
from datetime import date

import pytest
from stdnum.cn import ric
from stdnum.cn import uscc as std_uscc

from gongjiang.demo.numbers import (
    province_codes_for_year,
    qualification_number,
    region_valid_for_year,
    resident_id_make,
    skill_grade_number,
    uscc_make,
)
from gongjiang.demo.profiles import PROFILES
from gongjiang.identity import certificate_number_check, resident_id_validate, uscc_validate


def test_resident_id_numbers_are_valid_for_any_province_and_year():
    rng = random.Random(1)
    for year in range(1963, 2008, 4):
        for province in ("33", "34", "41", "51", "31"):
            region = rng.choice(province_codes_for_year(province, year))
            number = resident_id_make(rng, region=region, birth_date=date(year, 5, 17), male=year % 2 == 0)
            assert ric.is_valid(number)
            assert resident_id_validate(number).sex == ("M" if year % 2 == 0 else "F")


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_local_region_chains_cover_every_birth_year(profile):
    for chain, _weight in profile.local_places:
        for year in range(1955, 2011):
            codes = [code for code, first, last in chain if first <= year <= last]
            assert len(codes) == 1, (chain, year)
            assert region_valid_for_year(codes[0], year)


def test_usccs_are_valid_old_and_new_style():
    rng = random.Random(2)
    for new_style in (False, True) * 50:
        code = uscc_make(rng, authority="9", org_type="1", region="330902", new_style=new_style)
        assert std_uscc.is_valid(code)
        assert uscc_validate(code).organisation_code.startswith("MA") == new_style


def test_skill_grade_number_has_the_national_layout():
    number = skill_grade_number(evaluator_type="S", evaluator_code="0000", province="33", site="090101",
                                year=2024, national_level=3, serial=12)
    assert number == "S000033090101243000012"
    assert certificate_number_check(number, kind="skill_grade", grade=4, issued_on=date(2024, 3, 1)) == []


def test_qualification_number_has_16_digits():
    number = qualification_number(year=2015, province="33", city="09", station_type=3, station="021",
                                  national_level=2, serial=7)
    assert number == "1533093021200007"
    assert certificate_number_check(number, kind="qualification", grade=5) == []


def test_demo_phone_numbers_pass_the_platforms_phone_check():
    # ADR 0019: Zhoushan's local numbers have 7 digits after 0580, Shanghai's 8 after 021.
    from gongjiang.demo.numbers import landline_make, mobile_make
    from gongjiang.identity import phone_validate

    rng = random.Random(7)
    for _ in range(3000):
        for profile in PROFILES.values():
            number = landline_make(rng, profile.area_code)
            assert phone_validate(number, organisation=True) == number
        mobile = mobile_make(rng)
        assert phone_validate(mobile) == mobile
