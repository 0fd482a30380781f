"""The value types seed records are made of, each with a validator that says plainly what is wrong."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated
from zoneinfo import available_timezones

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, StrictStr, ValidationInfo

from planner.clock import utcnow
from planner.currencies import is_budget_currency
from planner.seeding import when
from planner.clean_text import text_problem

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
DECIMAL = re.compile(r"[0-9]{1,12}(\.[0-9]{1,3})?")  # a currency may have three places (JOD)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LOCAL_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")


def _clean(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(f"{value!r} is not a key (lowercase letters, digits and single hyphens)")
    return value


def _decimal(value: object) -> Decimal:
    """A quoted decimal with at most three places; floats are refused because they lose the minor units.

    Whether an amount fits its council's currency (two places for EUR, three for JOD, none for
    JPY) is checked across files, where the currency is known.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"{value!r} must be a quoted decimal string such as \"1500.00\", not a YAML number")
    if not DECIMAL.fullmatch(value):
        raise ValueError(f"{value!r} is not a decimal with at most 12 digits and three places")
    try:
        return Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - the pattern already guarantees a number
        raise ValueError(f"{value!r} is not a decimal") from error


def loading_now(info: ValidationInfo) -> datetime:
    """The instant the seed files are read against (the loader passes it; the app's clock otherwise)."""
    return (info.context or {}).get("now") or utcnow()


def _load_day(info: ValidationInfo):
    return when.load_day(loading_now(info))


def _date(value: object, info: ValidationInfo) -> date:
    """An ISO date, or a day relative to the load day ('in 3 days', 'next Saturday')."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a real date") from error
    relative = when.relative_day(value, _load_day(info)) if isinstance(value, str) else None
    if relative is None or relative[1] is not None:
        raise ValueError(f"{value!r} is not a date: write {when.DAY_FORMS}")
    return relative[0]


def _local_time(value: object, info: ValidationInfo) -> datetime:
    """A wall-clock time with no offset (the shift's locality gives the zone), ISO or relative to the load day."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError(f"{value!r} has an offset; give the local time only")
        return value
    if isinstance(value, str) and LOCAL_TIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a real date and time") from error
    relative = when.relative_day(value, _load_day(info)) if isinstance(value, str) else None
    if relative is None or relative[1] is None:
        raise ValueError(f"{value!r} is not a time: write {when.TIME_FORMS}")
    return datetime.combine(*relative)


def _moment(value: object, info: ValidationInfo) -> datetime:
    """A UTC instant: '40% of this year so far', or a relative day with a time ('3 days ago at 10:00')."""
    now = loading_now(info)
    if isinstance(value, str):
        found = when.moment_this_year(value, now)
        if found is not None:
            return found
        relative = when.relative_day(value, when.load_day(now))
        if relative is not None and relative[1] is not None:
            return datetime.combine(*relative, tzinfo=UTC)
    raise ValueError(f"{value!r} is not a moment: write '40% of this year so far' or '3 days ago at 10:00'")


def _year(value: object, info: ValidationInfo) -> object:
    """A fiscal year: a whole year, or 'this year', 'next year', 'last year'."""
    if isinstance(value, str):
        year = when.fiscal_year(value, _load_day(info))
        if year is None:
            raise ValueError(f"{value!r} is not a year: write 'this year', 'next year', 'last year' or a number")
        return year
    return value


def _country(value: str) -> str:
    if len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return value


def _currency(value: str) -> str:
    if len(value) != 3 or pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    if not is_budget_currency(value):
        raise ValueError(f"{value!r} is not a currency a budget can be kept in (a metal, drawing right or fund code)")
    return value


def _language(value: str) -> str:
    if len(value) != 2 or pycountry.languages.get(alpha_2=value) is None:
        raise ValueError(f"{value!r} is not an ISO 639-1 language code")
    return value


def _timezone(value: str) -> str:
    if value not in available_timezones():
        raise ValueError(f"{value!r} is not an IANA time zone")
    return value


def text(max_length: int | None = None) -> object:
    """Free text of at most max_length characters, free of mojibake and HTML."""
    return Annotated[StrictStr, Field(min_length=1, max_length=max_length), AfterValidator(_clean)]


Key = Annotated[StrictStr, Field(max_length=120), AfterValidator(_slug)]
TermKey = Annotated[StrictStr, Field(max_length=60), AfterValidator(_slug)]
Name = text(200)
LongText = text()
Amount = Annotated[Decimal, BeforeValidator(_decimal)]
Day = Annotated[date, BeforeValidator(_date)]
LocalTime = Annotated[datetime, BeforeValidator(_local_time)]
Moment = Annotated[datetime, BeforeValidator(_moment)]
Year = Annotated[StrictInt, BeforeValidator(_year), Field(ge=1900, le=2200)]
CountryCode = Annotated[StrictStr, AfterValidator(_country)]
CurrencyCode = Annotated[StrictStr, AfterValidator(_currency)]
LanguageCode = Annotated[StrictStr, AfterValidator(_language)]
TimeZone = Annotated[StrictStr, AfterValidator(_timezone)]
