"""Which digits numbers, money, dates and times are written with: the language's own choice, or the reader's.

CLDR (through Babel) says which numbering system each locale writes with by default; for Arabic as we
serve it ("ar") that is Western digits, as most of North Africa and the Gulf print them, while Jordan's
"ar_JO" uses Arabic-Indic ones. A reader may choose either in their profile, whatever the language.
Babel writes amounts with the chosen system's separators (٬ and ٫ for Arabic-Indic) but always with
Western digits, as it does dates and times; the digits are exchanged afterwards, here.
"""
from __future__ import annotations

from babel.numbers import format_decimal
from flask import has_request_context
from flask_babel import get_locale
from flask_login import current_user

LOCALE_DEFAULT, WESTERN, ARABIC_INDIC = "", "latn", "arab"
CHOICES = (LOCALE_DEFAULT, WESTERN, ARABIC_INDIC)

_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def numbering_system() -> str:
    """The numbering system for Babel: the reader's choice, else "default" (the locale's own)."""
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        if current_user.digits in (WESTERN, ARABIC_INDIC):
            return current_user.digits
    return "default"


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
