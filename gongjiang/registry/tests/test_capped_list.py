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


def test_the_api_list_counts_at_most_the_cap_and_says_so(client, bureau_admin, employee_a, employee_b, monkeypatch):
    """Same cap as the page (issue 18 §2 load test): the exact count of a million-row list cost 1.7–2.6 s."""
    monkeypatch.setattr("gongjiang.registry.api.LIST_COUNT_CAP", 1)
    client.force_login(bureau_admin)
    body = client.get("/api/v1/registry/workers").json()
    assert body["count"] == 1
    assert body["count_capped"] is True
    assert len(body["items"]) == 2
