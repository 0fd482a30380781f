"""What the budget panels on the directory's council and initiative pages show, for the current user."""
from __future__ import annotations

from flask_login import current_user

from planner.budgets import queries
from planner.budgets.envelopes import this_year
from planner.permissions import Permission, can


def council_panel(council) -> dict:
    """The council's budget years, and the review and envelope links this user may follow."""
    return {
        "years": queries.budget_years(council.id),
        "this_year": this_year(council),
        "can_review": can(current_user, Permission.REQUEST_QUEUE_VIEW, council),
        "can_set": can(current_user, Permission.ENVELOPE_SET, council),
    }


def initiative_panel(initiative) -> dict:
    """The initiative's requests this user may see, and whether they may ask for money."""
    return {
        "requests": queries.requests_of_initiative(initiative, current_user),
        "can_create": can(current_user, Permission.REQUEST_CREATE, initiative),
    }
