"""Forms for finding shifts, running programmes and shifts, and keeping the roster. No database access here."""
from __future__ import annotations

from babel import Locale
from flask_babel import get_locale, lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from planner.forms import PlannerForm

# Languages a programme can work in (ISO 639-1), shown by their names in the reader's language.
LANGUAGE_CODES = ("ar", "en", "fr", "tr", "fa", "ku", "ur", "ps", "so", "ti", "am", "ms", "id", "bn", "sw", "ha",
                  "es", "de")
MAX_CAPACITY = 1000
MAX_CUTOFF_HOURS = 24 * 30
MAX_PARTY_GUESTS = 20


def language_choices() -> list[tuple[str, str]]:
    """(code, name) for every language a programme can list, named in the reader's language."""
    try:
        names = Locale.parse(str(get_locale() or "en")).languages
    except (ValueError, TypeError):
        names = {}
    return sorted(((code, names.get(code, code)) for code in LANGUAGE_CODES), key=lambda pair: pair[1])


def strip(value):
    """Trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


class ShiftFilterForm(PlannerForm):
    """The filters above the list of shifts; read from the query string."""

    class Meta:
        csrf = False

    locality = SelectField(_l("Place"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    skill = SelectField(_l("Skill"), choices=[], validate_choice=False)
    language = SelectField(_l("Language"), choices=[], validate_choice=False)
    mine = BooleanField(_l("Matches my skills"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end of the range must not be before its start."))


class ProgrammeForm(PlannerForm):
    """Create or edit a volunteer programme. The owner can be chosen only when creating."""

    owner = SelectField(_l("Run by"), choices=[], validators=[DataRequired()])
    initiative = SelectField(_l("Initiative"), choices=[], validate_choice=False)
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(min=3, max=200)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Length(max=2000)])
    skills = SelectMultipleField(_l("Skills wanted"), choices=[])
    languages = SelectMultipleField(_l("Languages"), choices=[])
    reminder_hours = StringField(_l("Remind volunteers this many hours before each shift"), filters=[strip],
                                 default="48, 3", validators=[Length(max=40)])


class CheckInForm(PlannerForm):
    """A volunteer's check-in code, typed at the door."""

    code = StringField(_l("Check-in code"), filters=[strip], validators=[DataRequired(), Length(max=20)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True})


class ProgrammeEditForm(ProgrammeForm):
    """Editing keeps the owner the programme was created with."""

    owner = None


class ShiftForm(PlannerForm):
    """Create or edit a shift; times are entered on the chosen locality's clock."""

    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(min=3, max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    locality = SelectField(_l("Locality"), choices=[], validators=[DataRequired()], validate_choice=False)
    centre = SelectField(_l("Centre"), choices=[], validate_choice=False)
    place = StringField(_l("Meeting place"), filters=[strip], validators=[Length(max=200)])
    capacity = IntegerField(_l("Places"), validators=[InputRequired(), NumberRange(min=1, max=MAX_CAPACITY)])
    signup_cutoff_hours = IntegerField(
        _l("Sign-ups close (hours before the start)"), default=0,
        validators=[InputRequired(), NumberRange(min=0, max=MAX_CUTOFF_HOURS)],
    )
    party_limit = IntegerField(_l("Each volunteer may bring up to this many others"), default=0,
                               validators=[Optional(), NumberRange(min=0, max=MAX_PARTY_GUESTS)])

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The shift must end after it starts."))


class SignupForm(PlannerForm):
    """Signing up, perhaps bringing others; the shift sets how many (see `offer_guests`)."""

    guests = SelectField(_l("People coming with you"), choices=[("0", "0")], default="0")
    guest_names = StringField(_l("Their names (optional)"), filters=[strip], validators=[Length(max=500)])

    def offer_guests(self, limit: int) -> None:
        self.guests.choices = [(str(number), str(number)) for number in range(limit + 1)]


class CancelShiftForm(PlannerForm):
    """Cancelling a shift, with a reason the volunteers will read."""

    reason = TextAreaField(_l("Reason (sent to the volunteers)"), filters=[strip], validators=[Length(max=500)])


class AttendanceForm(PlannerForm):
    """One roster row: did the volunteer come, and how many hours to verify."""

    outcome = RadioField(_l("Attendance"), validators=[InputRequired()])
    hours = DecimalField(_l("Hours"), places=2, validators=[Optional(), NumberRange(min=0, max=1000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [("attended", _l("Attended")), ("no_show", _l("No-show"))]
