"""The bureau's negative list (失信名单) of agencies and examiners (R4.3, issue 13): a listed agency
cannot plan batches nor issue certificates, a listed examiner cannot be assigned, each told why;
lifting or expiry ends it; every change is audited; the page adds, lifts and exports."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from gongjiang.audit.models import AuditEvent
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.evaluation import services
from gongjiang.evaluation.models import AgencyKind, NegativeListEntry
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade

pytestmark = pytest.mark.django_db
LISTED = date(2025, 1, 1)


@pytest.fixture
def agency(dinghai):
    return agency_make()


@pytest.fixture
def staff(agency):
    return agency_user(agency)


def _plan(staff, examiners=None):
    return services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                               site="定海实训基地", examiners=examiners)


def _list_agency(actor, agency, **extra):
    return services.negative_entry_add(actor=actor, subject="agency", agency=agency, reason="出具虚假证书",
                                       basis="舟人社〔2025〕12号", listed_from=extra.pop("listed_from", LISTED), **extra)


def test_a_listed_agency_cannot_plan_a_batch_and_is_told_why(staff, agency, bureau_admin):
    _list_agency(bureau_admin, agency)
    with pytest.raises(DomainError, match="已被列入失信名单（出具虚假证书；依据：舟人社〔2025〕12号；自2025-01-01起长期）"):
        _plan(staff)


def test_a_listed_agency_cannot_issue_the_certificates_of_a_batch_in_notice(staff, agency, bureau_admin):
    batch = _plan(staff)
    worker = welder_make()
    candidate = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    services.score_record(actor=staff, batch=batch, candidate_id=candidate.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    _list_agency(bureau_admin, agency)
    with pytest.raises(DomainError, match="期间不能组织评价或发证"):
        services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))
    assert not batch.candidates.filter(certificate__isnull=False).exists()


def test_a_listed_employer_agency_gets_no_award_approved(enterprise_a, bureau_admin, bureau_staff):
    own = agency_make(kind=AgencyKind.EMPLOYER, enterprise=enterprise_a, site="090190", name="甲船厂自主评价",
                      grades=(Grade.TECHNICIAN,))
    worker = welder_make(name="钱突出", enterprise=enterprise_a)
    award = services.award_request(actor=agency_user(own), id_number=worker.id_number_plain(), name="钱突出",
                                   occupation=welder(), grade=Grade.TECHNICIAN, route="exceptional",
                                   evidence="2024年主持船体分段焊接工艺革新，获市级技术革新一等奖，证明材料齐全。")
    _list_agency(bureau_admin, own)
    with pytest.raises(DomainError, match="甲船厂自主评价已被列入失信名单"):
        services.award_decide(actor=bureau_staff, award=award, approve=True, note="业绩属实")


def test_a_listed_examiner_cannot_be_assigned(staff, agency, bureau_admin):
    examiner = agency.examiners.first()
    services.negative_entry_add(actor=bureau_admin, subject="examiner", examiner=examiner, reason="考评中徇私舞弊",
                                basis="舟人社〔2025〕13号", listed_from=LISTED, listed_until=date(2099, 12, 31))
    with pytest.raises(DomainError, match="考评员考评员甲已被列入失信名单（考评中徇私舞弊.*至2099-12-31），不能安排其参加考评"):
        _plan(staff, examiners=[examiner])
    assert _plan(staff).pk  # the agency itself is not listed


def test_lifting_or_expiry_ends_the_listing_and_every_change_is_audited(staff, agency, bureau_admin):
    entry = _list_agency(bureau_admin, agency)
    services.negative_entry_lift(actor=bureau_admin, entry=entry, reason="复核后撤销处理决定")
    assert _plan(staff).pk
    with pytest.raises(DomainError, match="已于 .* 移出失信名单"):
        services.negative_entry_lift(actor=bureau_admin, entry=entry, reason="再次")
    yesterday = timezone.localdate() - timedelta(days=1)
    _list_agency(bureau_admin, agency, listed_until=yesterday)
    assert _plan(staff).pk  # expired
    summaries = list(AuditEvent.objects.filter(object_type="negative_list_entry").values_list("summary", flat=True))
    assert any(s.startswith("列入失信名单：舟山海工职业技能评价中心") for s in summaries)
    assert any("移出失信名单" in s and "复核后撤销处理决定" in s for s in summaries)


def test_bad_input_and_roles_are_refused(staff, agency, bureau_admin):
    with pytest.raises(DomainError, match="请填写依据文件"):
        services.negative_entry_add(actor=bureau_admin, subject="agency", agency=agency, reason="x", basis=" ",
                                    listed_from=LISTED)
    with pytest.raises(DomainError, match="期满日期（2024-12-31）不能早于列入日期（2025-01-01）"):
        _list_agency(bureau_admin, agency, listed_until=date(2024, 12, 31))
    with pytest.raises(PermissionDenied, match="失信名单由人社局工作人员维护"):
        _list_agency(staff, agency)
    entry = _list_agency(bureau_admin, agency)
    with pytest.raises(DomainError, match="请填写移出原因"):
        services.negative_entry_lift(actor=bureau_admin, entry=entry, reason="")
    assert NegativeListEntry.objects.count() == 1


def test_the_page_adds_lifts_and_exports(agency, bureau_staff, staff):
    client = Client()
    client.force_login(bureau_staff)
    response = client.post("/evaluation/negative/", {
        "subject": "agency", "agency": agency.pk, "reason": "超范围评价", "basis": "定人社〔2025〕3号",
        "listed_from": "2025-02-01", "listed_until": ""})
    assert response.status_code == 302
    page = client.get("/evaluation/negative/").content.decode()
    assert "超范围评价" in page
    assert "定人社〔2025〕3号" in page
    assert "长期" in page
    refused = client.post("/evaluation/negative/", {"subject": "examiner", "reason": "x", "basis": "y",
                                                    "listed_from": "2025-02-01"}).content.decode()
    assert "请选择考评员" in refused
    entry = NegativeListEntry.objects.get()
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get("/evaluation/negative/export.xlsx").streaming_content)))
    rows = list(book.active.values)
    assert rows[0][:4] == ("对象类别", "名称", "列入原因", "依据文件")
    assert rows[1][1] == agency.name
    assert rows[1][7] == "有效"
    client.post(f"/evaluation/negative/{entry.pk}/lift/", {"lift_reason": "整改到位"})
    entry.refresh_from_db()
    assert entry.lifted_by == bureau_staff
    assert entry.lift_reason == "整改到位"
    assert "已移出（整改到位" in client.get("/evaluation/negative/?state=lifted").content.decode()
    agency_client = Client()
    agency_client.force_login(staff)
    denied = agency_client.get("/evaluation/negative/")
    assert denied.status_code == 403
    assert "失信名单由人社局工作人员维护" in denied.content.decode()


def test_the_batch_form_shows_the_examiner_refusal_beside_the_field(agency, staff, bureau_admin):
    examiner = agency.examiners.first()
    services.negative_entry_add(actor=bureau_admin, subject="examiner", examiner=examiner, reason="考评中徇私舞弊",
                                basis="舟人社〔2025〕13号", listed_from=LISTED)
    client = Client()
    client.force_login(staff)
    page = client.post("/evaluation/batches/new/", {
        "occupation": welder().pk, "grade": Grade.SENIOR, "exam_date": "2025-08-20", "site": "定海实训基地",
        "examiners": [examiner.pk]}).content.decode()
    assert "不能安排其参加考评" in page
