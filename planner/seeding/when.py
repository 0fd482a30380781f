"""Dates in the seed files, written relative to the day the data is loaded, so the demo never ages.

The forms (the load day is the UTC date of the loader's clock, `planner.clock.utcnow`):

- a day: `today`, `tomorrow`, `yesterday`, `next Saturday`, `last Monday`, `in 3 days`,
  `2 weeks ago`, `in 4 months`, optionally shifted: `next Saturday + 2 weeks`, `today - 10 days`;
- a time of day added to any of these: `next Saturday at 10:00`, `5 days ago at 17:30`;
- a fiscal year: `this year`, `next year`, `last year`;
- a moment within the current fiscal year so far: `40% of this year so far` (January 1st plus that
  share of the time since; a list of such moments keeps its order on any day).

Plain ISO dates (`"2026-12-05"`) and whole years stay valid for facts that do not move.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NAMED_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
UNITS = {"day": "days", "week": "weeks", "month": "months"}
_UNIT = r"(day|week|month)s?"
_COUNT = r"([1-9][0-9]{0,2})"

_ANCHOR = rf"(?P<named>today|tomorrow|yesterday)|(?P<direction>next|last) (?P<weekday>{'|'.join(WEEKDAYS)})"
_SHIFT = rf"(?: (?P<sign>[+-]) (?P<count>{_COUNT[1:-1]}) (?P<unit>{_UNIT}))?"
_IN = rf"in (?P<in_count>{_COUNT[1:-1]}) (?P<in_unit>{_UNIT})"
_AGO = rf"(?P<ago_count>{_COUNT[1:-1]}) (?P<ago_unit>{_UNIT}) ago"
_AT = r"(?: at (?P<hour>[0-2][0-9]):(?P<minute>[0-5][0-9]))?"
RELATIVE_DAY = re.compile(rf"(?:(?:{_ANCHOR}){_SHIFT}|{_IN}|{_AGO}){_AT}", re.IGNORECASE)
RELATIVE_YEAR = re.compile(r"(this|next|last) year", re.IGNORECASE)
YEAR_SO_FAR = re.compile(r"(100|[1-9]?[0-9])% of this year so far", re.IGNORECASE)
YEAR_OFFSETS = {"this": 0, "next": 1, "last": -1}

DAY_FORMS = "'today', 'next Saturday', 'in 3 days', '2 weeks ago', 'next Monday + 1 week' or YYYY-MM-DD"
TIME_FORMS = "'next Saturday at 10:00', 'in 3 days at 17:30' or YYYY-MM-DDTHH:MM"


def load_day(now: datetime) -> date:
    """The day relative dates count from: the loader clock's UTC date."""
    return now.astimezone(UTC).date()


def relative_day(text: str, today: date) -> tuple[date, time | None] | None:
    """The day (and time of day, if given) a relative form names, or None if it is not one."""
    found = RELATIVE_DAY.fullmatch(" ".join(text.split()))
    if found is None:
        return None
    parts = {name: (value.lower() if value else value) for name, value in found.groupdict().items()}
    day = _anchor(parts, today) + _offset(parts)
    if parts["hour"] is None:
        return day, None
    hour, minute = int(parts["hour"]), int(parts["minute"])
    if hour > 23:
        raise ValueError(f"{text!r}: {hour}:{minute:02} is not a time of day")
    return day, time(hour, minute)


def _anchor(parts: dict, today: date) -> date:
    if parts["named"]:
        return today + timedelta(days=NAMED_DAYS[parts["named"]])
    if parts["weekday"]:
        target = WEEKDAYS.index(parts["weekday"])
        if parts["direction"] == "next":  # never today: the first one after it
            return today + timedelta(days=(target - today.weekday()) % 7 or 7)
        return today - timedelta(days=(today.weekday() - target) % 7 or 7)
    return today


def _offset(parts: dict) -> relativedelta:
    """The shift after the anchor: '+ 2 weeks', 'in 3 days' (forwards) or '10 days ago' (backwards)."""
    if parts["count"]:
        count, unit, sign = parts["count"], parts["unit"], -1 if parts["sign"] == "-" else 1
    elif parts["in_count"]:
        count, unit, sign = parts["in_count"], parts["in_unit"], 1
    elif parts["ago_count"]:
        count, unit, sign = parts["ago_count"], parts["ago_unit"], -1
    else:
        return relativedelta()
    return relativedelta(**{UNITS[unit.removesuffix("s")]: sign * int(count)})


def fiscal_year(text: str, today: date) -> int | None:
    """The year a relative form ('this year', 'next year', 'last year') names, or None if it is not one."""
    found = RELATIVE_YEAR.fullmatch(" ".join(text.split()))
    return None if found is None else today.year + YEAR_OFFSETS[found.group(1).lower()]


def moment_this_year(text: str, now: datetime) -> datetime | None:
    """The UTC instant '40% of this year so far' names, or None if it is not that form."""
    found = YEAR_SO_FAR.fullmatch(" ".join(text.split()))
    if found is None:
        return None
    now = now.astimezone(UTC)
    start = datetime(now.year, 1, 1, tzinfo=UTC)
    elapsed = int((now - start).total_seconds())
    return start + timedelta(seconds=elapsed * int(found.group(1)) // 100)
