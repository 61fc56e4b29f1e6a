"""Pages of the demand domain: the public catalogue without logging in, the filing form's refusals
beside the field, the bureau's pages and their Excel exports (issue 15)."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from gongjiang.demand import services
from gongjiang.demand.models import DemandFiling
from gongjiang.demand.templatetags.demand_format import decimal1, share, signed
from gongjiang.demand.tests.factories import filing_make


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_public_catalogue_needs_no_login_and_shows_the_edition_in_force(db):
    page = _client().get("/demand/catalogue/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "急需紧缺职业（工种）目录" in text
    assert "焊工" in text
    assert "船舶修造" in text


def test_public_catalogue_export_is_an_excel_file_with_reasons(db):
    from gongjiang.demand.models import ShortageCatalogue

    catalogue = ShortageCatalogue.objects.get(year=2025, area__code="330900")
    response = _client().get(f"/demand/catalogue/{catalogue.pk}/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert "列入理由" in rows[0]
    assert any("焊工" in (row[3] or "") for row in rows[1:])


def test_a_draft_is_not_public(db, bureau_staff, enterprise_a):
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 2, 1), headcount=5)
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=5)
    assert _client().get(f"/demand/catalogue/{draft.pk}/export.xlsx").status_code == 404


def test_filing_form_refusal_is_shown_beside_the_field_and_keeps_the_input(hr_a):
    needed = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = _client(hr_a).post("/demand/filings/new/", {
        "occupation": "6-18-02-04", "grade": 4, "headcount": 2, "wage_offered": "1200", "needed_by": needed,
        "vacancies_advertised": 0, "applicants": 0, "suitable_applicants": 0, "weeks_open": 0})
    assert response.status_code == 400
    text = response.content.decode()
    assert "低于当地最低工资标准" in text
    assert 'value="1200"' in text
    assert not DemandFiling.objects.exists()


def test_filing_form_files_and_the_detail_shows_the_history(hr_a):
    needed = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = _client(hr_a).post("/demand/filings/new/", {
        "occupation": "焊工", "grade": 4, "headcount": 2, "wage_offered": "7200", "needed_by": needed,
        "vacancies_advertised": 2, "applicants": 3, "suitable_applicants": 1, "weeks_open": 4})
    filing = DemandFiling.objects.get()
    assert response.status_code == 302
    detail = _client(hr_a).get(f"/demand/filings/{filing.pk}/").content.decode()
    assert "填报记录" in detail
    assert "填报" in detail


@pytest.mark.parametrize("url", ["/demand/analysis/?year=2026&by=district&by=month", "/demand/indicators/?year=2026",
                                 "/demand/weights/", "/demand/catalogues/"])
def test_bureau_pages_render(bureau_admin, enterprise_a, url):
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 2, 1), headcount=5, vacancies=5)
    response = _client(bureau_admin).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("url", "rows"), [("/demand/analysis/export.xlsx?year=2026&by=district", 1),
                                           ("/demand/indicators/export.xlsx?year=2026", 1),
                                           ("/demand/filings/export.xlsx", 1), ("/demand/weights/export.xlsx", 9),
                                           ("/demand/catalogues/export.xlsx", 1),
                                           ("/demand/workforce/export.xlsx?year=2026", 8)])
def test_bureau_lists_export_to_excel(bureau_admin, enterprise_a, url, rows):
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 2, 1), headcount=5, vacancies=5)
    response = _client(bureau_admin).get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == rows + 1


def test_filing_history_exports_to_excel(hr_a):
    needed = timezone.localdate() + timedelta(days=20)
    filing = services.filing_create(actor=hr_a, occupation="焊工", grade=4, headcount=2, wage_offered="7000",
                                    needed_by=needed)
    services.filing_revise(actor=hr_a, filing=filing, headcount=3)
    response = _client(hr_a).get(f"/demand/filings/{filing.pk}/history.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [row[3] for row in rows[1:]] == [2, 3]


def test_compute_and_publish_through_the_pages(bureau_admin, enterprise_a):
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 2, 1), headcount=5, vacancies=5)
    filing_make(enterprise_a, "6-18-01-01", period=date(2026, 2, 1), headcount=1, vacancies=1, filled=True)
    client = _client(bureau_admin)
    response = client.post("/demand/catalogues/compute/", {"area": "330900", "year": 2026, "top": 10})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "焊工" in detail
    assert "发布目录" in detail
    draft_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    client.post(f"/demand/catalogues/{draft_id}/publish/", {"valid_from": "2026-07-01", "source": "演示号"})
    assert "已发布" in client.get(f"/demand/catalogues/{draft_id}/").content.decode()


def test_number_filters():
    assert share(0.375) == "37.5%"
    assert share(None) == "—"
    assert decimal1(2) == "2.0"
    assert decimal1(None) == "—"
    assert signed(1.234) == "+1.23"
    assert signed(-0.5) == "-0.50"
