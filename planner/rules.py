"""The one error every service raises when a change breaks a rule: a message for the user, and the field at fault.

Each feature names its own subclass (RecordError, BudgetError, VolunteeringError, AccountError),
so a view can tell them apart; the request pipeline (`planner.pipeline`) handles them all alike.
"""
from __future__ import annotations


class RuleError(Exception):
    """A rule refused the change; `message` is translated, `field` names the form field it concerns (if any)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
