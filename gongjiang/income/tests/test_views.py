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


def _upgrade_panel():
    """Five years, 100 of 300 workers upgraded in 2022 with a 10% raise (as test_evaluation)."""
    import numpy as np

    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    rng = np.random.default_rng(8)
    base = rng.lognormal(11.4, 0.2, 300)
    for year in range(2020, 2025):
        rows = []
        for w in range(300):
            upgraded = w < 100 and year >= 2022
            pay = base[w] * 1.04 ** (year - 2020) * (1.20 if upgraded else 1.0) * np.exp(rng.normal(0, 0.02))
            rows.append({"worker": w + 1, "pay": pay, "grade": 4 if upgraded else 3, "enterprise": w % 7})
        snapshot_make(rows, year=year, path=snapshot_path(year))


def test_evaluation_page_shows_the_effect_in_percent_as_exp_of_the_log_points(client, bureau_admin):
    # issue 10 item 1: "0.1693 对数点" was shown beside "约合收入提高 0%"
    import math

    from gongjiang.core.templatetags.figures import log_points_percent

    _upgrade_panel()
    response = _login(client, bureau_admin).get("/income/evaluation/")
    result = response.context["result"]
    assert result.did > 0.1
    page = response.content.decode()
    assert f'data-testid="effect-percent">{log_points_percent(result.did)}<' in page
    assert log_points_percent(result.did) == f"+{math.expm1(result.did) * 100:.1f}%"
    assert ">0%<" not in page


def test_distribution_page_shows_growth_as_the_export_does(client, bureau_admin):
    # issue 10 item 2: the page showed 0% where the export had 0.0500
    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    snapshot_make([{"pay": 100_000.0} for _ in range(40)], year=2023, path=snapshot_path(2023))
    snapshot_make([{"pay": 105_000.0 + 10 * i} for i in range(40)], year=2024, path=snapshot_path(2024))
    page = _login(client, bureau_admin).get("/income/distribution/?year=2024").content.decode()
    assert page.count("<td>+5.2%</td>") == 2  # mean and median 105,195 against 100,000
    assert "<td>0%</td>" not in page


def test_the_soe_table_says_why_it_is_empty(client, bureau_admin):
    # issue 10 item 2: "缺少上一年数据" although the previous year was there
    from gongjiang.income.store import snapshot_path
    from gongjiang.income.tests.factories import snapshot_make

    snapshot_make([{"pay": 100_000.0} for _ in range(40)], year=2024, path=snapshot_path(2024))
    client = _login(client, bureau_admin)
    assert "缺少2023年的收入数据" in client.get("/income/distribution/?year=2024").content.decode()
    snapshot_make([{"pay": 100_000.0} for _ in range(40)], year=2023, path=snapshot_path(2023))
    page = client.get("/income/distribution/?year=2024").content.decode()
    assert "没有两年都有高技能人才和管理人员的国有企业" in page
    assert "缺少" not in page
