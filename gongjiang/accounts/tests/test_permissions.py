"""The permission module (issue 18 §1, R9.1): scopes per role, refusals in the user's terms, and
screens that offer only what the user may do."""

import re

import pytest
from django.test import Client

from gongjiang.accounts import permissions
from gongjiang.accounts.models import Role, User
from gongjiang.core.errors import PermissionDenied


@pytest.fixture
def trainer(db):
    return User.objects.create_user("trainer1", role=Role.TRAINING_INSTITUTION, organisation_name="舟山技工培训中心")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_role_has_a_scope():
    """A role added to accounts.Role without a line in ROLE_SCOPES would see nothing by accident."""
    assert set(permissions.ROLE_SCOPES) == {choice for choice, _ in Role.choices}


def test_scopes_follow_the_binding_each_role_needs(bureau_admin, bureau_staff, hr_a, worker_user, trainer):
    assert permissions.scope(bureau_admin) == permissions.Scope.ALL
    assert permissions.scope(bureau_staff) == permissions.Scope.DISTRICT
    assert permissions.scope(hr_a) == permissions.Scope.ENTERPRISE
    assert permissions.scope(worker_user) == permissions.Scope.OWN
    assert permissions.scope(trainer) == permissions.Scope.NONE


def test_an_account_missing_its_binding_sees_nothing(db):
    """A worker account whose archive link was removed must not fall back to a wider scope."""
    superuser_worker = User.objects.create_user("w0", role=Role.WORKER, is_superuser=True)
    superuser_worker.is_superuser = False
    assert permissions.scope(superuser_worker) == permissions.Scope.NONE
    assert not permissions.can(superuser_worker, "registry.own_archive")


def test_personal_data_only_for_bureau_and_the_worker_themself(bureau_staff, hr_a, worker_user, employee_a,
                                                               employee_b):
    assert permissions.can(bureau_staff, "registry.personal_data_read", employee_b)
    assert permissions.can(worker_user, "registry.personal_data_read", employee_a)
    assert not permissions.can(worker_user, "registry.personal_data_read", employee_b)
    assert not permissions.can(hr_a, "registry.personal_data_read", employee_a)


def test_a_refusal_says_why_in_the_roles_terms(hr_a):
    with pytest.raises(PermissionDenied, match="只有人社局管理员可以查看审计日志"):
        permissions.require(hr_a, "audit.log_read")
    response = _client(hr_a).get("/audit/")
    assert response.status_code == 403
    assert "只有人社局管理员可以查看审计日志" in response.content.decode()


def test_an_unknown_action_is_a_programming_error_not_a_silent_refusal(hr_a):
    with pytest.raises(KeyError, match="add it to ACTIONS"):
        permissions.can(hr_a, "registry.worker_teleport")


def test_a_training_institution_sees_no_tiles_it_cannot_use(trainer):
    """Before: three tiles (人才库, 企业, 登记人员) that each ended in an empty list or a refusal."""
    page = _client(trainer).get("/").content.decode()
    assert "/registry/workers/" not in page
    assert "/registry/enterprises/" not in page
    client = _client(trainer)
    tiles = re.findall(r'class="tile" href="([^"]+)"', page)
    assert all(client.get(url).status_code == 200 for url in tiles), tiles


def test_navigation_offers_each_role_only_its_own_work(bureau_admin, bureau_staff, hr_a):
    admin_page = _client(bureau_admin).get("/incentives/").content.decode()
    staff_page = _client(bureau_staff).get("/incentives/").content.decode()
    hr_page = _client(hr_a).get("/incentives/notice/").content.decode()
    assert "/audit/" in admin_page
    assert "/admin/" in admin_page
    assert "/audit/" not in staff_page
    assert "/income/" in staff_page
    assert "/search/shortlists/" in hr_page
    assert "/income/" not in hr_page
    assert "/audit/" not in hr_page


def test_the_api_refuses_with_403_and_the_reason(hr_a):
    response = _client(hr_a).get("/api/v1/income/years")
    assert response.status_code == 403
    assert response.json()["detail"] == "收入数据只向统计部门（人社局）开放"


def test_the_api_asks_anonymous_callers_to_log_in(db):
    response = Client().get("/api/v1/registry/workers")
    assert response.status_code == 401
