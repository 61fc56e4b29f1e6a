"""Each indicator's query on known records (ADR 0025): who counts where, what is counted when."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gongjiang.competitions.models import HonourProgramme, Nomination
from gongjiang.incentives.models import Policy
from gongjiang.incentives.tests.factories import ledger_payment
from gongjiang.indicators import queries, selectors
from gongjiang.indicators.models import AreaFigure
from gongjiang.reference.models import Division
from gongjiang.registry.models import TrainingRecord
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory, WorkerFactory

ON = date(2026, 6, 30)


@pytest.fixture
def world(dinghai, putuo, enterprise_a, enterprise_b):
    """A: Dinghai job, 高级工 since 2024. B: Putuo job, 初级工. C: no job, lives in Dinghai, 中级工
    issued in 2026. D: Dinghai job, no certificate. E: left a Dinghai job in 2025, lives in Putuo,
    技师 since 2020. F: a 2027 certificate (after the reference date)."""
    a = EmploymentFactory(enterprise=enterprise_a).worker
    CertificateFactory(worker=a, grade=4, issued_on=date(2024, 5, 1))
    b = EmploymentFactory(enterprise=enterprise_b).worker
    CertificateFactory(worker=b, grade=2, issued_on=date(2023, 5, 1))
    c = WorkerFactory(residence_district=dinghai)
    CertificateFactory(worker=c, grade=3, issued_on=date(2026, 3, 1))
    d = EmploymentFactory(enterprise=enterprise_a).worker
    e = EmploymentFactory(enterprise=enterprise_a, end_date=date(2025, 12, 31), worker__residence_district=putuo).worker
    CertificateFactory(worker=e, grade=5, issued_on=date(2020, 1, 1))
    f = EmploymentFactory(enterprise=enterprise_a).worker
    CertificateFactory(worker=f, grade=4, issued_on=date(2027, 1, 5))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def test_skilled_and_high_skilled_are_counted_where_people_work_else_where_they_live(world):
    found = queries.people(ON)
    assert found["330902"] == {"skilled": 2, "high": 1, "skilled_eve": 1, "high_eve": 1}  # A and C; C new in 2026
    assert found["330903"] == {"skilled": 2, "high": 1, "skilled_eve": 2, "high_eve": 1}  # B and E (moved out)


def test_employed_in_the_registry_counts_main_jobs_on_the_day(world):
    found = queries.employed_in_registry(ON)
    assert found == {"330902": 3, "330903": 1}  # A, D, F in Dinghai (E left); B in Putuo


def test_training_counts_completed_subsidised_records_as_person_times_and_persons(world):
    a = world["a"]
    for end in (date(2026, 3, 1), date(2026, 5, 1)):
        TrainingRecord.objects.create(worker=a, institution_name="甲", programme="焊工", start_date=end,
                                      end_date=end, completed=True, subsidised=True)
    TrainingRecord.objects.create(worker=a, institution_name="甲", programme="自费", start_date=ON, end_date=ON,
                                  completed=True, subsidised=False)
    TrainingRecord.objects.create(worker=world["d"], institution_name="甲", programme="焊工",
                                  start_date=date(2025, 3, 1), end_date=date(2025, 4, 1), completed=True, subsidised=True)
    TrainingRecord.objects.create(worker=world["d"], institution_name="甲", programme="未结业",
                                  start_date=date(2026, 3, 1), completed=False, subsidised=True)
    assert queries.training(ON)["330902"] == {2026: [2, 1], 2025: [1, 1]}


def test_certificates_are_counted_by_year_and_grade_up_to_the_day(world):
    found = queries.certificates(ON)
    assert found["330902"] == {2024: {4: 1}, 2026: {3: 1}}  # F's 2027 certificate is not yet issued
    assert found["330903"] == {2023: {2: 1}, 2020: {5: 1}}


def test_designations_count_awarded_enterprises_by_programme_area(world, bureau_admin, dinghai, enterprise_a,
                                                                  enterprise_b):
    programme = HonourProgramme.objects.get(title="“以技提薪”示范企业（2025年）")
    for enterprise, status, awarded in ((enterprise_a, "awarded", date(2025, 11, 1)),
                                        (enterprise_b, "awarded", date(2026, 4, 1)),
                                        (enterprise_b, "in_notice", None)):
        Nomination.objects.create(programme=programme, enterprise=enterprise, district=dinghai, status=status,
                                  nominated_by=bureau_admin, nominating_unit="区人社局", reason="示范",
                                  awarded_on=awarded)
    found = queries.designations(ON, {"pay_by_skill_enterprises": "以技提薪", "wealth_enterprises": "技能创富型企业"})
    assert found == {"330902": {"pay_by_skill_enterprises": [2, 1]}}


def test_subsidy_paid_is_the_ledger_net_by_policy_area_and_year(world):
    policy = Policy.objects.select_related("district").get(code="dinghai-2025-self-cert-reward")
    ledger_payment(policy, world["a"], "2026-01", date(2026, 1, 1), amount="500")
    ledger_payment(policy, world["d"], "2026-01", date(2026, 1, 1), amount="300.50")
    today = timezone.localdate()  # booked today (the ledger's time is when it was written)
    found = queries.subsidy(today)
    assert found[policy.district.code][today.year] == {policy.name: "800.50"}
    assert queries.subsidy(today - timedelta(days=1)) == {}


def test_middle_income_share_of_skilled_workers_comes_from_the_income_snapshot(settings, tmp_path):
    from gongjiang.income.tests.factories import snapshot_make

    settings.INCOME_DATA_DIR = str(tmp_path / "income")
    rows = [{"pay": 100_000, "grade": 4}] * 30 + [{"pay": 30_000, "grade": 2}] * 10 + [{"pay": 100_000, "grade": 0}] * 40
    snapshot_make(rows, year=2025)
    assert queries.middle_income(2026) == {"330902": [40, 30, 2025]}  # 2026 not built: the year before


def test_a_city_sums_its_districts_and_shares_are_worked_out_after_summing(world):
    AreaFigure.objects.create(kind="employed", area=Division.objects.get(code="330902"), year=2026, value=20)
    base = queries.base(ON)
    dinghai = {v.code: v for v in selectors.values_from_base(base, "330902")}
    city = {v.code: v for v in selectors.values_from_base(base, "330900")}
    assert dinghai["skilled_total"].value == 2
    assert dinghai["skilled_share"].value == Decimal("0.1")  # 2 of the 20 employed the bureau entered
    assert city["skilled_total"].value == 4
    assert city["high_skilled_share"].value == Decimal("0.5")  # (1 + 1) / (2 + 2), not an average of shares
    assert "人才库在职人数 4" in city["skilled_share"].note  # no city figure entered: the registry's 4 employed
    assert dinghai["new_certificates"].breakdown == [("中级工（四级）", 1)]
