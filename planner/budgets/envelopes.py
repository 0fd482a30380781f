"""Setting a council's yearly envelope, and moving money in and out of what it has allocated.

`allocated` only ever changes through a conditional UPDATE on the locked envelope row, so two
decisions made at the same moment cannot together pass the envelope; the table's CHECK
(allocated <= amount) is the last line of defence.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from planner.audit.services import record_event
from planner.budgets.errors import BudgetError
from planner.budgets.models import BudgetEnvelope
from planner.budgets.money import MAX_AMOUNT, ZERO, fits_currency, format_money, to_money, too_many_digits, within
from planner.clock import to_local, utcnow
from planner.db import session

FIRST_YEAR, LAST_YEAR = 1900, 2200


def valid_year(year: int) -> bool:
    """Whether a fiscal year is one the planner can hold."""
    return FIRST_YEAR <= year <= LAST_YEAR


def this_year(council, now: datetime | None = None) -> int:
    """The year it is on the council's calendar (the clock of its place): on New Year's night in Amman, already the
    new one while UTC still reads the old."""
    return to_local(now or utcnow(), council.locality.timezone).year


def envelope_for(council_id: int, year: int, *, lock: bool = False) -> BudgetEnvelope | None:
    """A council's envelope for a year; with lock=True the row is locked until the transaction ends."""
    statement = select(BudgetEnvelope).where(
        BudgetEnvelope.council_id == council_id, BudgetEnvelope.fiscal_year == year
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return session.scalars(statement).first()


def set_envelope(council, year: int, amount: Decimal, actor) -> BudgetEnvelope:
    """Create or change a council's envelope for a year; never below what is already approved."""
    if not valid_year(year):
        raise BudgetError(_("That is not a fiscal year the planner can hold."), "year")
    amount = _valid_amount(amount, council.currency)
    envelope = envelope_for(council.id, year, lock=True)
    if envelope is None:
        return _create_envelope(council, year, amount, actor)
    before = envelope.amount
    if before == amount:
        return envelope
    if not _apply(update(BudgetEnvelope).where(BudgetEnvelope.id == envelope.id, BudgetEnvelope.allocated <= amount)
                  .values(amount=amount)):
        session.refresh(envelope)
        raise BudgetError(_("The envelope cannot be lower than the %(allocated)s already approved.",
                            allocated=format_money(envelope.allocated, envelope.currency)), "amount")
    session.refresh(envelope)
    record_event(actor, "budget.envelope.change", envelope, before={"amount": to_money(before, envelope.currency)},
                 after={"amount": amount, "fiscal_year": year})
    return envelope


def allocate(council_id: int, year: int, change: Decimal) -> BudgetEnvelope:
    """Add `change` (negative to give money back) to the envelope's allocated sum, or refuse if it would not fit."""
    envelope = envelope_for(council_id, year, lock=True)
    if envelope is None:
        raise BudgetError(_("No envelope is set for %(year)s yet: the chair or treasurer must set one before money "
                            "can be approved.", year=year), "approved_amount")
    fits = (BudgetEnvelope.allocated + change <= BudgetEnvelope.amount) & (BudgetEnvelope.allocated + change >= 0)
    applied = _apply(update(BudgetEnvelope).where(BudgetEnvelope.id == envelope.id, fits)
                     .values(allocated=BudgetEnvelope.allocated + change))
    session.refresh(envelope)
    if not applied:
        raise BudgetError(_("This exceeds the remaining envelope (%(remaining)s remaining).",
                            remaining=format_money(envelope.remaining, envelope.currency)), "approved_amount")
    return envelope


def _apply(statement) -> bool:
    """Run a conditional UPDATE of one row; False when its condition (or a CHECK) refused it."""
    try:
        with session.begin_nested():
            result = session.execute(statement.execution_options(synchronize_session=False))
    except IntegrityError:
        return False
    return result.rowcount == 1


def _create_envelope(council, year: int, amount: Decimal, actor) -> BudgetEnvelope:
    envelope = BudgetEnvelope(council_id=council.id, fiscal_year=year, amount=amount, allocated=ZERO,
                              currency=council.currency)
    try:
        with session.begin_nested():
            session.add(envelope)
            session.flush()
    except IntegrityError as error:
        raise BudgetError(_("Someone set this envelope at the same moment; please reload and try again.")) from error
    record_event(actor, "budget.envelope.set", envelope, after={"amount": amount, "fiscal_year": year})
    return envelope


def _valid_amount(amount: Decimal, currency: str) -> Decimal:
    if amount is None or not Decimal(amount).is_finite():
        raise BudgetError(_("Enter an amount."), "amount")
    if not within(amount, MAX_AMOUNT):
        raise BudgetError(_("That amount is too large."), "amount")
    if not fits_currency(amount, currency):
        raise BudgetError(too_many_digits(currency), "amount")
    amount = to_money(amount, currency)
    if amount < 0:
        raise BudgetError(_("An envelope cannot be negative."), "amount")
    return amount

