"""Performance evaluation of funded programmes (`000` 三(四)2; R8.1; ADR 0033 §Performance): money
the ledger paid per policy and year against the certificates and promotions that followed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongjiang.audit.models import AuditEvent
from gongjiang.incentives.tests.factories import ledger_payment, policy
from gongjiang.indicators import performance
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

pytestmark = pytest.mark.django_db
POST = "dinghai-2025-post-subsidy"


@pytest.fixture
def paid(enterprise_a):
    """Three workers the Dinghai post subsidy paid 400 yuan this year, all 高级工 for three years:
    A then certified as 技师 (certified and promoted), B certified again at the same grade
    (certified, not promoted), C nothing after the payment. One of B's payments reversed."""
    today = timezone.localdate()
    post = policy(POST)
    workers = [EmploymentFactory(enterprise=enterprise_a).worker for _ in range(3)]
    for w in workers:
        CertificateFactory(worker=w, grade=4, issued_on=date(today.year - 3, 1, 1))
    entries = [ledger_payment(post, w, f"{today.year}-01", date(today.year, 1, 1)) for w in workers]
    b_second = ledger_payment(post, workers[1], f"{today.year}-02", date(today.year, 2, 1))
    from gongjiang.incentives.models import LedgerEntry

    LedgerEntry.objects.create(policy=post, subject_key=b_second.subject_key, worker=workers[1], period=b_second.period,
                               period_start=b_second.period_start, kind="reversal", amount=Decimal("-400"),
                               reverses=b_second)
    after = entries[0].recorded_at.date() + timedelta(days=1)
    CertificateFactory(worker=workers[0], grade=5, issued_on=after)
    CertificateFactory(worker=workers[1], grade=4, issued_on=after)
    return {"policy": post, "year": today.year}


def test_money_paid_is_set_against_the_certificates_and_promotions_that_followed(paid, bureau_staff):
    rows = performance.performance(actor=bureau_staff, year=paid["year"])
    row = next(r for r in rows if r.policy_code == POST)
    assert row.paid == Decimal("1200.00")  # 4 payments of 400, one reversed
    assert (row.people, row.enterprises) == (3, 0)
    assert row.certified_after == 2
    assert row.promoted_after == 1
    assert row.money_per_certificate == Decimal("600.00")
    assert row.certified_share == Decimal("0.6667")


def test_a_district_clerk_sees_only_the_policies_of_their_area(paid, client, putuo):
    from gongjiang.accounts.models import Role, User

    other = User.objects.create_user(username="putuo_clerk", password="x", role=Role.BUREAU_STAFF, district=putuo)
    assert performance.performance(actor=other, year=paid["year"]) == []


def test_the_page_shows_the_rows_and_the_export_is_recorded(paid, client, bureau_staff):
    client.force_login(bureau_staff)
    page = client.get(reverse("indicators:performance"), {"year": paid["year"]}).content.decode()
    assert "1,200.00 元" in page or "1200.00 元" in page
    response = client.get(reverse("indicators:performance_export", args=["xlsx"]), {"year": paid["year"]})
    assert response.status_code == 200
    import io

    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content),
                              read_only=True).active.iter_rows(values_only=True))
    header = list(rows[0])
    found = next(r for r in rows[1:] if r[header.index("政策代码")] == POST)
    assert found[header.index("此后取得证书人数")] == 2
    assert AuditEvent.objects.filter(object_type="indicator_performance", actor=bureau_staff).exists()


def test_without_income_panels_the_pay_effect_says_why(paid, client, bureau_staff):
    client.force_login(bureau_staff)
    page = client.get(reverse("indicators:performance"),
                      {"year": paid["year"], "effect": paid["policy"].pk}).content.decode()
    assert 'data-testid="effect-none"' in page
    assert "暂不能估计收入效果" in page
