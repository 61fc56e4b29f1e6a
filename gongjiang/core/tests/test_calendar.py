"""Working days with statutory holidays and 调休 make-up days (issue 18 §4).

Expected dates are counted by hand from the State Council notices:
- 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）: 国庆节、中秋节
  10月1日（周三）至8日（周三）放假调休，共8天；9月28日（周日）、10月11日（周六）上班.
- 国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）: 春节 2月15日（周日）至23日（周一）
  放假调休，共9天；2月14日（周六）、2月28日（周六）上班.
- 2027: no arrangement in chinesecalendar 1.11 (it knows 2004–2026), so Monday–Friday is assumed.
"""

from datetime import date

from django.utils import translation

from gongjiang.core.calendar import (
    assumed_years_note,
    calendar_years_known,
    working_day_check,
    working_days_add,
)


def test_the_installed_calendar_knows_2025_and_2026_but_not_2027():
    # When a chinesecalendar release learns 2027, move the fallback tests below to the first
    # year it does not know, and check 2027's dates against that year's notice.
    known = calendar_years_known()
    assert 2025 in known
    assert 2026 in known
    assert 2027 not in known


def test_national_day_2025_holiday_and_make_up_saturday():
    assert working_day_check(date(2025, 10, 8)) == (False, True)   # Wednesday, holiday
    assert working_day_check(date(2025, 10, 11)) == (True, True)   # Saturday, make-up working day
    assert working_day_check(date(2025, 9, 28)) == (True, True)    # Sunday, make-up working day
    assert working_day_check(date(2025, 10, 12)) == (False, True)  # an ordinary Sunday


def test_a_7_working_day_notice_from_friday_26_september_2025_ends_on_13_october():
    # Fri 26 Sep approval; counted: Sun 28 Sep (make-up) 1, Mon 29 2, Tue 30 3, 1–8 Oct holiday,
    # Thu 9 Oct 4, Fri 10 5, Sat 11 Oct (make-up) 6, Mon 13 Oct 7. Monday–Friday alone would
    # have ended it on Tue 7 Oct, in the middle of the holiday.
    result = working_days_add(date(2025, 9, 26), 7)
    assert result.day == date(2025, 10, 13)
    assert result.fallback is False
    assert result.note == ""


def test_the_make_up_days_themselves_are_counted():
    assert working_days_add(date(2025, 9, 26), 1).day == date(2025, 9, 28)
    assert working_days_add(date(2025, 9, 26), 6).day == date(2025, 10, 11)


def test_a_7_working_day_notice_across_spring_festival_2026_ends_on_the_make_up_saturday():
    # Thu 12 Feb 2026; counted: Fri 13 1, Sat 14 (make-up) 2, 15–23 Feb holiday, Tue 24 3,
    # Wed 25 4, Thu 26 5, Fri 27 6, Sat 28 Feb (make-up) 7. Monday–Friday alone: Mon 23 Feb,
    # the last day of the holiday.
    result = working_days_add(date(2026, 2, 12), 7)
    assert result.day == date(2026, 2, 28)
    assert result.assumed_years == ()


def test_counting_back_skips_the_holiday_and_counts_the_make_up_sunday():
    # 4 working days before Thu 9 Oct 2025: Tue 30 Sep 1, Mon 29 2, Sun 28 (make-up) 3, Fri 26 Sep 4.
    assert working_days_add(date(2025, 10, 9), -4).day == date(2025, 9, 26)


def test_a_year_not_yet_published_is_counted_monday_to_friday_and_says_so():
    # Thu 24 Dec 2026 (2026 known, no holiday left): Fri 25 1, Mon 28 2, Tue 29 3, Wed 30 4,
    # Thu 31 5; 2027 unknown, so Fri 1 Jan 2027 counts 6 and Mon 4 Jan 7.
    result = working_days_add(date(2026, 12, 24), 7)
    assert result.day == date(2027, 1, 4)
    assert result.fallback is True
    assert result.assumed_years == (2027,)
    assert result.note == "2027 年法定节假日安排尚未公布，本期限暂按周一至周五计算工作日"


def test_a_period_wholly_in_an_unknown_year_is_plain_monday_to_friday():
    # Mon 1 Mar 2027 + 5: Tue 2, Wed 3, Thu 4, Fri 5, Mon 8 Mar.
    result = working_days_add(date(2027, 3, 1), 5)
    assert (result.day, result.assumed_years) == (date(2027, 3, 8), (2027,))
    assert working_day_check(date(2027, 3, 6)) == (False, False)  # Saturday, year unknown


def test_the_fallback_note_names_every_assumed_year_and_has_an_english_translation():
    assert assumed_years_note("2027,2028").startswith("2027、2028 年法定节假日安排尚未公布")
    assert assumed_years_note("") == ""
    with translation.override("en"):
        assert assumed_years_note((2027,)) == (
            "The 2027 statutory holiday arrangement has not been published yet: this deadline "
            "counts Monday to Friday as working days for now")


def test_working_days_until_a_deadline_skips_the_national_day_holiday():
    from gongjiang.core.calendar import working_days_until

    # 2025-09-30 (Tue) → 2025-10-10 (Fri): 1–8 October are holidays; 9, 10 October working days (11 Oct is a make-up day)
    assert working_days_until(date(2025, 9, 30), date(2025, 10, 10)).count == 2
    assert working_days_until(date(2025, 10, 10), date(2025, 10, 10)).count == 0
    # past: the working days since the deadline, the deadline itself not counted
    assert working_days_until(date(2025, 10, 10), date(2025, 9, 30)).count == -2


def test_a_deadline_passed_over_a_weekend_is_overdue_with_no_working_day_since():
    from gongjiang.core.calendar import working_days_until

    left = working_days_until(date(2025, 10, 18), date(2025, 10, 17))  # Saturday, deadline Friday
    assert left.overdue
    assert left.past == 0
    assert not left.due_today
    assert working_days_until(date(2025, 10, 17), date(2025, 10, 17)).due_today
