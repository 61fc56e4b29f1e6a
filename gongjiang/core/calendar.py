"""Working days in mainland China (issue 18 §4): weekends, statutory holidays and the 调休
make-up working days that the State Council publishes each year (国务院办公厅关于 X 年部分节假日
安排的通知, usually in November for the next year).

Every deadline counted in working days goes through `working_days_add` — the 公示 (public notice) of
incentive claims today; the reporting and notice deadlines of training, evaluation and competitions
next. The arrangement comes from the `chinesecalendar` package (import `chinese_calendar`, ADR 0014),
which knows the years up to its release. For a year it does not know yet the count falls back to
Monday–Friday and the result says which years were assumed, so the screen that shows the deadline
can say so (`assumed_years_note`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from django.utils.translation import gettext as _


@cache
def calendar_years_known() -> range:
    """The years whose holiday arrangement the installed calendar package holds (2004–2026 for
    chinesecalendar 1.11)."""
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def working_day_check(day: date) -> tuple[bool, bool]:
    """(is a working day, the year's arrangement is known). For an unknown year: Monday–Friday."""
    if day.year in calendar_years_known():
        return chinese_calendar.is_workday(day), True
    return day.weekday() < 5, False


@dataclass(frozen=True)
class WorkingDays:
    """A date counted in working days, and the years counted Monday–Friday because their
    statutory holiday arrangement is not known yet (empty: the count is exact)."""

    day: date
    assumed_years: tuple[int, ...] = ()

    @property
    def fallback(self) -> bool:
        return bool(self.assumed_years)

    @property
    def note(self) -> str:
        """What a screen shows beside the date ("" when the count is exact)."""
        return assumed_years_note(self.assumed_years)


def working_days_add(start: date, days: int) -> WorkingDays:
    """The date `days` working days after `start` (`start` itself not counted; negative `days`
    count back). Saturdays and Sundays that are make-up working days count; statutory holidays
    and their 调休 rest days do not."""
    step = 1 if days >= 0 else -1
    current, left, assumed = start, abs(days), set()
    while left > 0:
        current += timedelta(days=step)
        working, known = working_day_check(current)
        if not known:
            assumed.add(current.year)
        if working:
            left -= 1
    return WorkingDays(current, tuple(sorted(assumed)))


def assumed_years_parse(years: tuple[int, ...] | list[int] | str) -> tuple[int, ...]:
    """Years as stored on a record ("2027" or "2027,2028") back to a tuple."""
    if isinstance(years, str):
        return tuple(int(y) for y in years.split(",") if y.strip())
    return tuple(years)


def assumed_years_note(years: tuple[int, ...] | list[int] | str) -> str:
    """The sentence shown beside a deadline that was counted Monday–Friday for `years`
    ("" when none were)."""
    years = assumed_years_parse(years)
    if not years:
        return ""
    return _("%(years)s 年法定节假日安排尚未公布，本期限暂按周一至周五计算工作日") % {
        "years": "、".join(str(y) for y in years)}


@dataclass(frozen=True)
class WorkingDaysLeft:
    """Working days from one day to a deadline: positive ahead, 0 on the day, negative when past;
    `assumed_years` as in `WorkingDays`."""

    count: int
    assumed_years: tuple[int, ...] = ()
    overdue: bool = False  # the deadline is before the day counted from
    due_today: bool = False

    @property
    def past(self) -> int:
        """Working days since a deadline that has passed (0 otherwise)."""
        return -self.count if self.count < 0 else 0

    @property
    def note(self) -> str:
        return assumed_years_note(self.assumed_years)


def working_days_until(start: date, deadline: date) -> WorkingDaysLeft:
    """How many working days after `start` up to and including `deadline` (a deadline today: 0;
    past: minus the working days since, the deadline itself not counted) — the home pages' "公示
    还剩 N 个工作日" and "报送期限已过 N 个工作日" (issue 16)."""
    if deadline < start:
        since = working_days_until(deadline, start)
        return WorkingDaysLeft(-since.count, since.assumed_years, overdue=True)
    current, count, assumed = start, 0, set()
    while current < deadline:
        current += timedelta(days=1)
        working, known = working_day_check(current)
        if not known:
            assumed.add(current.year)
        if working:
            count += 1
    return WorkingDaysLeft(count, tuple(sorted(assumed)), due_today=deadline == start)
