"""Locale and direction: the interface language comes from the user, then the browser."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user

from planner.urls import safe_next_url

from planner.config import LOCALES, RTL_LOCALES
from planner.hijri import date_with_hijri, wants_hijri

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The user's saved choice, then this browser's choice, then Accept-Language (the default outside requests)."""
    if not has_request_context():  # command-line tasks and workers
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LOCALES:
        return current_user.locale
    if session.get("locale") in LOCALES:
        return session["locale"]
    return request.accept_languages.best_match(LOCALES) or "en"


def text_direction(locale: str) -> str:
    """'rtl' for right-to-left scripts, otherwise 'ltr'."""
    return "rtl" if locale.split("_")[0] in RTL_LOCALES else "ltr"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["dateformat"] = date_with_hijri

    @app.context_processor
    def locale_context():
        locale = str(get_locale() or "en")
        return {
            "page_lang": locale.replace("_", "-"),
            "page_dir": text_direction(locale),
            "locales": LOCALES,
            "locale_names": LOCALE_NAMES,
            "current_locale": locale,
            "showing_hijri": wants_hijri(),
        }


LOCALE_NAMES = {"en": "English", "ar": "العربية", "fr": "Français", "tr": "Türkçe"}


@bp.post("/language")
def choose_language():
    """Remember this browser's interface language, then go back where the user was."""
    choice = request.form.get("locale", "")
    if choice in LOCALES:
        session["locale"] = choice
    return redirect(safe_next_url(request.form.get("next")))


@bp.post("/calendar-preference")
def choose_calendar():
    """Show or hide Hijri dates beside Gregorian ones in this browser."""
    session["hijri"] = request.form.get("hijri") == "on"
    return redirect(safe_next_url(request.form.get("next")))
