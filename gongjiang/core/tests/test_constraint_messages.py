"""Constraint violations and Django's generic messages in words a clerk understands, beside the
field (issue 10 §16: `约束 "training_end_not_before_start" 是无效的`, "确保该变量包含不超过 64 字符")."""

import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

from gongjiang.registry.forms import TrainingForm

OUR_APPS = [config for config in apps.get_app_configs() if config.name.startswith("gongjiang.")]


def _constraints():
    for config in OUR_APPS:
        for model in config.get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


@pytest.mark.parametrize(("model", "constraint"), list(_constraints()), ids=lambda v: getattr(v, "name", ""))
def test_every_constraint_has_its_own_chinese_message_and_a_field_to_show_it_beside(model, constraint):
    with translation.override("zh-hans"):
        message = str(constraint.get_violation_error_message())
    assert constraint.name not in message
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert constraint.violation_error_code == constraint.name
    field = model.CONSTRAINT_FIELDS[constraint.name]
    names = {f.name for f in model._meta.get_fields()} | {"id_number"}  # the worker's number is sealed
    assert field in names


def test_a_training_ending_before_it_starts_is_explained_beside_the_end_date(db, employee_a):
    form = TrainingForm({"institution_name": "舟山技师学院", "programme": "数控车工培训", "start_date": "2024-05-01",
                         "end_date": "2024-04-01", "hours": "40"}, instance=employee_a.trainings.model(worker=employee_a))
    with translation.override("zh-hans"):
        assert not form.is_valid()
        assert form.errors["end_date"] == ["结业日期不能早于开班日期"]
    assert "__all__" not in form.errors


def test_the_training_page_shows_the_message_beside_the_field_and_keeps_the_input(client, bureau_staff, employee_a):
    client.force_login(bureau_staff)
    html = client.post(reverse("registry:record_add", args=[employee_a.pk, "training"]),
                       {"institution_name": "舟山技师学院", "programme": "数控车工培训",
                        "start_date": "2024-05-01", "end_date": "2024-04-01"}).content.decode()
    assert "结业日期不能早于开班日期" in html
    assert "training_end_not_before_start" not in html
    assert "约束" not in html
    assert "数控车工培训" in html


def test_django_generic_messages_read_as_instructions(client, bureau_staff):
    client.force_login(bureau_staff)
    html = client.post(reverse("registry:worker_create"), {"id_number": "330902199001011234", "name": "张" * 70,
                                                          "birth": "x"}).content.decode()
    assert "最多 64 个字，现在有 70 个，请删减。" in html
    assert "确保该变量" not in html


def test_a_model_without_constraints_needs_no_field_table():
    assert not hasattr(models.Model, "CONSTRAINT_FIELDS")
