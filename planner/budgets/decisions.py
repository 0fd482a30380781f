"""The chair's decisions: approve in full or in part, reject, return for changes; corrections as new decisions.

Money approved moves into the envelope's `allocated` sum through `envelopes.allocate`, which
refuses anything that would pass the envelope, even when decisions are made at the same moment.
A published decision is never edited: a correction is a new decision pointing to the one it
corrects, and `allocated` moves by the difference.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from planner.audit.services import record_event
from planner.budgets.envelopes import allocate, envelope_for
from planner.budgets.errors import BudgetError
from planner.budgets.labels import outcome_label
from planner.budgets.models import BudgetRequest, Decision, DecisionOutcome, RequestStatus
from planner.budgets.money import ZERO, fits_currency, format_money, to_money, too_many_digits, within
from planner.budgets.reads import lock_request
from planner.budgets.review import BudgetAction, check_budget_action
from planner.db import session
from planner.i18n import isolate, worded_for
from planner.notifications.services import queue_email
from planner.translated import shown_name, shown_text

CORRECTABLE = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED, DecisionOutcome.REJECTED)


@dataclass(frozen=True)
class DecisionData:
    """What the chair entered: an outcome, an amount for a partial approval, and a reason."""

    outcome: DecisionOutcome
    approved_amount: Decimal | None
    reason: str


def decide(request: BudgetRequest, actor, data: DecisionData) -> Decision:
    """Publish the chair's decision on a submitted request, once the quorum has voted."""
    request = lock_request(request.id)
    if request.status is not RequestStatus.SUBMITTED:
        raise BudgetError(_("This request is not awaiting a decision."))
    check_budget_action(request, actor, BudgetAction.DECIDE)
    amount = _granted_amount(data, request.total, request.currency)
    envelope = allocate(request.council_id, request.fiscal_year, amount) if amount > 0 else None
    decision = _publish(request, actor, data, amount, envelope)
    request.status = RequestStatus.RETURNED if data.outcome is DecisionOutcome.RETURNED else RequestStatus.DECIDED
    session.flush()
    action = "budget.request.return" if data.outcome is DecisionOutcome.RETURNED else "budget.decision"
    record_event(actor, action, decision, after=_summary(decision), comment=decision.reason)
    _tell_requester(request, decision)
    return decision


def correct_decision(decision: Decision, actor, data: DecisionData) -> Decision:
    """Publish a correction of a decision: a new decision linked to it; `allocated` moves by the difference."""
    decision = _lock_decision(decision.id)
    if decision.outcome not in CORRECTABLE:
        raise BudgetError(_("A return for changes is not a published decision and cannot be corrected."))
    if data.outcome not in CORRECTABLE:
        raise BudgetError(_("A correction must approve, partly approve or reject."), "outcome")
    if is_corrected(decision):
        raise BudgetError(_("This decision has already been corrected; correct the latest decision instead."))
    request = lock_request(decision.request_id)
    check_budget_action(request, actor, BudgetAction.CORRECT)
    amount = _granted_amount(data, request.total, request.currency, reason_required=True)
    change = amount - decision.approved_amount
    envelope = allocate(decision.council_id, decision.fiscal_year, change) if change else None
    correction = _publish(request, actor, data, amount, envelope, corrects=decision)
    record_event(actor, "budget.decision.correct", correction, before=_summary(decision), after=_summary(correction),
                 comment=correction.reason)
    _tell_requester(request, correction)
    return correction


def is_corrected(decision: Decision) -> bool:
    """Whether a later decision corrects this one."""
    return bool(session.scalar(select(exists().where(Decision.corrects_id == decision.id))))


def latest_decisions(request: BudgetRequest) -> list[Decision]:
    """Every decision on a request, oldest first (returns, decisions and corrections)."""
    return list(session.scalars(select(Decision).where(Decision.request_id == request.id).order_by(Decision.id)))


def current_decision_filter():
    """A WHERE clause keeping only decisions no correction has replaced."""
    correction = aliased(Decision)
    return ~exists().where(correction.corrects_id == Decision.id)


def _granted_amount(data: DecisionData, total: Decimal, currency: str, reason_required: bool = False) -> Decimal:
    """The money an outcome grants, after checking the amount and reason it needs."""
    reason = (data.reason or "").strip()
    if (reason_required or data.outcome is not DecisionOutcome.APPROVED) and not reason:
        raise BudgetError(_("Give the reason for this decision; it is published with it."), "reason")
    if data.outcome is DecisionOutcome.APPROVED:
        return total
    if data.outcome is not DecisionOutcome.PARTIALLY_APPROVED:
        return ZERO
    if data.approved_amount is None or not Decimal(data.approved_amount).is_finite():
        raise BudgetError(_("Enter the amount approved."), "approved_amount")
    if not fits_currency(data.approved_amount, currency):
        raise BudgetError(too_many_digits(currency), "approved_amount")
    amount = to_money(data.approved_amount, currency) if within(data.approved_amount, total) else total
    if not ZERO < amount < total:
        raise BudgetError(_("A partial approval must be more than zero and less than the %(total)s requested.",
                            total=format_money(total, currency)), "approved_amount")
    return amount


def _publish(request: BudgetRequest, actor, data: DecisionData, amount: Decimal, envelope,
             corrects: Decision | None = None) -> Decision:
    envelope = envelope or envelope_for(request.council_id, request.fiscal_year)
    decision = Decision(
        request_id=request.id, version_number=corrects.version_number if corrects else request.version_number,
        council_id=request.council_id, fiscal_year=request.fiscal_year, envelope_id=envelope.id if envelope else None,
        outcome=data.outcome, approved_amount=amount, currency=request.currency, reason=(data.reason or "").strip(),
        theme_key=request.initiative.theme_key, decided_by_id=actor.id, corrects_id=corrects.id if corrects else None,
    )
    try:
        with session.begin_nested():
            session.add(decision)
            session.flush()
    except IntegrityError as error:
        raise BudgetError(_("Someone decided on this at the same moment; reload the page to see it.")) from error
    return decision


def _lock_decision(decision_id: int) -> Decision:
    statement = (select(Decision).where(Decision.id == decision_id)
                 .with_for_update().execution_options(populate_existing=True))
    return session.scalars(statement).one()


def _tell_requester(request: BudgetRequest, decision: Decision) -> None:
    """Queue an email to whoever drafted the request, in their own language."""
    recipient = request.created_by
    if recipient is None:
        return
    with worded_for(recipient):
        subject, body = _message(request, decision)
    queue_email(recipient, "budget.decided" if decision.is_public else "budget.returned", subject, body)


def _message(request: BudgetRequest, decision: Decision) -> tuple[str, str]:
    amount, title = format_money(decision.approved_amount, decision.currency), isolate(shown_name(request))
    if decision.outcome is DecisionOutcome.RETURNED:
        return (_("Your budget request “%(title)s” was returned for changes", title=title),
                _("The council asks for changes before deciding: %(reason)s",
                  reason=isolate(shown_text(decision, "reason"))))
    subject = (_("A decision on your budget request “%(title)s” was corrected", title=title)
               if decision.corrects_id else _("Your budget request “%(title)s” was decided", title=title))
    body = _("Outcome: %(outcome)s. Amount approved: %(amount)s. Reason: %(reason)s",
             outcome=outcome_label(decision.outcome), amount=amount,
             reason=isolate(shown_text(decision, "reason")) or "—")
    return subject, body


def _summary(decision: Decision) -> dict:
    return {"outcome": decision.outcome, "approved_amount": to_money(decision.approved_amount, decision.currency), "currency": decision.currency,
            "request_id": decision.request_id, "corrects_id": decision.corrects_id}
