"""Budget forms: envelope, request with a fixed set of line-item rows, vote, comment, recusal, decision."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms.fields import (
    DecimalField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.budgets.labels import category_label, outcome_label, vote_label
from planner.budgets.models import DecisionOutcome, LineCategory, VoteChoice
from planner.budgets.reads import current_version
from planner.budgets.money import fits_currency, line_amount, to_quantity, too_many_digits
from planner.currencies import minor_digits
from planner.digits import numeral
from planner.budgets.requests import MAX_LINE_ITEMS, LineItemData, RequestData
from planner.forms import PlannerForm, PlannerSubform
from planner.records.forms import EditsARecord

BLANK_ROWS = 8
ROWS_ADDED = 4
LONG_TEXT = 5000
# Spaces people put between thousands, and the Arabic decimal separator.
_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u066c"), None) | {ord("\u066b"): "."}


class AmountField(DecimalField):
    """A decimal typed as digits with a point; never a float. Subclasses say how many places it may have."""

    def process_formdata(self, valuelist):
        """Parse the typed text (spaces and the Arabic decimal separator allowed) into a Decimal."""
        self.data = None
        text = (valuelist[0] if valuelist else "").translate(_SPACES).strip()
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(_l("Enter a number such as 1500.00: digits, with a point before the cents.")) from error
        if not value.is_finite():
            raise ValueError(_l("Enter a number such as 1500.00: digits, with a point before the cents."))
        if value.adjusted() >= 12:
            raise ValueError(_l("That number is too large."))
        self.data = value

    @property
    def typed(self) -> str:
        """What was typed, before parsing (empty when the form was filled from data)."""
        return (self.raw_data[0] if self.raw_data else "").strip()


class QuantityField(AmountField):
    """How many of a line item: at most two decimal places (2.5 days, 0.75 of a post)."""

    def pre_validate(self, form):
        if self.data is not None and self.data != to_quantity(self.data):
            raise ValidationError(_l("Use at most two decimal places."))


class MoneyField(AmountField):
    """An amount in the form's currency: no more decimal places than the currency has (JOD 3, EUR 2, JPY 0)."""

    currency: str | None = None  # set by use_currency before the form is shown or validated

    def pre_validate(self, form):
        if self.data is not None and self.currency and not fits_currency(self.data, self.currency):
            raise ValidationError(too_many_digits(self.currency))


def use_currency(form, currency: str) -> None:
    """Tell every money field of the form (line-item rows included) which currency it is in."""
    for field in form:
        if isinstance(field, MoneyField):
            field.currency, field.places = currency, minor_digits(currency)
        elif isinstance(field, FieldList):
            for entry in field:
                if isinstance(entry, FormField):
                    use_currency(entry.form, currency)


class LineItemForm(PlannerSubform):
    """One row of the line-items table; a row left entirely blank is ignored."""

    category = SelectField(_l("Category"), choices=[], validate_choice=False)
    description = StringField(_l("Description"), validators=[Length(max=300)])
    quantity = QuantityField(_l("Quantity"))
    unit_cost = MoneyField(_l("Unit cost"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [("", "—")] + [(c.value, category_label(c)) for c in LineCategory]

    @property
    def is_blank(self) -> bool:
        """Nothing typed in the row (a category alone does not count)."""
        return (not (self.description.data or "").strip() and self.quantity.data is None
                and self.unit_cost.data is None and not self.quantity.typed and not self.unit_cost.typed)

    def validate(self, extra_validators=None) -> bool:
        """A filled row needs every cell; a blank row is fine."""
        valid = super().validate(extra_validators)
        if self.is_blank:
            return True
        if self.category.data not in {c.value for c in LineCategory}:
            self.category.errors.append(_l("Choose a category."))
        if not (self.description.data or "").strip():
            self.description.errors.append(_l("Describe what this line pays for."))
        if self.quantity.data is None and not self.quantity.errors:
            self.quantity.errors.append(_l("Enter a quantity."))
        elif self.quantity.data is not None and self.quantity.data <= 0:
            self.quantity.errors.append(_l("The quantity must be more than zero."))
        if self.unit_cost.data is None and not self.unit_cost.errors:
            self.unit_cost.errors.append(_l("Enter a unit cost."))
        elif self.unit_cost.data is not None and self.unit_cost.data < 0:
            self.unit_cost.errors.append(_l("A unit cost cannot be negative."))
        return valid and not any(f.errors for f in self)

    def as_data(self) -> LineItemData:
        """The row as the service takes it."""
        return LineItemData(LineCategory(self.category.data), self.description.data.strip(),
                            self.quantity.data, self.unit_cost.data)


YEARS_AROUND = 5  # a request may be for a year up to five before or after the present one


class YearField(SelectField):
    """A fiscal year chosen from a list (never typed); anything else is refused with one plain message."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=int, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Choose a year from the list."))


def year_choices(this_year: int, keep: int | None = None) -> list[tuple[int, str]]:
    """The years a request may be for, around this one (and the request's own, when editing an older one)."""
    years = set(range(this_year - YEARS_AROUND, this_year + YEARS_AROUND + 1)) | ({keep} if keep else set())
    return [(year, numeral(year)) for year in sorted(years)]


class RequestForm(EditsARecord, PlannerForm):
    """A budget request: title, year, justification, outcomes and a table of line items (total computed)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    fiscal_year = YearField(_l("Fiscal year"))
    justification = TextAreaField(_l("Justification"), validators=[DataRequired(), Length(max=LONG_TEXT)])
    expected_outcomes = TextAreaField(_l("Expected outcomes"), validators=[Optional(), Length(max=LONG_TEXT)])
    items = FieldList(FormField(LineItemForm), label=_l("Line items"), min_entries=BLANK_ROWS,
                      max_entries=MAX_LINE_ITEMS, id="line-items")

    def shown_of(self, budget_request) -> dict:
        return request_form_data(budget_request)

    def take_in_saved_meanwhile(self, record, names, now, as_shown_marks) -> None:
        """As any record form does; rows taken in learn the request's currency, as the rows first shown did."""
        super().take_in_saved_meanwhile(record, names, now, as_shown_marks)
        use_currency(self, record.currency)

    def filled_items(self) -> list[LineItemForm]:
        """The rows that are not blank."""
        return [row.form for row in self.items if not row.form.is_blank]

    def validate(self, extra_validators=None) -> bool:
        """The fields, every filled row, and at least one filled row."""
        valid = super().validate(extra_validators)
        if not self.filled_items() and not any(self.items.errors):
            self.items.errors.append(str(_l("Add at least one line item.")))
            return False
        return valid

    def remove_row(self, index: int) -> None:
        """Take one row out of the form; the others keep their order (one blank row stays, at least)."""
        entries = self.items.entries
        if 0 <= index < len(entries):
            entries.pop(index)
        if not entries:
            self.items.append_entry()

    def running_total(self, currency: str) -> Decimal:
        """The total of the rows whose quantity and unit cost read as numbers (what the page shows so far)."""
        return sum((line_amount(row.quantity.data, row.unit_cost.data, currency) for row in self.filled_items()
                    if row.quantity.data is not None and row.unit_cost.data is not None), Decimal(0))

    def add_rows(self) -> None:
        """Give the coordinator more blank rows (up to the limit)."""
        for _row in range(ROWS_ADDED):
            if len(self.items.entries) >= MAX_LINE_ITEMS:
                return
            self.items.append_entry()

    def as_data(self) -> RequestData:
        """The request as the service takes it (blank rows dropped; no total: the service computes it)."""
        return RequestData(title=self.title.data, fiscal_year=self.fiscal_year.data,
                           justification=self.justification.data, expected_outcomes=self.expected_outcomes.data or "",
                           items=[row.as_data() for row in self.filled_items()])


class EnvelopeForm(PlannerForm):
    """The council's envelope for a fiscal year."""

    amount = MoneyField(_l("Envelope amount"), validators=[InputRequired(), NumberRange(min=0)])


class VoteForm(PlannerForm):
    """A member's vote with its reason."""

    choice = RadioField(_l("Your vote"), choices=[], validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice.choices = [(c.value, vote_label(c)) for c in VoteChoice]


class CommentForm(PlannerForm):
    """A member's comment on a request under review."""

    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=LONG_TEXT)])


class RecusalForm(PlannerForm):
    """A member stepping aside of their own accord."""

    note = TextAreaField(_l("Why you are recusing yourself"), validators=[DataRequired(), Length(max=LONG_TEXT)])


class DecisionForm(PlannerForm):
    """The chair's decision: an outcome, the amount for a partial approval, and the published reason."""

    OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED, DecisionOutcome.REJECTED,
                DecisionOutcome.RETURNED)

    outcome = RadioField(_l("Decision"), choices=[], validators=[InputRequired()])
    approved_amount = MoneyField(_l("Amount approved (for a partial approval)"), validators=[Optional()])
    reason = TextAreaField(_l("Reason (published with the decision)"), validators=[Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [(o.value, outcome_label(o)) for o in self.OUTCOMES]


class CorrectionForm(DecisionForm):
    """A correction of a published decision: the new outcome, amount and the reason for correcting."""

    OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED, DecisionOutcome.REJECTED)


def request_form_data(budget_request) -> dict:
    """What the request form shows of a stored request: its current version."""
    version = current_version(budget_request)
    return {
        "title": budget_request.title, "fiscal_year": budget_request.fiscal_year,
        "justification": version.justification, "expected_outcomes": version.expected_outcomes,
        "items": [{"category": i.category.value, "description": i.description, "quantity": i.quantity,
                   "unit_cost": i.unit_cost} for i in version.items],
    }
