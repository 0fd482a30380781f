"""Currencies as ISO 4217 defines them: which ones a budget may be kept in, and their decimal places.

CLDR, and so Babel, gives a few currencies fewer digits than ISO 4217 does (the Iraqi dinar has
three in ISO and none in CLDR); a council's books follow ISO, so the table here does too.
"""
from __future__ import annotations

import pycountry

# ISO 4217 minor units that are not two.
MINOR_UNITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
                     "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}
# Codes a budget is never kept in: precious metals, drawing rights and test codes (no minor unit in
# ISO 4217), and funds codes (units of account beside a circulating currency).
NOT_BUDGET_CURRENCIES = frozenset({
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
    "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW",
})


def budget_currencies() -> list:
    """The ISO 4217 currencies a council's budget may be kept in."""
    return [currency for currency in pycountry.currencies if currency.alpha_3 not in NOT_BUDGET_CURRENCIES]


def is_budget_currency(code: str) -> bool:
    """Whether the code names a currency a budget may be kept in."""
    return code not in NOT_BUDGET_CURRENCIES and pycountry.currencies.get(alpha_3=code) is not None


def minor_digits(currency: str) -> int:
    """How many decimal places the currency has."""
    return MINOR_UNITS.get(currency, 2)
