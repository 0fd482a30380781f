"""Template filters the directory pages use: times in a place's own zone."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def in_zone(moment: datetime, timezone_name: str | None) -> datetime:
    """An instant as the clock on the wall shows it in that time zone (UTC if the zone is unknown)."""
    try:
        zone = ZoneInfo(timezone_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return moment.astimezone(zone)
