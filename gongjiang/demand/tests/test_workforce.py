"""The workforce survey (R2.4; `000` 三(四)4; issue 15): totals and structure of skilled and
high-skilled workers from the registry, and the structure of demand for high-skilled workers."""

import io
from datetime import date

import openpyxl
from django.test import Client

from gongjiang.demand import selectors
from gongjiang.demand.tests.factories import filing_make
from gongjiang.reference.models import Industry
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory, WorkerFactory


def _world(enterprise_a, enterprise_b):
    """Dinghai's enterprise A employs a 58-year-old 技师 (high-skilled) and a 中级工; a 高级工 lives in
    Putuo without an employer; someone in Shanghai holds a certificate too (outside the city)."""
    section = Industry.objects.filter(level=Industry.Level.SECTION).order_by("code").first()
    enterprise_a.industry = section
    enterprise_a.save()
    old = EmploymentFactory(enterprise=enterprise_a, worker__birth_date=date(1968, 3, 1)).worker
    CertificateFactory(worker=old, grade=5, issued_on=date(2020, 1, 1))
    CertificateFactory(worker=old, grade=3, issued_on=date(2015, 1, 1))  # the higher grade counts, once
    middle = EmploymentFactory(enterprise=enterprise_a, worker__sex="F").worker
    CertificateFactory(worker=middle, grade=3, issued_on=date(2022, 1, 1))
    putuo = WorkerFactory(residence_district=enterprise_b.district)
    CertificateFactory(worker=putuo, grade=4, issued_on=date(2023, 1, 1))
    from gongjiang.reference.models import Division

    far = WorkerFactory(residence_district=Division.objects.get(code="310101"))
    CertificateFactory(worker=far, grade=6, issued_on=date(2023, 1, 1))
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 2, 1), headcount=5, grade=4)
    filing_make(enterprise_a, "6-18-02-04", period=date(2026, 3, 1), headcount=7, grade=5)
    filing_make(enterprise_b, "6-18-02-04", period=date(2026, 2, 1), headcount=9, grade=2)  # not high-skilled
    return section


def test_totals_and_structure_of_the_skilled_workforce(enterprise_a, enterprise_b):
    section = _world(enterprise_a, enterprise_b)
    survey = selectors.workforce_survey(area_code="330900", year=2026)
    assert (survey["skilled"], survey["high_skilled"]) == (3, 2)
    assert survey["high_share"] == 2 / 3
    assert {r["key"]: r["count"] for r in survey["by_grade"]} == {3: 1, 4: 1, 5: 1}
    assert {str(r["label"]): r["count"] for r in survey["by_age"]}["55岁及以上"] == 1
    assert {r["key"]: r["count"] for r in survey["by_sex"]} == {"M": 2, "F": 1}
    industries = {r["key"]: r["count"] for r in survey["by_industry"]}
    assert industries == {section.code: 2, "": 1}  # the Putuo resident has no employer
    assert {r["key"]: r["count"] for r in survey["high_by_industry"]} == {section.code: 1, "": 1}
    assert survey["demand_total"] == 12  # 高级工 and 技师 only
    assert {r["key"]: r["count"] for r in survey["demand_by_grade"]} == {4: 5, 5: 7}
    assert {r["key"]: r["count"] for r in survey["demand_by_industry"]} == {section.code: 12}
    # a district sees its own: Dinghai has the two employees of enterprise A
    assert selectors.workforce_survey(area_code="330902", year=2026)["skilled"] == 2


def test_the_page_and_its_export(bureau_admin, enterprise_a, enterprise_b):
    _world(enterprise_a, enterprise_b)
    client = Client()
    client.force_login(bureau_admin)
    page = client.get("/demand/workforce/?area=330900&year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="workforce-by_grade"' in text
    assert "workforce-charts" in text
    response = client.get("/demand/workforce/export.xlsx?area=330900&year=2026")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["表", "类别", "人数", "占比"]
    assert ["合计", "高技能人才", 2, 0.6667] in rows
