"""Money for budgets: exact decimals in each currency's own minor units (ISO 4217), shown in the user's locale.

The dinar of Jordan is divided into 1,000 fils, the yen not at all: an amount keeps as many
decimal places as its currency has (`planner.currencies`), is refused if it has more, and is
written with exactly that many, the way the reader's locale writes money.
"""
from __future__ import annotations

import copy
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import get_currency_symbol, parse_pattern
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from planner.currencies import minor_digits
from planner.digits import in_chosen_digits, numbering_system

ZERO = Decimal(0)
MOST_DIGITS = 3  # the most decimal places any budget currency has, and what a Money() column keeps
MAX_AMOUNT = Decimal("999999999999.999")  # twelve digits before the point
QUANTITY_STEP = Decimal("0.01")
MAX_QUANTITY = Decimal("9999999999.99")


def _step(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(currency))


def within(value: Decimal | None, limit: Decimal) -> bool:
    """Whether a value is a finite number no larger (in size) than the limit."""
    return value is not None and Decimal(value).is_finite() and abs(Decimal(value)) <= limit


def fits_currency(value: Decimal, currency: str) -> bool:
    """Whether the value needs no more decimal places than the currency has (1500.000 is a whole yen amount)."""
    value = Decimal(value)
    return value.is_finite() and value == value.quantize(_step(currency), rounding=ROUND_HALF_UP)


def too_many_digits(currency: str) -> str:
    """The message for an amount with more decimal places than its currency has."""
    digits = minor_digits(currency)
    if digits == 0:
        return _("Amounts in %(currency)s are whole numbers: leave out the decimal places.", currency=currency)
    return ngettext("Amounts in %(currency)s have at most %(num)s decimal place.",
                    "Amounts in %(currency)s have at most %(num)s decimal places.", digits, currency=currency)


def to_money(value: Decimal | int | str, currency: str) -> Decimal:
    """A value in the currency's own minor units (half-up), as exact as the currency is."""
    return Decimal(value).quantize(_step(currency), rounding=ROUND_HALF_UP)


def to_quantity(value: Decimal | int | str) -> Decimal:
    """A quantity of a line item, to two decimal places (half-up)."""
    return Decimal(value).quantize(QUANTITY_STEP, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_cost: Decimal, currency: str) -> Decimal:
    """Quantity × unit cost in the currency's minor units (half-up): the amount of one line item."""
    return to_money(to_quantity(quantity) * Decimal(unit_cost), currency)


def format_money(amount: Decimal | None, currency: str) -> str:
    """An amount written the way the current locale writes money, with exactly the currency's decimal places."""
    locale = get_locale() or Locale.parse("en")  # outside a request (a command, the worker): English
    pattern = copy.copy(parse_pattern(locale.currency_formats["standard"]))
    digits = minor_digits(currency)
    pattern.frac_prec = (digits, digits)
    written = pattern.apply(to_money(amount if amount is not None else ZERO, currency), locale,
                            currency=currency, currency_digits=False, numbering_system=numbering_system())
    written = kept_apart(written, get_currency_symbol(currency, locale))
    return in_chosen_digits(written)  # Babel gives the system's separators; the digits are exchanged here


def kept_apart(written: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a symbol whose edge beside the digits is a letter (JOD, MAD,
    but not $ nor US$) is kept from them by a no-break space, "JOD 2,080.000", as browsers write money too."""
    at = written.find(symbol) if symbol else -1
    if at < 0:
        return written
    end = at + len(symbol)
    if end < len(written) and written[end].isdecimal() and _letter_like(symbol[-1]):
        return f"{written[:end]}\u00a0{written[end:]}"
    if at > 0 and written[at - 1].isdecimal() and _letter_like(symbol[0]):
        return f"{written[:at]}\u00a0{written[at:]}"
    return written


def _letter_like(character: str) -> bool:
    """Neither a symbol ($, €, ¥) nor a space: what CLDR keeps apart from digits."""
    return not unicodedata.category(character).startswith(("S", "Z"))
