"""The monthly bulletin (通报; R8.2, issue 16; ADR 0025 §Bulletin): the command's PDF read back
as text (pdftotext) and as images (pdftoppm: the charts are drawn), the workbook's tables, the
month's changes, the page's button through the background job, and the archive."""

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from PIL import Image

from gongjiang.audit.models import AuditEvent
from gongjiang.indicators import bulletin
from gongjiang.indicators.models import Bulletin, IndicatorSnapshot
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_certificates(enterprise_a):
    """Three skilled workers in Dinghai: two certified before November 2026, one on 10 November
    (a 技师, high-skilled) — so November adds one skilled and one high-skilled worker."""
    for grade, issued in ((2, date(2025, 3, 1)), (4, date(2026, 5, 1)), (5, date(2026, 11, 10))):
        worker = EmploymentFactory(enterprise=enterprise_a, start_date=date(2020, 1, 1)).worker
        CertificateFactory(worker=worker, grade=grade, issued_on=issued)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _pages(pdf: Path, tmp_path: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("page*.png"))]


def _pixels(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 12) -> int:
    return sum(n for n, px in image.getcolors(maxcolors=1 << 24)
               if all(abs(a - b) <= tolerance for a, b in zip(px, colour, strict=True)))


def test_the_pdf_is_chinese_text_with_the_figures_and_the_charts(month_of_certificates, tmp_path, capsys):
    out = tmp_path / "通报.pdf"
    call_command("bulletin", "--area", "330902", "--month", "2026-11", "--out", str(out))
    text = _text(out)
    assert "定海区技能人才工作通报" in text
    assert "2026年11月" in text
    assert "统计截止 2026-11-30" in text
    for heading in ("一、目标完成情况", "二、主要指标和本月变化", "三、本年新增证书（按等级）", "五、指标晾晒", "指标说明"):
        assert heading in text
    # The shipped Dinghai targets with their document, and the figure the records give.
    assert "112,700 人" in text
    assert "定政發〔2025〕4號" in text
    assert "3 人" in text  # skilled workers at the end of November
    images = _pages(out, tmp_path)
    first = images[0]
    assert _pixels(first, bulletin.BLUE) > 300  # completion bars
    assert _pixels(first, bulletin.ORANGE) > 20  # where the calendar says each target should be
    assert any(_pixels(page, bulletin.BLUE) > 100 for page in images[1:]) or _pixels(first, bulletin.BLUE) > 600
    assert "通报已生成" in capsys.readouterr().out
    archived = Bulletin.objects.get()
    assert archived.status == "done"
    assert bytes(archived.content) == out.read_bytes()


def test_the_months_change_is_the_month_end_against_the_previous_month_end(month_of_certificates):
    content = bulletin.bulletin_content("330902", 2026, 11)
    changes = {c.indicator.code: c for c in content.changes}
    assert (changes["skilled_total"].before, changes["skilled_total"].now, changes["skilled_total"].change) == (2, 3, 1)
    assert changes["high_skilled_total"].change == 1
    assert changes["new_high_certificates"].now == 2
    assert changes["new_high_certificates"].change == 1
    # The previous month's end is kept, so next month's bulletin reports the same 上月末.
    assert IndicatorSnapshot.objects.filter(on=date(2026, 10, 31)).exists()


def test_in_january_a_flow_restarts_and_its_change_is_the_month_itself(enterprise_a):
    worker = EmploymentFactory(enterprise=enterprise_a, start_date=date(2020, 1, 1)).worker
    CertificateFactory(worker=worker, grade=3, issued_on=date(2025, 12, 20))
    CertificateFactory(worker=worker, grade=4, issued_on=date(2026, 1, 15))
    changes = {c.indicator.code: c for c in bulletin.bulletin_content("330902", 2026, 1).changes}
    assert changes["new_certificates"].now == 1
    assert changes["new_certificates"].change == 1


def test_the_workbook_holds_the_same_tables(month_of_certificates, tmp_path):
    out = tmp_path / "b.xlsx"
    call_command("bulletin", "--area", "330902", "--month", "2026-11", "--out", str(out), "--no-archive")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["目标完成情况", "主要指标和本月变化", "新增证书按等级", "专项激励资金", "指标晾晒", "指标说明"]
    rows = [list(r) for r in book["主要指标和本月变化"].iter_rows(min_row=4, values_only=True)]
    assert ["技能人才总量", "3 人", "2 人", "增加 1 人"] in rows
    progress_rows = [list(r) for r in book["目标完成情况"].iter_rows(min_row=4, values_only=True)]
    content = bulletin.bulletin_content("330902", 2026, 11)
    assert len(progress_rows) == len(content.progress) > 0
    assert not Bulletin.objects.exists()


def test_bad_arguments_are_refused_in_words(tmp_path):
    with pytest.raises(CommandError, match="扩展名应为 .pdf 或 .xlsx"):
        call_command("bulletin", "--area", "330902", "--month", "2026-11", "--out", str(tmp_path / "b.doc"))
    with pytest.raises(CommandError, match="2026-11 的格式"):
        call_command("bulletin", "--area", "330902", "--month", "十一月", "--out", str(tmp_path / "b.pdf"))
    with pytest.raises(CommandError, match="找不到地区代码 999999"):
        call_command("bulletin", "--area", "999999", "--month", "2026-11", "--out", str(tmp_path / "b.pdf"))
    with pytest.raises(CommandError, match="尚未开始"):
        call_command("bulletin", "--area", "330902", "--month", "2099-01", "--out", str(tmp_path / "b.pdf"))
    assert not list(tmp_path.iterdir())


def _run_queued() -> None:
    """What the db_worker process does with the queued job (the worker command closes the test's
    database connection, so the job is run here)."""
    for job in DBTaskResult.objects.filter(task_path__endswith="bulletin_task"):
        job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])


def test_the_page_queues_a_bulletin_the_job_makes_it_and_the_download_is_recorded(
        client, bureau_staff, month_of_certificates, django_capture_on_commit_callbacks):
    client.force_login(bureau_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:bulletin_create"),
                               {"area": "330902", "month": "2026-11", "file_format": "xlsx"})
    assert response.status_code == 302
    queued = Bulletin.objects.get()
    assert queued.status == "queued"
    assert queued.requested_by == bureau_staff
    page = client.get(reverse("indicators:bulletin_list")).content.decode()
    assert "排队中" in page
    assert "每 5 秒自动刷新" in page
    _run_queued()
    queued.refresh_from_db()
    assert queued.status == "done"
    assert queued.on == date(2026, 11, 30)
    download = client.get(reverse("indicators:bulletin_download", args=[queued.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content), read_only=True)
    assert "指标晾晒" in book.sheetnames
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    event = AuditEvent.objects.get(object_type="indicator_bulletin")
    assert event.actor == bureau_staff
    assert event.detail["filters"]["month"] == "2026-11"


def test_a_clerk_cannot_make_or_read_another_districts_bulletin(client, bureau_staff, putuo):
    client.force_login(bureau_staff)
    response = client.post(reverse("indicators:bulletin_create"),
                           {"area": putuo.code, "month": "2026-11", "file_format": "pdf"}, follow=True)
    assert "只能选择本人可查看进度的地区" in response.content.decode()
    assert not Bulletin.objects.exists()
    other = Bulletin.objects.create(area=putuo, year=2026, month=11, file_format="pdf", status="done", content=b"%PDF")
    assert client.get(reverse("indicators:bulletin_download", args=[other.pk])).status_code == 404
    assert putuo.name not in client.get(reverse("indicators:bulletin_list")).content.decode().split("通报档案")[1]


def test_a_failed_bulletin_says_why_and_keeps_no_file(bureau_staff):
    from gongjiang.indicators import services

    made = Bulletin.objects.create(area=bureau_staff.district, year=2099, month=1, file_format="pdf")
    result = services.bulletin_generate(made.pk)
    assert result.status == "failed"
    assert "尚未开始" in result.error
    assert result.content is None
