"""The one error the budget services raise: a rule was not met, with a message for the user."""
from __future__ import annotations

from planner.rules import RuleError


class BudgetError(RuleError):
    """A budget rule refused the change (role, recusal, quorum, state, envelope or amount)."""
