"""Exports of the distribution page's tables (issue 3 §6): the same aggregates as on the page, as
.xlsx and .csv, money as whole yuan (Decimal), bureau only, audited."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from gongjiang.audit.models import AuditEvent
from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make
from gongjiang.income.tests.worlds import city_snapshot

HEADERS = ["范围", "人数", "平均年收入（元）", "中位数（元）", "基尼系数", "中等收入占比", "平均数增长", "中位数增长",
           *[f"第{d}个十分位收入份额" for d in range(1, 11)]]


def _get(client, user, name, file_format, **params):
    client.force_login(user)
    return client.get(reverse(name, args=[file_format]), params)


def _xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_distribution_exports_to_csv_as_the_page_shows_and_is_audited(client, bureau_admin):
    city_snapshot()
    rows = _csv_rows(_get(client, bureau_admin, "income:distribution_export", "csv", year=2024))
    assert rows[0] == HEADERS
    assert rows[1][:2] == ["全部", "601"]
    assert rows[1][2].isdigit()  # whole yuan, as on the page
    event = AuditEvent.objects.get(action="export", object_type="income_distribution")
    assert event.detail["filters"] == {"year": 2024, "population": "all"}


def test_distribution_exports_to_excel_by_district(client, bureau_admin):
    city_snapshot()
    client.force_login(bureau_admin)
    shown = client.get(reverse("income:distribution"), {"year": 2024, "by": "district"}).context["rows"]
    rows = _xlsx_rows(_get(client, bureau_admin, "income:distribution_export", "xlsx", year=2024, by="district"))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + len(shown) == 4  # the whole city and two districts, as on the page
    assert rows[1][1] == 601
    assert rows[1][3] == round(shown[0]["median"])
    assert abs(sum(rows[1][8:18]) - 1) < 0.001  # decile shares add up to the whole


def test_soe_gap_exports_the_listed_enterprises(client, bureau_admin, enterprise_a):
    def year(y, hs, mg):
        rows = [{"pay": hs, "grade": 5, "enterprise": enterprise_a.pk, "soe": True} for _ in range(3)]
        rows.append({"pay": mg, "grade": 0, "occupation": "1-06-01-00", "enterprise": enterprise_a.pk, "soe": True})
        snapshot_make(rows, year=y, path=snapshot_path(y))

    year(2023, 100_000, 300_000)
    year(2024, 102_000, 330_000)
    rows = _xlsx_rows(_get(client, bureau_admin, "income:soe_gap_export", "xlsx", year=2024))
    assert list(rows[0]) == ["单位", "高技能人才平均工资增长", "管理人员平均工资增长"]
    assert rows[1] == (enterprise_a.name, 0.02, 0.1)
    csv_rows = _csv_rows(_get(client, bureau_admin, "income:soe_gap_export", "csv", year=2024))
    assert csv_rows[1] == [enterprise_a.name, "0.0200", "0.1000"]


def test_enterprise_hr_may_not_export_the_distribution(client, hr_a):
    city_snapshot()
    for name in ("income:distribution_export", "income:soe_gap_export"):
        assert _get(client, hr_a, name, "csv", year=2024).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_distribution_page_links_to_both_formats_with_its_filters(client, bureau_admin):
    city_snapshot()
    client.force_login(bureau_admin)
    html = client.get(reverse("income:distribution"), {"year": 2024, "population": "skilled"}).content.decode()
    assert reverse("income:distribution_export", args=["xlsx"]) + "?year=2024&amp;population=skilled" in html


def test_distribution_export_rounds_half_a_yuan_up_as_the_page_does(client, bureau_admin):
    # issue 11 §4: round() gave 100,000 for a mean of 100,000.50
    snapshot_make([{"pay": 100_000.0} for _ in range(29)] + [{"pay": 100_015.0}], path=snapshot_path(2024))
    rows = _csv_rows(_get(client, bureau_admin, "income:distribution_export", "csv", year=2024))
    assert rows[1][2] == "100001"
    page = client.get("/income/distribution/?year=2024").content.decode()
    assert "<td>100001</td>" in page
