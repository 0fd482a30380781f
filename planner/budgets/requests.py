"""A coordinator's side of a budget request: draft with line items, submit, withdraw, revise and resubmit.

Totals are always computed here from quantity × unit cost; nothing typed as a total is ever used.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from planner.audit.services import record_event
from planner.budgets.envelopes import valid_year
from planner.budgets.errors import BudgetError
from planner.budgets.models import BudgetRequest, LineCategory, LineItem, RequestStatus, RequestVersion
from planner.budgets.money import (
    MAX_AMOUNT,
    MAX_QUANTITY,
    ZERO,
    fits_currency,
    line_amount,
    to_money,
    to_quantity,
    too_many_digits,
    within,
)
from planner.budgets.reads import current_version, lock_request
from planner.budgets.review import record_conflicts, tell_members
from planner.clock import utcnow
from planner.db import session
from planner.initiatives.models import InitiativeStatus
from planner.translated import carry_aside, copy_languages

MAX_LINE_ITEMS = 40
EDITABLE = (RequestStatus.DRAFT, RequestStatus.RETURNED)
WITHDRAWABLE = (RequestStatus.SUBMITTED, RequestStatus.RETURNED)


@dataclass(frozen=True)
class LineItemData:
    """One costed line as the coordinator entered it."""

    category: LineCategory
    description: str
    quantity: Decimal
    unit_cost: Decimal


@dataclass(frozen=True)
class RequestData:
    """The content of a request version, as entered."""

    title: str
    fiscal_year: int
    justification: str
    expected_outcomes: str = ""
    items: list[LineItemData] = field(default_factory=list)


def create_request(initiative, data: RequestData, actor) -> BudgetRequest:
    """Draft a request from an initiative to its council, with a first version."""
    if initiative.status is InitiativeStatus.ARCHIVED:
        raise BudgetError(_("An archived initiative cannot ask for money."))
    _check(data, initiative.council.currency)
    request = BudgetRequest(
        initiative_id=initiative.id, council_id=initiative.council_id,
        organisation_id=initiative.lead_organisation_id, fiscal_year=data.fiscal_year, title=data.title.strip(),
        status=RequestStatus.DRAFT, version_number=1, currency=initiative.council.currency, created_by_id=actor.id,
    )
    session.add(request)
    _fill_version(request, RequestVersion(number=1), data)
    session.flush()
    record_event(actor, "budget.request.create", request, after=_summary(request))
    return request


def update_request(request: BudgetRequest, data: RequestData, actor) -> RequestVersion:
    """Save new content: in place while unsubmitted; after a return, as a new version (the old one stays)."""
    request = lock_request(request.id)
    if request.status not in EDITABLE:
        raise BudgetError(_("Only a draft or a request returned for changes can be edited."))
    _check(data, request.currency)
    before = _summary(request)
    version = current_version(request)
    if version.submitted_at is not None:
        version = RequestVersion(number=request.version_number + 1)
        request.version_number = version.number
    request.title, request.fiscal_year = data.title.strip(), data.fiscal_year
    _fill_version(request, version, data)
    session.flush()
    record_event(actor, "budget.request.edit", request, before=before, after=_summary(request))
    return version


def submit_request(request: BudgetRequest, actor) -> BudgetRequest:
    """Send a draft to the council, or resubmit a revised request after a return."""
    request = lock_request(request.id)
    version = current_version(request)
    if request.status is RequestStatus.RETURNED and version.submitted_at is not None:
        raise BudgetError(_("Revise the request before resubmitting it: the council asked for changes."))
    if request.status not in EDITABLE:
        raise BudgetError(_("This request has already been sent to the council."))
    if not version.items or version.total <= 0:
        raise BudgetError(_("Add at least one costed line item before submitting."))
    action = "budget.request.resubmit" if request.status is RequestStatus.RETURNED else "budget.request.submit"
    now = utcnow()
    version.submitted_at = request.submitted_at = now
    request.status = RequestStatus.SUBMITTED
    record_conflicts(request)
    tell_members(request)
    session.flush()
    record_event(actor, action, request, after=_summary(request))
    return request


def withdraw_request(request: BudgetRequest, actor) -> BudgetRequest:
    """Take a request back before the council decides on it."""
    request = lock_request(request.id)
    if request.status not in WITHDRAWABLE:
        raise BudgetError(_("Only a request awaiting a decision can be withdrawn."))
    before = _summary(request)
    request.status = RequestStatus.WITHDRAWN
    session.flush()
    record_event(actor, "budget.request.withdraw", request, before=before, after=_summary(request))
    return request


def _fill_version(request: BudgetRequest, version: RequestVersion, data: RequestData) -> None:
    """Put the entered content into a version, computing every line amount and the total. A line described as
    before keeps the languages it was given in; one described anew in the place of a line of the same category
    whose words are gone (or moved too, the one such line of its category) has that line's languages set aside, for
    translators to give again."""
    earlier_items = list(request.versions[-1].items) if request.versions else []
    version.justification = data.justification.strip()
    version.expected_outcomes = (data.expected_outcomes or "").strip()
    version.items = [
        LineItem(position=position, category=item.category, description=item.description.strip(),
                 quantity=to_quantity(item.quantity), unit_cost=to_money(item.unit_cost, request.currency),
                 amount=line_amount(item.quantity, item.unit_cost, request.currency))
        for position, item in enumerate(data.items, start=1)
    ]
    _carry_languages(earlier_items, version.items)
    version.total = sum((item.amount for item in version.items), ZERO)
    if version not in request.versions:
        request.versions.append(version)
    request.total = version.total


def _carry_languages(earlier: list[LineItem], items: list[LineItem]) -> None:
    """Each line keeps the languages of the earlier line with its words, or has those of the earlier line it
    replaces set aside (see _replaced)."""
    by_words = {item.description: item for item in earlier}
    for item in items:
        if item.description in by_words:
            copy_languages(by_words[item.description], item)
    words_now = {item.description for item in items}
    gone = [item for item in earlier if item.description not in words_now]
    for item, before in _replaced(gone, [item for item in items if item.description not in by_words]):
        carry_aside(before, item)


def _replaced(gone: list[LineItem], new: list[LineItem]) -> list[tuple[LineItem, LineItem]]:
    """(new line, the earlier line whose words are gone that it replaces): the one at its place and of its category;
    or, moved as well as reworded, the one earlier line of its category left when it is the one new line of it."""
    at_place = {(item.position, item.category): item for item in gone}
    pairs = [(item, at_place[item.position, item.category]) for item in new
             if (item.position, item.category) in at_place]
    paired = {id(line) for pair in pairs for line in pair}
    for category in {item.category for item in new}:
        news = [item for item in new if item.category == category and id(item) not in paired]
        olds = [item for item in gone if item.category == category and id(item) not in paired]
        if len(news) == len(olds) == 1:
            pairs.append((news[0], olds[0]))
    return pairs


def _check(data: RequestData, currency: str) -> None:
    """The rules a request's content must meet, whatever form it came from."""
    if not data.title.strip():
        raise BudgetError(_("Give the request a title."), "title")
    if not valid_year(data.fiscal_year):
        raise BudgetError(_("That is not a fiscal year the planner can hold."), "fiscal_year")
    if not data.justification.strip():
        raise BudgetError(_("Explain why the money is needed."), "justification")
    if not data.items:
        raise BudgetError(_("Add at least one line item."), "items")
    if len(data.items) > MAX_LINE_ITEMS:
        raise BudgetError(_("A request can have at most %(count)s line items.", count=MAX_LINE_ITEMS), "items")
    for item in data.items:
        _check_item(item, currency)
    if sum(line_amount(i.quantity, i.unit_cost, currency) for i in data.items) > MAX_AMOUNT:
        raise BudgetError(_("The total is too large."), "items")


def _check_item(item: LineItemData, currency: str) -> None:
    if not item.description.strip():
        raise BudgetError(_("Every line item needs a description."), "items")
    if not within(item.quantity, MAX_QUANTITY) or not within(item.unit_cost, MAX_AMOUNT):
        raise BudgetError(_("A quantity or unit cost is too large."), "items")
    if not fits_currency(item.unit_cost, currency):
        raise BudgetError(too_many_digits(currency), "items")
    if to_quantity(item.quantity) <= 0:
        raise BudgetError(_("Each quantity must be more than zero."), "items")
    if item.unit_cost < 0:
        raise BudgetError(_("A unit cost cannot be negative."), "items")


def _summary(request: BudgetRequest) -> dict:
    return {"status": request.status, "version": request.version_number, "total": to_money(request.total, request.currency),
            "fiscal_year": request.fiscal_year}
