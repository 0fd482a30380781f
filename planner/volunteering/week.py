"""The week view of the shift list: which week is asked for, its days, and the shifts of each day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel import Locale
from flask_babel import get_locale

from planner.volunteering.timezones import shift_day

WEEKS_AHEAD = 104  # two years of weeks can be paged through; further than that no programme plans


@dataclass(frozen=True)
class Week:
    """Seven days from `start` (the reader's locale's first day of the week)."""

    start: date
    is_current: bool

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range(7)]

    @property
    def previous(self) -> date | None:
        return None if self.is_current else self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)


def first_weekday() -> int:
    """0 for Monday … 6 for Sunday, as the reader's locale starts its weeks (CLDR, through Babel)."""
    return Locale.parse(str(get_locale() or "en")).first_week_day


def chosen_week(asked: str | None, today: date) -> tuple[Week, bool]:
    """The week holding the asked day (an ISO date), or this week; the flag is True when the asked day was
    unreadable or outside the weeks that can be shown (from this week to WEEKS_AHEAD weeks on)."""
    this_week = _week_start(today)
    if not asked:
        return Week(this_week, True), False
    try:
        start = _week_start(date.fromisoformat(asked.strip()[:10]))
    except ValueError:
        return Week(this_week, True), True
    if not this_week <= start <= this_week + timedelta(weeks=WEEKS_AHEAD):
        return Week(this_week, True), True
    return Week(start, start == this_week), False


def _week_start(day: date) -> date:
    return day - timedelta(days=(day.weekday() - first_weekday()) % 7)


def by_day(shifts) -> dict[date, list]:
    """The shifts grouped by the day they start on their own locality's clock, in the order given."""
    days: dict[date, list] = {}
    for shift in shifts:
        days.setdefault(shift_day(shift), []).append(shift)
    return days
