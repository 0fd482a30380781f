"""Form pieces the record forms share: filters, coercions, a checkbox list, showing a service's error."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from planner.forms import PlannerForm
from planner.records.changes import stored_values

NO_CHOICE = ""


def strip_text(value):
    """Trim surrounding spaces, so a title of blanks counts as empty."""
    return value.strip() if isinstance(value, str) else value


def optional_int(value):
    """A select's value as an id, or None for the empty choice."""
    if value in (None, NO_CHOICE):
        return None
    return int(value)


def empty_to_none(value):
    return value or None


class EditsARecord:
    """A form mixin for editing a stored record: the form carries a digest of what it showed of the record when first
    shown, and when that was (`seen`), so that a save over someone else's later one is caught
    (planner.records.views.changed_since_shown)."""

    seen = HiddenField()
    shows: tuple[str, ...] = ()  # the record's columns the form shows, where its fields are named otherwise

    def shown_of(self, record) -> Any:
        """What this form shows of the record as it is stored now."""
        return stored_values(record, self.shows or [name for name in self._fields if name not in CARRIED])


class RecordForm(EditsARecord, PlannerForm):
    """A record form: carries the page to go back to after saving (checked before any redirect), and the version
    of the record it was first shown with."""

    next = HiddenField()

    def values(self) -> dict:
        """The submitted values of the fields a user may set, by field name."""
        return {name: field.data for name, field in self._fields.items() if name not in CARRIED}


CARRIED = ("next", "seen", "csrf_token")  # what a record form carries along, not the record's own values


def ends_not_before_starts(form, field):
    """A form validator for `ends_on`: an end date may not come before the start date."""
    starts = form.starts_on.data
    if field.data and starts and field.data < starts:
        raise ValidationError(_l("The end date cannot be before the start date."))
