"""Times as the region's spreadsheets write them, read for the shift import.

A spreadsheet saved as CSV writes each date cell as it shows it, so one schedule reaches us in many forms:
2027-03-06 09:00, day first as 06/03/2027 09:00 or 6.3.2027 09:00 (as every country of the region writes
dates), with Arabic-Indic digits, or with the month's name as 6 Mar 2027, 6-Mar-27, 6 mars 2027, 6 Mart 2027,
6 مارس 2027 or 6 آذار 2027 (the Levant's names), and Mar 6, 2027. The names are CLDR's (through Babel), for
the planner's languages and the Arabic of the Levant and the Maghreb, compared as search compares words
(planner.folding), so case, accents and a closing dot do not matter.

A spreadsheet set to United States dates writes the month first (3/6/2027 for 6 March), which cannot be told
apart from a day-first date line by line; `written_month_first` recognises the lines that give such a file
away (3/13/2027, or a time with AM or PM), so the import can refuse the whole file rather than misread it.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from datetime import date, datetime

from babel.dates import format_date, get_month_names
from flask_babel import get_locale

from planner.digits import in_chosen_digits
from planner.folding import fold

ISO_EXAMPLE, DAY_FIRST_EXAMPLE = "2027-03-06 09:00", "06/03/2027 09:00"
EXAMPLE_DAY, EXAMPLE_CLOCK = date(2027, 3, 6), "09:00"
MONTH_NAME_LOCALES = ("en", "fr", "tr", "ar", "ar_SY", "ar_MA", "ar_TN")
CENTURY = 2000  # a two-digit year (6-Mar-27) is this century's
CLOCK = r"[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::00)?"
NAME = r"(?P<name>[^\W\d_]+(?: [^\W\d_]+)?\.?)"  # one word or two (كانون الثاني), perhaps with a closing dot
WRITTEN_TIMES = (
    re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})" + CLOCK),
    re.compile(r"(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})" + CLOCK),
    re.compile(r"(?P<day>\d{1,2})[ .-]+" + NAME + r"[ .-]+(?P<year>\d{4}|\d{2})" + CLOCK),
    re.compile(NAME + r" (?P<day>\d{1,2}),? (?P<year>\d{4})" + CLOCK),
)
SLASHED_DATE = re.compile(r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/\d{4}")
TWELVE_HOUR_CLOCK = re.compile(r"\d\s*[AaPp]\.?[Mm]\.?$")
SPACES = re.compile(r"\s+")


class WallTime(NamedTuple):
    """A time as a clock on the wall shows it, in no zone yet."""

    year: int
    month: int
    day: int
    hour: int
    minute: int

    def on_calendar(self) -> bool:
        """Whether the day and the time exist (not 31 February, not 25:00)."""
        try:
            datetime(*self)
        except ValueError:
            return False
        return True

    def for_form(self) -> str:
        """As the form's date-and-time field takes it: 2027-03-06T09:00."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}T{self.hour:02d}:{self.minute:02d}"


def _month_numbers() -> dict[str, int]:
    """Each month's wide and abbreviated names, folded, in every locale read; a name two months share is left out."""
    numbers: dict[str, set[int]] = {}
    for locale in MONTH_NAME_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    numbers.setdefault(_folded_name(name), set()).add(number)
    return {name: next(iter(months)) for name, months in numbers.items() if len(months) == 1}


def _folded_name(name: str) -> str:
    return SPACES.sub(" ", fold(name)).strip().rstrip(".")


MONTH_NUMBERS = _month_numbers()


def read_wall_time(typed: str) -> WallTime | None:
    """The time a cell gives, in any of the forms above; None when it is none of them (or names no month)."""
    text = SPACES.sub(" ", typed).strip()
    for pattern in WRITTEN_TIMES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = MONTH_NUMBERS.get(_folded_name(parts["name"])) if parts.get("name") else int(parts["month"])
        if month is None:
            continue
        year = int(parts["year"])
        return WallTime(year + CENTURY if year < 100 else year, month, int(parts["day"]), int(parts["hour"]),
                        int(parts["minute"]))
    return None


def named_example() -> str:
    """The examples' day with its month's name, as the reader's language writes it (6 mars 2027 09:00)."""
    return in_chosen_digits(f"{format_date(EXAMPLE_DAY, 'd MMM y', locale=get_locale())} {EXAMPLE_CLOCK}")


def written_month_first(typed: str) -> bool:
    """Whether a time is written as only a United States spreadsheet writes it: 3/13/2027, or 9:00 AM."""
    date = SLASHED_DATE.match(typed)
    return bool(TWELVE_HOUR_CLOCK.search(typed)) or bool(date and int(date["second"]) > 12 >= int(date["first"]))
