"""The bureau's home page, targets, figures and the ranking (ADR 0025)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongjiang.audit.models import AuditEvent
from gongjiang.indicators.models import AreaFigure, IndicatorSnapshot, Target
from gongjiang.indicators.services import snapshot_refresh
from gongjiang.reference.models import Division
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory


@pytest.fixture
def skilled_in_dinghai(enterprise_a):
    worker = EmploymentFactory(enterprise=enterprise_a).worker
    CertificateFactory(worker=worker, grade=4, issued_on=date(2024, 5, 1))
    return worker


def test_bureau_staff_land_on_their_districts_progress_at_the_root(client, bureau_staff, skilled_in_dinghai):
    client.force_login(bureau_staff)
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "目标与指标进度" in text
    assert "定政發〔2025〕4號" in text  # every target with its citation
    year = timezone.localdate().year
    if Target.objects.filter(area__code="330902", year=year).exists():
        assert 'data-indicator="skilled_total"' in text
    assert "截止统计日已取得职业资格证书" in text  # the definition, on hover
    assert reverse("registry:worker_list") + "?grade_min=1&amp;district=330902" in text  # the figure links to its list


def test_other_roles_do_not_get_the_bureau_home_page(client, hr_a):
    client.force_login(hr_a)
    assert "目标与指标进度" not in client.get("/").content.decode()
    assert client.get(reverse("indicators:home")).status_code == 403


def test_the_home_page_lists_what_needs_action_today(client, bureau_admin):
    from gongjiang.ingest.models import ImportJob

    ImportJob.objects.create(kind="workers", status="failed", actor=bureau_admin, original_name="坏文件.xlsx")
    client.force_login(bureau_admin)
    text = client.get("/").content.decode()
    assert "近七日无法读取的导入文件" in text


def test_the_home_page_reads_the_stored_snapshot(client, bureau_admin, skilled_in_dinghai):
    snapshot = snapshot_refresh()
    assert snapshot.values["people"]["330902"]["skilled"] == 1
    client.force_login(bureau_admin)
    text = client.get("/", {"area": "330902"}).content.decode()
    assert "数据计算于" in text


def test_refresh_queues_the_background_job(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.post(reverse("indicators:refresh"))
    assert response.status_code == 302
    job = DBTaskResult.objects.get()
    assert job.task_path == "gongjiang.indicators.tasks.snapshot_refresh_task"
    job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])  # what the db worker does
    assert IndicatorSnapshot.objects.filter(on=timezone.localdate()).exists()


def test_staff_enter_correct_and_delete_a_target_of_their_district(client, bureau_staff):
    client.force_login(bureau_staff)
    data = {"indicator": "training_person_times", "area_code": "330902", "year": 2027, "value": "6000",
            "comparison": "gte", "path": "linear", "document": "定政發〔2025〕4號", "clause": "二(一)2"}
    assert client.post(reverse("indicators:target_create"), data).status_code == 302
    target = Target.objects.get(area__code="330902", year=2027, indicator="training_person_times")
    assert client.post(reverse("indicators:target_edit", args=[target.pk]), {**data, "value": "6500"}).status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("6500")
    client.post(reverse("indicators:target_delete", args=[target.pk]))
    assert not Target.objects.filter(pk=target.pk).exists()


def test_staff_cannot_enter_another_districts_target_and_are_told_why(client, bureau_staff):
    client.force_login(bureau_staff)
    data = {"indicator": "skilled_total", "area_code": "330903", "year": 2027, "value": "1000",
            "comparison": "gte", "path": "linear", "document": "文", "clause": "一"}
    page = client.post(reverse("indicators:target_create"), data)
    assert page.status_code == 200
    assert "您只能维护本区" in page.content.decode()
    assert not Target.objects.filter(area__code="330903", year=2027).exists()


def test_a_duplicate_target_and_a_share_over_100_are_refused_beside_the_field(client, bureau_admin):
    client.force_login(bureau_admin)
    data = {"indicator": "skilled_total", "area_code": "330902", "year": 2026, "value": "1",
            "comparison": "gte", "path": "linear", "document": "文", "clause": "一"}
    assert "已有目标" in client.post(reverse("indicators:target_create"), data).content.decode()
    share = {**data, "indicator": "skilled_share", "year": 2030, "value": "135"}
    assert "不能超过 100" in client.post(reverse("indicators:target_create"), share).content.decode()


def test_an_employed_figure_entered_by_the_bureau_is_the_share_denominator(client, bureau_staff, skilled_in_dinghai):
    client.force_login(bureau_staff)
    year = timezone.localdate().year
    client.post(reverse("indicators:figure_create"), {"kind": "employed", "area_code": "330902", "year": year,
                                                      "value": "4", "source": "statistics"})
    assert AreaFigure.objects.get(area__code="330902", year=year).value == 4
    text = client.get("/").content.decode()
    assert "25.0%" in text  # 1 skilled of 4 employed


def test_the_ranking_page_and_its_export_which_is_audited(client, bureau_admin):
    client.force_login(bureau_admin)
    Target.objects.create(indicator="training_person_times", area=Division.objects.get(code="330903"), year=2026,
                          value=100, document="文", clause="一")
    page = client.get(reverse("indicators:ranking"), {"indicator": "training_person_times", "year": 2026})
    assert page.status_code == 200
    assert "定海区" in page.content.decode()
    assert "普陀区" in page.content.decode()
    response = client.get(reverse("indicators:ranking_export", args=["xlsx"]),
                          {"indicator": "training_person_times", "year": 2026})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(object_type="indicator_ranking").exists()


def test_targets_import_from_the_template_with_row_and_column_messages(bureau_admin, tmp_path):
    from openpyxl import Workbook

    from gongjiang.ingest.engine import import_file
    from gongjiang.ingest.kinds import kind_get

    book = Workbook()
    sheet = book.active
    sheet.append(["指标", "地区", "目标年度", "目标值", "文件文号", "条款"])
    sheet.append(["技能人才总量", "330902", 2027, 113000, "定政發〔2025〕4號", "一"])
    sheet.append(["高技能人才占技能人才比重", "定海区", 2027, 137, "定政發〔2025〕4號", "一"])
    path = tmp_path / "targets.xlsx"
    book.save(path)
    result = import_file(kind=kind_get("indicator_target"), path=path, actor=bureau_admin)
    assert Target.objects.get(area__code="330902", year=2027, indicator="skilled_total").value == 113000
    assert result.created == 1
    assert result.rejected_lines == [3]
    assert "比重不能超过 100" in str(result.rejections[0])


def test_the_home_page_speaks_english(client, bureau_staff):
    client.force_login(bureau_staff)
    client.cookies["django_language"] = "en"
    text = client.get("/").content.decode()
    assert "Progress against targets" in text
    assert "Skilled workers" in text
    assert "To do today" in text
