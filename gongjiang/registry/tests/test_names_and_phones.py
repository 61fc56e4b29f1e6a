"""Names and phone numbers are checked in forms and services as in imports (issue 10 §11, §22)."""

import pytest
from django.urls import reverse

from gongjiang.core.errors import DomainError
from gongjiang.registry import services
from gongjiang.registry.models import Worker
from gongjiang.registry.tests.factories import id_number_make


def test_the_registration_form_refuses_a_formula_as_a_name_beside_the_field_and_keeps_the_input(client,
                                                                                              bureau_staff):
    client.force_login(bureau_staff)
    response = client.post(reverse("registry:worker_create"), {"id_number": id_number_make(), "name": "=cmd|' /C calc'!A0",
                                                              "phone": "13800001234"})
    form = response.context["form"]
    assert "含有不能用于姓名的字符“=”" in form.errors["name"][0]
    assert "13800001234" in response.content.decode()
    assert not Worker.objects.exists()


def test_the_registration_form_refuses_a_phone_number_missing_digits(client, bureau_staff):
    client.force_login(bureau_staff)
    response = client.post(reverse("registry:worker_create"), {"id_number": id_number_make(), "name": "张三",
                                                              "phone": "1380000"})
    assert "应为 11 位" in response.context["form"].errors["phone"][0]
    assert not Worker.objects.exists()


def test_a_worker_cannot_save_abc_as_their_phone(client, worker_user):
    # Issue 10 §11: "abc" was saved without a message.
    client.force_login(worker_user)
    response = client.post(reverse("registry:my_archive"), {"phone": "abc"})
    assert response.status_code == 200
    assert "含有不是数字的字符" in response.content.decode()
    worker_user.worker.refresh_from_db()
    assert worker_user.worker.phone_masked != "abc"


def test_phones_and_names_are_stored_in_one_form(bureau_staff):
    worker = services.worker_register(actor=bureau_staff, id_number=id_number_make(), name="阿依古丽・买买提",
                                      phone="+86 138 0000 1234")
    assert worker.name == "阿依古丽·买买提"
    assert worker.phone_plain() == "13800001234"


def test_an_enterprise_contact_must_be_a_name_and_a_phone(bureau_staff, enterprise_a):
    with pytest.raises(DomainError) as caught:
        services.enterprise_update(actor=bureau_staff, enterprise=enterprise_a, contact_phone="2021234")
    assert caught.value.field == "contact_phone"
    assert "缺少区号" in caught.value.message
    updated = services.enterprise_update(actor=bureau_staff, enterprise=enterprise_a, contact_name="李 四",
                                         contact_phone="0580 2021234")
    assert (updated.contact_name, updated.contact_phone) == ("李四", "0580-2021234")
