"""One 3,000-person demo district shared by the tests of a module (generated once, rolled back at
the end), and a fast password hasher (Argon2 is slow on purpose)."""

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from gongjiang.demo.generator import district_generate

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AS_OF = date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def dinghai_demo(django_db_setup, django_db_blocker):
    """The default demo district, 3,000 workers, seed 20251, seen on 2025-12-31."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield district_generate(workers=3000, seed=20251, years=(2011, 2025), as_of=AS_OF)
        transaction.set_rollback(True)
