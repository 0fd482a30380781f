"""The budget vocabularies in words, for pages, CSV and email (translated at the moment of use)."""
from __future__ import annotations

from flask_babel import gettext as _

from planner.budgets.models import DecisionOutcome, LineCategory, RecusalReason, RequestStatus, VoteChoice


def outcome_label(outcome: DecisionOutcome) -> str:
    """A decision outcome in words."""
    return {
        DecisionOutcome.APPROVED: _("Approved in full"),
        DecisionOutcome.PARTIALLY_APPROVED: _("Approved in part"),
        DecisionOutcome.REJECTED: _("Rejected"),
        DecisionOutcome.RETURNED: _("Returned for changes"),
    }[DecisionOutcome(outcome)]


def status_label(status: RequestStatus) -> str:
    """Where a request stands, in words."""
    return {
        RequestStatus.DRAFT: _("Draft"),
        RequestStatus.SUBMITTED: _("Awaiting the council's decision"),
        RequestStatus.RETURNED: _("Returned for changes"),
        RequestStatus.WITHDRAWN: _("Withdrawn"),
        RequestStatus.DECIDED: _("Decided"),
    }[RequestStatus(status)]


def vote_label(choice: VoteChoice) -> str:
    """A vote in words."""
    return {VoteChoice.APPROVE: _("Approve"), VoteChoice.REJECT: _("Reject"), VoteChoice.ABSTAIN: _("Abstain")}[
        VoteChoice(choice)
    ]


def category_label(category: LineCategory) -> str:
    """What a line item pays for, in words."""
    return {
        LineCategory.STAFF: _("Staff"),
        LineCategory.EQUIPMENT: _("Equipment"),
        LineCategory.VENUE: _("Venue"),
        LineCategory.MATERIALS: _("Materials"),
        LineCategory.TRAVEL: _("Travel"),
        LineCategory.SERVICES: _("Services"),
        LineCategory.OTHER: _("Other"),
    }[LineCategory(category)]


def recusal_label(reason: RecusalReason) -> str:
    """Why a member stood aside, in words for anyone reading the request."""
    return {
        RecusalReason.COORDINATES_ORGANISATION: _("coordinates the requesting organisation"),
        RecusalReason.COORDINATES_INITIATIVE: _("coordinates the initiative"),
        RecusalReason.DECLARED: _("declared a conflict of interest"),
    }[RecusalReason(reason)]


TEMPLATE_HELPERS = {
    "outcome_label": outcome_label,
    "request_status_label": status_label,
    "vote_label": vote_label,
    "category_label": category_label,
    "recusal_label": recusal_label,
}
