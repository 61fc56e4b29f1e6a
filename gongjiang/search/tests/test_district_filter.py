"""The district filter of talent search and the district lists (issue 10 §3, §4; ADR 0019): the
label says what it filters on, the list shows that district, keyword and filter agree, lists hold
what the user's scope covers with the city beside names alike, and an out-of-scope code is refused
with the reason instead of silently becoming 全部区县."""

import pytest
from django.urls import reverse

from gongjiang.core.errors import DomainError
from gongjiang.reference.models import Division
from gongjiang.registry.selectors import district_checked, district_choices
from gongjiang.search.query import search_query_parse
from gongjiang.search.selectors import worker_search
from gongjiang.search.tests.factories import skilled_worker


@pytest.fixture
def commuter(enterprise_a, putuo):
    """Works in 定海区 (enterprise_a), lives in 普陀区 (舟山)."""
    return skilled_worker(enterprise=enterprise_a, name="周海生", residence=putuo)


def _search(actor, **params):
    return worker_search(actor=actor, query=search_query_parse(params))


def test_the_list_shows_the_district_filtered_on_and_as_what(bureau_admin, commuter):
    result = _search(bureau_admin, district="330903")
    (hit,) = result.hits
    assert hit.district == "定海区（工作）· 普陀区（常住）"
    assert "区县：常住普陀区" in hit.reasons


def test_the_filter_can_mean_place_of_work_or_residence(bureau_admin, commuter):
    assert _search(bureau_admin, district="330903", district_by="home").total == 1
    assert _search(bureau_admin, district="330903", district_by="work").total == 0
    assert _search(bureau_admin, district="330902", district_by="work").total == 1


def test_the_keyword_names_the_same_district_as_the_filter(bureau_admin, commuter):
    # Shanghai's 普陀区 (310107) is in the reference data too; the keyword took it and found no one.
    assert Division.objects.filter(name="普陀区", level=3).count() == 2
    by_keyword = _search(bureau_admin, q="普陀")
    assert by_keyword.total == _search(bureau_admin, district="330903").total == 1
    assert any("普陀区" in note and "工作单位所在地或常住地" in note for note in by_keyword.notes)


def test_the_search_page_says_what_the_district_filter_means(client, bureau_admin, commuter):
    client.force_login(bureau_admin)
    html = client.get(reverse("search:search"), {"district": "330903"}).content.decode()
    assert "区县按" in html
    assert "工作单位所在地或常住地" in html
    assert "普陀区（常住）" in html


def test_district_lists_hold_the_users_city_only(bureau_staff, bureau_admin, enterprise_a):
    zhoushan = ["330902", "330903", "330921", "330922"]
    assert [c.code for c in district_choices(bureau_staff)] == zhoushan  # own district first
    assert [c.label for c in district_choices(bureau_staff)] == ["定海区", "普陀区", "岱山县", "嵊泗县"]
    assert sorted(c.code for c in district_choices(bureau_admin)) == zhoushan  # enterprises only in Zhoushan


def test_names_alike_carry_their_city(settings, bureau_admin):
    settings.GONGJIANG_SERVICE_AREA = ["310000", "330900"]
    labels = {c.code: c.label for c in district_choices(bureau_admin)}
    assert labels["310107"] == "普陀区（上海市）"
    assert labels["330903"] == "普陀区（舟山市）"
    assert labels["330902"] == "定海区"


def test_an_out_of_scope_code_is_refused_saying_which_district_it_is(bureau_staff):
    with pytest.raises(DomainError) as caught:
        district_checked(bureau_staff, "310107")
    assert "上海市普陀区（310107）不在您所在城市的区县范围内" in caught.value.message
    assert caught.value.field == "district"


def test_search_refuses_an_out_of_scope_code_instead_of_searching_every_district(client, bureau_staff, commuter):
    client.force_login(bureau_staff)
    response = client.get(reverse("search:search"), {"district": "310107"})
    html = response.content.decode()
    assert "上海市普陀区（310107）不在" in html
    assert response.context["result"] is None


def test_the_registry_list_refuses_an_out_of_scope_code_instead_of_listing_everyone(client, bureau_staff, commuter):
    client.force_login(bureau_staff)
    response = client.get(reverse("registry:worker_list"), {"district": "310107"})
    html = response.content.decode()
    assert "上海市普陀区（310107）不在" in html
    assert "周海生" not in html
    assert "周海生" in client.get(reverse("registry:worker_list"), {"district": "330903"}).content.decode()


def test_forms_offer_the_districts_of_the_users_scope(client, bureau_staff):
    client.force_login(bureau_staff)
    form = client.get(reverse("registry:worker_create")).context["form"]
    codes = sorted(d.code for d in form.fields["residence_district"].queryset)
    assert codes == ["330902", "330903", "330921", "330922"]
    enterprise_form = client.get(reverse("registry:enterprise_create")).context["form"]
    assert [d.code for d in enterprise_form.fields["district"].queryset] == ["330902"]  # staff register their own
