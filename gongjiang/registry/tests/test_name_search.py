"""The registry's name search (issue 18 §2, ADR 0032): on PostgreSQL it is split into "starts with"
and "contains after the first character" and merged; the rows and their order must be exactly those
of `name LIKE '%text%'` ordered by name, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from gongjiang.registry import selectors
from gongjiang.registry.models import Worker
from gongjiang.registry.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db

NAMES = ["王伟", "王芳", "王王", "李王", "张王伟", "王", "汪伟", "伟王", "黄伟", "李伟王", "欧阳王伟", "王伟东", "李明"]


@pytest.fixture
def workers():
    return [WorkerFactory(name=name) for name in NAMES + ["王伟"]]  # two people named 王伟


@pytest.mark.parametrize("text", ["王", "伟", "王伟", "伟王", "李", "明", "欧阳", "阳王伟", "无此人"])
def test_name_search_finds_exactly_the_names_containing_the_text_in_name_order(bureau_admin, workers, text):
    expected = list(Worker.objects.filter(name__contains=text).order_by("name", "id").values_list("id", flat=True))
    listed = selectors.worker_list(actor=bureau_admin, text=text)
    assert [w.id for w in listed] == expected
    assert listed.count() == len(expected)
    assert [w.id for w in selectors.worker_list(actor=bureau_admin, text=text, name_reach=None)] == expected


def test_a_page_of_a_name_search_is_the_same_slice_of_the_whole(bureau_admin, workers):
    whole = [w.id for w in selectors.worker_list(actor=bureau_admin, text="王", name_reach=None)]
    listed = selectors.worker_list(actor=bureau_admin, text="王", name_reach=4)
    assert [w.id for w in listed[:4]] == whole[:4]
    assert [w.id for w in listed[2:4]] == whole[2:4]


def test_the_list_page_shows_the_top_grade_of_a_name_search(client, bureau_admin, workers):
    from gongjiang.registry.tests.factories import CertificateFactory

    CertificateFactory(worker=workers[0], grade=5)
    client.force_login(bureau_admin)
    page = client.get(reverse("registry:worker_list"), {"q": "王伟"}).content.decode()
    assert "共 5 条" in page
    assert "技师（二级）" in page


def test_an_enterprise_sees_only_its_employees_in_a_name_search(hr_a, employee_a, employee_b, workers):
    assert [w.name for w in selectors.worker_list(actor=hr_a, text="王")] == ["王甲"]
    assert list(selectors.worker_list(actor=hr_a, text="乙")) == []


def test_the_service_area_is_the_cities_of_the_enterprises_and_bureau_staff(bureau_admin, employee_a, employee_b):
    """The districts are found one index step per district (no EXISTS per division)."""
    from gongjiang.registry.models import Enterprise

    used = set(Enterprise.objects.values_list("district_id", flat=True))
    assert set(selectors._enterprise_district_ids()) == used
    parents = {d.parent_id for d in selectors.service_area_districts()}
    assert parents >= set(Enterprise.objects.values_list("district__parent_id", flat=True))
