"""The ledger (issue 5 §4): append-only, corrections by reversal, and no second payment for the
same policy, subject and period — enforced by the database, also under concurrent approvals."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from gongjiang.core.errors import DomainError
from gongjiang.core.testing import ON_POSTGRES, race
from gongjiang.incentives.models import ClaimStatus, LedgerEntry, PaymentBatch
from gongjiang.incentives.services import claim_pay, claims_pay_due, ledger_reverse
from gongjiang.incentives.tests.factories import (
    claim_in_notice,
    front_line_welder,
    ledger_payment,
    policy,
    published,
)

POST = "dinghai-2025-post-subsidy"


def test_database_refuses_a_second_payment_for_the_same_period(enterprise_a):
    worker = front_line_welder(enterprise_a)
    ledger_payment(policy(POST), worker, "2025-07", date(2025, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ledger_payment(policy(POST), worker, "2025-07", date(2025, 7, 1))


def test_ledger_entries_cannot_be_edited(enterprise_a):
    entry = ledger_payment(policy(POST), front_line_welder(enterprise_a), "2025-07", date(2025, 7, 1))
    entry.amount = Decimal("1")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()


def test_correction_is_a_reversing_entry_that_nets_to_zero(enterprise_a, bureau_admin):
    entry = ledger_payment(policy(POST), front_line_welder(enterprise_a), "2025-07", date(2025, 7, 1))
    reversal = ledger_reverse(actor=bureau_admin, entry=entry, reason="误发：岗位非一线")
    assert (reversal.kind, reversal.amount, reversal.reverses_id) == ("reversal", Decimal("-400"), entry.pk)
    assert sum(e.amount for e in LedgerEntry.objects.filter(subject_key=entry.subject_key)) == 0


def test_a_payment_is_reversed_at_most_once(enterprise_a, bureau_admin):
    entry = ledger_payment(policy(POST), front_line_welder(enterprise_a), "2025-07", date(2025, 7, 1))
    ledger_reverse(actor=bureau_admin, entry=entry, reason="误发")
    with pytest.raises(DomainError, match="已冲正"):
        ledger_reverse(actor=bureau_admin, entry=entry, reason="再次")


def test_after_a_reversal_the_period_can_be_paid_again_once(enterprise_a, bureau_admin):
    worker = front_line_welder(enterprise_a)
    entry = ledger_payment(policy(POST), worker, "2025-07", date(2025, 7, 1))
    ledger_reverse(actor=bureau_admin, entry=entry, reason="金额有误")
    ledger_payment(policy(POST), worker, "2025-07", date(2025, 7, 1), "400", attempt=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ledger_payment(policy(POST), worker, "2025-07", date(2025, 7, 1), "400", attempt=1)


def test_paying_the_same_claim_twice_writes_one_entry(enterprise_a):
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a))
    claims_pay_due(today=date(2025, 9, 1))
    batch = PaymentBatch.objects.create()
    claim.status = ClaimStatus.PAYABLE  # as if a stale screen still offered it
    assert claim_pay(claim=claim, batch=batch) is None
    assert LedgerEntry.objects.filter(claim=claim).count() == 1


@pytest.mark.django_db(transaction=ON_POSTGRES, serialized_rollback=ON_POSTGRES)
def test_two_concurrent_approvals_produce_one_payment(enterprise_a):
    # given one claim whose notice has ended, and two payment batches opened by two officers
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a))
    batches = [PaymentBatch.objects.create(), PaymentBatch.objects.create()]
    if ON_POSTGRES:
        # when both pay it at the same moment on two connections
        results = race(lambda i: claim_pay(claim=claim, batch=batches[i]))
    else:
        # SQLite serialises writers: the same two approvals, one after the other
        results = [claim_pay(claim=claim, batch=batches[0]), claim_pay(claim=claim, batch=batches[1])]
    # then exactly one payment exists
    assert sum(isinstance(r, LedgerEntry) for r in results) == 1
    assert LedgerEntry.objects.filter(claim=claim, kind="payment").count() == 1


@pytest.mark.django_db(transaction=ON_POSTGRES, serialized_rollback=ON_POSTGRES)
def test_two_concurrent_inserts_of_the_same_payment_are_stopped_by_the_database(enterprise_a):
    # given two writers that bypass every check in Python and insert the same payment
    worker = front_line_welder(enterprise_a)
    post = policy(POST)

    def insert(i):
        with transaction.atomic():
            return ledger_payment(post, worker, "2025-07", date(2025, 7, 1))

    if ON_POSTGRES:
        results = race(insert)
    else:
        results = []
        for i in range(2):
            try:
                results.append(insert(i))
            except IntegrityError as exc:
                results.append(exc)
    # then the unique constraint lets exactly one through
    assert sorted(type(r).__name__ for r in results) == ["IntegrityError", "LedgerEntry"]
    assert LedgerEntry.objects.filter(worker=worker).count() == 1


@pytest.mark.django_db(transaction=ON_POSTGRES, serialized_rollback=ON_POSTGRES)
def test_two_concurrent_payment_runs_pay_a_claim_once(enterprise_a):
    # given one claim past its notice, and two officers generating payment batches at once
    claim = claim_in_notice(published(POST), front_line_welder(enterprise_a))
    if ON_POSTGRES:
        results = race(lambda i: claims_pay_due(today=date(2025, 9, 1)))
    else:
        results = [claims_pay_due(today=date(2025, 9, 1)), claims_pay_due(today=date(2025, 9, 1))]
    # then one batch holds the payment, the other has nothing to pay
    assert sorted(getattr(r, "lines", 0) for r in results) == [0, 1]
    assert LedgerEntry.objects.filter(claim=claim, kind="payment").count() == 1
