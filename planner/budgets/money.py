"""Money arithmetic and display for budgets: exact decimals, two places, shown in the user's locale."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_currency

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# What a Money() column holds: twelve digits before the point.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_QUANTITY = Decimal("9999999999.99")


def within(value: Decimal | None, limit: Decimal) -> bool:
    """Whether a value is a finite number no larger (in size) than the limit."""
    return value is not None and Decimal(value).is_finite() and abs(Decimal(value)) <= limit


def to_money(value: Decimal | int | str) -> Decimal:
    """A value rounded half-up to cents."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_cost: Decimal) -> Decimal:
    """Quantity × unit cost, rounded half-up to cents: the amount of one line item."""
    return to_money(Decimal(quantity) * Decimal(unit_cost))


def format_money(amount: Decimal | None, currency: str) -> str:
    """An amount in its currency, written the way the current locale writes money (always two decimals)."""
    return format_currency(amount if amount is not None else ZERO, currency, currency_digits=False)
