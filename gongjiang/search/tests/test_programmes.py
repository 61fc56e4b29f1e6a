"""Programme searches of bureau staff (issue 4 "all 技师 in shortage occupations whose post subsidy
ends this year"): the subsidy filter comes from incentives; enterprises may not use it."""

from datetime import date

import pytest

from gongjiang.incentives.models import Policy
from gongjiang.incentives.tests.factories import ledger_payment
from gongjiang.search.tests.factories import skilled_worker

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/workers"


def _paid(worker, months: list[tuple[int, int]]) -> None:
    post = Policy.objects.get(code="dinghai-2025-post-subsidy")
    for year, month in months:
        ledger_payment(post, worker, f"{year}-{month:02d}", date(year, month, 1))


def _months_up_to(last: tuple[int, int], count: int) -> list[tuple[int, int]]:
    y, m = last
    return [divmod(y * 12 + m - 1 - back, 12) for back in range(count)]


@pytest.fixture
def technicians(enterprise_a):
    ending = skilled_worker(enterprise=enterprise_a, grade=5, name="到期甲")
    later = skilled_worker(enterprise=enterprise_a, grade=5, name="未到期乙")
    _paid(ending, [(y, m + 1) for y, m in _months_up_to((2026, 6), 30)])
    _paid(later, [(y, m + 1) for y, m in _months_up_to((2026, 6), 10)])
    return ending, later


def test_bureau_staff_find_the_technicians_whose_post_subsidy_ends_that_year(client, bureau_staff, technicians):
    ending, _later = technicians
    client.force_login(bureau_staff)
    body = client.get(URL, {"grade_min": "技师", "subsidy_ends": "2026"}).json()
    assert [item["worker_id"] for item in body["items"]] == [ending.pk]
    assert client.get(URL, {"grade_min": "技师"}).json()["total"] == 2


def test_the_search_page_offers_the_subsidy_filter_to_bureau_staff_and_applies_it(client, bureau_staff, technicians):
    ending, later = technicians
    client.force_login(bureau_staff)
    page = client.get("/search/", {"subsidy_ends": "2026"}).content.decode()
    assert 'name="subsidy_ends"' in page
    assert "到期甲" in page
    assert "未到期乙" not in page


def test_enterprises_cannot_search_by_other_peoples_subsidies(client, hr_a, technicians):
    client.force_login(hr_a)
    assert client.get(URL, {"subsidy_ends": "2026"}).status_code == 403
    assert 'name="subsidy_ends"' not in client.get("/search/").content.decode()


def test_a_bad_year_is_refused_with_a_chinese_message(client, bureau_staff):
    client.force_login(bureau_staff)
    response = client.get(URL, {"subsidy_ends": "26"})
    assert response.status_code == 422  # the document bounds the year (issue 18 §7)
    assert "岗位补贴到期年份（subsidy_ends）：应不小于 2000" in response.json()["detail"]
