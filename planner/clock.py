"""The one clock the planner reads (every "now" in the app comes from here; tests move it with time-machine), and
the wall clocks of places: instants are stored in UTC and shown as the clock of the place they belong to reads."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


def zone(name: str | None) -> ZoneInfo:
    """The time zone of that name; UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def zone_of(record) -> str:
    """The time zone of the place a record (a shift, a council, a person) is in; UTC when it names none."""
    place = getattr(record, "locality", None)
    return place.timezone if place is not None else "UTC"


def to_local(instant: datetime, zone_name: str | None) -> datetime:
    """The same instant on the clock of a place in that zone."""
    return instant.astimezone(zone(zone_name))


def today_for(person, now: datetime | None = None) -> date:
    """The person's today, on the calendar of their own place (UTC when they gave none)."""
    return to_local(now or utcnow(), zone_of(person)).date()
