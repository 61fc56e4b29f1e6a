"""The shortage occupation catalogue (R2.2) and its selector."""

from datetime import date

from gongjiang.demand.models import ShortageCatalogue, ShortageOccupation
from gongjiang.demand.selectors import shortage_occupation_codes, shortage_occupation_min_grades
from gongjiang.reference.models import Division, Occupation


def test_shipped_demo_catalogue_applies_to_dinghai_in_2025(db):
    # given the migration-shipped Zhoushan 2025 catalogue (a city catalogue)
    # when Dinghai (a district of Zhoushan) asks on a 2025 date
    codes = shortage_occupation_codes(district_code="330902", on=date(2025, 7, 1))
    # then the welder (焊工) is listed
    assert "6-18-02-04" in codes


def test_shipped_catalogue_cites_its_source_as_demo_data(db):
    catalogue = ShortageCatalogue.objects.get(area__code="330900", year=2025)
    assert catalogue.is_demo
    assert "演示数据" in catalogue.source


def test_catalogue_not_in_force_before_its_start(db):
    assert shortage_occupation_codes(district_code="330902", on=date(2024, 12, 31)) == set()


def test_catalogue_of_another_city_does_not_apply(db):
    # given a catalogue for Shanghai Huangpu listing 数字化管理师
    huangpu = Division.objects.get(code="310101")
    catalogue = ShortageCatalogue.objects.create(area=huangpu, year=2025, title="黄浦目录", source="测试",
                                                 valid_from=date(2025, 1, 1))
    ShortageOccupation.objects.create(catalogue=catalogue, occupation=Occupation.objects.get(code="2-06-07-13"))
    # when Dinghai asks, then Huangpu's entry is not included; Huangpu and a nationwide query see it
    assert "2-06-07-13" not in shortage_occupation_codes(district_code="330902", on=date(2025, 7, 1))
    assert shortage_occupation_codes(district_code="310101", on=date(2025, 7, 1)) == {"2-06-07-13"}
    assert "2-06-07-13" in shortage_occupation_codes(on=date(2025, 7, 1))


def test_min_grade_is_reported_per_code(db):
    grades = shortage_occupation_min_grades(district_code="330902", on=date(2025, 7, 1))
    assert grades["6-18-02-04"] is None


def test_api_lists_dinghai_shortage_occupations(bureau_staff):
    from django.test import Client

    client = Client()
    client.force_login(bureau_staff)
    data = client.get("/api/v1/demand/shortage-occupations", {"district_code": "330902", "on": "2025-07-01"}).json()
    assert {"occupation_code": "6-18-02-04", "min_grade": None} in data



def test_catalogue_survives_a_reload_that_drops_an_occupation(db):
    # given the shipped catalogue listing 焊工, when the classification no longer has it
    Occupation.objects.filter(code="6-18-02-04").delete()
    # then the catalogue is still there and simply no longer lists it
    assert "6-18-02-04" not in shortage_occupation_codes(district_code="330902", on=date(2025, 7, 1))
    assert "6-18-01-01" in shortage_occupation_codes(district_code="330902", on=date(2025, 7, 1))
