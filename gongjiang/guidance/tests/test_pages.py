"""The guidance panel on the archive pages: the worker's own and bureau staff's view of a worker;
not enterprise HR's."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gongjiang.accounts.models import Role, User
from gongjiang.evaluation.tests.factories import welder_make


@pytest.fixture(autouse=True)
def income_data_dir(settings, tmp_path):
    settings.INCOME_DATA_DIR = str(tmp_path / "income")


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_worker_sees_their_guidance_on_their_archive(enterprise_a):
    worker = welder_make(enterprise=enterprise_a, four_on=date(2022, 6, 30))
    user = User.objects.create_user(username="w1", password="Test-Passw0rd!", role=Role.WORKER, worker=worker)
    page = _page(user, reverse("registry:my_archive"))
    assert 'data-testid="career-guidance"' in page
    assert "高级工（三级）" in page
    assert 'data-eligible-from="2027-06-30"' in page
    assert "技能人才与专业技术人才贯通" in page


def test_bureau_staff_see_it_on_a_workers_archive_and_hr_do_not(enterprise_a, bureau_staff, hr_a):
    worker = welder_make(enterprise=enterprise_a)
    url = reverse("registry:worker_detail", args=[worker.pk])
    assert 'data-testid="career-guidance"' in _page(bureau_staff, url)
    assert 'data-testid="career-guidance"' not in _page(hr_a, url)
