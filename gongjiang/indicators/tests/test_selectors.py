"""Progress against the calendar and the ranking (ADR 0025)."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.indicators import selectors
from gongjiang.indicators.catalogue import BY_CODE
from gongjiang.indicators.models import Target
from gongjiang.reference.models import Division


def _value(code, value, start=None):
    return selectors.IndicatorValue(BY_CODE[code], "330902", date(2026, 7, 2), Decimal(value),
                                    start_value=None if start is None else Decimal(start))


def _target(code, year, value, **kw):
    return Target(indicator=code, area=Division.objects.get(code="330902"), year=year, value=Decimal(value),
                  document="定政發〔2025〕4號", clause="一", **kw)


@pytest.mark.django_db
def test_a_flow_target_expects_its_share_of_the_year_gone_by():
    # 2 July 2026 is day 183 of 365: 5,000 person-times a year expect 2,507 by then.
    row = selectors.progress_of(_target("training_person_times", 2026, 5000), _value("training_person_times", 2000),
                                date(2026, 7, 2))
    assert row.elapsed == Decimal("0.5014")
    assert row.expected == Decimal("2507.0000")
    assert row.status == "behind"
    assert row.gap_to_expected == Decimal("507.0000")
    assert row.gap_to_target == Decimal(3000)


@pytest.mark.django_db
def test_a_stock_target_starts_from_the_previous_years_target_when_there_is_one():
    previous = _target("skilled_total", 2025, 111000)
    row = selectors.progress_of(_target("skilled_total", 2026, 112700), _value("skilled_total", 112000, start=90000),
                                date(2026, 7, 2), previous=previous)
    assert row.start_value == Decimal(111000)
    assert row.expected == Decimal(111000) + Decimal(1700) * Decimal("0.5014")
    assert row.status == "on_track"


@pytest.mark.django_db
def test_without_a_previous_target_a_stock_starts_from_last_years_actual():
    row = selectors.progress_of(_target("skilled_total", 2026, 112700), _value("skilled_total", 100000, start=90000),
                                date(2026, 7, 2))
    assert row.start_value == Decimal(90000)
    assert row.status == "behind"


@pytest.mark.django_db
def test_a_share_target_entered_as_a_percentage_is_compared_as_a_ratio_and_above_means_strictly_above():
    target = _target("high_skilled_share", 2025, 36, comparison="gt")
    assert selectors.progress_of(target, _value("high_skilled_share", "0.36"), date(2025, 12, 31)).status == "missed"
    assert selectors.progress_of(target, _value("high_skilled_share", "0.3601"), date(2025, 12, 31)).status == "done"


@pytest.mark.django_db
def test_a_target_checked_at_year_end_is_not_behind_before_it():
    row = selectors.progress_of(_target("skill_villages", 2026, 4, path="year_end"), _value("skill_villages", 1, 1),
                                date(2026, 7, 2))
    assert row.expected is None
    assert row.status == "on_track"


@pytest.mark.django_db
def test_no_data_is_not_taken_for_zero():
    row = selectors.progress_of(_target("skill_villages", 2026, 4), None, date(2026, 7, 2))
    assert row.status == "no_data"
    assert row.completion is None


def _base(on, people):
    return {"on": on.isoformat(), "people": people, "employed_registry": {}, "training": {}, "certificates": {},
            "designations": {}, "subsidy": {}, "middle_income": {}, "figures": {}}


@pytest.mark.django_db
def test_the_ranking_puts_the_unit_furthest_along_first():
    on = date(2031, 7, 2)
    for code, value in (("330902", 100), ("330903", 10)):
        Target.objects.create(indicator="skilled_total", area=Division.objects.get(code=code), year=2031,
                              value=Decimal(value), document="文", clause="一")
    base = _base(on, {"330902": {"skilled": 50, "high": 0, "skilled_eve": 40, "high_eve": 0},
                      "330903": {"skilled": 9, "high": 0, "skilled_eve": 1, "high_eve": 0}})
    units = selectors.ranking("skilled_total", 2031, on, base=base)
    assert [(u.rank, u.code) for u in units] == [(1, "330903"), (2, "330902")]
    assert units[0].progress.completion == Decimal("0.9")


@pytest.mark.django_db
def test_the_shipped_targets_cite_their_document_and_clause():
    dinghai = Target.objects.filter(area__code="330902", year=2026, enterprise__isnull=True)
    assert dinghai.get(indicator="skilled_total").value == 112700
    assert dinghai.get(indicator="high_skilled_share").value == Decimal("36.5")
    assert dinghai.get(indicator="high_skilled_total").document == "定政發〔2025〕4號"
    assert Target.objects.get(area__code="330902", year=2025, indicator="pay_by_skill_enterprises").value == 30
    shanghai = Target.objects.get(area__code="310000", year=2024, indicator="training_person_times")
    assert shanghai.value == 800000
    assert shanghai.clause == "一(一)"
    huangpu = Target.objects.get(area__code="310101", indicator="new_high_certificates")
    assert (huangpu.from_year, huangpu.year, huangpu.value) == (2018, 2020, 5000)


@pytest.mark.django_db
def test_progress_of_an_area_reads_its_targets_with_a_cumulative_flow_over_its_years():
    on = date(2020, 12, 31)
    base = _base(on, {})
    base["certificates"] = {"310101": {"2018": {"4": 1000}, "2019": {"5": 1500}, "2020": {"4": 1000, "2": 99}},
                            "310104": {"2020": {"4": 7}}}
    rows = selectors.progress("310101", 2020, on, base=base)
    row = next(r for r in rows if r.indicator.code == "new_high_certificates")
    assert row.actual == 3500
    assert row.status == "missed"


def test_actions_today_count_claims_whose_notice_ends_within_three_days(bureau_admin, employee_a, employee_b):
    from datetime import timedelta

    from django.utils import timezone

    from gongjiang.incentives.tests.factories import claim_in_notice, published

    today = timezone.localdate()
    version = published("skill-upgrade-subsidy")
    claim_in_notice(version, employee_a, period="2026-01", notice_until=today + timedelta(days=2))
    claim_in_notice(version, employee_b, period="2026-01", notice_until=today + timedelta(days=10))
    items = {str(i.label): i.count for i in selectors.actions_today(actor=bureau_admin, today=today)}
    assert items["三日内公示期满的享受事项"] == 1
    assert items["待初审的享受事项"] == 0
