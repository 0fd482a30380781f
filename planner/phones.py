"""Telephone numbers: read as people type them, kept in one form, shown in the international one.

Google's libphonenumber (through `phonenumbers`) knows each country's numbering plan: "079 123 4567" typed by someone
in Jordan and "+962 7 9123 4567" are the same number, Arabic-Indic digits included. A number is kept as E.164
("+962791234567", what a tel: link dials) and shown grouped the international way, which reads the same in every
country a volunteer may be reached from.
"""
from __future__ import annotations

import phonenumbers
from flask_babel import gettext as _

LEFT_TO_RIGHT = "\u2066%s\u2069"  # a number inside a sentence of any direction keeps its + on its left


class PhoneError(ValueError):
    """A number we cannot dial; its message says why, for the person who typed it."""


def read_phone(typed: str, country_code: str | None = None) -> str | None:
    """The number typed, as E.164, or None for nothing typed; without a leading + it is read the way the country
    writes its numbers."""
    typed = (typed or "").strip()
    if not typed:
        return None
    try:
        number = phonenumbers.parse(typed, (country_code or "").upper() or None)
    except phonenumbers.NumberParseException:
        if not typed.lstrip().startswith("+") and not country_code:
            raise PhoneError(_("Start the number with + and its country's code, as in %(example)s.",
                               example=LEFT_TO_RIGHT % "+962 7 9123 4567")) from None
        raise PhoneError(_("This does not read as a telephone number.")) from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(_("This is not a telephone number that can be dialled: check its digits and country code."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def shown_phone(e164: str | None) -> str:
    """A kept number grouped the international way ("+962 7 9123 4567"); "" for none."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
