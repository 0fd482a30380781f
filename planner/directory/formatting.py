"""Template filters the directory pages use: times in a place's own zone, language names."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale


def in_zone(moment: datetime, timezone_name: str | None) -> datetime:
    """An instant as the clock on the wall shows it in that time zone (UTC if the zone is unknown)."""
    try:
        zone = ZoneInfo(timezone_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return moment.astimezone(zone)


def language_name(code: str) -> str:
    """A language's name in the reader's language (the code itself if Babel does not know it)."""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code
