"""Account pages: register, log in (with the second step), log out, change password, profile."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from planner.accounts import recovery, services, throttle
from planner.accounts.forms import CodeForm, LoginForm, PasswordForm, ProfileForm, RegisterForm
from planner.accounts.models import User
from planner.accounts.services import ProfileChanges, live_grants
from planner.accounts.signals import settings_offered
from planner.accounts.sessions import user_for_token
from planner.accounts.signin import begin_second_step, drop_pending, onwards, pending, sign_in, sign_out
from planner.accounts.throttle import note_refused_credentials, throttle_password_checks
from planner.accounts.two_factor import accept_code
from planner.config import LOCALES
from planner.db import session
from planner.digits import typed_whole_number
from planner.extensions import login_manager
from planner.i18n import LOCALE_NAMES, isolate
from planner.permissions import Permission, is_coordinator, require
from planner.phones import shown_phone
from planner.pipeline import run
from planner.places.models import Locality
from planner.urls import local_url_or
from planner.vocab.choices import skill_choices

bp = Blueprint("accounts", __name__)

CHOICE_LIMIT = 1000  # the longest list a select on the profile page offers


def N_(message: str) -> str:  # noqa: N802 - marks a message for extraction; translated when shown
    return message


login_manager.login_message = N_("Please log in to open that page.")
login_manager.localize_callback = _


@login_manager.user_loader
def load_user(token: str):
    """The user whose live login session this cookie token opens (Flask-Login's hook)."""
    return user_for_token(token)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Open an account: the same answer whether or not the address already has one (see recovery.register)."""
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        if throttle.mail_requests_exhausted():
            return render_template("accounts/register.html", form=form, refusal=throttle.too_many_mail_requests()), 429
        if run(lambda: recovery.register(form.name.data, form.email.data, form.password.data,
                                         locale=cookie_session.get("locale") or _interface_locale()), form):
            flash(_("Thank you. We have sent a message to %(email)s: open the link in it to confirm your address. "
                    "You can log in meanwhile.", email=isolate(form.email.data)), "success")
            return redirect(url_for("accounts.login", next=local_url_or(form.next.data, "") or None))
    return render_template("accounts/register.html", form=form)


def _interface_locale() -> str | None:
    locale = get_locale()
    return str(locale) if locale else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password (and, where set up, a code), then go back to a page of this site."""
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form, locked=False)
    email = form.email.data
    locked = throttle.password_alone_refused(email)
    done = run(lambda: services.authenticate(email, form.password.data), form)  # the locked page shows no errors
    user = done.value
    if locked:
        return _locked_login(form, user)
    if user is None:
        throttle.count_failed_login(email)
        return render_template("accounts/login.html", form=form, locked=False)
    if user.has_two_factor:
        begin_second_step(user, form.next.data)
        return redirect(url_for("accounts.login_code"))
    run(lambda: sign_in(user))
    return onwards(user, form.next.data)


def _locked_login(form: LoginForm, user):
    """Past the failure limit only the password with a right code opens the account; the answer says no more."""
    if user is not None and form.code.data and run(lambda: accept_code(user, form.code.data)).value:
        run(lambda: sign_in(user))
        return onwards(user, form.next.data)
    throttle.count_failed_login(form.email.data)
    return render_template("accounts/login.html", form=form, locked=True), 429


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step: a code from the authenticator app, or a recovery code."""
    state = pending()
    if state is None:  # no password step, or it is too old
        drop_pending()
        if request.method == "GET":
            return render_template("accounts/login_code.html", form=None)
        flash(_("Please log in again."), "info")
        return redirect(url_for("accounts.login"))
    user, attempt, next_url = state
    form = CodeForm()
    if form.validate_on_submit() and throttle.attempt_spent(attempt):
        drop_pending()
        return redirect(url_for("accounts.login"))
    if form.validate_on_submit():
        if run(lambda: accept_code(user, form.code.data)).value:
            drop_pending()
            run(lambda: sign_in(user))
            return onwards(user, next_url)
        throttle.count_wrong_code(attempt, user.id)
        if throttle.second_step_exhausted(attempt, user.id):
            drop_pending()
            flash(_("Too many wrong codes. Enter your password again, then a new code."), "error")
            return redirect(url_for("accounts.login"))
        form.code.errors = [_("That code is not right. Use the newest code from your app, or a recovery code.")]
    return render_template("accounts/login_code.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """End this browser's login session (a GET only shows the button)."""
    if request.method == "GET":
        return render_template("accounts/logout.html")
    run(sign_out)
    flash(_("You have logged out."), "success")
    return redirect(url_for("directory.home"))


@bp.post("/account/verify-again")
@login_required
def verify_again():
    """Send a new link to confirm one's address."""
    user = current_user._get_current_object()
    require(Permission.ACCOUNT_SELF, user)
    if run(lambda: recovery.resend_verification(user), unplaced="flash"):
        flash(_("We have sent a new link to %(email)s.", email=isolate(user.email)), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@throttle_password_checks
def password():
    """Change one's password; every other browser is signed out."""
    require(Permission.ACCOUNT_SELF, current_user)
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        done = run(lambda: sign_in(services.change_password(user, form.current_password.data,
                                                            form.new_password.data) or user), form)
        if done:
            flash(_("Your password has been changed. Other browsers have been signed out."), "success")
            return redirect(url_for("accounts.profile"))
        if done.error.field == "current_password":
            note_refused_credentials()
    return render_template("accounts/password.html", form=form)


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    """See and change one's name, languages, skills, locality and display preferences."""
    user = current_user._get_current_object()
    require(Permission.ACCOUNT_SELF, user)
    form = ProfileForm(obj=None if request.method == "POST" else _ProfileData(user))
    _fill_profile_choices(form, user)
    offered = _settings_offered(user)
    if form.validate_on_submit() and run(
            lambda: services.update_profile(user, _profile_changes(form, user, offered)), form):
        cookie_session.pop("locale", None)  # the language just saved applies from now on
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, user=user, grants=live_grants(user), offered=offered)


def _settings_offered(user: User) -> set[str]:
    """The profile's optional settings this user is asked about: the e-mails of places given up at short notice
    and of hours logged, for whoever runs programmes,
    and what the features above offer them (settings_offered)."""
    offered = {"short_notice_emails", "logged_hours_emails"} if is_coordinator(user) else set()
    for _receiver, names in settings_offered.send(user):
        offered |= set(names)
    return offered


class _ProfileData:
    """The user's current profile in the shape the form reads."""

    def __init__(self, user: User):
        self.name = user.name
        self.languages = list(user.languages or [])
        self.skills = [skill.key for skill in user.skills]
        self.locality = str(user.locality_id or "")
        self.phone = shown_phone(user.phone)
        self.emergency_name = user.emergency_name
        self.emergency_phone = shown_phone(user.emergency_phone)
        self.locale = user.locale or ""
        self.show_hijri = user.show_hijri
        self.digits = user.digits or ""
        self.shift_reminders = user.shift_reminders
        self.short_notice_emails = user.short_notice_emails
        self.logged_hours_emails = user.logged_hours_emails
        self.translation_digest = user.translation_digest
        self.programme_news_every = user.programme_news_every


def _fill_profile_choices(form: ProfileForm, user: User) -> None:
    language_names = get_locale().languages if get_locale() else {}
    languages = sorted(services.LANGUAGES, key=lambda code: language_names.get(code, code).casefold())
    form.languages.choices = [SelectChoice(code, language_names.get(code, code)) for code in languages]
    form.skills.choices = [SelectChoice(key, name) for key, name in skill_choices()]
    localities = session.scalars(select(Locality).order_by(Locality.name).limit(CHOICE_LIMIT)).all()
    if user.locality is not None and user.locality not in localities:
        localities.append(user.locality)
    form.locality.choices = [SelectChoice("", _("Not given"))] + [
        SelectChoice(str(place.id), _("%(place)s (%(country)s)", place=place.shown_name, country=place.country_code))
        for place in localities
    ]
    form.locale.choices = [SelectChoice("", _("Same as my browser"))] + [
        SelectChoice(code, LOCALE_NAMES[code]) for code in LOCALES
    ]


def _profile_changes(form: ProfileForm, user: User, offered: set[str]) -> ProfileChanges:
    """The form's answers; an optional setting only from someone the form asks about it (the others keep theirs)."""
    locality = form.locality.data or ""

    def asked(setting: str):
        return form[setting].data if setting in offered else getattr(user, setting)

    return ProfileChanges(
        name=form.name.data,
        languages=list(form.languages.data or []),
        skill_keys=list(form.skills.data or []),
        locality_id=typed_whole_number(locality),
        locale=form.locale.data or None,
        show_hijri=bool(form.show_hijri.data),
        digits=form.digits.data or "",
        shift_reminders=bool(form.shift_reminders.data),
        short_notice_emails=bool(asked("short_notice_emails")),
        logged_hours_emails=bool(asked("logged_hours_emails")),
        translation_digest=bool(asked("translation_digest")),
        programme_news_every=asked("programme_news_every"),
        phone=form.phone.data or "",
        emergency_name=form.emergency_name.data or "",
        emergency_phone=form.emergency_phone.data or "",
    )
