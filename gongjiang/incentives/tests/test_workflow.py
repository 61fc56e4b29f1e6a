"""Claims from finding to payment (issue 5 §5): confirmation, two reviews by different officers,
public notice, objections, payment batches exported and settled, reminders and waiver."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.incentives.models import Claim, ClaimStatus, LedgerEntry
from gongjiang.incentives.services import (
    batch_export,
    batch_result_import,
    claim_account_update,
    claim_confirm,
    claim_review,
    claims_pay_due,
    claims_remind_and_waive,
    decisions_record,
    objection_decide,
    objection_raise,
)
from gongjiang.incentives.tests.factories import claim_in_notice, front_line_welder, published

POST = "dinghai-2025-post-subsidy"


@pytest.fixture
def found_claim(worker_user):
    """The worker_user's 技师 post subsidy for July 2025, found automatically."""
    worker = worker_user.worker
    worker.employments.update(occupation_id=None)
    job = worker.employments.get()
    from gongjiang.incentives.tests.factories import occupation
    from gongjiang.registry.tests.factories import CertificateFactory

    job.occupation, job.is_front_line = occupation(), True
    job.save()
    CertificateFactory(worker=worker, grade=5, issued_on=date(2024, 5, 1), occupation=occupation())
    decisions_record(version=published(POST), period_start=date(2025, 7, 1))
    return Claim.objects.get(worker=worker)


def test_automatic_finding_waits_for_the_beneficiary_and_tells_them(found_claim):
    assert found_claim.status == ClaimStatus.AWAITING_CONFIRMATION
    assert "请核对金额并确认收款账户" in found_claim.events.get().message


def test_beneficiary_confirms_in_one_step(found_claim, worker_user):
    claim = claim_confirm(actor=worker_user, claim=found_claim, account="6222 0212 3456 7890 123")
    assert (claim.status, claim.account_masked) == (ClaimStatus.SUBMITTED, "6222****0123")


def test_a_malformed_account_is_refused_saying_how_to_fix_it(found_claim, worker_user):
    with pytest.raises(DomainError, match="12–30 位数字"):
        claim_confirm(actor=worker_user, claim=found_claim, account="abc")


def test_someone_else_cannot_confirm(found_claim, hr_b):
    from gongjiang.core.errors import NotFound

    with pytest.raises(NotFound):
        claim_confirm(actor=hr_b, claim=found_claim, account="622202123456789")


def test_second_review_must_be_another_officer(found_claim, worker_user, bureau_staff):
    claim_confirm(actor=worker_user, claim=found_claim, account="622202123456789012")
    claim_review(actor=bureau_staff, claim=found_claim, approve=True)
    with pytest.raises(PermissionDenied, match="初审人以外"):
        claim_review(actor=bureau_staff, claim=found_claim, approve=True)


def test_second_approval_opens_a_notice_of_7_working_days(found_claim, worker_user, bureau_staff, bureau_admin):
    claim_confirm(actor=worker_user, claim=found_claim, account="622202123456789012")
    claim_review(actor=bureau_staff, claim=found_claim, approve=True)
    # approved on Friday 2025-08-01: 7 working days later is Tuesday 2025-08-12
    claim = claim_review(actor=bureau_admin, claim=found_claim, approve=True, today=date(2025, 8, 1))
    assert (claim.status, claim.notice_until) == (ClaimStatus.IN_NOTICE, date(2025, 8, 12))


def _approve_twice(claim, worker_user, bureau_staff, bureau_admin, today):
    claim_confirm(actor=worker_user, claim=claim, account="622202123456789012")
    claim_review(actor=bureau_staff, claim=claim, approve=True)
    return claim_review(actor=bureau_admin, claim=claim, approve=True, today=today)


def test_a_notice_opened_before_national_day_2025_skips_the_holiday_and_counts_make_up_days(
        found_claim, worker_user, bureau_staff, bureau_admin):
    # issue 18 §4. 国办发明电〔2024〕12号: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班.
    # Approved Fri 2025-09-26: 9-28 1, 9-29 2, 9-30 3, 10-9 4, 10-10 5, 10-11 6, Mon 10-13 7.
    claim = _approve_twice(found_claim, worker_user, bureau_staff, bureau_admin, date(2025, 9, 26))
    assert (claim.notice_until, claim.notice_assumed_years) == (date(2025, 10, 13), "")
    assert claim.events.last().message == "复审通过，公示至 2025-10-13，公示期满无异议后发放"


def test_a_notice_running_into_a_year_not_yet_published_is_counted_monday_to_friday_and_says_so(
        found_claim, worker_user, bureau_staff, bureau_admin):
    # issue 18 §4. chinesecalendar 1.11 knows no 2027: approved Thu 2026-12-24, 12-25 1,
    # 12-28..31 2–5, Fri 2027-01-01 6 (counted: the 2027 元旦 is not known), Mon 2027-01-04 7.
    claim = _approve_twice(found_claim, worker_user, bureau_staff, bureau_admin, date(2026, 12, 24))
    assert (claim.notice_until, claim.notice_assumed_years) == (date(2027, 1, 4), "2027")
    assert claim.events.last().message == ("复审通过，公示至 2027-01-04（2027 年法定节假日安排尚未公布，"
                                           "本期限暂按周一至周五计算工作日），公示期满无异议后发放")


def test_when_the_calendar_learns_a_year_an_open_notice_counted_monday_to_friday_is_extended(
        found_claim, worker_user, bureau_staff, bureau_admin):
    # issue 18 §4. As chinesecalendar 1.10 (2004–2025) counted a notice opened Thu 2026-02-12:
    # Monday–Friday, ending Mon 2026-02-23 (a 春节 holiday). Counted again with the 2026 notice
    # (2025-11-04: 2月15日至23日放假，2月14日、28日上班) it ends on the make-up Sat 2026-02-28.
    claim = _approve_twice(found_claim, worker_user, bureau_staff, bureau_admin, date(2026, 2, 12))
    Claim.objects.filter(pk=claim.pk).update(notice_until=date(2026, 2, 23), notice_assumed_years="2026")
    from django.core.management import call_command

    out = io.StringIO()
    call_command("policy", "notices-recount", stdout=out)
    claim.refresh_from_db()
    assert (claim.notice_until, claim.notice_assumed_years) == (date(2026, 2, 28), "")
    assert claim.events.last().message == "公示截止日按已公布的放假调休安排重新计算，延至 2026-02-28"
    assert "重新计算 1 项" in out.getvalue()


def test_a_recount_never_shortens_a_notice_and_leaves_years_still_unknown_alone(
        found_claim, worker_user, bureau_staff, bureau_admin, enterprise_a):
    from gongjiang.incentives.services import claim_notices_recount

    # a notice into 2027, still unknown: untouched
    later = _approve_twice(found_claim, worker_user, bureau_staff, bureau_admin, date(2026, 12, 24))
    assert claim_notices_recount() == 0
    later.refresh_from_db()
    assert (later.notice_until, later.notice_assumed_years) == (date(2027, 1, 4), "2027")
    # a notice told to the public as ending 2025-10-20, which the calendar now counts to 10-13: kept
    Claim.objects.filter(pk=later.pk).update(notice_opened_on=date(2025, 9, 26), notice_until=date(2025, 10, 20),
                                             notice_assumed_years="2025")
    assert claim_notices_recount() == 1
    later.refresh_from_db()
    assert (later.notice_until, later.notice_assumed_years) == (date(2025, 10, 20), "")
    assert later.events.last().message == "公示截止日按已公布的放假调休安排核对，仍为 2025-10-20"


def test_rejection_needs_a_reason_which_the_applicant_is_told(found_claim, worker_user, bureau_staff):
    claim_confirm(actor=worker_user, claim=found_claim, account="622202123456789012")
    with pytest.raises(DomainError, match="请填写理由"):
        claim_review(actor=bureau_staff, claim=found_claim, approve=False)
    claim_review(actor=bureau_staff, claim=found_claim, approve=False, reason="岗位非一线")
    assert found_claim.events.last().message == "审核不予通过：岗位非一线"


def test_payment_is_held_until_the_notice_period_ends(enterprise_a):
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a), notice_until=date(2025, 8, 11))
    assert claims_pay_due(today=date(2025, 8, 11)) is None
    batch = claims_pay_due(today=date(2025, 8, 12))
    claim.refresh_from_db()
    assert (claim.status, batch.lines, batch.total) == (ClaimStatus.BATCHED, 1, claim.amount)


def test_an_upheld_objection_stops_the_payment(enterprise_a, bureau_admin):
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a), notice_until=date(2025, 8, 11))
    objection = objection_raise(claim=claim, raised_by="匿名群众", reason="该职工已离职")
    assert claims_pay_due(today=date(2025, 9, 1)) is None  # held while the objection is open
    objection_decide(actor=bureau_admin, objection=objection, upheld=True, resolution="核实已离职")
    claims_pay_due(today=date(2025, 9, 2))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert not LedgerEntry.objects.filter(claim=claim).exists()


def test_a_dismissed_objection_lets_the_payment_go_ahead(enterprise_a, bureau_admin):
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a), notice_until=date(2025, 8, 11))
    objection = objection_raise(claim=claim, raised_by="同事", reason="怀疑非一线")
    objection_decide(actor=bureau_admin, objection=objection, upheld=False, resolution="核实为一线焊工")
    claims_pay_due(today=date(2025, 8, 12))
    assert LedgerEntry.objects.filter(claim=claim, kind="payment").count() == 1


def _settle(actor, batch, results):
    """Export the batch, fill in finance's results ({entry id: (结果, 原因)}) and import it back."""
    workbook = load_workbook(io.BytesIO(batch_export(actor=actor, batch=batch)))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        result, reason = results[row[0].value]
        row[6].value, row[7].value = result, reason
    buffer = io.BytesIO()
    workbook.save(buffer)
    return batch_result_import(actor=actor, batch=batch, content=buffer.getvalue(), today=date(2025, 9, 1))


def test_batch_results_close_paid_claims_and_reverse_failed_ones(enterprise_a, bureau_admin):
    version = published(POST)
    paid = claim_in_notice(version, front_line_welder(enterprise_a))
    failed = claim_in_notice(version, front_line_welder(enterprise_a))
    batch = claims_pay_due(today=date(2025, 9, 1))
    entries = {e.claim_id: e.pk for e in batch.entries.all()}
    counts = _settle(bureau_admin, batch, {entries[paid.pk]: ("成功", ""), entries[failed.pk]: ("失败", "账户不存在")})
    paid.refresh_from_db()
    failed.refresh_from_db()
    assert counts == {"paid": 1, "failed": 1}
    assert (paid.status, failed.status, failed.pay_deadline) == (ClaimStatus.PAID, ClaimStatus.FAILED,
                                                                  date(2025, 11, 30))
    assert sum(e.amount for e in LedgerEntry.objects.filter(claim=failed)) == 0
    assert "请于 2025-11-30 前更新收款账户" in failed.events.last().message


def test_a_failed_payment_is_paid_again_after_the_account_is_fixed(enterprise_a, bureau_admin):
    worker = front_line_welder(enterprise_a)
    from gongjiang.accounts.models import User

    user = User.objects.create_user(username="w_fix", password="x", role="worker", worker=worker)
    claim = claim_in_notice(published(POST), worker)
    batch = claims_pay_due(today=date(2025, 9, 1))
    _settle(bureau_admin, batch, {batch.entries.get().pk: ("失败", "账户已销户")})
    claim.refresh_from_db()
    claim_account_update(actor=user, claim=claim, account="622202123456780000")
    second = claims_pay_due(today=date(2025, 9, 2))
    assert second.entries.get().attempt == 1
    assert sum(e.amount for e in LedgerEntry.objects.filter(claim=claim)) == claim.amount


def test_failed_payment_not_fixed_by_the_deadline_is_waived(enterprise_a, bureau_admin):
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a))
    batch = claims_pay_due(today=date(2025, 9, 1))
    _settle(bureau_admin, batch, {batch.entries.get().pk: ("失败", "未提供账户")})
    claims_remind_and_waive(today=date(2025, 11, 30))
    claim.refresh_from_db()
    assert (claim.status, claim.events.last().action) == (ClaimStatus.FAILED, "reminder")
    claims_remind_and_waive(today=date(2025, 12, 1))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WAIVED


def test_result_file_with_an_unknown_result_is_refused(enterprise_a, bureau_admin):
    claim_in_notice(published(POST), front_line_welder(enterprise_a))
    batch = claims_pay_due(today=date(2025, 9, 1))
    with pytest.raises(DomainError, match="应填写“成功”或“失败”"):
        _settle(bureau_admin, batch, {batch.entries.get().pk: ("OK", "")})


def test_results_can_come_through_the_import_centre(enterprise_a, bureau_admin, tmp_path):
    from gongjiang.ingest.engine import import_file
    from gongjiang.ingest.kinds import kind_get
    from gongjiang.ingest.tests.factories import csv_write

    # given a batch with one payment, and finance's result as a CSV
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a))
    entry = claims_pay_due(today=date(2025, 9, 1)).entries.get()
    path = csv_write(tmp_path / "回盘.csv", [["流水号", "结果（成功/失败）", "失败原因"], [str(entry.pk), "失败", "账户冻结"]])
    # when it is imported through the import centre
    import_file(kind=kind_get("payment_results"), path=path, actor=bureau_admin)
    # then the payment is reversed and the claim waits for a new account
    claim.refresh_from_db()
    assert (claim.status, claim.failure_reason) == (ClaimStatus.FAILED, "账户冻结")


def test_policy_remind_command_waives_failed_payments_past_their_deadline(enterprise_a, bureau_admin):
    from django.core.management import call_command

    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a))
    batch = claims_pay_due(today=date(2025, 9, 1))
    _settle(bureau_admin, batch, {batch.entries.get().pk: ("失败", "未提供账户")})
    call_command("policy", "remind")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WAIVED  # the deadline (2025-11-30) is long past today


def test_the_payment_batch_download_is_named_in_chinese(client, enterprise_a, bureau_admin):
    # Issue 10 §19: it was payment-batch-N.xlsx.
    claim_in_notice(published(POST), front_line_welder(enterprise_a))
    batch = claims_pay_due(today=date(2025, 9, 1))
    client.force_login(bureau_admin)
    response = client.get(f"/incentives/batches/{batch.pk}/export.xlsx")
    assert response.status_code == 200
    assert "filename*=utf-8''%E5%8F%91%E6%94%BE%E6%B8%85%E5%8D%95-" in response["Content-Disposition"]  # 发放清单-
