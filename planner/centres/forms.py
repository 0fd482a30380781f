"""The centre form: details, services and audiences; the council only when the centre is created."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from planner.forms import CheckboxListField
from planner.records.forms import RecordForm, optional_int, strip_text


class CentreForm(RecordForm):
    """What a centre's coordinator or its council's members may change."""

    shown_in = {"services": "service_keys", "audiences": "audience_keys"}

    name = StringField(_l("Name"), filters=[strip_text], validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("What the centre offers"), filters=[strip_text], validators=[Length(max=5000)])
    service_keys = CheckboxListField(_l("Services"))
    audience_keys = CheckboxListField(_l("Audiences"))
    opening_hours = StringField(_l("Opening hours"), filters=[strip_text], validators=[Length(max=200)])
    address = StringField(_l("Address"), filters=[strip_text], validators=[Length(max=300)])
    contact_email = EmailField(_l("Contact email"), filters=[strip_text],
                               validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), filters=[strip_text], validators=[Length(max=40)])
    website = URLField(_l("Website"), filters=[strip_text], validators=[Optional(), URL(), Length(max=300)])

    def values(self) -> dict:
        return {**super().values(), "contact_email": self.contact_email.data or "", "website": self.website.data or ""}


class NewCentreForm(CentreForm):
    """The centre form with the council whose area the centre is in."""

    council_id = SelectField(_l("Council"), coerce=optional_int, validators=[DataRequired()],
                             invalid_choice_message=_l("Choose one of the councils you sit on."))
