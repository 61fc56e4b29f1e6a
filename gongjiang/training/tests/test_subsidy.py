"""Training subsidies in the incentives engine (issue 12; ADR 0009, 0022): paid to the person or
the institution as the policy's subject says, the uplift when the trainee then certifies in a
shortage occupation, and the claw-back of a paid subsidy when supervision confirms fraud —
through the ledger's reversal, never an edit."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gongjiang.incentives.models import Claim, ClaimStatus, Decision, LedgerEntry, Policy
from gongjiang.incentives.services import claims_pay_due
from gongjiang.incentives.services.runs import decisions_record
from gongjiang.incentives.tests.factories import published
from gongjiang.registry.models import Enterprise
from gongjiang.registry.tests.factories import CertificateFactory, WorkerFactory, occupation
from gongjiang.training import services, supervision
from gongjiang.training.models import Finding, FindingStatus, Rule
from gongjiang.training.tests.factories import aware

pytestmark = pytest.mark.django_db
SUBSIDY = "dinghai-2025-training-subsidy"
UPLIFT = "dinghai-2025-training-shortage-uplift"


@pytest.fixture
def completed(trainer, approved_class, institution):
    """Two trainees of the approved class (焊工, standard 1,800 yuan) who attended every session
    and passed, completed on 2025-03-07; the institution has its payee unit."""
    institution.payee = Enterprise.objects.create(uscc=institution.uscc, name=institution.name,
                                                  district=institution.district)
    institution.save(update_fields=["payee"])
    people = [WorkerFactory(name=name) for name in ("钱一", "孙二")]
    for person in people:
        enrolment = services.trainee_enrol(actor=trainer, training_class=approved_class,
                                           id_number=person.id_number_plain(), name=person.name)
        for d in range(5):
            day = approved_class.start_date + timedelta(days=d)
            for a, b in ((8, 12), (13, 17)):
                services.checkin_record(actor=trainer, enrolment=enrolment,
                                        checked_in_at=aware(day.year, day.month, day.day, a),
                                        checked_out_at=aware(day.year, day.month, day.day, b))
    services.class_complete(actor=trainer, training_class=approved_class, completed_on=date(2025, 3, 7),
                            passed_ids=set(approved_class.enrolments.values_list("pk", flat=True)))
    return people


def _pay(policy_code: str, today: date = date(2025, 6, 1)):
    """Confirmed, reviewed and out of notice (the workflow's steps are tested in incentives), then
    paid through the real batch."""
    Claim.objects.filter(policy__code=policy_code, status=ClaimStatus.AWAITING_CONFIRMATION).update(
        status=ClaimStatus.PAYABLE)
    return claims_pay_due(today=today)


def test_the_subsidy_is_paid_to_the_trainee_when_the_policy_pays_persons(completed):
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    claims = {c.worker.name: (c.amount, c.enterprise_id, c.period) for c in
              Claim.objects.filter(policy__code=SUBSIDY).select_related("worker")}
    assert {name: amount for name, (amount, _e, _p) in claims.items()} == {"钱一": Decimal("1800.00"),
                                                                          "孙二": Decimal("1800.00")}
    assert {e for _a, e, _p in claims.values()} == {None}


def test_the_subsidy_is_paid_to_the_institution_when_the_policy_pays_units(completed, institution):
    Policy.objects.filter(code=SUBSIDY).update(subject_kind="enterprise")
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    claims = list(Claim.objects.filter(policy__code=SUBSIDY))
    assert [(c.enterprise_id, c.worker_id, c.amount) for c in claims] == [
        (institution.payee_id, None, Decimal("1800.00"))] * 2
    # one period per enrolment: the institution is paid once for each trainee, never twice
    assert len({c.period for c in claims}) == 2
    batch = _pay(SUBSIDY)
    assert (batch.lines, batch.total) == (2, Decimal("3600.00"))
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    assert LedgerEntry.objects.filter(policy__code=SUBSIDY, kind="payment").count() == 2


def test_an_institution_without_a_payee_unit_is_not_a_candidate_of_a_unit_paying_policy(completed, institution):
    institution.payee = None
    institution.save(update_fields=["payee"])
    Policy.objects.filter(code=SUBSIDY).update(subject_kind="enterprise")
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    assert not Decision.objects.filter(policy__code=SUBSIDY).exists()


def test_admitting_an_institution_registers_its_payee_unit(bureau_admin, dinghai):
    from gongjiang.registry.tests.factories import uscc_make

    code = uscc_make()
    institution = services.institution_admit(
        actor=bureau_admin, name="东港培训学校", uscc=code, kind="for_profit", licence_number="许可009",
        district=dinghai, scope=[occupation()], admitted_on=date(2025, 1, 2))
    assert (institution.payee.uscc, institution.payee.name) == (code, "东港培训学校")


def _shortage(codes: list[str], dinghai):
    from gongjiang.demand.models import ShortageCatalogue, ShortageOccupation
    from gongjiang.reference.models import Occupation

    catalogue = ShortageCatalogue.objects.create(area=dinghai, year=2025, title="定海区急需紧缺职业目录（测试）",
                                                 source="测试", valid_from=date(2025, 1, 1))
    for code in codes:
        ShortageOccupation.objects.create(catalogue=catalogue, occupation=Occupation.objects.get(code=code))


def test_certifying_afterwards_in_a_shortage_occupation_pays_the_uplift_once(completed, dinghai, programme):
    _shortage([programme.occupation.code], dinghai)
    first, second = completed
    CertificateFactory(worker=first, occupation=programme.occupation, grade=4, issued_on=date(2025, 4, 20))
    CertificateFactory(worker=second, occupation=programme.occupation, grade=4, issued_on=date(2025, 3, 1))  # before
    decisions_record(version=published(UPLIFT), period_start=date(2025, 4, 1))
    decisions_record(version=published(UPLIFT), period_start=date(2025, 3, 1))
    claims = [(c.worker_id, c.amount, c.period_start) for c in Claim.objects.filter(policy__code=UPLIFT)]
    assert claims == [(first.pk, Decimal("360.00"), date(2025, 4, 1))]  # 1,800 × 20 %
    decision = Decision.objects.get(policy__code=UPLIFT)
    assert {c["fact"]: c["actual"] for c in decision.explanation["conditions"]}["days_after_completion"] == 44
    # a second certificate in a later month is no second uplift for the same training
    CertificateFactory(worker=first, occupation=programme.occupation, grade=3, issued_on=date(2025, 5, 9))
    decisions_record(version=published(UPLIFT), period_start=date(2025, 5, 1))
    assert Claim.objects.filter(policy__code=UPLIFT).count() == 1


def test_a_certificate_outside_the_shortage_catalogue_gets_no_uplift(completed, dinghai, programme):
    from gongjiang.reference.models import Occupation

    other = Occupation.objects.filter(level=4).exclude(code=programme.occupation.code).first()
    _shortage([other.code], dinghai)
    CertificateFactory(worker=completed[0], occupation=programme.occupation, grade=4, issued_on=date(2025, 4, 20))
    decisions_record(version=published(UPLIFT), period_start=date(2025, 4, 1))
    decision = Decision.objects.get(policy__code=UPLIFT)
    assert not decision.eligible
    assert not Claim.objects.filter(policy__code=UPLIFT).exists()
    failed = [c["fact"] for c in decision.explanation["conditions"] if not c["passed"]]
    assert failed == ["occupation_in_shortage_catalogue"]


def _clicked_finding(approved_class, enrolments, bureau_admin):
    finding = Finding.objects.create(rule=Rule.IDENTICAL_SEQUENCE, key=f"test:{approved_class.pk}",
                                     institution=approved_class.institution, training_class=approved_class,
                                     reason="签到时间序列完全相同", evidence=[])
    finding.enrolments.set(enrolments)
    return finding


def test_confirming_fraud_reverses_the_paid_subsidy_and_uplift_through_the_ledger(completed, approved_class,
                                                                                   bureau_admin, dinghai, programme):
    _shortage([programme.occupation.code], dinghai)
    first, second = completed
    CertificateFactory(worker=first, occupation=programme.occupation, grade=4, issued_on=date(2025, 4, 20))
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    decisions_record(version=published(UPLIFT), period_start=date(2025, 4, 1))
    _pay(SUBSIDY)
    _pay(UPLIFT)
    assert LedgerEntry.objects.filter(kind="payment").count() == 3
    cheat = approved_class.enrolments.get(worker=first)
    finding = _clicked_finding(approved_class, [cheat], bureau_admin)
    reviewed = supervision.finding_review(actor=bureau_admin, finding=finding, status=FindingStatus.CONFIRMED,
                                          outcome="调取录像：本人未到场")
    assert reviewed.claw_back == {"reversed": 2, "amount": "2160.00", "stopped": 0}
    reversals = LedgerEntry.objects.filter(kind="reversal").order_by("id")
    assert [(r.worker_id, r.amount, r.reverses.period) for r in reversals] == [
        (first.pk, Decimal("-1800.00"), f"training:{cheat.pk}"),
        (first.pk, Decimal("-360.00"), f"training-uplift:{cheat.pk}")]
    assert "经核查确认违规" in reversals[0].reason
    # the honest trainee's payment stands; a rerun pays the cheat nothing again
    assert LedgerEntry.objects.filter(worker=second, kind="reversal").count() == 0
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    _pay(SUBSIDY, today=date(2025, 7, 1))
    net = sum(LedgerEntry.objects.filter(worker=first).values_list("amount", flat=True))
    assert net == Decimal("0")
    assert first.pk not in set(Claim.objects.filter(policy__code=SUBSIDY, status=ClaimStatus.PAYABLE)
                               .values_list("worker_id", flat=True))


def test_confirming_fraud_before_payment_stops_the_open_claim(completed, approved_class, bureau_admin):
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    cheat = approved_class.enrolments.get(worker=completed[0])
    finding = _clicked_finding(approved_class, [cheat], bureau_admin)
    reviewed = supervision.finding_review(actor=bureau_admin, finding=finding, status=FindingStatus.CONFIRMED,
                                          outcome="本人未到场")
    assert reviewed.claw_back == {"reversed": 0, "amount": "0", "stopped": 1}
    claim = Claim.objects.get(policy__code=SUBSIDY, worker=completed[0])
    assert claim.status == ClaimStatus.REJECTED
    assert claim.events.filter(action="reject").exists()
    batch = _pay(SUBSIDY)
    assert (batch.lines, batch.total) == (1, Decimal("1800.00"))
    assert not LedgerEntry.objects.filter(worker=completed[0]).exists()


def test_clearing_a_finding_reverses_nothing(completed, approved_class, bureau_admin):
    decisions_record(version=published(SUBSIDY), period_start=date(2025, 3, 1))
    _pay(SUBSIDY)
    finding = _clicked_finding(approved_class, list(approved_class.enrolments.all()), bureau_admin)
    supervision.finding_review(actor=bureau_admin, finding=finding, status=FindingStatus.CLEARED,
                               outcome="核对录像，确系本人")
    assert not LedgerEntry.objects.filter(kind="reversal").exists()
