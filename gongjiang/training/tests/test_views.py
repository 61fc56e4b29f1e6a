"""Training pages (issue 12): the trainer's portal, the bureau's pages and the public ones."""

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongjiang.registry.tests.factories import WorkerFactory, id_number_make
from gongjiang.training import services
from gongjiang.training.models import CheckIn, ClassStatus, Enrolment, Finding, TrainingClass
from gongjiang.training.tests.factories import aware

pytestmark = pytest.mark.django_db


def test_the_trainer_lands_on_its_home_with_its_own_navigation(client, trainer, approved_class):
    # issue 16: the home page shows the institution's classes and what is due (core/home.py)
    client.force_login(trainer)
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("training:home") in body
    assert "报备培训班" in body
    assert "本机构与场地" in body
    assert approved_class.name in body
    assert "人才库" not in body


def test_the_trainer_files_a_class_through_the_form(client, trainer, site, programme):
    client.force_login(trainer)
    response = client.post(reverse("training:class_create"), {
        "programme": programme.pk, "site": site.pk, "name": "电焊一期", "teacher": "李", "start_date": "2025-05-05",
        "end_date": "2025-05-01", "planned_hours": 40, "capacity": 20})
    assert "结班日期不能早于开班日期" in response.content.decode()
    assert not TrainingClass.objects.exists()
    response = client.post(reverse("training:class_create"), {
        "programme": programme.pk, "site": site.pk, "name": "电焊一期", "teacher": "李", "start_date": "2025-05-05",
        "end_date": "2025-05-09", "planned_hours": 40, "capacity": 20})
    assert TrainingClass.objects.get().status == ClassStatus.FILED


def test_a_bad_checkin_file_shows_row_column_and_fix_and_writes_nothing(client, trainer, approved_class, tmp_path):
    worker = WorkerFactory(name="吴一")
    services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=worker.id_number_plain(), name="吴一")
    book = openpyxl.Workbook()
    book.active.append(["班级编号", "身份证号", "姓名", "签到时间", "签退时间"])
    book.active.append([approved_class.pk, worker.id_number_plain(), "吴一", "2025-03-03 08:00", "2025-03-03 12:00"])
    book.active.append([approved_class.pk, id_number_make(seq=77), "外人", "2025-03-03 08:00", "2025-03-03 12:00"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    client.force_login(trainer)
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("考勤.xlsx", handle.read())
    response = client.post(reverse("training:class_action", args=[approved_class.pk, "checkins"]), {"file": upload},
                           follow=True)
    body = response.content.decode()
    assert "整份文件未导入" in body
    assert "此人不在培训班" in body
    assert "请先在培训班页面登记该学员" in body
    assert not CheckIn.objects.exists()


def test_the_bureau_confirms_a_finding_on_its_page(client, bureau_admin, trainer, approved_class):
    enrolment = services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=id_number_make(seq=55),
                                       name="夜签")
    services.checkin_record(actor=trainer, enrolment=enrolment, checked_in_at=aware(2025, 3, 4, 21, 0))
    client.force_login(bureau_admin)
    client.post(reverse("training:supervision_run"))
    finding = Finding.objects.get()
    page = client.get(reverse("training:finding_detail", args=[finding.pk])).content.decode()
    assert "不在任何一节课的上课时间内" in page
    assert "2025-03-04 21:00:00" in page
    response = client.post(reverse("training:finding_detail", args=[finding.pk]), {"status": "confirmed", "outcome": ""})
    assert "此项必填，请填写。" in response.content.decode() or "请写明核查结论" in response.content.decode()
    client.post(reverse("training:finding_detail", args=[finding.pk]), {"status": "confirmed", "outcome": "当晚未开课"})
    finding.refresh_from_db()
    assert finding.status == "confirmed"


@pytest.mark.parametrize("name", ["training:class_list_export", "training:finding_list_export",
                                  "training:institution_list_export", "training:programme_list_export"])
def test_every_list_exports_to_excel(client, bureau_admin, approved_class, name, tmp_path):
    client.force_login(bureau_admin)
    response = client.get(reverse(name, args=["xlsx"]))
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    assert openpyxl.load_workbook(path).active.max_row >= 1


def test_the_public_pages_open_without_login(client, approved_class, programme, institution):
    body = client.get(reverse("training:public_catalogue")).content.decode()
    assert institution.name in body
    assert programme.name in body
    body = client.get(reverse("training:public_map")).content.decode()
    assert "临城街道" in body
    assert "金塘镇" in body
    assert "未被30分钟培训圈覆盖" in body


def test_an_institution_on_the_negative_list_leaves_the_public_list(client, bureau_admin, institution):
    services.institution_status_set(actor=bureau_admin, institution=institution, status="negative_list", reason="虚假培训")
    assert institution.name not in client.get(reverse("training:public_catalogue")).content.decode()


def test_the_api_enrols_by_real_name(client, trainer, approved_class):
    client.force_login(trainer)
    response = client.post(f"/api/v1/training/classes/{approved_class.pk}/enrolments",
                           {"id_number": "330902198501011235", "name": "错"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "id_number"
    number = id_number_make(seq=88)
    response = client.post(f"/api/v1/training/classes/{approved_class.pk}/enrolments",
                           {"id_number": number, "name": "对某"}, content_type="application/json")
    assert response.status_code == 201
    assert Enrolment.objects.get().worker.name == "对某"


def test_the_bureau_home_counts_person_times(client, bureau_admin, trainer, approved_class):
    from django.utils import timezone

    from gongjiang.training.models import Completion

    enrolment = services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=id_number_make(seq=66),
                                       name="计数")
    Completion.objects.create(enrolment=enrolment, completed_on=timezone.localdate(), hours_attended=40,
                              exam_passed=True)
    client.force_login(bureau_admin)
    body = client.get(reverse("training:home")).content.decode()
    assert "结业人次" in body
    assert "<td>1</td><td>1</td><td>1</td>" in body


@pytest.mark.parametrize("model", ["institution", "programme", "trainingclass", "finding"])
def test_the_admin_lists_the_training_records(admin_client, approved_class, model):
    assert admin_client.get(f"/admin/training/{model}/").status_code == 200
