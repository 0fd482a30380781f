"""Form pieces the record forms share: filters, coercions, a checkbox list, showing a service's error."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from planner.digits import in_chosen_digits
from planner.forms import PlannerForm
from planner.hijri import date_with_hijri
from planner.i18n import listed
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
    shown_in: dict[str, str] = {}  # the field that shows a value, where its name is not the value's

    def shown_of(self, record) -> Any:
        """What this form shows of the record as it is stored now."""
        return stored_values(record, self.shows or [name for name in self._fields if name not in CARRIED])

    def mark_saved_meanwhile(self, names: list[str], now: dict) -> None:
        """Mark the fields showing these values as saved again meanwhile, each with what it holds now in the
        form's own words (`saved_meanwhile`: the text, "" when empty, None where the page shows it otherwise);
        `saved_meanwhile_fields` lists them for the message above the form."""
        self.saved_meanwhile_fields = []
        for name in names:
            field = self._fields.get(self.shown_in.get(name, name))
            if field is not None and field not in self.saved_meanwhile_fields:
                field.saved_meanwhile = saved_text(field, now[name])
                self.saved_meanwhile_fields.append(field)


class RecordForm(EditsARecord, PlannerForm):
    """A record form: carries the page to go back to after saving (checked before any redirect), and the version
    of the record it was first shown with."""

    next = HiddenField()

    def values(self) -> dict:
        """The submitted values of the fields a user may set, by field name."""
        return {name: field.data for name, field in self._fields.items() if name not in CARRIED}


def saved_text(field, value) -> str | None:
    """A stored value as the field would offer it: the labels of the chosen options, a date in the reader's
    calendar and digits, a text as written, "" for nothing; None for what the field shows otherwise (a time
    stored in UTC that the form shows on a locality's clock, a table of rows)."""
    if value is None or value == "" or value == []:
        return ""
    if getattr(field, "choices", None):
        chosen = {str(getattr(key, "value", key)) for key in (value if isinstance(value, list) else [value])}
        labels = [str(label) for key, label, *_rest in field.iter_choices() if str(key) in chosen]
        return listed(labels) if len(labels) == len(chosen) else None
    if isinstance(value, datetime) or isinstance(value, list):
        return None
    if isinstance(value, date):
        return date_with_hijri(value)
    if isinstance(value, (int, Decimal)):
        return in_chosen_digits(str(value))
    return str(value)


CARRIED = ("next", "seen", "csrf_token")  # what a record form carries along, not the record's own values


def ends_not_before_starts(form, field):
    """A form validator for `ends_on`: an end date may not come before the start date."""
    starts = form.starts_on.data
    if field.data and starts and field.data < starts:
        raise ValidationError(_l("The end date cannot be before the start date."))
