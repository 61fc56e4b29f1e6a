"""The published wage price levels for anyone (issue 16, R7.2, R9.2; ADR 0026): the rows the
statistics office publishes, with the same disclosure control; a rebuilt snapshot is a new edition."""

import pytest
from django.core.cache import cache
from django.test import Client

from gongjiang.income import selectors
from gongjiang.income.tests.worlds import city_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_public_table_has_the_figures_and_statuses_the_statistics_office_sees(bureau_admin):
    city_snapshot()
    office = selectors.wage_levels(actor=bureau_admin, year=2024)
    public = selectors.wage_levels_published(year=2024)["rows"]
    assert [(r["occupation"], r["grade_label"], r["p50"], r["status_label"]) for r in public] == [
        (r["occupation"], r["grade_label"], r["p50"], r["status_label"]) for r in office]
    assert any(r["p50"] is not None for r in public)


def test_a_district_shows_the_rows_of_the_by_district_table(bureau_admin):
    city_snapshot()
    office = selectors.wage_levels(actor=bureau_admin, year=2024, district="330902")
    public = selectors.wage_levels_published(year=2024, district="330902")["rows"]
    assert [(r["occupation"], r["p50"]) for r in public] == [(r["occupation"], r["p50"]) for r in office]


def test_anyone_opens_the_page_and_a_cell_of_one_shows_no_figures():
    city_snapshot()
    response = Client().get("/income/public/?year=2024")
    assert response.status_code == 200
    lone = next(r for r in response.context["rows"] if r["grade_label"] == "高级技师（一级）")
    assert (lone["p50"], lone["mean"], lone["p90"]) == (None, None, None)
    assert "70000" not in response.content.decode()


def test_no_head_count_nor_relative_error_leaves_the_public_selector():
    city_snapshot()
    row = selectors.wage_levels_published(year=2024)["rows"][0]
    assert not {"count", "rse", "status", "group"} & set(row)


def test_a_rebuilt_snapshot_is_a_new_edition():
    city_snapshot(scale=1.0)
    before = [r["p50"] for r in selectors.wage_levels_published(year=2024)["rows"]]
    city_snapshot(scale=2.0)
    after = [r["p50"] for r in selectors.wage_levels_published(year=2024)["rows"]]
    assert before != after


def test_before_any_publication_the_page_says_so():
    response = Client().get("/income/public/")
    assert response.status_code == 200
    assert "尚未发布工资价位" in response.content.decode()


def test_a_table_with_every_cell_hidden_says_so_and_points_to_a_higher_level():
    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    snapshot_make([{"pay": 90_000 + i, "enterprise": i} for i in range(5)], year=2024, path=snapshot_path(2024))
    page = Client().get("/income/public/").content.decode()
    assert 'data-testid="all-hidden"' in page
    assert "90000" not in page
