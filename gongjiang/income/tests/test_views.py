"""Pages and API of income monitoring (R7.2-R7.4; issue 6 §6): aggregates only, bureau only."""

import io

from openpyxl import load_workbook

from gongjiang.audit.models import AuditEvent
from gongjiang.income.tests.worlds import city_snapshot


def _login(client, user):
    client.force_login(user)
    return client


def test_bureau_sees_the_wage_price_levels(client, bureau_admin):
    city_snapshot()
    response = _login(client, bureau_admin).get("/income/?year=2024")
    assert response.status_code == 200
    assert "高位数" in response.content.decode()


def test_enterprise_hr_may_not_open_the_wage_price_levels(client, hr_a):
    response = _login(client, hr_a).get("/income/")
    assert response.status_code == 403


def test_a_cell_of_one_worker_shows_no_figures(client, bureau_admin):
    city_snapshot()
    rows = _login(client, bureau_admin).get("/income/?year=2024").context["rows"]
    lone = next(r for r in rows if r["grade"] == 6)
    assert lone["p50"] is None
    assert lone["status"] == "small"


def test_the_excel_download_is_the_publication_table_and_is_audited(client, bureau_admin):
    city_snapshot()
    response = _login(client, bureau_admin).get("/income/?year=2024&by=district&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "2024年分职业（工种）分技能等级工资价位表（分区县）"
    assert sheet.cell(row=3, column=5).value == "高位数（元/年）"
    assert AuditEvent.objects.filter(action="export", object_type="wage_levels").count() == 1


def test_the_csv_download_starts_with_a_bom_for_excel(client, bureau_admin):
    city_snapshot()
    response = _login(client, bureau_admin).get("/income/?year=2024&format=csv")
    assert response.content.startswith("\ufeff职业编码".encode())


def test_a_year_not_built_is_explained(client, bureau_admin):
    city_snapshot()
    response = _login(client, bureau_admin).get("/income/?year=2019")
    assert "尚未汇总" in response.context["error"]


def test_distribution_page_shows_gini_and_soe_gap(client, bureau_admin):
    city_snapshot(2023, seed=2)
    city_snapshot(2024, seed=3, scale=1.05)
    response = _login(client, bureau_admin).get("/income/distribution/?year=2024&by=district")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3  # the whole city and two districts
    assert 0 < response.context["rows"][0]["gini"] < 1


def test_evaluation_page_without_panel_says_so(client, bureau_admin):
    response = _login(client, bureau_admin).get("/income/evaluation/")
    assert "没有可比较的受益人" in response.content.decode()


def test_api_returns_wage_levels_with_hidden_cells_as_null(client, bureau_admin):
    city_snapshot()
    data = _login(client, bureau_admin).get("/api/v1/income/wage-levels?year=2024&occupation=6-18").json()
    assert {r["occupation"][:4] for r in data} == {"6-18"}
    lone = next(r for r in data if r["grade"] == 6)
    assert lone["p50"] is None


def test_api_refuses_an_unknown_grouping_in_chinese(client, bureau_admin):
    city_snapshot()
    response = _login(client, bureau_admin).get("/api/v1/income/wage-levels?year=2024&by=street")
    assert response.status_code == 422  # the document lists the groupings (issue 18 §7)
    assert "分组（by）：只能是以下之一：''、'district'、'industry'" in response.json()["detail"]


def test_api_refuses_enterprise_hr(client, hr_a):
    response = _login(client, hr_a).get("/api/v1/income/wage-levels?year=2024")
    assert response.status_code == 403


def test_api_distribution_by_population(client, bureau_admin):
    city_snapshot()
    data = _login(client, bureau_admin).get("/api/v1/income/distribution?year=2024&population=high_skilled").json()
    assert data[0]["group"] == ""
    assert abs(sum(data[0]["deciles"]) - 1) < 1e-9
