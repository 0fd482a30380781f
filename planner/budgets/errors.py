"""The one error the budget services raise: a rule was not met, with a message for the user."""
from __future__ import annotations


class BudgetError(Exception):
    """A budget rule refused the change; `message` is translated, `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
