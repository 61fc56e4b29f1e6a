"""Reproducibility from the seed, and the calibration profiles (each test makes its own small
district in a savepoint that is rolled back)."""

import pytest
from django.db import transaction

from gongjiang.demo import calibration as cal
from gongjiang.demo.generator import DemoDataError, district_generate
from gongjiang.registry.models import Enterprise, Worker

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _people(**kwargs):
    """(ID number, name) of every worker of a district generated in a savepoint that is rolled back."""
    with transaction.atomic():
        district_generate(as_of=AS_OF, **kwargs)
        people = sorted((w.id_number_plain(), w.name) for w in Worker.objects.all())
        transaction.set_rollback(True)
    return people


def test_same_seed_gives_the_same_people():
    # given / when
    first, second = _people(workers=300, seed=7), _people(workers=300, seed=7)
    # then
    assert first == second
    assert len({number for number, _name in first}) == 300


def test_different_seed_gives_different_people():
    first, other = _people(workers=300, seed=7), _people(workers=300, seed=8)
    assert {number for number, _ in first}.isdisjoint({number for number, _ in other})
    assert [name for _, name in first] != [name for _, name in other]


def test_huangpu_profile_is_calibrated_to_huangpu():
    # given / when
    with transaction.atomic():
        summary = district_generate(profile="huangpu", workers=2000, seed=3, as_of=AS_OF)
        residence = set(Worker.objects.values_list("residence_district__code", flat=True))
        districts = set(Enterprise.objects.values_list("district__code", flat=True))
        transaction.set_rollback(True)
    # then
    assert summary.skilled_share == pytest.approx(cal.HUANGPU_SKILLED_SHARE, abs=0.03)
    assert summary.high_skilled_share == pytest.approx(cal.HUANGPU_HIGH_SKILLED_SHARE, abs=0.025)
    assert districts == {"310101"}
    assert all(code.startswith("31") for code in residence)


def test_district_code_chooses_the_profile():
    with transaction.atomic():
        summary = district_generate(district_code="310101", workers=100, seed=1, as_of=AS_OF)
        transaction.set_rollback(True)
    assert summary.profile == "huangpu"


def test_unknown_district_is_refused():
    with pytest.raises(DemoDataError):
        district_generate(district_code="110101", workers=100)


def test_fewer_than_100_workers_is_refused():
    with pytest.raises(ValueError, match="100"):
        district_generate(workers=99)
