"""What clerks and citizens see on the incentive pages (issue 10 §8, §9, §10, §12, §18)."""

import re
from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongjiang.incentives.models import Claim, ClaimStatus, DecisionRun, PolicyDocument
from gongjiang.incentives.services import claim_review, monthly_run
from gongjiang.incentives.tests.factories import occupation, worker_with_decision
from gongjiang.registry.tests.factories import CertificateFactory

TRADITIONAL = re.compile(r"[發號辦滬門開專項補貼獎勵證書]")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_document_numbers_are_in_simplified_characters(db):
    numbers = list(PolicyDocument.objects.values_list("number", flat=True))
    assert "定政发〔2025〕4号" in numbers
    assert not [n for n in numbers if TRADITIONAL.search(n)]


def test_no_document_number_cell_holds_a_title(db):
    for document in PolicyDocument.objects.all():
        assert document.number != document.title
        assert "补贴" not in document.number, document.number


def test_bureau_staff_see_the_policies_of_their_area_and_others_on_request(bureau_staff):
    client = _client(bureau_staff)
    page = client.get(reverse("incentives:policy_list")).content.decode()
    assert "定海名匠奖励" in page
    assert "技能大师工作室区级配套激励" not in page  # a Huangpu policy
    assert "另有 1 项其他地区的政策" in page
    everywhere = client.get(reverse("incentives:policy_list"), {"area": "all"}).content.decode()
    assert "技能大师工作室区级配套激励" in everywhere


def test_a_worker_sees_the_policies_where_they_work(worker_user):
    page = _client(worker_user).get(reverse("incentives:policy_list")).content.decode()
    assert "技师高级技师岗位补贴" in page
    assert "技能大师工作室区级配套激励" not in page


def test_run_history_names_the_policy_of_each_run(bureau_staff):
    monthly_run(period_start=date(2025, 7, 1), today=date(2025, 8, 1))
    runs = DecisionRun.objects.filter(period_start=date(2025, 7, 1))
    assert runs.count() > 1
    assert all(r.version_id for r in runs)
    page = _client(bureau_staff).get(reverse("incentives:run_month")).content.decode()
    cells = re.findall(r'data-testid="run-policy">([^<]*)<', page)
    assert len(cells) == runs.count()
    assert any("技师高级技师岗位补贴" in c for c in cells)
    assert len(set(cells)) == len(cells)  # one row per policy, each named


def test_a_rejected_account_is_shown_beside_the_field_and_kept(worker_user):
    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    url = reverse("incentives:claim_action", args=[claim.pk, "confirm"])
    response = _client(worker_user).post(url, {"account": "6222 0212"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "收款账户应为 12–30 位数字" in page
    assert 'value="6222 0212"' in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_CONFIRMATION


def test_an_empty_account_gets_the_platforms_message_not_the_browsers(worker_user):
    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    detail = _client(worker_user).get(reverse("incentives:claim_detail", args=[claim.pk])).content.decode()
    form = detail.split('data-testid="confirm-form"')[0].rsplit("<form", 1)[1] + detail.split(
        'data-testid="confirm-form"')[1].split("</form>")[0]
    assert "novalidate" in form
    assert " required" not in form
    page = _client(worker_user).post(reverse("incentives:claim_action", args=[claim.pk, "confirm"]),
                                     {"account": ""}).content.decode()
    assert "请填写收款账户" in page


def test_the_first_reviewer_is_not_offered_the_second_review_and_is_told_why(worker_user, bureau_staff, bureau_admin):
    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    claim.status = ClaimStatus.SUBMITTED
    claim.save(update_fields=["status"])
    claim_review(actor=bureau_staff, claim=claim, approve=True)
    url = reverse("incentives:claim_detail", args=[claim.pk])
    first = _client(bureau_staff).get(url).content.decode()
    assert 'data-testid="review-form"' not in first
    assert "复审须由初审人以外的工作人员办理" in first
    second = _client(bureau_admin).get(url).content.decode()
    assert 'data-testid="review-form"' in second


def test_a_first_reviewer_posting_anyway_gets_a_message_not_a_403(worker_user, bureau_staff):
    worker_with_decision(worker_user)
    claim = Claim.objects.get(worker=worker_user.worker)
    claim.status = ClaimStatus.SUBMITTED
    claim.save(update_fields=["status"])
    claim_review(actor=bureau_staff, claim=claim, approve=True)
    response = _client(bureau_staff).post(reverse("incentives:claim_action", args=[claim.pk, "review"]),
                                          {"approve": "1"}, follow=True)
    assert response.status_code == 200
    assert "复审须由初审人以外的工作人员办理" in response.content.decode()


def test_a_worker_is_offered_the_application_and_applies(worker_user):
    issued = timezone.localdate() - timedelta(days=30)
    cert = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=issued, occupation=occupation())
    client = _client(worker_user)
    mine = client.get(reverse("incentives:mine")).content.decode()
    apply_url = reverse("incentives:claim_apply", args=["skill-upgrade-subsidy"])
    assert apply_url in mine
    form = client.get(apply_url)
    assert form.status_code == 200
    assert "参加失业保险满12个月" in form.content.decode()
    response = client.post(apply_url, {"certificate": cert.pk, "insured_months": "24",
                                       "account": "6222021234567890123", "documents": "证书扫描件"})
    claim = Claim.objects.get(worker=worker_user.worker, policy__code="skill-upgrade-subsidy")
    assert response.status_code == 302
    assert response["Location"] == reverse("incentives:claim_detail",
                                                                           args=[claim.pk])
    assert claim.status == ClaimStatus.SUBMITTED


def test_an_application_refused_names_the_conditions_and_keeps_the_input(worker_user):
    issued = timezone.localdate() - timedelta(days=30)
    cert = CertificateFactory(worker=worker_user.worker, grade=3, issued_on=issued, occupation=occupation())
    response = _client(worker_user).post(reverse("incentives:claim_apply", args=["skill-upgrade-subsidy"]),
                                         {"certificate": cert.pk, "insured_months": "6",
                                          "account": "6222021234567890123"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "参加失业保险满12个月" in page
    assert 'value="6"' in page
    assert not Claim.objects.filter(worker=worker_user.worker, policy__code="skill-upgrade-subsidy").exists()


def test_only_a_worker_is_offered_the_application(hr_a, bureau_staff):
    url = reverse("incentives:policy_detail", args=["skill-upgrade-subsidy"])
    apply_url = reverse("incentives:claim_apply", args=["skill-upgrade-subsidy"])
    for user in (hr_a, bureau_staff):
        assert apply_url not in _client(user).get(url).content.decode()
        assert _client(user).get(apply_url).status_code == 403


def test_the_what_if_names_districts_and_occupations_and_offers_parameters_by_label(bureau_staff, enterprise_a):
    from gongjiang.incentives.models import PolicyVersion
    from gongjiang.incentives.tests.factories import front_line_welder

    front_line_welder(enterprise_a, grade=5)
    client = _client(bureau_staff)
    client.post(reverse("incentives:version_draft", args=["dinghai-2025-post-subsidy"]))
    draft = PolicyVersion.objects.get(policy__code="dinghai-2025-post-subsidy", status="draft")
    url = reverse("incentives:version_detail", args=[draft.pk])
    client.post(url, {"p-name": "amount_technician", "p-value": "500", "p-effective_from": "2025-01-01",
                      "p-citation": "定海测试〔2025〕9号"})
    page = client.get(url, {"w-first": "2025-07-01", "w-last": "2025-07-31"}).content.decode()
    table = page.split('data-testid="whatif-summary"')[1]
    assert "<td>定海区</td>" in table
    assert "<td>330902</td>" not in table
    assert '<option value="amount_technician">技师岗位补贴标准</option>' in page


def test_the_drafter_is_told_why_approval_is_not_offered(bureau_staff):
    from gongjiang.incentives.models import PolicyVersion

    client = _client(bureau_staff)
    client.post(reverse("incentives:version_draft", args=["dinghai-2025-post-subsidy"]))
    draft = PolicyVersion.objects.get(policy__code="dinghai-2025-post-subsidy", status="draft")
    client.post(reverse("incentives:version_action", args=[draft.pk, "submit"]))
    page = client.get(reverse("incentives:version_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="approve-version"' not in page
    assert "须由另一位工作人员审批发布" in page
