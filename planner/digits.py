"""Which digits numbers, money, dates and times are written with: the language's own choice, or the reader's.

CLDR (through Babel) says which numbering system each locale writes with by default; for Arabic as we
serve it ("ar") that is Western digits, as most of North Africa and the Gulf print them, while Jordan's
"ar_JO" uses Arabic-Indic ones. A reader may choose either in their profile, whatever the language.
Babel writes amounts with the chosen system's separators (٬ and ٫ for Arabic-Indic) but always with
Western digits, as it does dates and times; the digits are exchanged afterwards, here.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


def format_count(number: int) -> str:
    """A count as the reader's language writes it (grouped), in the digits the reader chose."""
    written = format_decimal(number, locale=get_locale() or "en", numbering_system=numbering_system())
    return in_chosen_digits(written)
