"""Scope: an enterprise cannot see or change another enterprise's workers — by page, API or guessed id
(issue 2 §6)."""

import json

import pytest
from django.urls import reverse

from gongjiang.core.errors import NotFound
from gongjiang.registry import selectors, services

pytestmark = pytest.mark.django_db


def test_hr_lists_only_own_current_employees(hr_a, employee_a, employee_b):
    names = set(selectors.worker_list(actor=hr_a).values_list("name", flat=True))
    assert names == {"王甲"}


def test_hr_cannot_get_other_enterprise_worker_by_guessed_id(hr_a, employee_b):
    with pytest.raises(NotFound):
        selectors.worker_get(actor=hr_a, worker_id=employee_b.pk)


def test_hr_page_for_other_enterprise_worker_is_404(client, hr_a, employee_a, employee_b):
    client.force_login(hr_a)
    assert client.get(reverse("registry:worker_detail", args=[employee_a.pk])).status_code == 200
    assert client.get(reverse("registry:worker_detail", args=[employee_b.pk])).status_code == 404


def test_hr_api_for_other_enterprise_worker_is_404_and_list_excludes_it(client, hr_a, employee_a, employee_b):
    client.force_login(hr_a)
    assert client.get(f"/api/v1/registry/workers/{employee_b.pk}").status_code == 404
    listed = client.get("/api/v1/registry/workers").json()
    assert [w["name"] for w in listed["items"]] == ["王甲"]


def test_hr_cannot_change_other_enterprise_worker(client, hr_a, employee_b):
    client.force_login(hr_a)
    url = reverse("registry:record_add", args=[employee_b.pk, "honour"])
    response = client.post(url, {"title": "伪造荣誉", "level": "district", "awarded_on": "2024-01-01"})
    assert response.status_code == 404
    assert employee_b.honours.count() == 0
    with pytest.raises(NotFound):
        services.archive_record_save(actor=hr_a, worker=employee_b, kind="honour",
                                     data={"title": "x", "level": "district", "awarded_on": "2024-01-01"})


def test_hr_cannot_open_other_enterprise_page(client, hr_a, enterprise_b):
    client.force_login(hr_a)
    assert client.get(reverse("registry:enterprise_detail", args=[enterprise_b.pk])).status_code == 404
    assert client.get(f"/api/v1/registry/enterprises/{enterprise_b.pk}").status_code == 404


def test_former_employee_leaves_hr_scope(hr_a, employee_a):
    employment = employee_a.employments.get()
    services.archive_record_save(actor=hr_a, worker=employee_a, kind="employment",
                                 data={"end_date": employment.start_date.replace(year=2024)}, instance=employment)
    assert not selectors.worker_scope(hr_a).filter(pk=employee_a.pk).exists()


def test_bureau_staff_sees_own_district_only(bureau_staff, employee_a, employee_b):
    assert set(selectors.worker_scope(bureau_staff)) == {employee_a}
    assert set(selectors.enterprise_scope(bureau_staff).values_list("name", flat=True)) == {"舟山甲船舶修造有限公司"}


def test_bureau_admin_sees_everyone(bureau_admin, employee_a, employee_b):
    assert set(selectors.worker_scope(bureau_admin)) == {employee_a, employee_b}


def test_worker_sees_only_self(client, worker_user, employee_a, employee_b):
    assert list(selectors.worker_scope(worker_user)) == [employee_a]
    client.force_login(worker_user)
    assert client.get(f"/api/v1/registry/workers/{employee_b.pk}").status_code == 404


def test_api_requires_login(client, employee_a):
    response = client.get("/api/v1/registry/workers")
    assert response.status_code == 401
    assert "登录" in json.loads(response.content)["detail"]
