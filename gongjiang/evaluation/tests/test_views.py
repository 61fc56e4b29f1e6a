"""Evaluation pages as each role sees them: the agency runs a batch through the forms, the
bureau files agencies and edits rules, lists export to real Excel files, refusals say why."""

import io
from datetime import date

import openpyxl
import pytest
from django.test import Client

from gongjiang.evaluation import services
from gongjiang.evaluation.models import Batch, EligibilityRule
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(dinghai):
    return agency_make()


@pytest.fixture
def staff_client(agency):
    client = Client()
    client.force_login(agency_user(agency))
    return client


def test_agency_plans_a_batch_and_records_scores_through_the_pages(staff_client, agency):
    examiner = agency.examiners.first()
    response = staff_client.post("/evaluation/batches/new/", {
        "occupation": welder().pk, "grade": Grade.SENIOR, "exam_date": "2025-08-20", "site": "定海实训基地",
        "examiners": [examiner.pk]})
    batch = Batch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/evaluation/batches/{batch.pk}/"
    worker = welder_make(name="王焊工")
    page = staff_client.post(f"/evaluation/batches/{batch.pk}/candidates/add/",
                             {"id_number": worker.id_number_plain(), "name": "王焊工"}, follow=True)
    assert "符合申报条件" in page.content.decode()
    candidate = batch.candidates.get()
    page = staff_client.post(f"/evaluation/batches/{batch.pk}/scores/",
                             {f"theory_{candidate.pk}": "abc", f"practical_{candidate.pk}": "70"}, follow=True)
    assert "理论知识成绩应为 0–100 的数字" in page.content.decode()
    staff_client.post(f"/evaluation/batches/{batch.pk}/scores/",
                      {f"theory_{candidate.pk}": "81", f"practical_{candidate.pk}": "70"})
    candidate.refresh_from_db()
    assert candidate.result == "passed"
    page = staff_client.post(f"/evaluation/batches/{batch.pk}/publish/", follow=True).content.decode()
    assert "公示期至" in page


def test_a_grade_outside_scope_is_shown_beside_the_field(staff_client):
    page = staff_client.post("/evaluation/batches/new/", {
        "occupation": welder().pk, "grade": Grade.TECHNICIAN, "exam_date": "2025-08-20", "site": "x"})
    assert page.status_code == 200
    assert "不在本机构备案的评价范围内" in page.content.decode()
    assert not Batch.objects.exists()


def test_bureau_files_an_agency_and_adds_scope(client, bureau_staff, dinghai):
    client.force_login(bureau_staff)
    response = client.post("/evaluation/agencies/new/", {
        "name": "定海康养评价中心", "kind": "social", "district": dinghai.pk, "code": "0000", "province_code": "33",
        "site_code": "090103", "filed_on": "2025-01-02"})
    assert response.status_code == 302
    agency_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    client.post(f"/evaluation/agencies/{agency_id}/scope/", {"occupation": welder().pk, "grade": Grade.JUNIOR})
    page = client.get(f"/evaluation/agencies/{agency_id}/").content.decode()
    assert "焊工" in page
    assert "初级工（五级）" in page


def test_an_employer_agency_needs_its_enterprise(client, bureau_admin, dinghai):
    client.force_login(bureau_admin)
    page = client.post("/evaluation/agencies/new/", {
        "name": "某企业", "kind": "employer", "district": dinghai.pk, "code": "0000", "province_code": "33",
        "site_code": "090109", "filed_on": "2025-01-02"}).content.decode()
    assert "须选择所属企业" in page


def test_bureau_edits_an_eligibility_rule(client, bureau_admin):
    client.force_login(bureau_admin)
    rule = EligibilityRule.objects.filter(occupation=welder(), grade=Grade.SENIOR).first()
    client.post(f"/evaluation/rules/{rule.pk}/edit/", {"occupation": welder().pk, "grade": Grade.SENIOR,
                                                       "previous_grade": Grade.INTERMEDIATE, "years": 4,
                                                       "citation": "省人社厅通知（示例）第三条"})
    rule.refresh_from_db()
    assert rule.years == 4
    assert rule.citation == "省人社厅通知（示例）第三条"


def test_agency_staff_cannot_edit_rules_and_are_told_why(staff_client):
    page = staff_client.get("/evaluation/rules/new/")
    assert page.status_code == 403
    assert "申报条件由人社局维护" in page.content.decode()


def test_lists_export_to_excel(staff_client, agency):
    staff = agency.accounts.get()
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    worker = welder_make()
    services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    for url, header in [("/evaluation/batches/export.xlsx", "考核日期"),
                        (f"/evaluation/batches/{batch.pk}/export.xlsx", "申报条件审核"),
                        ("/evaluation/agencies/export.xlsx", "机构名称"), ("/evaluation/rules/export.xlsx", "依据"),
                        ("/evaluation/certificates/export.xlsx", "证书编号")]:
        response = staff_client.get(url)
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                                 if response.streaming else response.content))
        rows = list(book.active.values)
        assert header in rows[0], url
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(
        staff_client.get(f"/evaluation/batches/{batch.pk}/export.xlsx").streaming_content))).active.values)
    assert rows[1][0] == worker.name
    assert "*" in rows[1][1]


def test_overdue_reporting_is_flagged(staff_client, agency):
    staff = agency.accounts.get()
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    worker = welder_make()
    c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))
    page = staff_client.get("/evaluation/").content.decode()
    assert 'data-testid="overdue"' in page
    assert "2025-09-16" in page
    services.batch_report(actor=staff, batch=batch)
    assert 'data-testid="overdue"' not in staff_client.get("/evaluation/").content.decode()


def test_the_worker_sees_their_certificate_with_a_qr_code(client, agency, dinghai):
    from gongjiang.accounts.models import Role, User

    staff = agency.accounts.get() if agency.accounts.exists() else agency_user(agency)
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    worker = welder_make(name="陈持证")
    c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    cert = services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))[0]
    client.force_login(User.objects.create_user("chen", role=Role.WORKER, worker=worker))
    page = client.get(f"/evaluation/mine/{cert.pk}/").content.decode()
    assert cert.number in page
    assert "<svg" in page
    assert "/evaluation/verify/?c=" in page
    archive = client.get("/registry/me/").content.decode()
    assert cert.number in archive


def test_the_quality_audit_flags_examiner_conflicts_and_high_pass_rates(client, bureau_admin, enterprise_a):
    from gongjiang.evaluation.models import Examiner

    high = agency_make()
    low = agency_make(site="090102", name="舟山市海岛职业技能培训学校")
    conflicted = Examiner.objects.create(agency=high, name="同厂考评员", enterprise=enterprise_a)
    for agency, scores in ((high, ["90", "90"]), (low, ["90", "40"])):
        staff = agency_user(agency, f"e{agency.pk}")
        batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                    site="基地", examiners=[conflicted] if agency == high else [])
        for i, practical in enumerate(scores):
            w = welder_make(name=f"考生{agency.pk}{i}", enterprise=enterprise_a)
            c = services.candidate_add(actor=staff, batch=batch, id_number=w.id_number_plain(), name=w.name)
            services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical=practical)
        services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    client.force_login(bureau_admin)
    page = client.get("/evaluation/audit/").content.decode()
    assert "100.0%" in page
    assert "50.0%" in page
    assert 'data-testid="flagged"' in page
    assert "同厂考评员" in page
    assert "应回避" in page


def test_the_public_page_speaks_english_too(client):
    client.cookies["django_language"] = "en"
    page = client.get("/evaluation/verify/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Verify a skill grade certificate" in page


def test_the_archive_shows_the_issue_and_the_revocation(client, agency, bureau_admin):
    staff = agency_user(agency, "issuer")
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    worker = welder_make(name="陈撤销")
    c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    cert = services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))[0]
    services.certificate_revoke(actor=bureau_admin, certificate=cert, reason="伪造工作年限证明")
    client.force_login(bureau_admin)
    page = client.get(f"/registry/workers/{worker.pk}/").content.decode()
    assert 'data-testid="issued-certificates"' in page
    assert "2025-09-09 颁发" in page
    assert "撤销" in page
    assert "伪造工作年限证明" in page
