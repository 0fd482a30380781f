"""The organisation form: what an administrator or the organisation's coordinators may set."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from planner.organisations.models import OrganisationKind
from planner.records.forms import RecordForm, optional_int, strip_text

KIND_LABELS = {
    OrganisationKind.NONPROFIT: _l("Non-profit"),
    OrganisationKind.COOPERATIVE: _l("Cooperative society"),
    OrganisationKind.ENTERPRISE: _l("Enterprise"),
    OrganisationKind.INTERNATIONAL: _l("International body"),
    OrganisationKind.GOVERNMENT: _l("Government office"),
}


def kind_choices() -> list[tuple[str, str]]:
    """The kinds for a select, with an empty first option."""
    return [("", _l("Choose a kind"))] + [(kind.value, label) for kind, label in KIND_LABELS.items()]


class OrganisationForm(RecordForm):
    """Name, kind, country and place, a short description and a website."""

    name = StringField(_l("Name"), filters=[strip_text], validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=kind_choices,
        validators=[DataRequired()],
    )
    country_code = SelectField(_l("Country"), validators=[DataRequired()])
    locality_id = SelectField(_l("Locality"), coerce=optional_int, validators=[Optional()])
    summary = TextAreaField(_l("What the organisation does"), filters=[strip_text], validators=[Length(max=5000)])
    website = URLField(_l("Website"), filters=[strip_text], validators=[Optional(), URL(), Length(max=300)])

    def values(self) -> dict:
        return {**super().values(), "kind": OrganisationKind(self.kind.data), "website": self.website.data or ""}
