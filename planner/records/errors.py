"""The error a record service raises when a change breaks a rule."""
from __future__ import annotations


class RecordError(Exception):
    """A broken rule, with a message for the user and the form field it belongs beside (if any)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
