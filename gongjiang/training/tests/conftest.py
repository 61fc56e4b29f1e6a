import pytest

from gongjiang.training.tests.factories import (
    class_make,
    institution_make,
    programme_make,
    site_make,
    trainer_make,
)


@pytest.fixture
def institution(dinghai):
    return institution_make()


@pytest.fixture
def site(institution):
    return site_make(institution)


@pytest.fixture
def trainer(institution):
    return trainer_make(institution)


@pytest.fixture
def programme(db):
    return programme_make()


@pytest.fixture
def approved_class(institution, site, programme):
    return class_make(institution, site, programme)
