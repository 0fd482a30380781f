"""Which digits numbers, money, dates and times are written with: the language's own choice, or the reader's.

CLDR (through Babel) says which numbering system each locale writes with by default; for Arabic as we
serve it ("ar") that is Western digits, as most of North Africa and the Gulf print them, while Jordan's
"ar_JO" uses Arabic-Indic ones. A reader may choose either in their profile, whatever the language.
Babel writes amounts with the chosen system's separators (٬ and ٫ for Arabic-Indic) but always with
Western digits, as it does dates and times; the digits are exchanged afterwards, here. The whole numbers set
into a translated sentence (places left, a position on a waiting list, a year) are exchanged here too, once,
for every sentence (numbers_in_chosen_digits, which planner.i18n applies to every translation).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from babel.numbers import format_decimal
from flask import has_request_context
from flask_babel import get_locale
from flask_login import current_user

LOCALE_DEFAULT, WESTERN, ARABIC_INDIC = "", "latn", "arab"
CHOICES = (LOCALE_DEFAULT, WESTERN, ARABIC_INDIC)

_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_READERS_CHOICE: ContextVar[str | None] = ContextVar("readers_digits", default=None)  # set while wording for another


@contextmanager
def digits_of(reader) -> Iterator[None]:
    """Inside the block numbers, money, dates and times are written in this reader's digits rather than the
    signed-in user's: for a message worded for someone else (no reader: the language's own digits)."""
    token = _READERS_CHOICE.set(getattr(reader, "digits", None) or LOCALE_DEFAULT)
    try:
        yield
    finally:
        _READERS_CHOICE.reset(token)


def numbering_system() -> str:
    """The numbering system for Babel: the reader's choice, else "default" (the locale's own). The reader is the one
    a message is being worded for (digits_of), else the signed-in user."""
    chosen = _READERS_CHOICE.get()
    if chosen is None and has_request_context() and getattr(current_user, "is_authenticated", False):
        chosen = current_user.digits
    return chosen if chosen in (WESTERN, ARABIC_INDIC) else "default"


def in_chosen_digits(text: str) -> str:
    """Text Babel wrote in Western digits (a date, a time), in the digits the reader chose."""
    system = numbering_system()
    if system == ARABIC_INDIC:
        return text.translate(_TO_ARABIC_INDIC)
    if system == WESTERN:
        return text.translate(_TO_WESTERN)
    return text


def western_digits(typed: str) -> str:
    """What someone typed with every decimal digit as the Western one it stands for: a code or a number typed on an
    Arabic ("٤٨") or a Persian ("۴۸") keyboard reads as one typed in Western digits ("48")."""
    return "".join(str(unicodedata.decimal(character)) if character.isdecimal() and not character.isascii()
                   else character for character in typed)


def dialled(phone: str) -> str:
    """A telephone number as a tel: link dials it (RFC 3966): Western digits and a leading +, nothing else
    ("+962 ٧٩ 123-4567" dials +962791234567)."""
    digits = "".join(character for character in western_digits(phone or "") if character.isascii() and
                     character.isdigit())
    return f"+{digits}" if (phone or "").strip().startswith("+") else digits


def typed_whole_number(raw: str | None, most_digits: int = 12) -> int | None:
    """The whole number (0 or more) that a form field or a URL carries, typed in any keyboard's digits, or None for
    anything else: "²" and "½" count as digits to str.isdigit, but int() refuses them."""
    text = western_digits((raw or "").strip())
    if not (text.isascii() and text.isdigit()) or len(text) > most_digits:
        return None
    return int(text)


def in_chosen_digits_from(formatter: Callable[..., str]) -> Callable[..., str]:
    """A Babel formatter (of a time, a percentage) whose text comes out in the digits the reader chose."""
    def formatted(*args, **kwargs) -> str:
        return in_chosen_digits(formatter(*args, **kwargs))

    return formatted


def numeral(number: int) -> str:
    """A whole number that is not a count (a year, a row's number), in the digits the reader chose, ungrouped."""
    return in_chosen_digits(str(number))


def numbers_in_chosen_digits(values: dict, count: str | None = None) -> dict:
    """A translated sentence's values with each whole number written in the digits the reader chose: the `count`
    (the number that chose the plural form) grouped as the language groups counts ("12,345 events"), any other
    ungrouped (a year or a decision number is not "2,026"). Text, formatted amounts and dates included, stays."""
    if not any(type(value) is int for value in values.values()):  # bool and enum members are left alone
        return values
    return {name: (format_count(value) if name == count else numeral(value)) if type(value) is int else value
            for name, value in values.items()}


def format_count(number: int | Decimal) -> str:
    """A count or an amount of hours as the reader's language writes it (grouped, with its own decimal sign), in
    the digits the reader chose."""
    written = format_decimal(number, locale=get_locale() or "en", numbering_system=numbering_system())
    return in_chosen_digits(written)
