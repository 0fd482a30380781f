"""Hijri dates beside Gregorian ones, for readers who choose them (profile, or the footer switch)."""
from __future__ import annotations

from datetime import date, datetime

from flask import has_request_context, session
from flask_babel import format_date, get_locale, to_user_timezone
from flask_login import current_user
from hijridate import Gregorian

from planner.clock import to_local
from planner.digits import in_chosen_digits

MONTH_LANGUAGES = ("en", "ar", "tr")


def wants_hijri() -> bool:
    """Whether this reader asked to see Hijri dates: this browser's switch, else their profile."""
    if not has_request_context():
        return False
    if "hijri" in session:
        return bool(session["hijri"])
    return bool(getattr(current_user, "is_authenticated", False) and current_user.show_hijri)


def hijri_text(day: date, language: str = "en") -> str:
    """A day in the Hijri (Umm al-Qura) calendar, e.g. "11 Jumada al-Akhirah 1448 AH"; empty if out of range."""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    language = language if language in MONTH_LANGUAGES else "en"
    return f"{hijri.day} {hijri.month_name(language)} {hijri.year} {hijri.notation(language)}"


def hijri_suffix(day: date | datetime | None) -> str:
    """' (the Hijri date)' when the reader wants it, otherwise nothing."""
    if day is None or not wants_hijri():
        return ""
    plain = day.date() if isinstance(day, datetime) else day
    text = hijri_text(plain, str(get_locale() or "en").split("_")[0])
    return f" ({text})" if text else ""


def date_with_hijri(value, format: str = "medium", rebase: bool = True,  # noqa: A002 - Babel's name
                    zone: str | None = None) -> str:
    """Flask-Babel's date filter, followed by the Hijri date for readers who asked for it. An instant is dated on
    the clock of the place in `zone` when one is named (the day people there call it), else as Flask-Babel dates it."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # an instant: its day is taken once, so the Hijri date is of the same day
        value = to_local(value, zone) if zone else to_user_timezone(value) if rebase else value
        rebase = False
    return in_chosen_digits(f"{format_date(value, format, rebase)}{hijri_suffix(value)}")
