"""Navigation derived from the permission table (issue 10 §14, §15, §17): every role is offered
exactly the modules it may use, a link never ends in a refusal, and a refusal says which account
the user is on."""

import pytest
from django.test import Client
from django.urls import reverse

from gongjiang.accounts.models import Role, User
from gongjiang.core.navigation import MODULES, modules_for


@pytest.fixture
def trainer(db):
    return User.objects.create_user("trainer1", role=Role.TRAINING_INSTITUTION, organisation_name="舟山技工培训中心")


@pytest.fixture
def evaluator(db):
    return User.objects.create_user("evaluator1", role=Role.EVALUATION_AGENCY, organisation_name="舟山技能鉴定中心")


@pytest.fixture
def every_role(bureau_admin, bureau_staff, hr_a, worker_user, trainer, evaluator):
    return [bureau_admin, bureau_staff, hr_a, worker_user, trainer, evaluator]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_link_offered_to_every_role_opens(every_role):
    for user in every_role:
        client = _client(user)
        for module in modules_for(user):
            response = client.get(module["url"])
            assert response.status_code == 200, (user.role, module["url"], response.status_code)


def test_the_bureau_home_page_links_every_module_the_role_may_use(bureau_staff):
    page = _client(bureau_staff).get("/").content.decode()
    for url in ("/registry/workers/", "/registry/enterprises/", "/incentives/", "/incentives/claims/",
                "/incentives/run/", "/incentives/batches/", "/search/", "/ingest/", "/income/",
                "/incentives/notice/", "/registry/workers/new/"):
        assert f'href="{url}"' in page, url
    assert 'href="/audit/"' not in page  # the administrator's


def test_forms_are_offered_only_to_roles_that_may_use_them(hr_a, trainer, evaluator):
    for user in (hr_a, trainer, evaluator):
        client = _client(user)
        home = client.get("/").content.decode()
        assert reverse("registry:worker_create") not in home
        assert reverse("registry:enterprise_create") not in home
    hr_enterprises = _client(hr_a).get(reverse("registry:enterprise_list")).content.decode()
    assert reverse("registry:enterprise_create") not in hr_enterprises


def test_each_module_names_an_action_of_the_permission_table():
    from gongjiang.accounts.permissions import ACTIONS

    assert {m.action for m in MODULES} <= set(ACTIONS)


def test_a_refusal_names_the_account_the_user_is_on(trainer):
    response = _client(trainer).get(reverse("incentives:mine"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "您登录的是“培训机构”账号" in page
    assert "只有人社局工作人员可以办理" not in page


def test_the_language_menu_names_each_language_in_its_own_name(trainer):
    client = _client(trainer)
    page = client.get("/").content.decode()
    assert ">English</option>" in page
    assert ">简体中文</option>" in page
    assert "英语" not in page
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert ">English</option>" in english
    assert ">简体中文</option>" in english
