"""The worker list counts at most LIST_COUNT_CAP rows (issue 18 §2: a district's list of 1,000,000
workers spent 1.7 s in COUNT(*)) and says "more than" beyond."""

from django.urls import reverse

from gongjiang.registry.tests.factories import WorkerFactory


def test_a_list_longer_than_the_cap_says_more_than(client, bureau_admin, monkeypatch):
    monkeypatch.setattr("gongjiang.core.paging.LIST_COUNT_CAP", 3)
    WorkerFactory.create_batch(5)
    client.force_login(bureau_admin)
    page = client.get(reverse("registry:worker_list")).content.decode()
    assert "共 3 条以上（请用筛选条件缩小范围）" in page


def test_a_list_within_the_cap_gives_the_exact_count(client, bureau_admin, monkeypatch):
    monkeypatch.setattr("gongjiang.core.paging.LIST_COUNT_CAP", 10)
    WorkerFactory.create_batch(5)
    client.force_login(bureau_admin)
    page = client.get(reverse("registry:worker_list")).content.decode()
    assert "共 5 条" in page
    assert "条以上" not in page
