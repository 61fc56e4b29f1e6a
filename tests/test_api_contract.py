"""The API keeps its contract under fuzzing (issue 18 §7, ADR 0016).

schemathesis reads /api/v1/openapi.json from the Django app in-process (WSGI, no server) and sends
every operation generated requests, valid and invalid, as a logged-in bureau administrator, as
an enterprise HR officer (the partner systems' two kinds of caller) and as an anonymous client. All its checks run on every response: no 500, only declared statuses,
bodies matching the declared schemas (the shared Chinese error body included), invalid requests
refused, valid requests accepted, auth not ignored, unsupported methods answered with 405.

Reproducible: a fixed seed, no example database, 15 examples per operation and generation mode."""

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.config import SchemathesisConfig

from gongjiang.config.wsgi import application

SCHEMA_URL = "/api/v1/openapi.json"
# Fixed session keys, one per role, so the session is known when schemathesis builds its cases at
# collection time; the `_logged_in` helper stores it for the test's user (rolled back after).
SESSION_KEYS = {"bureau_admin": "apicontractfuzzbureauadmin0001", "enterprise_hr": "apicontractfuzzenterprisehr001"}
CSRF_TOKEN = "apicontractfuzzcsrftoken00000001"

# A schema says what a well-formed request looks like, not every rule of the domain: a
# well-formed resident ID can fail its check digit, a well-formed year may not be built yet. Those
# are refused with 400 and a Chinese reason (declared on each operation); malformed requests get
# 422. So "valid data accepted" allows 400 besides the usual 401/403/404/409.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
    },
}

FUZZ = settings(max_examples=15, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
SEED = 20261203


def _schema():
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, application, config=SchemathesisConfig.from_dict(CONFIG))


def _logged_in_as(role: str):
    """A schema whose requests carry the session cookie of `role` and the CSRF token that unsafe
    methods need (an auth provider, so schemathesis knows the credentials are valid ones)."""
    schema = _schema()

    @schema.auth(refresh_interval=None)
    class _Session:
        def get(self, case, ctx):
            return SESSION_KEYS[role]

        def set(self, case, data, ctx):
            case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF_TOKEN}
            case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF_TOKEN}

    return schema


as_bureau_admin = _logged_in_as("bureau_admin")
as_enterprise_hr = _logged_in_as("enterprise_hr")
as_anonymous = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction on PostgreSQL; Django's own test client holds the same signal back."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _logged_in(client, user, role: str) -> None:
    """Log `user` in under the fixed session key of `role`."""
    from importlib import import_module

    from django.conf import settings as django_settings

    client.force_login(user)
    engine = import_module(django_settings.SESSION_ENGINE)
    store = engine.SessionStore()
    store.update(engine.SessionStore(session_key=client.cookies["sessionid"].value).load())
    store._session_key = SESSION_KEYS[role]  # Django has no public way to choose the key
    store.save(must_create=True)


@pytest.fixture
def bureau_admin_session(client, bureau_admin, employee_a, employee_b):
    """A bureau administrator logged in, in a world of two enterprises with one employee each."""
    _logged_in(client, bureau_admin, "bureau_admin")


@pytest.fixture
def enterprise_hr_session(client, hr_a, employee_a, employee_b):
    """The HR officer of enterprise A logged in, in the same world."""
    _logged_in(client, hr_a, "enterprise_hr")


@pytest.mark.django_db
@as_bureau_admin.parametrize()
@seed(SEED)
@FUZZ
def test_every_operation_keeps_its_contract_for_a_bureau_administrator(case, bureau_admin_session):
    case.call_and_validate()


@pytest.mark.django_db
@as_enterprise_hr.parametrize()
@seed(SEED)
@FUZZ
def test_every_operation_keeps_its_contract_for_an_enterprise_hr_officer(case, enterprise_hr_session):
    case.call_and_validate()


@pytest.mark.django_db
@as_anonymous.parametrize()
@seed(SEED)
@FUZZ
def test_every_operation_refuses_an_anonymous_client_as_declared(case):
    response = case.call_and_validate()
    public = "security" not in case.operation.definition.raw  # e.g. certificate verification (ADR 0021)
    if case.method.upper() == case.operation.method.upper() and not public:  # not a probe of an undeclared method (405)
        assert response.status_code in (401, 403), response.text
