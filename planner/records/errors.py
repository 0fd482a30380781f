"""The error a record service raises when a change breaks a rule."""
from __future__ import annotations

from planner.rules import RuleError


class RecordError(RuleError):
    """A directory record's rule was broken (a slug taken, an archived record changed …)."""
