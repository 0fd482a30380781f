"""Shift times: stored in UTC, entered and shown in the locality's own time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime, time

from babel.dates import format_date, format_datetime, format_time
from flask_babel import get_locale, lazy_gettext as _l

from planner.clock import to_local, zone, zone_of
from planner.digits import in_chosen_digits
from planner.hijri import hijri_suffix


class LocalTimeError(ValueError):
    """A wall-clock time that does not exist, or exists twice, in a time zone."""


def to_utc(wall_clock: datetime, zone_name: str) -> datetime:
    """The UTC instant of a wall-clock time in a zone; refuses times a clock change skips or repeats."""
    tz = zone(zone_name)
    first = wall_clock.replace(tzinfo=tz, fold=0)
    second = wall_clock.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall_clock:
        raise LocalTimeError(_l("This time does not exist in %(zone)s (the clocks go forward); please choose "
                                "another time.", zone=tz.key))
    raise LocalTimeError(_l("This time happens twice in %(zone)s (the clocks go back); please choose another "
                            "time.", zone=tz.key))


def calendar_instant(wall_clock: datetime, zone_name: str) -> datetime:
    """The UTC instant of a repeating event's wall-clock time, placed as calendars place it (RFC 5545, 3.3.5): a time
    the clocks repeat is its first occurrence; a time they skip is read with the offset before the change, so 02:30
    on the night the clocks jump from 02:00 to 03:00 is 03:30. (Python's fold=0 is exactly that rule.)"""
    return wall_clock.replace(tzinfo=zone(zone_name), fold=0).astimezone(UTC)


def shift_day(shift) -> date:
    """The day the shift starts on the clock of its place: the day its volunteers name, and the one rules read."""
    return to_local(shift.starts_at, zone_of(shift)).date()


def local_day(instant: datetime | None, shift) -> str:
    """The ISO date of the instant on the clock of the shift's place ("" for none): the day people there name."""
    if instant is None:
        return ""
    return to_local(instant, zone_of(shift)).date().isoformat()


def _zone_label(local: datetime) -> str:
    name = local.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


def _day_and_time(local: datetime, locale: str) -> str:
    day = f"{format_date(local, format='medium', locale=locale)}{hijri_suffix(local.date())}"
    return f"{day} {format_time(local, format='short', locale=locale)}"


def shift_when(shift) -> str:
    """When a shift runs, on its locality's clock: the day and start, the end, and the zone."""
    start, last, locale = _span(shift)
    return in_chosen_digits(f"{_day_and_time(start, locale)} – {last} ({_zone_label(start)})")


def shift_hours(shift) -> str:
    """A shift's start and end on its locality's clock, for a list already grouped by day: "09:00 – 12:00 (UTC+3)".
    A shift that ends on a later day shows that day with its end."""
    start, last, locale = _span(shift)
    return in_chosen_digits(f"{format_time(start, format='short', locale=locale)} – {last} ({_zone_label(start)})")


def _span(shift) -> tuple[datetime, str, str]:
    """The local start, the end as written (a time, or a day and time when it ends on another day), the locale."""
    start, end = to_local(shift.starts_at, zone_of(shift)), to_local(shift.ends_at, zone_of(shift))
    locale = str(get_locale() or "en")
    last = format_time(end, format="short", locale=locale) if start.date() == end.date() \
        else _day_and_time(end, locale)
    return start, last, locale


def clock_time(hour: int, minute: int = 0) -> str:
    """A time of day as the reader's clock writes it (12:00 PM, 12:00, or in the digits they chose)."""
    return in_chosen_digits(format_time(time(hour, minute), format="short", locale=str(get_locale() or "en")))


def format_local(instant: datetime | None, zone_name: str, style: str = "medium") -> str:
    """A date and time as the locality's clock shows it, in the reader's language, with the zone named."""
    if instant is None:
        return ""
    local = to_local(instant, zone_name)
    locale = str(get_locale() or "en")
    text = _day_and_time(local, locale) if style == "medium" else format_datetime(local, format=style, locale=locale)
    return in_chosen_digits(f"{text} ({_zone_label(local)})")
