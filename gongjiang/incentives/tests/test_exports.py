"""Exports of the incentive list pages (issue 3 §6): the public notice, the run page and a worker's
own claims and decisions, each with the page's scope and masking, audited."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongjiang.audit.models import AuditEvent
from gongjiang.incentives.models import DecisionRun
from gongjiang.incentives.services import decisions_record
from gongjiang.incentives.tests.factories import (
    claim_in_notice,
    front_line_welder,
    occupation,
    published,
    worker_with_decision,
)
from gongjiang.registry.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

POST = "dinghai-2025-post-subsidy"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# --- 公示名单 ---


def test_notice_exports_to_excel_with_names_and_id_numbers_masked_as_on_the_page(worker_user):
    worker = worker_user.worker
    claim_in_notice(published(POST), worker, amount="400.50", notice_until=date(2025, 8, 11))
    rows = _xlsx_rows(_client(worker_user).get(reverse("incentives:notice_export", args=["xlsx"])))
    assert list(rows[0]) == ["对象", "身份证号", "政策", "期间", "金额（元）", "公示截止"]
    assert rows[1][0][0] == worker.name[0]
    assert "*" in rows[1][0]
    assert rows[1][1] == worker.id_number_masked
    assert rows[1][3:5] == ("2025年7月", 400.5)
    assert rows[1][5].date() == date(2025, 8, 11)
    cells = {cell for row in rows for cell in row}
    assert worker.name not in cells
    assert worker.id_number_plain() not in cells


def test_notice_exports_to_csv_with_the_exact_amount_and_is_audited(worker_user):
    claim_in_notice(published(POST), worker_user.worker, amount="400.50")
    rows = _csv_rows(_client(worker_user).get(reverse("incentives:notice_export", args=["csv"])))
    assert rows[0] == ["对象", "身份证号", "政策", "期间", "金额（元）", "公示截止"]
    assert rows[1][3:] == ["2025年7月", "400.50", "2025-08-11"]
    event = AuditEvent.objects.get(action="export", object_type="incentive_notice")
    assert (event.detail["rows"], event.detail["personal_fields"]) == (1, [])


def test_notice_export_is_public_like_the_page_and_audited_without_an_actor(client, worker_user):
    """A public notice is public (issue 16, ADR 0026): anyone downloads it; the download is logged."""
    claim_in_notice(published(POST), worker_user.worker, amount="400.50")
    response = client.get(reverse("incentives:notice_export", args=["csv"]))
    assert response.status_code == 200
    assert _csv_rows(response)[1][0] != worker_user.worker.name
    event = AuditEvent.objects.get(action="export", object_type="incentive_notice")
    assert event.actor is None


def test_notice_page_links_to_its_export(worker_user):
    page = _client(worker_user).get(reverse("incentives:notice")).content.decode()
    assert reverse("incentives:notice_export", args=["xlsx"]) in page


# --- 月度计算 (the runs listed on the run page) ---


def _run() -> DecisionRun:
    return DecisionRun.objects.create(kind=DecisionRun.Kind.MONTHLY, period_start=date(2025, 7, 1), decisions=3,
                                      eligible=2, amount=Decimal("800.40"))


def test_run_list_exports_to_excel(bureau_staff):
    _run()
    rows = _xlsx_rows(_client(bureau_staff).get(reverse("incentives:run_list_export", args=["xlsx"])))
    assert list(rows[0]) == ["开始", "类型", "政策", "期间", "决定数", "符合数", "金额"]
    assert rows[1][1:] == ("月度批量", None, "2025-07", 3, 2, 800.4)


def test_run_list_exports_to_csv_with_the_amount_as_on_the_page(bureau_staff):
    _run()
    rows = _csv_rows(_client(bureau_staff).get(reverse("incentives:run_list_export", args=["csv"])))
    assert rows[0] == ["开始", "类型", "政策", "期间", "决定数", "符合数", "金额"]
    assert rows[1][1:] == ["月度批量", "", "2025-07", "3", "2", "800.40"]


def test_workers_cannot_export_the_run_list(worker_user):
    _run()
    assert _client(worker_user).get(reverse("incentives:run_list_export", args=["csv"])).status_code == 403


def test_run_page_links_to_its_export(bureau_staff):
    page = _client(bureau_staff).get(reverse("incentives:run_month")).content.decode()
    assert reverse("incentives:run_list_export", args=["csv"]) in page


# --- 我的补贴与奖励 (a worker's own claims and decisions) ---


def test_worker_exports_own_claims_and_no_one_elses(worker_user, enterprise_a):
    claim_in_notice(published(POST), worker_user.worker, amount="400")
    claim_in_notice(published(POST), front_line_welder(enterprise_a), amount="999")
    rows = _xlsx_rows(_client(worker_user).get(reverse("incentives:mine_claims_export", args=["xlsx"])))
    assert list(rows[0]) == ["政策", "期间", "金额", "状态", "最新通知"]
    assert len(rows) == 2
    assert rows[1][1:4] == ("2025年7月", 400, "公示中")


def test_worker_exports_own_claims_to_csv(worker_user):
    claim_in_notice(published(POST), worker_user.worker, amount="400.25")
    rows = _csv_rows(_client(worker_user).get(reverse("incentives:mine_claims_export", args=["csv"])))
    assert rows[0] == ["政策", "期间", "金额", "状态", "最新通知"]
    assert rows[1][1:3] == ["2025年7月", "400.25"]


def test_worker_exports_own_decisions_with_the_document_number(worker_user):
    worker_with_decision(worker_user)
    rows = _xlsx_rows(_client(worker_user).get(reverse("incentives:mine_decisions_export", args=["xlsx"])))
    assert list(rows[0]) == ["政策", "文号", "条款", "期间", "结果", "本次应发（元）", "原因"]
    assert rows[1][:5] == ("技师高级技师岗位补贴", "定政发〔2025〕4号", "二(三)4", "2025年7月", "符合")


def test_worker_exports_own_decisions_to_csv_with_the_failed_conditions(worker_user):
    worker = worker_user.worker
    CertificateFactory(worker=worker, grade=5, issued_on=date(2024, 5, 1), occupation=occupation())
    decisions_record(version=published(POST), period_start=date(2025, 7, 1))  # not front-line: refused
    rows = _csv_rows(_client(worker_user).get(reverse("incentives:mine_decisions_export", args=["csv"])))
    assert rows[0] == ["政策", "文号", "条款", "期间", "结果", "本次应发（元）", "原因"]
    assert rows[1][4] == "不符合"
    assert rows[1][6]  # the conditions not met, as listed on the page


def test_officers_have_no_own_records_to_export(bureau_staff):
    for name in ("incentives:mine_claims_export", "incentives:mine_decisions_export"):
        assert _client(bureau_staff).get(reverse(name, args=["xlsx"])).status_code == 403


def test_mine_page_links_to_both_exports(worker_user):
    worker_with_decision(worker_user)
    page = _client(worker_user).get(reverse("incentives:mine")).content.decode()
    assert reverse("incentives:mine_claims_export", args=["xlsx"]) in page
    assert reverse("incentives:mine_decisions_export", args=["csv"]) in page
