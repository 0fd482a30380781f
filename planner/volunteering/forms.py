"""Forms for finding shifts, running programmes and shifts, and keeping the roster. No database access here."""
from __future__ import annotations

from datetime import date, timedelta

from babel import Locale
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from planner.clock import to_local
from planner.config import LOCALES
from planner.digits import format_count, numeral
from planner.forms import CheckboxListField, HoursField, PlannerForm
from planner.i18n import LOCALE_NAMES
from planner.records.forms import EditsARecord
from planner.volunteering.management import ShiftDetails
from planner.volunteering.messages import SUBJECT_LENGTH, TEXT_LENGTH
from planner.volunteering.models import (GUEST_NAMES_LENGTH, INSTRUCTIONS_LENGTH, LOGGED_NOTE_LENGTH,
                                         LONGEST_SHORT_NOTICE_HOURS, NOTE_LENGTH, REQUIREMENT_NAME_LENGTH)
from planner.volunteering.queries import PARTS_OF_DAY, languages_of
from planner.volunteering.timezones import clock_time

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


# The options of ShiftFilterForm's days (planner.volunteering.queries.DAYS).
DAY_CHOICES = [("", _l("Any day")), ("weekdays", _l("Weekdays")), ("weekend", _l("Weekends"))]


def part_of_day_choices() -> list[tuple[str, str]]:
    """The options of ShiftFilterForm's part_of_day (queries.PARTS_OF_DAY), their hours on the reader's clock."""
    morning, afternoon, evening = (PARTS_OF_DAY[part] for part in ("morning", "afternoon", "evening"))
    return [("", _("Any time")),
            ("morning", _("Mornings, starting before %(time)s", time=clock_time(morning.stop))),
            ("afternoon", _("Afternoons, starting %(start)s to %(end)s", start=clock_time(afternoon.start),
                            end=clock_time(afternoon.stop - 1, 59))),
            ("evening", _("Evenings, starting from %(time)s", time=clock_time(evening.start)))]


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
    days = SelectField(_l("Days"), choices=[], validate_choice=False)  # the weekend as each shift's country keeps it
    part_of_day = SelectField(_l("Time of day"), choices=[], validate_choice=False)
    mine = BooleanField(_l("Matches my skills"))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end of the range must not be before its start."))


class UnnamedHelpersForm(PlannerForm):
    """How many came to help with no account here, and their hours each (empty: the shift's length)."""

    count = IntegerField(_l("How many came"), validators=[InputRequired()])
    hours_each = HoursField(_l("Hours each"), validators=[Optional(), NumberRange(min=0, max=1000)])


class FinderForm(PlannerForm):
    """A list's finder, read from the query string: text in a volunteer's name or address, and which of the list's
    VIEWS to show, each named with how many it holds."""

    class Meta:
        csrf = False

    VIEWS: dict[str, str] = {}  # "" (the whole list) first

    q = StringField(_l("Name or email"), filters=[strip], validators=[Length(max=200)])
    show = SelectField(_l("Show"), default="", validate_choice=False)

    def offer_views(self, counts: dict[str, int]) -> None:
        """The views, each with how many it holds."""
        self.show.choices = [SelectChoice(view, _("%(view)s (%(num)s)", view=name, num=format_count(counts[view])))
                             for view, name in self.VIEWS.items()]

    def chosen(self) -> tuple[str, str]:
        """The view asked for and the text to find: an unknown view (an old link) or a search too long to be a name
        shows everything."""
        text = self.q.data if self.validate() and self.q.data else ""
        return (self.show.data if self.show.data in self.VIEWS else ""), text


class RosterFilterForm(FinderForm):
    """Whom the roster shows, and a name or address to find."""

    VIEWS = {"": _l("Everyone with a place"), "to_mark": _l("Not marked yet"), "not_in": _l("Not checked in yet"),
             "attended": _l("Attended"), "no_show": _l("No-show")}


class RecordsFilterForm(FinderForm):
    """Which of a programme's records of what it asks to show (those lapsing soon, those lapsed), and whose."""

    VIEWS = {"": _l("Every record"), "lapsing": _l("Lapsing within a month"), "lapsed": _l("Lapsed")}


class ProgrammeForm(EditsARecord, PlannerForm):
    """Create or edit a volunteer programme. The owner can be chosen only when creating."""

    shows = ("initiative_id", "name", "summary", "reminder_hours", "short_notice_hours")  # and skills (EditsARecord)
    shown_in = {"initiative_id": "initiative"}

    owner = SelectField(_l("Run by"), choices=[], validators=[DataRequired()])
    initiative = SelectField(_l("Initiative"), choices=[], validate_choice=False)
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(min=3, max=200)])
    summary = TextAreaField(_l("Summary"), filters=[strip], validators=[Length(max=2000)])
    skills = CheckboxListField(_l("Skills wanted"), choices=[])
    languages = CheckboxListField(_l("Languages"), choices=[])
    reminder_hours = StringField(_l("Remind volunteers this many hours before each shift"), filters=[strip],
                                 default="48, 3", validators=[Length(max=40)])
    short_notice_hours = IntegerField(
        _l("Tell the coordinators of a place given up this many hours or fewer before a shift"),
        validators=[Optional(), NumberRange(min=0, max=LONGEST_SHORT_NOTICE_HOURS)])

    def shown_of(self, programme) -> dict:
        """Its columns and skills (EditsARecord), and its languages, which are rows of their own."""
        return super().shown_of(programme) | {"languages": languages_of([programme.id]).get(programme.id, [])}


class CheckInForm(PlannerForm):
    """A volunteer's check-in code, typed at the door."""

    code = StringField(_l("Check-in code"), filters=[strip], validators=[DataRequired(), Length(max=20)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True})


class ProgrammeEditForm(ProgrammeForm):
    """Editing keeps the owner the programme was created with."""

    owner = None


class ShiftForm(EditsARecord, PlannerForm):
    """Create or edit a shift; times are entered on the chosen locality's clock."""

    shows = ("title", "starts_at", "ends_at", "locality_id", "centre_id", "place", "instructions", "capacity",
             "signup_cutoff_at", "party_limit")  # not the places taken, which sign-ups change while a coordinator edits
    shown_in = {"locality_id": "locality", "centre_id": "centre", "signup_cutoff_at": "signup_cutoff_hours"}

    def held_as(self, shift) -> dict:
        """What the fields hold for a stored shift where it is not the column's value: the times on the locality's
        clock, the places as their keys, the end of sign-ups as hours before the start."""
        zone = shift.locality.timezone
        cutoff = shift.starts_at - shift.signup_cutoff_at if shift.signup_cutoff_at else timedelta(0)
        return {"starts_at": to_local(shift.starts_at, zone).replace(tzinfo=None),
                "ends_at": to_local(shift.ends_at, zone).replace(tzinfo=None),
                "locality": str(shift.locality_id), "centre": str(shift.centre_id or ""),
                "signup_cutoff_hours": round(cutoff.total_seconds() / 3600)}

    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(min=3, max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    locality = SelectField(_l("Locality"), choices=[], validators=[DataRequired()], validate_choice=False)
    centre = SelectField(_l("Centre"), choices=[], validate_choice=False)
    place = StringField(_l("Meeting place"), filters=[strip], validators=[Length(max=200)])
    instructions = TextAreaField(_l("What volunteers should know"), filters=[strip],
                                 validators=[Length(max=INSTRUCTIONS_LENGTH)], render_kw={"dir": "auto", "rows": 3})
    capacity = IntegerField(_l("Places"), validators=[InputRequired(), NumberRange(min=1, max=MAX_CAPACITY)])
    signup_cutoff_hours = IntegerField(
        _l("Sign-ups close (hours before the start)"), default=0,
        validators=[InputRequired(), NumberRange(min=0, max=MAX_CUTOFF_HOURS)],
    )
    party_limit = IntegerField(_l("Each volunteer may bring up to this many others"), default=0,
                               validators=[Optional(), NumberRange(min=0, max=MAX_PARTY_GUESTS)])
    announce = BooleanField(_l("E-mail the volunteers signed up if what they should know has changed"))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The shift must end after it starts."))

    def details(self, places: dict, centres: dict) -> ShiftDetails:
        """What the checked form says of the shift, its place and centre taken from those offered (by key)."""
        return ShiftDetails(
            title=self.title.data, starts_local=self.starts_at.data, ends_local=self.ends_at.data,
            locality=places[self.locality.data], centre=centres.get(self.centre.data or ""),
            place=self.place.data or "", capacity=self.capacity.data, cutoff_hours=self.signup_cutoff_hours.data,
            party_limit=self.party_limit.data or 0,
            instructions=(self.instructions.data or "") if self.instructions.raw_data else None,
            announce=bool(self.announce.data),
        )


class ShiftImportForm(PlannerForm):
    """A spreadsheet of shifts, saved as CSV (planner.volunteering.shift_import): first the file, to check and
    show what it holds; then the checked copy sent back from that preview (`checked`), to add its shifts."""

    file = FileField(_l("CSV file"), render_kw={"accept": ".csv,text/csv"})
    checked = HiddenField()

    def validate_file(self, field) -> None:
        if not self.checked.data and not (isinstance(field.data, FileStorage) and field.data):
            raise StopValidation(_l("Choose a CSV file to import."))


class SignupForm(PlannerForm):
    """Signing up, perhaps bringing others; the shift sets how many (see `offer_guests`)."""

    guests = SelectField(_l("People coming with you"), choices=[SelectChoice("0")], default="0")
    guest_names = StringField(_l("Their names (optional)"), filters=[strip],
                              validators=[Length(max=GUEST_NAMES_LENGTH)])
    note = StringField(_l("A note for the coordinator (optional)"), filters=[strip],
                       validators=[Length(max=NOTE_LENGTH)], render_kw={"dir": "auto"})

    def offer_guests(self, limit: int) -> None:
        self.guests.choices = [(str(number), numeral(number)) for number in range(limit + 1)]


class SignupNoteForm(PlannerForm):
    """The note a volunteer left the coordinator with their sign-up, changed."""

    note = StringField(_l("Your note for the coordinator"), filters=[strip], validators=[Length(max=NOTE_LENGTH)],
                       render_kw={"dir": "auto"})


class SignUpSomeoneForm(SignupForm):
    """A coordinator signs a volunteer up for them, by their account's address (see management.sign_up_for); for
    someone with no account, their name and their agreement that one is opened for them."""

    email = EmailField(_l("Their email address"), filters=[strip], validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    guests = SelectField(_l("People coming with them"), choices=[SelectChoice("0")], default="0")
    note = StringField(_l("A note for the roster (optional)"), filters=[strip], validators=[Length(max=NOTE_LENGTH)],
                       render_kw={"dir": "auto"})
    name = StringField(_l("Their name"), filters=[strip], validators=[Length(max=200)],
                       render_kw={"autocomplete": "off", "dir": "auto"})
    agreed = BooleanField(_l("They agree that we open an account for them with this address"))
    language = SelectField(_l("The language we write to them in"), choices=[])

    def offer_languages(self, current: str) -> None:
        """The planner's languages, each in its own name, the page's own first chosen."""
        self.language.choices = [SelectChoice(code, LOCALE_NAMES[code]) for code in LOCALES]
        if not self.language.data:
            self.language.data = current


class NewShiftForm(ShiftForm):
    """A new shift, which may repeat: weekly on chosen days, or monthly on the n-th weekday, with exceptions."""

    repeat = SelectField(_l("Repeats"), default="")
    weekdays = CheckboxListField(_l("On these days (weekly)"), coerce=int)
    nth = SelectField(_l("Which weekday of the month (monthly)"), default="1")
    ends = RadioField(_l("The series ends"), default="count")
    count = IntegerField(_l("Number of shifts"), default=10, validators=[Optional(), NumberRange(min=1, max=260)])
    until = DateField(_l("Last day"), validators=[Optional()])
    exceptions = TextAreaField(_l("Except on these days"), filters=[strip], validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.repeat.choices = [("", _l("Does not repeat")), ("weekly", _l("Every week")),
                               ("monthly", _l("Every month, on the same weekday"))]
        names = Locale.parse(str(get_locale() or "en")).days["format"]["wide"]
        self.weekdays.choices = [(day, names[day]) for day in range(7)]
        self.nth.choices = [("1", _l("First")), ("2", _l("Second")), ("3", _l("Third")), ("4", _l("Fourth")),
                            ("-1", _l("Last"))]
        self.ends.choices = [("count", _l("After a number of shifts")), ("until", _l("On a date"))]

    def validate_until(self, field):
        if self.repeat.data and self.ends.data == "until" and not field.data:
            raise ValidationError(_l("Give the last day of the series."))

    def validate_count(self, field):
        if self.repeat.data and self.ends.data == "count" and not field.data:
            raise ValidationError(_l("Give the number of shifts."))

    def validate_exceptions(self, field):
        try:
            self.skipped_days = parse_days(field.data or "")
        except ValueError as error:
            raise ValidationError(_l("Write each day as YYYY-MM-DD, separated by commas or new lines "
                                     "(“%(text)s” is not a day).", text=str(error)[:40])) from error


def parse_days(text: str) -> list[date]:
    """Days written as YYYY-MM-DD, separated by commas, spaces or new lines; ValueError names a bad one."""
    days = []
    for piece in text.replace(",", " ").split():
        try:
            days.append(date.fromisoformat(piece))
        except ValueError:
            raise ValueError(piece) from None
    return days


class SeriesScopeForm(PlannerForm):
    """Editing a shift of a series: this one only, or this and the ones after it."""

    scope = RadioField(_l("Change"), default="this")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = [("this", _l("This shift only")), ("following", _l("This shift and the following"))]


class CertificateForm(PlannerForm):
    """What a certificate covers, the name to print, and its language; the view fills in the choices."""

    programme = SelectField(_l("Programme"), choices=[], default="")
    year = SelectField(_l("Year"), choices=[], default="")
    name = StringField(_l("Name as printed"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language of the certificate"), choices=[])


class CancelShiftForm(PlannerForm):
    """Cancelling a shift, with a reason the volunteers will read."""

    reason = TextAreaField(_l("Reason (sent to the volunteers)"), filters=[strip], validators=[Length(max=500)])


class ReleasePlaceForm(PlannerForm):
    """Giving up a volunteer's place for them, with a reason they will read."""

    reason = TextAreaField(_l("Reason (sent to the volunteer)"), filters=[strip], validators=[Length(max=500)])


class MessageVolunteersForm(PlannerForm):
    """A message from the coordinator to the volunteers of a shift."""

    audience = RadioField(_l("Send to"), default="places", validators=[InputRequired()])
    subject = StringField(_l("Subject"), filters=[strip],
                          validators=[DataRequired(), Length(max=SUBJECT_LENGTH)])
    text = TextAreaField(_l("Message"), filters=[strip], validators=[DataRequired(), Length(max=TEXT_LENGTH)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience.choices = [("places", _l("Volunteers with a place")),
                                 ("everyone", _l("Volunteers with a place, and those waiting for one"))]


class AttendanceForm(PlannerForm):
    """One roster row: did the volunteer come, and how many hours to verify."""

    outcome = RadioField(_l("Attendance"), validators=[InputRequired()])
    hours = HoursField(_l("Hours"), validators=[Optional(), NumberRange(min=0, max=1000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [("attended", _l("Attended")), ("no_show", _l("No-show"))]


class HoursYearForm(PlannerForm):
    """Which year of a programme's hours to show; read from the query string, the view offering the years."""

    class Meta:
        csrf = False

    year = SelectField(_l("Year"), choices=[], validate_choice=False)


class FollowForm(PlannerForm):
    """A programme page's switch for its e-mails of new shifts: `wanted` says which way it turns it."""

    wanted = HiddenField(validators=[AnyOf(("on", "off"))])
    next = HiddenField()  # the page to go back to (the list of programmes followed); the programme's by default


class LogHoursForm(PlannerForm):
    """Hours a volunteer gave a programme outside its shifts: the day, how many, and what they did (the service
    checks the day against the volunteer's calendar and the day's other hours)."""

    worked_on = DateField(_l("Day"), validators=[InputRequired()])
    hours = HoursField(_l("Hours"), validators=[InputRequired()])
    description = TextAreaField(_l("What you did"), filters=[strip], validators=[
        DataRequired(_l("Say in a few words what you did.")), Length(max=LOGGED_NOTE_LENGTH)],
        render_kw={"dir": "auto", "rows": 3, "maxlength": LOGGED_NOTE_LENGTH})


class RecordHoursForm(LogHoursForm):
    """A coordinator records hours a volunteer gave outside the shifts, for them: whose, by their account's address."""

    email = EmailField(_l("The volunteer's email address"), filters=[strip],
                       validators=[InputRequired(), Length(max=254)], render_kw={"dir": "ltr"})
    description = TextAreaField(_l("What they did"), filters=[strip], validators=[
        DataRequired(_l("Say in a few words what they did.")), Length(max=LOGGED_NOTE_LENGTH)],
        render_kw={"dir": "auto", "rows": 2, "maxlength": LOGGED_NOTE_LENGTH})


class VerifyLoggedHoursForm(PlannerForm):
    """A coordinator verifies logged hours, as the volunteer gave them or corrected."""

    hours = HoursField(_l("Hours to verify"), validators=[Optional()])


class DeclineLoggedHoursForm(PlannerForm):
    """A coordinator declines logged hours, saying why if they will (the volunteer is e-mailed it)."""

    reason = StringField(_l("Reason (sent to the volunteer)"), filters=[strip],
                         validators=[Length(max=LOGGED_NOTE_LENGTH)], render_kw={"dir": "auto"})


class RequirementForm(PlannerForm):
    """Something more the programme asks of its volunteers before they take a place."""

    name = StringField(_l("What the programme asks for"), filters=[strip], validators=[
        DataRequired(_l("Name what the programme asks for.")), Length(max=REQUIREMENT_NAME_LENGTH)],
        render_kw={"dir": "auto", "maxlength": REQUIREMENT_NAME_LENGTH})


class RequirementShareForm(PlannerForm):
    """The programme asks for what another programme of the same coordinators asks: one record holds for both."""

    requirement = SelectField(_l("What another of your programmes asks for"), choices=[],
                              validators=[InputRequired()], id="shared_requirement")  # the record form has its own


class RequirementMetForm(PlannerForm):
    """A coordinator records that volunteers (one, or a training's whole class) have one of the things the programme
    asks, until a day or for good."""

    requirement = SelectField(_l("What they have"), choices=[], validators=[InputRequired()])
    emails = TextAreaField(_l("The volunteers' email addresses"), filters=[strip],
                           validators=[InputRequired(_l("Give the volunteer's email address.")), Length(max=30_000)],
                           render_kw={"dir": "ltr", "rows": 3, "autocomplete": "off", "spellcheck": "false"})
    valid_until = DateField(_l("Holds until (optional)"), validators=[Optional()])
