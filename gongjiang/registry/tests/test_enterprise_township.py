"""An enterprise's 乡镇/街道 (issue 16: units ranked below the county; ADR 0025): registered,
corrected, shown and refused when it does not belong to the enterprise's district."""

import json

import pytest

from gongjiang.core.errors import DomainError
from gongjiang.registry import services
from gongjiang.registry.models import Enterprise
from gongjiang.registry.tests.factories import uscc_make


def test_an_enterprise_is_registered_with_its_township(bureau_staff, dinghai):
    enterprise = services.enterprise_register(actor=bureau_staff, uscc=uscc_make(), name="解放街道企业", district=dinghai,
                                              township_code="330902001", township_name="解放街道")
    enterprise.refresh_from_db()
    assert (enterprise.township_code, enterprise.township_name) == ("330902001", "解放街道")


@pytest.mark.parametrize(("code", "name", "field", "words"), [
    ("330903001", "沈家门街道", "township_code", "不属于所在区县（330902）"),
    ("33090200", "解放街道", "township_code", "应为 9 位数字"),
    ("330902001", "", "township_name", "请填写乡镇（街道）名称"),
    ("", "解放街道", "township_code", "请填写乡镇（街道）代码"),
])
def test_a_township_that_does_not_fit_is_refused_beside_its_field(bureau_staff, dinghai, code, name, field, words):
    with pytest.raises(DomainError) as refused:
        services.enterprise_register(actor=bureau_staff, uscc=uscc_make(), name="错误企业", district=dinghai,
                                     township_code=code, township_name=name)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not Enterprise.objects.filter(name="错误企业").exists()


def test_the_bureau_corrects_the_township_on_the_enterprise_form_and_sees_it(client, bureau_staff, enterprise_a):
    client.force_login(bureau_staff)
    form = client.get(f"/registry/enterprises/{enterprise_a.pk}/edit/").content.decode()
    assert "乡镇（街道）代码" in form
    data = {"uscc": enterprise_a.uscc, "name": enterprise_a.name, "district": enterprise_a.district_id,
            "township_code": "330902002", "township_name": "环南街道", "size": "", "ownership": "private"}
    answer = client.post(f"/registry/enterprises/{enterprise_a.pk}/edit/", data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    enterprise_a.refresh_from_db()
    assert enterprise_a.township_name == "环南街道"
    assert "环南街道（330902002）" in client.get(f"/registry/enterprises/{enterprise_a.pk}/").content.decode()


def test_the_enterprise_form_shows_a_wrong_township_beside_the_field(client, bureau_staff, enterprise_a):
    client.force_login(bureau_staff)
    data = {"uscc": enterprise_a.uscc, "name": enterprise_a.name, "district": enterprise_a.district_id,
            "township_code": "310101001", "township_name": "外滩街道", "size": "", "ownership": "private"}
    answer = client.post(f"/registry/enterprises/{enterprise_a.pk}/edit/", data)
    assert answer.status_code == 200
    assert "不属于所在区县" in answer.content.decode()
    enterprise_a.refresh_from_db()
    assert enterprise_a.township_code == ""


def test_the_api_registers_and_returns_the_township(client, bureau_admin):
    client.force_login(bureau_admin)
    answer = client.post("/api/v1/registry/enterprises", json.dumps({
        "uscc": uscc_make(), "name": "接口企业", "district_code": "330902", "township_code": "330902001",
        "township_name": "解放街道"}), content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["township_name"] == "解放街道"
    refused = client.post("/api/v1/registry/enterprises", json.dumps({
        "uscc": uscc_make(), "name": "接口企业二", "district_code": "330902", "township_code": "330903001",
        "township_name": "沈家门街道"}), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "township_code"
