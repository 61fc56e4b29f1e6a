"""Certificate PDFs made in the background (issue 13 "Measure"; ADR 0021 §PDFs in the background):
issuing a batch queues the job; the job stores every PDF and counts them; the batch page's
partial shows the percentage and, when done, the zip; the stored file is what every download
serves and it verifies (a changed byte fails); a failed job says why in Chinese and 重新生成
resumes it."""

import io
import zipfile
from datetime import date

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from gongjiang.accounts.models import Role, User
from gongjiang.audit.models import AuditEvent
from gongjiang.evaluation import credentials, keys, pdf, services
from gongjiang.evaluation.models import Batch, CertificatePdf, CertificatePdfJob, IssuedCertificate
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade

pytestmark = pytest.mark.django_db
NAMES = ("王大锤", "欧阳娜娜", "李小龙")


@pytest.fixture
def staff(dinghai):
    return agency_user(agency_make())


@pytest.fixture
def batch_in_notice(staff):
    """Three passed candidates whose 公示 ended long ago (the page issues with today's date)."""
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="实训基地")
    for name in NAMES:
        worker = welder_make(name=name)
        c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=name)
        services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="88")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    return batch


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def _run_queued() -> None:
    """What the db_worker process does with the queued job (the worker command closes the test's
    database connection, so the job is run here)."""
    for job in DBTaskResult.objects.filter(task_path__endswith="certificate_pdfs_task"):
        job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
        job.delete()


@pytest.fixture
def issued(batch_in_notice, staff_client, django_capture_on_commit_callbacks) -> Batch:
    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(f"/evaluation/batches/{batch_in_notice.pk}/issue/", follow=True).content.decode()
    assert "已颁发 3 本证书" in page
    assert "证书 PDF 正在后台生成" in page
    return batch_in_notice


def test_issuing_queues_the_job_and_it_stores_every_pdf_counting_up_to_done(issued, staff_client, monkeypatch):
    job = CertificatePdfJob.objects.get(batch=issued)
    assert (job.status, job.done, job.total) == ("queued", 0, 3)
    assert job.verify_url == "http://testserver/evaluation/verify/"
    page = staff_client.get(f"/evaluation/batches/{issued.pk}/").content.decode()
    assert 'data-testid="pdf-percent">0%' in page
    assert "every 1s" in page
    assert not CertificatePdf.objects.exists()

    seen, make = [], pdf.certificate_pdf

    def counting(**kwargs):  # the progress the page would read as each PDF starts
        seen.append(CertificatePdfJob.objects.get(pk=job.pk).done)
        return make(**kwargs)

    monkeypatch.setattr(pdf, "certificate_pdf", counting)
    _run_queued()
    job.refresh_from_db()
    assert seen == [0, 1, 2]
    assert (job.status, job.done, job.total, job.error) == ("done", 3, 3, "")
    assert job.started_at is not None
    assert job.finished_at >= job.started_at
    assert CertificatePdf.objects.filter(certificate__candidate__batch=issued).count() == 3


def test_the_stored_pdf_is_what_the_download_serves_and_it_verifies(issued, staff_client):
    _run_queued()
    cert = IssuedCertificate.objects.filter(candidate__batch=issued).order_by("id").first()
    stored = bytes(CertificatePdf.objects.get(certificate=cert).content)
    assert CertificatePdf.objects.get(certificate=cert).size == len(stored)
    response = staff_client.get(f"/evaluation/certificates/{cert.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response.content == stored
    holder = Client()
    holder.force_login(User.objects.create_user("holder", role=Role.WORKER, worker=cert.worker))
    assert holder.get(f"/evaluation/mine/{cert.pk}/certificate.pdf").content == stored
    assert AuditEvent.objects.filter(object_type="certificate_pdf", detail__rows=1).count() == 2

    assert credentials.any_verify(stored, keys.published_keys()).status == "valid"
    changed = bytearray(stored)
    changed[len(stored) // 2] ^= 0x01
    result = credentials.any_verify(bytes(changed), keys.published_keys())
    assert result.status == "invalid"
    assert "PDF 签名校验不通过" in result.message
    # The QR code links to the verification page of the site that issued the batch.
    assert b"gongjiang-credential:" + cert.credential.encode() in stored


def test_the_zip_holds_every_pdf_named_by_number_and_holder(issued, staff_client):
    refused = staff_client.get(f"/evaluation/batches/{issued.pk}/pdfs.zip")
    assert refused.status_code == 409
    assert "尚未全部生成" in refused.content.decode()
    _run_queued()
    response = staff_client.get(f"/evaluation/batches/{issued.pk}/pdfs.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    certs = IssuedCertificate.objects.filter(candidate__batch=issued).select_related("worker").order_by("id")
    expected = [f"职业技能等级证书_{c.number}_{c.worker.name}.pdf" for c in certs]
    assert archive.namelist() == expected
    assert {c.worker.name for c in certs} == set(NAMES)
    for cert, name in zip(certs, expected, strict=True):
        assert archive.read(name) == bytes(CertificatePdf.objects.get(certificate=cert).content)
        assert credentials.any_verify(archive.read(name), keys.published_keys()).status == "valid"
    event = AuditEvent.objects.get(object_type="certificate_pdf", detail__format="zip")
    assert event.detail["rows"] == 3
    assert event.detail["filters"] == {"batch": issued.pk}


def test_the_partial_shows_the_percentage_then_the_zip_link(issued, staff_client, bureau_staff):
    job = CertificatePdfJob.objects.get(batch=issued)
    CertificatePdfJob.objects.filter(pk=job.pk).update(status="running", done=1)
    partial = staff_client.get(f"/evaluation/batches/{issued.pk}/pdfs/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="pdf-percent">33%' in partial
    assert 'value="33"' in partial
    assert "已生成 1 / 3 份" in partial
    assert f'hx-get="/evaluation/batches/{issued.pk}/pdfs/"' in partial
    assert "pdf-zip" not in partial
    _run_queued()  # a running job is not started twice
    assert CertificatePdfJob.objects.get(pk=job.pk).done == 1
    CertificatePdfJob.objects.filter(pk=job.pk).update(status="queued", done=0)
    services.certificate_pdfs_make(job.pk)
    bureau = Client()
    bureau.force_login(bureau_staff)  # the bureau of the agency's district sees it too
    partial = bureau.get(f"/evaluation/batches/{issued.pk}/pdfs/").content.decode()
    assert 'data-testid="pdf-percent">100%' in partial
    assert "全部 3 份证书 PDF 已生成" in partial
    assert f'href="/evaluation/batches/{issued.pk}/pdfs.zip"' in partial
    assert "hx-trigger" not in partial
    assert bureau.get(f"/evaluation/batches/{issued.pk}/pdfs.zip").status_code == 200


def test_a_failed_job_says_why_and_regenerating_resumes(issued, staff_client, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    make, made = pdf.certificate_pdf, []

    def key_gone_after_one(**kwargs):  # as if the platform root key were rotated mid-way
        if made:
            raise LookupError("kid")
        made.append(1)
        return make(**kwargs)

    monkeypatch.setattr(pdf, "certificate_pdf", key_gone_after_one)
    _run_queued()
    job = CertificatePdfJob.objects.get(batch=issued)
    assert (job.status, job.done) == ("failed", 1)
    assert "签名密钥已随平台根密钥更换而停用" in job.error
    page = staff_client.get(f"/evaluation/batches/{issued.pk}/").content.decode()
    assert "生成失败：" in page
    assert "签名密钥已随平台根密钥更换而停用" in page
    assert 'data-testid="pdf-retry"' in page
    assert "重新生成" in page
    assert "hx-trigger" not in page.split('id="pdf-progress"')[1].split("</section>")[0]

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = staff_client.post(f"/evaluation/batches/{issued.pk}/pdfs/make/", follow=True).content.decode()
    assert "证书 PDF 已开始在后台生成" in again
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == ("queued", 1, 3, "")
    first = bytes(CertificatePdf.objects.get().content)
    _run_queued()
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    assert bytes(CertificatePdf.objects.order_by("id").first().content) == first  # kept, not made again
    twice = staff_client.post(f"/evaluation/batches/{issued.pk}/pdfs/make/", follow=True).content.decode()
    assert "已全部生成" in twice


def test_a_batch_issued_before_has_a_button_to_make_its_pdfs(batch_in_notice, staff, staff_client,
                                                              django_capture_on_commit_callbacks):
    services.batch_issue(actor=staff, batch=batch_in_notice, today=date(2025, 9, 9))  # no job: as the demo's
    page = staff_client.get(f"/evaluation/batches/{batch_in_notice.pk}/").content.decode()
    assert 'data-testid="pdf-make"' in page
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/evaluation/batches/{batch_in_notice.pk}/pdfs/make/")
    _run_queued()
    assert CertificatePdfJob.objects.get(batch=batch_in_notice).status == "done"
    assert CertificatePdf.objects.count() == 3


def test_other_roles_cannot_reach_the_pdfs(issued, hr_a, worker_user):
    for user in (hr_a, worker_user):
        client = Client()
        client.force_login(user)
        assert client.get(f"/evaluation/batches/{issued.pk}/pdfs/").status_code == 403
        assert client.get(f"/evaluation/batches/{issued.pk}/pdfs.zip").status_code == 403
    assert Client().get(f"/evaluation/batches/{issued.pk}/pdfs.zip").status_code == 302


def test_subset_fonts_are_kept_per_set_of_characters_and_bounded(monkeypatch):
    pdf.fonts_forget()
    monkeypatch.setattr(pdf, "KEPT_FONTS", 2)
    first = pdf.font_for("王大锤")
    assert pdf.font_for("锤大王") == first  # the same characters: the same file, made once
    pdf.font_for("欧阳娜娜")
    pdf.font_for("李小龙")
    assert not first.path.exists()  # the oldest set dropped, its file deleted
    assert len(list(pdf.font_directory().glob("*.otf"))) == 2
    pdf.fonts_forget()
    assert not list(pdf.font_directory().glob("*.otf"))
