"""The indicators API (/api/v1/indicators/; issue 16; ADR 0025): definitions, values from the
home page's snapshot, targets (bureau only, audited, the form's checks) and the ranking."""

import json
from datetime import date

import pytest
from django.utils import timezone

from gongjiang.audit.models import AuditEvent
from gongjiang.indicators.models import IndicatorSnapshot, Target
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

API = "/api/v1/indicators"


def _body(**changes):
    body = {"indicator": "skilled_total", "area_code": "330902", "year": 2031, "value": "120000",
            "document": "定政發〔2025〕4號", "clause": "一 总体目标"}
    return json.dumps({**body, **changes})


def test_definitions_list_every_indicator_with_its_definition(client, bureau_staff):
    client.force_login(bureau_staff)
    found = {i["code"]: i for i in client.get(f"{API}/definitions").json()}
    assert found["skilled_share"]["share"] is True
    assert found["skilled_total"]["definition"].startswith("截止统计日已取得职业资格证书")
    assert found["training_person_times"]["kind"] == "flow"


def test_values_of_a_district_come_from_the_snapshot_the_home_page_reads(client, bureau_staff, enterprise_a):
    worker = EmploymentFactory(enterprise=enterprise_a, start_date=date(2020, 1, 1)).worker
    CertificateFactory(worker=worker, grade=5, issued_on=date(2024, 5, 1))
    client.force_login(bureau_staff)
    answer = client.get(f"{API}/values", {"area": "330902"}).json()
    snapshot = IndicatorSnapshot.objects.get()  # the first view stored it, as the page does
    assert answer["on"] == snapshot.on.isoformat()
    values = {v["code"]: v for v in answer["items"]}
    assert values["skilled_total"]["value"] == "1"
    assert values["high_skilled_total"]["value"] == "1"
    CertificateFactory(worker=EmploymentFactory(enterprise=enterprise_a, start_date=date(2020, 1, 1)).worker, grade=3,
                       issued_on=date(2024, 5, 1))
    again = {v["code"]: v for v in client.get(f"{API}/values", {"area": "330902"}).json()["items"]}
    assert again["skilled_total"]["value"] == "1"  # the stored snapshot, until it is refreshed


def test_values_of_another_district_are_not_found_for_district_staff(client, bureau_staff):
    client.force_login(bureau_staff)
    answer = client.get(f"{API}/values", {"area": "330903"})
    assert answer.status_code == 404
    assert "无权查看" in answer.json()["detail"]


def test_targets_are_listed_with_their_citation(client, bureau_staff):
    client.force_login(bureau_staff)
    answer = client.get(f"{API}/targets", {"area": "330902", "year": 2025}).json()
    found = {t["indicator"]: t for t in answer["items"]}
    assert found["skilled_total"]["value"] == "111000"
    assert found["skilled_total"]["document"] == "定政發〔2025〕4號"
    assert found["skilled_share"]["comparison_label"] == "超过"


def test_bureau_creates_corrects_and_deletes_a_target_and_each_change_is_audited(client, bureau_staff):
    client.force_login(bureau_staff)
    created = client.post(f"{API}/targets", _body(), content_type="application/json")
    assert created.status_code == 201, created.content
    target_id = created.json()["id"]
    corrected = client.put(f"{API}/targets/{target_id}", _body(value="125000.5"), content_type="application/json")
    assert corrected.status_code == 200
    assert str(Target.objects.get(pk=target_id).value.normalize()) == "125000.5"
    assert client.delete(f"{API}/targets/{target_id}").status_code == 204
    assert not Target.objects.filter(pk=target_id).exists()
    summaries = list(AuditEvent.objects.filter(object_type="indicator_target", object_id=str(target_id))
                     .order_by("id").values_list("summary", flat=True))
    assert [s[:2] for s in summaries] == ["新增", "修改", "删除"]


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"area_code": "999999"}, "area_code", "行政区划代码“999999”不存在"),
    ({"area_code": "330903"}, "area", "您只能维护本区"),
    ({"indicator": "skilled_share", "value": "120"}, "value", "比重按百分数填写"),
    ({"indicator": "skilled_total", "from_year": 2020}, "from_year", "不需要填写累计起始年度"),
    ({"indicator": "training_person_times", "from_year": 2032}, "from_year", "累计起始年度不能晚于目标年度"),
    ({"year": 2025}, "year", "已有目标"),
    ({"enterprise_uscc": "91330900NOTTHERE0X"}, "enterprise_uscc", "未在人才库登记"),
])
def test_a_target_the_form_would_refuse_is_refused_with_the_same_chinese_reason(client, bureau_staff, changes, field,
                                                                                 words):
    client.force_login(bureau_staff)
    answer = client.post(f"{API}/targets", _body(**changes), content_type="application/json")
    assert answer.status_code == 400
    assert words in answer.json()["detail"]
    assert answer.json()["field"] in (field, "area_code")


def test_only_bureau_roles_may_change_targets(client, hr_a):
    client.force_login(hr_a)
    answer = client.post(f"{API}/targets", _body(), content_type="application/json")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "只有人社局工作人员可以录入、修改和删除目标"
    assert client.get(f"{API}/targets").status_code == 403


def test_a_bad_page_size_is_refused_in_chinese(client, bureau_staff):
    client.force_login(bureau_staff)
    answer = client.get(f"{API}/targets", {"limit": 100000})
    assert answer.status_code == 422
    assert "条数" in answer.json()["detail"]


def test_ranking_orders_the_units_with_a_target_by_completion(client, bureau_admin, enterprise_a):
    year = timezone.localdate().year
    Target.objects.update_or_create(indicator="skilled_total", area=enterprise_a.district, year=year, enterprise=None,
                                    defaults={"value": 2, "document": "测试", "clause": "一"})
    from gongjiang.reference.models import Division

    Target.objects.create(indicator="skilled_total", area=Division.objects.get(code="330903"), year=year, value=1,
                          document="测试", clause="一")
    worker = EmploymentFactory(enterprise=enterprise_a, start_date=date(2020, 1, 1)).worker
    CertificateFactory(worker=worker, grade=4, issued_on=date(2024, 5, 1))
    client.force_login(bureau_admin)
    answer = client.get(f"{API}/ranking", {"indicator": "skilled_total", "year": year}).json()
    assert answer["indicator_label"] == "技能人才总量"
    assert [(u["code"], u["completion"]) for u in answer["items"][:2]] == [("330902", "0.5000"), ("330903", "0.0000")]
