"""Pages and API: the officer's draft → what-if → approval, the run, and the explanation a worker
or another viewer sees (issue 5 §3, §6)."""

from datetime import date

from django.test import Client
from django.urls import reverse

from gongjiang.incentives.models import Claim, PolicyVersion
from gongjiang.incentives.services import decisions_record, policy_predecessor_record
from gongjiang.incentives.tests.factories import (
    front_line_welder,
    published,
    worker_with_decision,
)
from gongjiang.registry.tests.factories import CertificateFactory

POST = "dinghai-2025-post-subsidy"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_policy_list_shows_the_document_number(worker_user):
    response = _client(worker_user).get(reverse("incentives:policy_list"))
    assert "定政发〔2025〕4号" in response.content.decode()


def test_worker_sees_the_explanation_on_the_archive_page(worker_user):
    worker_with_decision(worker_user)
    page = _client(worker_user).get(reverse("registry:my_archive")).content.decode()
    assert "专项激励享受情况" in page
    assert "技师高级技师岗位补贴" in page


def test_archive_page_has_no_incentive_section_without_decisions(worker_user):
    page = _client(worker_user).get(reverse("registry:my_archive")).content.decode()
    assert "专项激励享受情况" not in page


def test_officer_sees_a_workers_decisions_on_the_worker_page(worker_user, bureau_staff):
    worker_with_decision(worker_user)
    url = reverse("registry:worker_detail", args=[worker_user.worker_id])
    assert "专项激励享受情况" in _client(bureau_staff).get(url).content.decode()


def test_decision_detail_explains_clause_by_clause(worker_user):
    decision = worker_with_decision(worker_user)
    page = _client(worker_user).get(reverse("incentives:decision_detail", args=[decision.pk])).content.decode()
    assert "岗位属于急需紧缺职业（工种）目录" in page
    assert "定政发〔2025〕4号 二(三)4 “400元/月”" in page


def test_another_enterprise_cannot_read_the_decision(worker_user, hr_b):
    decision = worker_with_decision(worker_user)
    response = _client(hr_b).get(reverse("incentives:decision_detail", args=[decision.pk]))
    assert response.status_code == 404


def test_worker_confirms_a_found_claim_on_the_page(worker_user):
    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    _client(worker_user).post(reverse("incentives:claim_action", args=[claim.pk, "confirm"]),
                              {"account": "6222021234567890123"})
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_officer_drafts_previews_and_a_second_officer_publishes(bureau_staff, bureau_admin, enterprise_a):
    front_line_welder(enterprise_a, grade=5)
    maker, checker = _client(bureau_staff), _client(bureau_admin)
    # the maker drafts a new version and raises the technician rate
    maker.post(reverse("incentives:version_draft", args=[POST]), {"change_note": "提高技师档"})
    draft = PolicyVersion.objects.get(policy__code=POST, status="draft")
    url = reverse("incentives:version_detail", args=[draft.pk])
    maker.post(url, {"p-name": "amount_technician", "p-value": "500", "p-effective_from": "2025-01-01",
                     "p-citation": "定海测试〔2025〕9号"})
    # the what-if shows 100 yuan more for July
    page = maker.get(url, {"w-first": "2025-07-01", "w-last": "2025-07-31"}).content.decode()
    assert "400.00 → 500.00" in page
    # the maker submits; the maker cannot approve, the checker can
    maker.post(reverse("incentives:version_action", args=[draft.pk, "submit"]))
    maker.post(reverse("incentives:version_action", args=[draft.pk, "approve"]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    # publishing asks for the predecessor the policy continues (issue 17 §7) until one is recorded
    page = checker.post(reverse("incentives:version_action", args=[draft.pk, "approve"]), follow=True)
    assert "尚未登记延续的原政策" in page.content.decode()
    policy_predecessor_record(actor=bureau_admin, policy=draft.policy, continues=None, note="经核实无原政策")
    checker.post(reverse("incentives:version_action", args=[draft.pk, "approve"]))
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by_id) == ("published", bureau_admin.pk)


def test_bad_conditions_are_shown_beside_the_field(bureau_staff):
    client = _client(bureau_staff)
    client.post(reverse("incentives:version_draft", args=[POST]))
    draft = PolicyVersion.objects.get(policy__code=POST, status="draft")
    page = client.post(reverse("incentives:version_detail", args=[draft.pk]),
                       {"c-conditions": "- {fact: wage, op: '>', value: 1}"}).content.decode()
    assert "没有名为“wage”的事实" in page


def test_monthly_run_page_runs_the_month(bureau_staff, enterprise_a):
    worker = front_line_welder(enterprise_a, grade=6)
    _client(bureau_staff).post(reverse("incentives:run_month"), {"month": "2025-07-15"})
    assert Claim.objects.get(worker=worker, policy__code=POST).amount == 600


def test_workers_cannot_open_officer_pages(worker_user):
    assert _client(worker_user).get(reverse("incentives:claim_list")).status_code == 403


def test_api_returns_my_decisions_with_trace(worker_user):
    worker_with_decision(worker_user)
    data = _client(worker_user).get("/api/v1/incentives/decisions/mine").json()
    assert data[0]["policy_code"] == POST
    assert data[0]["trace"]["document"] == "定政发〔2025〕4号"


def test_claim_export_is_audited(bureau_admin, worker_user):
    from gongjiang.audit.models import AuditEvent

    worker_with_decision(worker_user)
    response = _client(bureau_admin).get(reverse("incentives:claim_list_export", args=["csv"]))
    b"".join(response.streaming_content)
    assert AuditEvent.objects.filter(action="export", object_type="incentive_claim").exists()


def test_enterprise_hr_sees_the_enterprise_reward_explained(hr_a, enterprise_a):
    from gongjiang.registry.tests.factories import EmploymentFactory

    job = EmploymentFactory(enterprise=enterprise_a)
    CertificateFactory(worker=job.worker, grade=3, evaluator_enterprise=enterprise_a, issued_on=date(2025, 4, 3))
    decisions_record(version=published("dinghai-2025-self-cert-reward"), period_start=date(2025, 4, 1))
    page = _client(hr_a).get(reverse("incentives:mine")).content.decode()
    assert "企业自主认定奖励" in page
    assert "500.00" in page


def test_policy_run_command_runs_the_month_now(enterprise_a):
    from django.core.management import call_command

    worker = front_line_welder(enterprise_a, grade=5)
    call_command("policy", "run", "--month", "2025-07", "--now")
    assert Claim.objects.filter(worker=worker, policy__code=POST).exists()


def test_public_notice_masks_names(worker_user, enterprise_a):
    from gongjiang.incentives.tests.factories import claim_in_notice

    worker = front_line_welder(enterprise_a)
    worker.name = "王小明"
    worker.save()
    claim_in_notice(published(POST), worker)
    page = _client(worker_user).get(reverse("incentives:notice")).content.decode()
    assert "王小明" not in page
    assert "技师高级技师岗位补贴" in page


# --- Working-day calendar on the screens (issue 18 §4) -------------------------------------------

FALLBACK_NOTE = "2027 年法定节假日安排尚未公布，本期限暂按周一至周五计算工作日"


def test_claim_page_says_when_the_notice_deadline_was_counted_monday_to_friday(worker_user):
    from gongjiang.incentives.tests.factories import claim_in_notice

    claim = claim_in_notice(published(POST), worker_user.worker, notice_until=date(2027, 1, 4),
                            notice_assumed_years="2027")
    page = _client(worker_user).get(reverse("incentives:claim_detail", args=[claim.pk])).content.decode()
    assert "2027-01-04" in page
    assert FALLBACK_NOTE in page


def test_claim_page_has_no_calendar_note_for_a_deadline_counted_with_the_holidays(worker_user):
    from gongjiang.incentives.tests.factories import claim_in_notice

    claim = claim_in_notice(published(POST), worker_user.worker, notice_until=date(2025, 10, 13))
    page = _client(worker_user).get(reverse("incentives:claim_detail", args=[claim.pk])).content.decode()
    assert "2025-10-13" in page
    assert "尚未公布" not in page


def test_public_notice_page_marks_deadlines_counted_monday_to_friday(worker_user, enterprise_a):
    from gongjiang.incentives.tests.factories import claim_in_notice

    claim_in_notice(published(POST), front_line_welder(enterprise_a), notice_until=date(2027, 1, 4),
                    notice_assumed_years="2027")
    page = _client(worker_user).get(reverse("incentives:notice")).content.decode()
    assert "2027-01-04 *" in page
    assert "标 * 的公示截止日：" + FALLBACK_NOTE in page


def test_public_notice_page_in_english_translates_the_calendar_note(worker_user, enterprise_a):
    from gongjiang.incentives.tests.factories import claim_in_notice

    claim_in_notice(published(POST), front_line_welder(enterprise_a), notice_until=date(2027, 1, 4),
                    notice_assumed_years="2027")
    client = _client(worker_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("incentives:notice")).content.decode()
    assert "The 2027 statutory holiday arrangement has not been published yet" in page


def test_claims_api_carries_the_calendar_note(worker_user):
    from gongjiang.incentives.tests.factories import claim_in_notice

    claim_in_notice(published(POST), worker_user.worker, notice_until=date(2027, 1, 4), notice_assumed_years="2027")
    rows = _client(worker_user).get("/api/v1/incentives/claims").json()
    assert [(r["notice_until"], r["notice_calendar_note"]) for r in rows] == [("2027-01-04", FALLBACK_NOTE)]
