"""A worker's education (学历) in the archive (R1.3), for the 申报条件's schooling routes (issue 13):
written only through the registry's services, within the actor's scope, shown on the timeline."""

from datetime import date

import pytest
from django.urls import reverse

from gongjiang.audit.models import AuditEvent
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.reference.models import Occupation
from gongjiang.registry import selectors, services
from gongjiang.registry.models import Education

pytestmark = pytest.mark.django_db


def _add(actor, worker, **extra):
    data = {"school_kind": "technician_college", "school_name": "舟山技师学院", "graduated_on": date(2020, 7, 1),
            "major_occupation": Occupation.objects.get(code="6-18-02-04")} | extra
    return services.education_record_add(actor=actor, worker=worker, **data)


def test_education_is_recorded_audited_and_shown_on_the_timeline(client, bureau_staff, employee_a):
    record = _add(bureau_staff, employee_a)
    assert selectors.worker_educations(employee_a) == [record]
    assert AuditEvent.objects.filter(object_type="education", object_id=str(record.pk)).exists()
    _worker, entries = selectors.worker_archive(actor=bureau_staff, worker_id=employee_a.pk)
    assert any(e.kind == "education" and e.title == "舟山技师学院 毕业" and "技师学院" in e.detail for e in entries)
    client.force_login(bureau_staff)
    page = client.get(reverse("registry:worker_detail", args=[employee_a.pk])).content.decode()
    assert "舟山技师学院 毕业" in page
    assert "学历" in page


def test_bad_school_kind_or_missing_name_is_refused_in_chinese(bureau_staff, employee_a):
    with pytest.raises(DomainError, match="请选择学校类别"):
        _add(bureau_staff, employee_a, school_kind="university")
    with pytest.raises(DomainError, match="请填写学校名称"):
        _add(bureau_staff, employee_a, school_name=" ")
    assert not Education.objects.exists()


def test_enterprise_hr_cannot_write_another_enterprise_workers_education(hr_a, employee_b):
    with pytest.raises(NotFound):
        _add(hr_a, employee_b)
    assert not Education.objects.exists()


def test_the_archive_form_adds_education(client, bureau_staff, employee_a):
    client.force_login(bureau_staff)
    response = client.post(reverse("registry:record_add", args=[employee_a.pk, "education"]), {
        "school_kind": "technical_school", "school_name": "舟山技工学校", "graduated_on": "2019-06-30"})
    assert response.status_code == 302
    assert Education.objects.get(worker=employee_a).school_name == "舟山技工学校"
