"""Which days of the week are the weekend in each country, as the people there keep it.

The region does not share one weekend: Friday and Saturday in Jordan, Saudi Arabia or Egypt, Saturday and Sunday in
Türkiye, Morocco or the United Arab Emirates, Friday alone in Iran. A volunteer asking for shifts "at the weekend"
means their own, so the shift list asks each shift's country. The days are CLDR's week data, read through Babel
from a locale of that country (its languages as CLDR lists them), or CLDR's default (Saturday and Sunday) for a
country without one.
"""
from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from sqlalchemy import ColumnElement, String, case, cast, false

DAYS_IN_A_WEEK = 7
DEFAULT = "root"  # CLDR's week data for a country it says nothing about


@cache
def weekend_of(country_code: str) -> frozenset[int]:
    """The country's weekend as ISO weekdays (1 for Monday to 7 for Sunday)."""
    locale = _locale_of(country_code.upper())
    first, last = locale.weekend_start, locale.weekend_end  # Babel counts 0 for Monday
    days, day = {first + 1}, first
    while day != last:
        day = (day + 1) % DAYS_IN_A_WEEK
        days.add(day + 1)
    return frozenset(days)


def _locale_of(country_code: str) -> Locale:
    for language in get_global("territory_languages").get(country_code, {}):
        try:
            return Locale.parse(f"{language}_{country_code}")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(DEFAULT)


def on_weekend(weekday: ColumnElement[int], country_code: ColumnElement[str],
               countries: list[str]) -> ColumnElement[bool]:
    """SQL: the ISO weekday falls on the weekend of the country given beside it, for places in these countries
    (the country is read once: its weekend's days, as digits, hold the weekday's or not)."""
    if not countries:
        return false()
    days = case({code: "".join(str(day) for day in sorted(weekend_of(code))) for code in countries},
                value=country_code, else_="")
    return days.contains(cast(weekday, String))
