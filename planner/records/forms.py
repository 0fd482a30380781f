"""Form pieces the record forms share: filters, coercions, a checkbox list, showing a service's error."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import format_datetime, lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from planner.digits import in_chosen_digits
from planner.forms import PlannerForm
from planner.hijri import date_with_hijri
from planner.i18n import listed
from planner.records.changes import mark, stored_values

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
    shown, when that was, and a short mark of each value and of each field as shown (`seen`), so that a save over
    someone else's later one is caught, and the fields they changed are told apart from the user's
    (planner.records.views.changed_since_shown)."""

    seen = HiddenField()
    shows: tuple[str, ...] = ()  # the record's columns the form shows, where its fields are named otherwise
    shown_in: dict[str, str] = {}  # the field that shows a value, where its name is not the value's

    def shown_of(self, record) -> Any:
        """What this form shows of the record as it is stored now."""
        return stored_values(record, self.shows or [name for name in self._fields if name not in CARRIED])

    def held_as(self, record) -> dict:
        """What the fields hold for the stored record where it is not the value shown_of gives (a time on a
        locality's clock), by field name; nothing, unless a form says otherwise."""
        return {}

    def field_showing(self, name: str):
        """The field that shows the value of that name, if any."""
        return self._fields.get(self.shown_in.get(name, name))

    def marks_as_shown(self, shown: Any) -> str:
        """A mark of what the browser would send back, untouched, of the field showing each value (in the order of
        the values' names): what later tells which of them the user changed."""
        if not isinstance(shown, dict):
            return ""
        return "".join(mark(as_shown(self.field_showing(name))) for name in sorted(shown))

    def take_in_saved_meanwhile(self, record, names: list[str], now: dict, as_shown_marks: dict[str, str]) -> None:
        """For each value saved again meanwhile: a field the user left as it was shown takes the saved value (so
        that saving again keeps both people's changes); any other keeps the user's value. Either way the field is
        marked with the saved value in the form's own words (`saved_meanwhile`: the text, "" when empty, None where
        the page shows it otherwise; a table kept as the user left it, its saved rows in `saved_rows`; `taken_in`),
        and `saved_meanwhile_fields` lists them for the message above."""
        self.saved_meanwhile_fields = []
        held_as = self.held_as(record)
        for name in names:
            field = self.field_showing(name)
            if field is None or field in self.saved_meanwhile_fields:
                continue
            value = held_as.get(field.name, now[name])
            left_as_shown = as_shown_marks.get(name) == mark(as_received(field))
            field.taken_in = left_as_shown and take_in(field, value)
            field.saved_meanwhile = saved_text(field, value)
            if field.type == TABLE and not field.taken_in:
                field.saved_rows = saved_rows(field, value)
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
    stored in UTC that the form shows on a locality's clock, a table of rows: see saved_rows)."""
    if value is None or value == "" or value == []:
        return ""
    if field.type == TABLE:
        return None
    if getattr(field, "choices", None):
        chosen = {str(getattr(key, "value", key)) for key in (value if isinstance(value, list) else [value])}
        labels = [str(label) for key, label, *_rest in field.iter_choices() if str(key) in chosen]
        return listed(labels) if len(labels) == len(chosen) else None
    if isinstance(value, datetime) and value.tzinfo is None:  # on the clock the form shows
        return in_chosen_digits(format_datetime(value, "short", rebase=False))
    if isinstance(value, datetime) or isinstance(value, list):
        return None
    if isinstance(value, date):
        return date_with_hijri(value)
    if isinstance(value, (int, Decimal)):
        return in_chosen_digits(str(value))
    return str(value)


TABLE = "FieldList"  # a table of rows (a budget request's line items): compared, and taken in, as a whole


def as_shown(field) -> list:
    """What the browser sends back of a field as the form first shows it, before the user changes anything."""
    if field is None or field.type == "FormField":
        return []
    if field.type == TABLE:
        return _filled_rows(field, as_shown)
    if getattr(field, "choices", None) is not None:
        return sorted(str(value) for value, _label, selected, *_rest in field.iter_choices() if selected)
    if field.type == "BooleanField":
        return ["y"] if field.data else []
    return [_same_line_ends(field._value())]


def as_received(field) -> list:
    """What the browser sent of a field, in the terms of as_shown."""
    if field is None or field.type == "FormField":
        return []
    if field.type == TABLE:
        return _filled_rows(field, as_received)
    received = [_same_line_ends(value) for value in field.raw_data or []]
    if getattr(field, "choices", None) is not None or field.type == "BooleanField":
        return sorted(received)
    return received[:1] or [""]


def _filled_rows(table, read) -> list[list]:
    """The cells of each row of a table, read one way or the other, leaving out the rows the form counts as left
    blank (a row's form says, with `is_blank`): blank rows added or dropped change nothing the table holds."""
    rows = [row.form if row.type == "FormField" else [row] for row in table]
    return [[read(cell) for cell in row] for row in rows if not getattr(row, "is_blank", False)]


def saved_rows(table, rows: list[dict]) -> dict:
    """A table's stored rows in the form's own words, for showing beside the user's: the column labels, then each
    row's cells (an option by its label, a number in the reader's digits)."""
    columns = list(table.entries[0].form) if table.entries and table.entries[0].type == "FormField" else []
    return {"labels": [column.label.text for column in columns],
            "rows": [[saved_text(column, row.get(column.short_name)) or "" for column in columns]
                     for row in rows]}


def _same_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n")  # a browser sends a text area's line breaks as CR LF


def take_in(field, value) -> bool:
    """Give the field a stored value as the form shows it (a table its rows, with its blank rows after them); False
    (and the field left alone) where the form shows it otherwise: a time in UTC where the form shows a locality's
    clock (see held_as)."""
    if isinstance(value, datetime) and value.tzinfo is not None or field.type == "FormField":
        return False
    if field.type == TABLE:
        field.process(None, data=value)
        field.errors = []  # the user's rows, and what was wrong with them, are gone
        return True
    if isinstance(value, list):
        value = [field.coerce(key) for key in value]
    field.raw_data = None  # else some fields would show what was sent rather than their value
    field.process(None, data=value)
    return True


CARRIED = ("next", "seen", "csrf_token")  # what a record form carries along, not the record's own values


def ends_not_before_starts(form, field):
    """A form validator for `ends_on`: an end date may not come before the start date."""
    starts = form.starts_on.data
    if field.data and starts and field.data < starts:
        raise ValidationError(_l("The end date cannot be before the start date."))
