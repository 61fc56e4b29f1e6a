"""A worker exports or prints their own lifelong archive (R1.3; issue 10 §13): a PDF in Chinese and
an Excel workbook of every record, both recorded in the audit log."""

import io
from datetime import date

import openpyxl
import pypdfium2
import pytest
from django.urls import reverse

from gongjiang.audit.models import AuditAction, AuditEvent
from gongjiang.registry.archive_export import pdf_font_path
from gongjiang.registry.models import Achievement, CompetitionResult, Honour, TrainingRecord
from gongjiang.registry.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_worker(employee_a):
    CertificateFactory(worker=employee_a, issued_on=date(2022, 6, 30))
    TrainingRecord.objects.create(worker=employee_a, institution_name="舟山技师学院", programme="焊工高级研修班",
                                  start_date=date(2021, 9, 1), end_date=date(2021, 12, 1), hours=120,
                                  completed=True, subsidised=True)
    CompetitionResult.objects.create(worker=employee_a, competition_name="定海区焊工技能竞赛", level="district",
                                     held_on=date(2023, 10, 12), rank=1, award="一等奖")
    Honour.objects.create(worker=employee_a, title="定海名匠", level="district", awarded_on=date(2024, 4, 28))
    Achievement.objects.create(worker=employee_a, kind="patent", title="=一种船体分段焊接夹具",
                               achieved_on=date(2024, 8, 1))
    return employee_a


def test_the_worker_page_offers_the_pdf_and_the_excel(client, worker_user, rich_worker):
    client.force_login(worker_user)
    html = client.get(reverse("registry:my_archive")).content.decode()
    assert reverse("registry:my_archive_export", args=["pdf"]) in html
    assert reverse("registry:my_archive_export", args=["xlsx"]) in html


def test_the_excel_holds_every_record_in_words_and_is_audited(client, worker_user, rich_worker):
    client.force_login(worker_user)
    response = client.get(reverse("registry:my_archive_export", args=["xlsx"]))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["基本信息", "就业经历", "证书", "培训记录", "竞赛成绩", "荣誉称号", "工作业绩", "学历"]
    facts = {row[0]: row[1] for row in book["基本信息"].iter_rows(min_row=2, values_only=True)}
    assert facts["姓名"] == "王甲"
    assert facts["公民身份号码"] == rich_worker.id_number_masked
    training = list(book["培训记录"].iter_rows(values_only=True))
    assert training[0][:4] == ("开班日期", "结业日期", "培训机构", "培训项目")
    assert training[1][2:4] == ("舟山技师学院", "焊工高级研修班")
    assert "是" in training[1]  # completed, in words
    assert list(book["竞赛成绩"].iter_rows(values_only=True))[1][2] == "区（县）级"
    assert list(book["工作业绩"].iter_rows(values_only=True))[1][2] == "'=一种船体分段焊接夹具"  # no formula
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="worker_archive")
    assert (event.detail["format"], event.detail["rows"], event.actor_id) == ("xlsx", 6, worker_user.pk)


def test_the_pdf_is_in_chinese_with_every_record_and_is_audited(client, worker_user, rich_worker):
    assert pdf_font_path() is not None, "Debian fonts-noto-cjk (./run test installs it) is needed for the PDF"
    client.force_login(worker_user)
    response = client.get(reverse("registry:my_archive_export", args=["pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Read back with PDFium, the engine of Chromium's PDF viewer: what a user sees, searches and copies.
    document = pypdfium2.PdfDocument(response.content)
    text = "".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", "")  # wrapped cells
    for expected in ("终身职业技能档案", "王甲", "舟山技师学院", "焊工高级研修班", "定海区焊工技能竞赛", "定海名匠",
                     "一种船体分段焊接夹具", "就业经历", "舟山甲船舶修造有限公司"):
        assert expected in text, expected
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="worker_archive",
                                     detail__format="pdf").count() == 1


def test_without_a_chinese_font_the_pdf_is_refused_saying_why(client, settings, worker_user, rich_worker, monkeypatch):
    monkeypatch.setattr("gongjiang.core.fonts.FONT_CANDIDATES", ())
    settings.GONGJIANG_PDF_FONT = "/nonexistent/font.ttc"
    client.force_login(worker_user)
    response = client.get(reverse("registry:my_archive_export", args=["pdf"]), follow=True)
    assert "fonts-noto-cjk" in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="worker_archive").exists()


def test_bureau_staff_print_a_workers_archive_but_hr_may_not(client, bureau_staff, hr_a, rich_worker):
    client.force_login(bureau_staff)
    assert client.get(reverse("registry:worker_archive_export", args=[rich_worker.pk, "xlsx"])).status_code == 200
    client.force_login(hr_a)
    assert client.get(reverse("registry:worker_archive_export", args=[rich_worker.pk, "xlsx"])).status_code == 403


def test_a_worker_cannot_export_someone_elses_archive(client, worker_user, employee_b):
    client.force_login(worker_user)
    assert client.get(reverse("registry:worker_archive_export", args=[employee_b.pk, "xlsx"])).status_code == 404
