"""Account pages: register, log in, log out, change password, profile."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from wtforms import SelectChoice

from planner.accounts import services
from planner.accounts.forms import LoginForm, PasswordForm, ProfileForm, RegisterForm
from planner.accounts.models import User
from planner.accounts.services import ProfileChanges, live_grants
from planner.accounts.sessions import end_session, start_session, user_for_token
from planner.accounts.throttle import note_refused_credentials, throttle_logins, throttle_password_checks
from planner.config import LOCALES
from planner.db import session
from planner.extensions import login_manager
from planner.i18n import LOCALE_NAMES
from planner.permissions import Permission, require
from planner.pipeline import run
from planner.places.models import Locality
from planner.urls import safe_next_url
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


def _restart_cookie_session() -> None:
    """Empty this browser's session, keeping only its interface language choice."""
    language = cookie_session.get("locale")
    cookie_session.clear()
    if language:
        cookie_session["locale"] = language


def _sign_in(user: User) -> None:
    """A new login session for this browser; any session it had before ends."""
    end_session(getattr(current_user, "session_token", None))
    _restart_cookie_session()
    start_session(user, request.user_agent.string or "")
    login_user(user)


def _signed_in(user: User) -> User:
    """Sign the user in (see _sign_in) and hand them on, for a service call run by the pipeline."""
    _sign_in(user)
    return user


def _sign_out() -> None:
    end_session(getattr(current_user, "session_token", None))
    logout_user()
    _restart_cookie_session()


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Open an account (a volunteer) and sign in with it."""
    form = RegisterForm()
    if form.validate_on_submit() and (done := run(lambda: _signed_in(services.register(
            form.name.data, form.email.data, form.password.data, locale=cookie_session.get("locale"))), form)):
        flash(_("Welcome, %(name)s. Your account is ready.", name=done.value.name), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@throttle_logins
def login():
    """Sign in with email and password, then go back to a page of this site."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        done = run(lambda: _signed_in(services.authenticate(form.email.data, form.password.data)), form)
        if done:
            return redirect(safe_next_url(form.next.data))
        note_refused_credentials()
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """End this browser's login session (a GET only shows the button)."""
    if request.method == "GET":
        return render_template("accounts/logout.html")
    run(_sign_out)
    flash(_("You have logged out."), "success")
    return redirect(url_for("directory.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@throttle_password_checks
def password():
    """Change one's password; every other browser is signed out."""
    require(Permission.ACCOUNT_SELF, current_user)
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        done = run(lambda: _signed_in(services.change_password(user, form.current_password.data,
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
    if form.validate_on_submit() and run(lambda: services.update_profile(user, _profile_changes(form)), form):
        cookie_session.pop("locale", None)  # the language just saved applies from now on
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, user=user, grants=live_grants(user))


class _ProfileData:
    """The user's current profile in the shape the form reads."""

    def __init__(self, user: User):
        self.name = user.name
        self.languages = list(user.languages or [])
        self.skills = [skill.key for skill in user.skills]
        self.locality = str(user.locality_id or "")
        self.locale = user.locale or ""
        self.show_hijri = user.show_hijri


def _fill_profile_choices(form: ProfileForm, user: User) -> None:
    language_names = get_locale().languages if get_locale() else {}
    languages = sorted(services.LANGUAGES, key=lambda code: language_names.get(code, code).casefold())
    form.languages.choices = [SelectChoice(code, language_names.get(code, code)) for code in languages]
    form.skills.choices = [SelectChoice(key, name) for key, name in skill_choices()]
    localities = session.scalars(select(Locality).order_by(Locality.name).limit(CHOICE_LIMIT)).all()
    if user.locality is not None and user.locality not in localities:
        localities.append(user.locality)
    form.locality.choices = [SelectChoice("", _("Not given"))] + [
        SelectChoice(str(place.id), _("%(place)s (%(country)s)", place=place.name, country=place.country_code))
        for place in localities
    ]
    form.locale.choices = [SelectChoice("", _("Same as my browser"))] + [
        SelectChoice(code, LOCALE_NAMES[code]) for code in LOCALES
    ]


def _profile_changes(form: ProfileForm) -> ProfileChanges:
    locality = form.locality.data or ""
    return ProfileChanges(
        name=form.name.data,
        languages=list(form.languages.data or []),
        skill_keys=list(form.skills.data or []),
        locality_id=int(locality) if locality.isdigit() else None,
        locale=form.locale.data or None,
        show_hijri=bool(form.show_hijri.data),
    )
