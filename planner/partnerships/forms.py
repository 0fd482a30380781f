"""The partnership form: what it is, when, between which parties, serving which initiatives."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from planner.forms import CheckboxListField
from planner.partnerships.models import PartnershipKind
from planner.records.forms import RecordForm, ends_not_before_starts, strip_text

KIND_LABELS = {
    PartnershipKind.COOPERATIVE: _l("Cooperative"),
    PartnershipKind.FUNDING: _l("Funding"),
    PartnershipKind.IN_KIND: _l("In-kind support"),
    PartnershipKind.KNOWLEDGE_SHARING: _l("Knowledge sharing"),
    PartnershipKind.HUMANITARIAN: _l("Humanitarian"),
    PartnershipKind.INTERNATIONAL: _l("International"),
}

def kind_choices() -> list[tuple[str, str]]:
    """The kinds for a select, with an empty first option."""
    return [("", _l("Choose a kind"))] + [(kind.value, label) for kind, label in KIND_LABELS.items()]


PARTY_LISTS = ("council_ids", "centre_ids", "organisation_ids", "country_codes")  # each a party's column, plural


class PartnershipForm(RecordForm):
    """Title, kind, dates, at least two parties, and the initiatives the partnership serves."""

    title = StringField(_l("Title"), filters=[strip_text], validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=kind_choices,
        validators=[DataRequired()],
    )
    summary = TextAreaField(_l("What the parties do together"), filters=[strip_text], validators=[Length(max=5000)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), ends_not_before_starts])
    council_ids = CheckboxListField(_l("Councils"), coerce=int)
    centre_ids = CheckboxListField(_l("Community centres"), coerce=int)
    organisation_ids = CheckboxListField(_l("Organisations"), coerce=int)
    country_codes = CheckboxListField(_l("Countries"))
    initiative_ids = CheckboxListField(_l("Initiatives it serves"), coerce=int)

    def values(self) -> dict:
        return {**super().values(), "kind": PartnershipKind(self.kind.data)}

    shown_in = {"initiatives": "initiative_ids"}

    def shown_of(self, partnership) -> dict:
        """Its columns and links, and its parties (rows of their own, shown as the four lists of checkboxes)."""
        parties = {name: sorted(str(getattr(party, name[:-1])) for party in partnership.parties
                                if getattr(party, name[:-1]) is not None) for name in PARTY_LISTS}
        return super().shown_of(partnership) | parties
