"""The demo district reproduces the published figures within 5% (issue 6 §7; demo.py cites sources)."""

from collections import defaultdict

import numpy as np
import pytest

from gongjiang.income import demo
from gongjiang.income.models import IncomeRecord
from gongjiang.income.services import income_demo_load
from gongjiang.income.store import snapshot_load
from gongjiang.reference.grades import Grade
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory

PUBLISHED_GRADES = list(demo.MEDIAN_2020)


def _specs(n=4000, seed=11):
    """A district like Huangpu: 48.7% of employees skilled (`000` 一(二)), grades as a pyramid."""
    rng = np.random.default_rng(seed)
    specs = []
    for worker in range(n):
        skilled = rng.random() < 0.487
        grade = int(rng.choice(PUBLISHED_GRADES, p=[0.3, 0.3, 0.25, 0.1, 0.05])) if skilled else 0
        occupation = "6-18-01-01" if skilled else str(rng.choice(["1-06-01-00", "2-02-07-01", "4-01-02-01"]))
        for year in demo.YEARS:
            upgraded = grade and year >= 2022 and worker % 7 == 0 and grade < Grade.SENIOR_TECHNICIAN
            specs.append(demo.WorkerSpec(worker, year, worker % 50, grade + (1 if upgraded else 0), occupation,
                                         front_line=skilled))
    return specs


@pytest.fixture(scope="module")
def generated():
    specs = _specs()
    return specs, demo.annual_pay(specs, seed=7)


@pytest.mark.parametrize("grade", PUBLISHED_GRADES)
def test_2020_median_by_grade_is_within_5_percent_of_shanghai(generated, grade):
    specs, pay = generated
    values = [pay[(s.worker_id, 2020)][0] / 100 for s in specs if s.year == 2020 and s.grade == grade]
    assert np.median(values) == pytest.approx(demo.MEDIAN_2020[grade], rel=0.05)


@pytest.mark.parametrize("grade", PUBLISHED_GRADES)
def test_2020_p90_by_grade_is_within_5_percent_of_shanghai(generated, grade):
    specs, pay = generated
    values = [pay[(s.worker_id, 2020)][0] / 100 for s in specs if s.year == 2020 and s.grade == grade]
    assert np.quantile(values, 0.9) == pytest.approx(demo.P90_2020[grade], rel=0.05)


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_all_employee_average_monthly_wage_follows_shanghai(generated, year):
    specs, pay = generated
    values = [pay[(s.worker_id, year)][0] / 100 / 12 for s in specs if s.year == year]
    assert np.mean(values) == pytest.approx(demo.AVERAGE_MONTHLY[year], rel=0.05)


def test_the_same_seed_gives_the_same_incomes():
    specs = _specs(n=200)
    assert demo.annual_pay(specs, seed=3) == demo.annual_pay(specs, seed=3)


def test_monthly_split_adds_up_to_the_year_with_the_bonus_in_december():
    months = demo.monthly_split(1_234_567, 45_678, 200_001)
    assert sum(m[0] for m in months) == 1_234_567
    assert sum(m[1] for m in months) == 45_678
    assert months[11][2] == 200_001


def test_demo_load_writes_monthly_records_and_snapshots_for_registry_workers(enterprise_a):
    workers = defaultdict(list)
    for i in range(6):
        employment = EmploymentFactory(enterprise=enterprise_a)
        if i % 2:
            CertificateFactory(worker=employment.worker, grade=3)
        workers["all"].append(employment.worker)
    written = income_demo_load(years=(2023, 2024), seed=1)
    assert written == {2023: 72, 2024: 72}
    assert IncomeRecord.objects.count() == 144
    assert len(snapshot_load(2024)) == 6


def test_demo_load_again_replaces_rather_than_duplicates(enterprise_a):
    EmploymentFactory(enterprise=enterprise_a)
    income_demo_load(years=(2024,), seed=1)
    income_demo_load(years=(2024,), seed=1)
    assert IncomeRecord.objects.count() == 12


def test_a_handful_of_senior_technicians_still_hits_the_published_p90():
    specs = [demo.WorkerSpec(i, 2020, 1, Grade.SENIOR_TECHNICIAN, "6-18-01-01", True) for i in range(5)]
    pay = demo.annual_pay(specs, seed=2)
    values = [pay[(i, 2020)][0] / 100 for i in range(5)]
    assert np.quantile(values, 0.9) == pytest.approx(347_400, rel=0.001)
    assert np.median(values) == pytest.approx(187_000, rel=0.001)


def test_demo_district_in_the_database_reproduces_the_published_figures(enterprise_a):
    """End to end: registry workers → income_demo_load → snapshot → the publication statistics."""
    from datetime import date

    from gongjiang.income.analysis import wage_table

    for i in range(24):
        employment = EmploymentFactory(enterprise=enterprise_a, start_date=date(2019, 1, 1))
        if i < 14:
            CertificateFactory(worker=employment.worker, grade=Grade.INTERMEDIATE, issued_on=date(2019, 5, 1))
    income_demo_load(years=(2020, 2021), seed=5)
    snap = snapshot_load(2020)
    pay = snap.columns["pay"][snap.columns["grade"] == Grade.INTERMEDIATE] / 100
    assert np.median(pay) == pytest.approx(117_600, rel=0.05)
    assert np.quantile(pay, 0.9) == pytest.approx(205_800, rel=0.05)
    table = wage_table(snap)
    cell = next(i for i in range(len(table)) if table.grade[i] == Grade.INTERMEDIATE and not table.is_total[i])
    assert table.quantiles[cell][2] / 100 == pytest.approx(117_600, rel=0.05)
    monthly_2021 = snapshot_load(2021).columns["pay"].mean() / 100 / 12
    assert monthly_2021 == pytest.approx(11_396, rel=0.05)
