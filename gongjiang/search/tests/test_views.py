"""Search pages: search, export, shortlists, the worker's contact requests, index maintenance."""

import io

import pytest
from openpyxl import load_workbook

from gongjiang.accounts.models import Role, User
from gongjiang.audit.models import AuditEvent
from gongjiang.search import services
from gongjiang.search.models import ContactRequest, ContactStatus, ShortlistEntry, WorkerSearchDoc
from gongjiang.search.tests.factories import WorkerFactory, skilled_worker

pytestmark = pytest.mark.django_db


def test_search_page_shows_results_with_reasons_and_facets(client, hr_a, enterprise_b):
    skilled_worker(enterprise=enterprise_b, name="赵大明", grade=5)
    client.force_login(hr_a)
    page = client.get("/search/", {"q": "焊工"}).content.decode()
    assert "赵*明" in page
    assert "赵大明" not in page
    assert "职业：焊工（6-18-02-04）" in page
    assert "共找到 1 人" in page


def test_search_page_shows_a_bad_filter_beside_the_field(client, hr_a):
    client.force_login(hr_a)
    page = client.get("/search/", {"age_min": "50", "age_max": "20"}).content.decode()
    assert "对调" in page
    assert 'value="50"' in page


def test_search_page_refuses_workers(client, worker_user):
    client.force_login(worker_user)
    assert client.get("/search/").status_code == 403


def test_search_export_is_masked_and_audited(client, hr_a, enterprise_b):
    skilled_worker(enterprise=enterprise_b, name="赵大明")
    client.force_login(hr_a)
    response = client.get("/search/export/", {"q": "焊工", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == "赵*明"
    assert AuditEvent.objects.filter(action="export", object_type="worker_search").exists()


def test_add_to_shortlist_creates_the_default_list(client, hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    client.force_login(hr_a)
    client.post("/search/shortlists/add/", {"worker_id": worker.pk})
    entry = ShortlistEntry.objects.get()
    assert entry.worker_id == worker.pk
    assert entry.shortlist.name == "我的候选名单"


def test_shortlist_export_as_csv(client, hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b, name="赵大明")
    client.force_login(hr_a)
    shortlist = services.shortlist_default(actor=hr_a)
    services.shortlist_entry_add(actor=hr_a, shortlist_id=shortlist.pk, worker_id=worker.pk, note="=SUM(A1)")
    response = client.get(f"/search/shortlists/{shortlist.pk}/export/", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "赵*明" in text
    assert "'=SUM(A1)" in text  # formula neutralised


def test_worker_accepts_a_contact_request_on_their_page(client, hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    account = User.objects.create_user(username="w_page", password="x-Passw0rd!", role=Role.WORKER, worker=worker)
    request = services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    client.force_login(account)
    assert "舟山甲船舶修造有限公司" in client.get("/search/me/requests/").content.decode()
    client.post("/search/me/requests/", {"request_id": request.pk, "decision": "accept"})
    assert ContactRequest.objects.get().status == ContactStatus.ACCEPTED


def test_worker_exports_their_contact_requests(client, hr_a, hr_b, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    account = User.objects.create_user(username="w_export", password="x-Passw0rd!", role=Role.WORKER, worker=worker)
    services.contact_request_create(actor=hr_a, worker_id=worker.pk, message="=HYPERLINK(1)")
    client.force_login(account)
    assert "/search/me/requests/export.xlsx" in client.get("/search/me/requests/").content.decode()
    sheet = load_workbook(io.BytesIO(client.get("/search/me/requests/export.xlsx").getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("单位", "留言", "时间", "状态")
    assert rows[1][0] == "舟山甲船舶修造有限公司"
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert AuditEvent.objects.filter(action="export", object_type="contact_request").count() == 1
    client.force_login(hr_b)
    assert client.get("/search/me/requests/export.csv").status_code == 403


def test_bureau_admin_rebuilds_the_index(client, bureau_admin):
    WorkerFactory()
    client.force_login(bureau_admin)
    client.post("/search/index/")
    assert WorkerSearchDoc.objects.count() == 1


def test_enterprise_hr_cannot_rebuild_the_index(client, hr_a):
    client.force_login(hr_a)
    assert client.post("/search/index/").status_code == 403
