"""Account and role forms: fields and their simple checks; the rules live in services.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from planner.accounts.models import COUNCIL_ROLES, Role
from planner.accounts.passwords import MAX_LENGTH
from planner.forms import CheckboxListField, PlannerForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LoginForm(PlannerForm):
    """Email and password."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       validators=[Optional(), Length(max=40)], filters=[_strip],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
    next = HiddenField()


class CodeForm(PlannerForm):
    """The second step: a code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)], filters=[_strip],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class EmailForm(PlannerForm):
    """An email address (asking for a password-reset link)."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "email"})


class NewPasswordForm(PlannerForm):
    """A new password typed twice (through a reset link)."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class EmailChangeForm(PlannerForm):
    """A new address, confirmed by the current password."""

    email = EmailField(_l("New email address"), validators=[DataRequired(), Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})


class ConfirmForm(PlannerForm):
    """A button that confirms what the page describes (a link that changes something)."""


class PasswordCheckForm(PlannerForm):
    """The password, and a code where two-step verification is on: before something that cannot be undone."""

    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       validators=[Optional(), Length(max=40)], filters=[_strip],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class DeleteAccountForm(PasswordCheckForm):
    """Deleting one's account: the password, a code where needed, and a tick to say one means it."""

    understood = BooleanField(_l("I understand that my account and personal data will be deleted for good."),
                              validators=[DataRequired(message=_l("Tick the box to confirm."))])


class RegisterForm(PlannerForm):
    """A new account: name, email and a password typed twice."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)], filters=[_strip],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[_strip], render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    next = HiddenField()  # the page the visitor was on: logging in afterwards takes them back to it
    confirm = PasswordField(_l("Password again"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class PasswordForm(PlannerForm):
    """The current password, and a new one typed twice."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(),
                                        EqualTo("new_password", message=_l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class ProfileForm(PlannerForm):
    """What a user says about themselves; the choices of lists are filled in by the view."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    languages = CheckboxListField(_l("Languages you speak"), choices=[])
    skills = CheckboxListField(_l("Skills you offer"), choices=[])
    locality = SelectField(_l("Where you live or volunteer"), choices=[])
    phone = StringField(_l("Telephone (optional)"), validators=[Optional(), Length(max=40)], filters=[_strip],
                        render_kw={"type": "tel", "autocomplete": "tel", "dir": "ltr"})
    emergency_name = StringField(_l("Someone to call in an emergency (optional)"), validators=[Length(max=200)],
                                 filters=[_strip], render_kw={"dir": "auto"})
    emergency_phone = StringField(_l("Their telephone"), validators=[Optional(), Length(max=40)], filters=[_strip],
                                  render_kw={"type": "tel", "dir": "ltr"})
    locale = SelectField(_l("Interface language"), choices=[])
    show_hijri = BooleanField(_l("Also show dates in the Hijri calendar"))
    digits = SelectField(_l("Digits"), default="", choices=[
        SelectChoice("", _l("As the interface language writes them")),
        SelectChoice("latn", _l("Western: 0123456789")),
        SelectChoice("arab", _l("Arabic-Indic: ٠١٢٣٤٥٦٧٨٩")),
    ])
    shift_reminders = BooleanField(_l("E-mail me a reminder before each of my shifts"))
    short_notice_emails = BooleanField(_l("E-mail me when a volunteer gives up a place on a shift I run at short "
                                          "notice and no one waiting can take it"))
    logged_hours_emails = BooleanField(_l("E-mail me when a volunteer logs hours given to a programme I run (at most "
                                          "once a day for each programme)"))
    translation_digest = BooleanField(_l("E-mail me once a week when texts I may translate have waited a day"))
    programme_news_every = SelectField(_l("E-mail me the shifts added to the programmes I follow"), default="day",
                                       choices=[
        SelectChoice("soon", _l("Soon after they are added")),
        SelectChoice("day", _l("At most once a day")),
        SelectChoice("week", _l("At most once a week")),
    ])


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COUNCIL_MEMBER: _l("Council member"),
    Role.COUNCIL_CHAIR: _l("Council chair"),
    Role.COUNCIL_TREASURER: _l("Council treasurer"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.VOLUNTEER: _l("Volunteer"),
}


class GrantForm(PlannerForm):
    """A role and, for scoped roles, the council, organisation or centre (`kind:id`) it applies to."""

    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
                       validators=[DataRequired()])
    scope = SelectField(_l("Where"), choices=[], validators=[Optional()], validate_choice=False)


class CouncilMemberForm(PlannerForm):
    """A council role offered by invitation to whoever reads mail at this address."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)], filters=[_strip])
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in COUNCIL_ROLES],
                       validators=[DataRequired()])


class UserSearchForm(PlannerForm):
    """Search accounts by name or email (a GET form)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email"), validators=[Optional(), Length(max=200)], filters=[_strip])
