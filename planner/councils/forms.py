"""The council form: what an administrator (or, when editing, the council's chair) may set."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from planner.currencies import budget_currencies
from planner.records.forms import RecordForm, optional_int, strip_text


def currency_choices() -> list[tuple[str, str]]:
    """The ISO 4217 currencies a budget may be kept in, as "JOD — Jordanian Dinar"."""
    return [("", _l("Choose a currency"))] + sorted(
        (currency.alpha_3, f"{currency.alpha_3} — {currency.name}") for currency in budget_currencies()
    )


class CouncilForm(RecordForm):
    """Name, place, mandate and quorum; the currency only when the council is created."""

    name = StringField(_l("Name"), filters=[strip_text], validators=[DataRequired(), Length(max=200)])
    locality_id = SelectField(_l("Locality"), coerce=optional_int, validators=[DataRequired()])
    mandate = TextAreaField(_l("Mandate"), filters=[strip_text], validators=[DataRequired(), Length(max=5000)])
    quorum = IntegerField(
        _l("Quorum"), validators=[Optional(), NumberRange(min=1, max=500)],
        description=_l("How many members must take part for a vote to count. Leave empty for no quorum."),
    )


class NewCouncilForm(CouncilForm):
    """The council form with the currency its budgets will be kept in."""

    currency = SelectField(_l("Currency"), choices=currency_choices, validators=[DataRequired()])
