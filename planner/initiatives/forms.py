"""Initiative forms: the initiative itself (its lead organisation only when it is created) and the
council's comment when it returns an initiative for changes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from planner.forms import CheckboxListField, PlannerForm
from planner.records.forms import (
    RecordForm,
    ends_not_before_starts,
    optional_int,
    strip_text,
)


class InitiativeForm(RecordForm):
    """What the coordinators of the lead organisation may set; never its status, owner or reviewer."""

    shown_in = {"partners": "partner_ids", "audiences": "audience_keys"}

    title = StringField(_l("Title"), filters=[strip_text], validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), filters=[strip_text], validators=[DataRequired(), Length(max=500)],
                            description=_l("One or two sentences shown in lists and search results."))
    description = TextAreaField(_l("Description"), filters=[strip_text], validators=[Length(max=20000)])
    theme_key = SelectField(_l("Theme"), validators=[DataRequired()])
    council_id = SelectField(_l("Council"), coerce=optional_int, validators=[DataRequired()],
                             description=_l("The council whose area the initiative is in; it reviews the initiative."))
    venue_centre_id = SelectField(
        _l("Venue centre"), coerce=optional_int, validators=[Optional()],
        description=_l("A community centre in the council's area, if the initiative has one."),
    )
    partner_ids = CheckboxListField(_l("Partner organisations"), coerce=int)
    audience_keys = CheckboxListField(_l("Audiences"))
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(message=_l("Enter a start date."))])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), ends_not_before_starts])


class NewInitiativeForm(InitiativeForm):
    """The initiative form with the organisation that leads it (one the user coordinates)."""

    lead_organisation_id = SelectField(_l("Lead organisation"), coerce=optional_int, validators=[DataRequired()],
                                       invalid_choice_message=_l("Choose one of the organisations you coordinate."))


class ReturnForm(PlannerForm):
    """Why the council returns an initiative, for its coordinator to act on."""

    comment = TextAreaField(
        _l("Comment for the coordinator"), filters=[strip_text],
        validators=[DataRequired(message=_l("Say what should change before the initiative can be published.")),
                    Length(max=2000)],
    )
