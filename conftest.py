"""Shared fixtures: one account per role, bound to a small world of two enterprises."""

import pytest

from gongjiang.accounts.models import Role, User
from gongjiang.reference.models import Division
from gongjiang.registry.tests.factories import EmploymentFactory, EnterpriseFactory

PASSWORD = "Test-Passw0rd!"


@pytest.fixture(autouse=True)
def _cache_cleared():
    """Each test starts with an empty cache (per-process caches such as the career guidance's
    what-if are keyed by ids that another test's rolled-back rows may have used)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def dinghai(db):
    return Division.objects.get(code="330902")


@pytest.fixture
def putuo(db):
    return Division.objects.get(code="330903")


@pytest.fixture
def enterprise_a(dinghai):
    return EnterpriseFactory(name="舟山甲船舶修造有限公司", district=dinghai)


@pytest.fixture
def enterprise_b(putuo):
    return EnterpriseFactory(name="舟山乙水产食品有限公司", district=putuo)


@pytest.fixture
def employee_a(enterprise_a):
    return EmploymentFactory(enterprise=enterprise_a, worker__name="王甲").worker


@pytest.fixture
def employee_b(enterprise_b):
    return EmploymentFactory(enterprise=enterprise_b, worker__name="李乙").worker


def _user(username: str, role: str, **extra) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


@pytest.fixture
def bureau_admin(db):
    return _user("admin1", Role.BUREAU_ADMIN, is_staff=True)


@pytest.fixture
def bureau_staff(dinghai):
    return _user("staff1", Role.BUREAU_STAFF, district=dinghai)


@pytest.fixture
def hr_a(enterprise_a):
    return _user("hr_a", Role.ENTERPRISE_HR, enterprise=enterprise_a)


@pytest.fixture
def hr_b(enterprise_b):
    return _user("hr_b", Role.ENTERPRISE_HR, enterprise=enterprise_b)


@pytest.fixture
def worker_user(employee_a):
    return _user("worker_a", Role.WORKER, worker=employee_a)
