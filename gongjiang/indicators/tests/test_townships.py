"""乡镇/街道 as units (issue 16 指标晾晒; ADR 0025 amendment): indicators per township from the main
employer's township, township targets, and townships ranked within their district."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gongjiang.core.errors import DomainError
from gongjiang.indicators import queries, selectors, services
from gongjiang.indicators.models import Target
from gongjiang.registry.tests.factories import (
    CertificateFactory,
    EmploymentFactory,
    EnterpriseFactory,
    WorkerFactory,
)

ON = date(2026, 6, 30)


@pytest.fixture
def towns(dinghai):
    """解放街道: two skilled (one high) of three employees. 环南街道: one skilled of one. A Dinghai
    enterprise with no township: one skilled (counts for the district, for no township). A Dinghai
    resident with no job: counts for the district only."""
    jiefang = EnterpriseFactory(district=dinghai, township_code="330902001", township_name="解放街道")
    huannan = EnterpriseFactory(district=dinghai, township_code="330902002", township_name="环南街道")
    plain = EnterpriseFactory(district=dinghai)
    for grade in (4, 2, None):
        worker = EmploymentFactory(enterprise=jiefang).worker
        if grade:
            CertificateFactory(worker=worker, grade=grade, issued_on=date(2024, 5, 1))
    CertificateFactory(worker=EmploymentFactory(enterprise=huannan).worker, grade=3, issued_on=date(2026, 3, 1))
    CertificateFactory(worker=EmploymentFactory(enterprise=plain).worker, grade=3, issued_on=date(2024, 3, 1))
    CertificateFactory(worker=WorkerFactory(residence_district=dinghai), grade=3, issued_on=date(2024, 3, 1))
    return {"jiefang": jiefang, "huannan": huannan}


def _values(base, code):
    return {v.code: v.value for v in selectors.values_from_base(base, code)}


def test_a_townships_indicators_count_the_people_whose_main_employer_is_there(towns):
    base = queries.base(ON)
    jiefang, huannan, district = _values(base, "330902001"), _values(base, "330902002"), _values(base, "330902")
    assert (jiefang["skilled_total"], jiefang["high_skilled_total"]) == (2, 1)
    assert jiefang["skilled_share"] == Decimal("0.666667")  # of its three employees in the registry
    assert jiefang["new_certificates"] == 0
    assert (huannan["skilled_total"], huannan["new_certificates"]) == (1, 1)
    assert district["skilled_total"] == 5  # the district still counts everyone, townships or not


def test_a_target_can_be_set_for_a_township_and_takes_its_registry_name(bureau_staff, towns):
    fields = services.target_fields(area_code="330902", township_code="330902001")
    target = services.target_save(actor=bureau_staff, indicator="skilled_total", year=2026, value=10,
                                  document="测试文件", clause="一", **fields)
    assert (target.township_code, target.township_name) == ("330902001", "解放街道")
    # the district's own target of the same indicator and year is a different unit
    assert Target.objects.filter(indicator="skilled_total", area__code="330902", year=2026).count() == 2


@pytest.mark.parametrize(("indicator", "area", "township", "field", "words"), [
    ("subsidy_paid", "330902", "330902001", "township_code", "不按乡镇（街道）统计"),
    ("skilled_total", "330903", "330902001", "township_code", "不属于所在区县"),
    ("skilled_total", "330900", "330902001", "area_code", "所在区县的 6 位代码"),
    ("skilled_total", "330902", "330902099", "township_name", "人才库中没有乡镇（街道）代码为 330902099"),
])
def test_a_township_target_that_does_not_fit_is_refused(bureau_admin, towns, indicator, area, township, field, words):
    def save():
        fields = services.target_fields(area_code=area, township_code=township)
        services.target_save(actor=bureau_admin, indicator=indicator, year=2026, value=10, document="测试文件",
                             clause="一", **fields)

    with pytest.raises(DomainError) as refused:
        save()
    assert refused.value.field == field
    assert words in refused.value.message


@pytest.fixture
def township_targets(towns, dinghai):
    year = timezone.localdate().year
    for code, name, value in (("330902001", "解放街道", 4), ("330902002", "环南街道", 1)):
        Target.objects.create(indicator="skilled_total", area=dinghai, township_code=code, township_name=name,
                              year=year, value=value, document="定海区测试文件", clause="二")
    return year


def test_the_ranking_page_ranks_the_townships_of_a_district(client, bureau_staff, township_targets):
    client.force_login(bureau_staff)
    page = client.get("/indicators/ranking/", {"indicator": "skilled_total", "year": township_targets,
                                               "district": "330902"}).content.decode()
    assert "定海区各乡镇（街道）" in page
    assert page.index("定海区环南街道") < page.index("定海区解放街道")  # 1/1 done before 2/4
    assert "乡镇/街道" in page
    assert "舟山市" not in page.split('data-testid="ranking"')[1]  # only the district's townships


def test_the_ranking_export_has_the_townships(client, bureau_staff, township_targets):
    client.force_login(bureau_staff)
    answer = client.get("/indicators/ranking/export.xlsx", {"indicator": "skilled_total", "year": township_targets,
                                                            "district": "330902"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content) if answer.streaming else answer.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    names = [r[1] for r in rows if r and r[1] and "街道" in str(r[1])]
    assert names == ["定海区环南街道", "定海区解放街道"]
