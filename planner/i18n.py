"""Locale and direction: the interface language comes from the user, then the browser.

Translations go through Flask-Babel, whose domain here writes the whole numbers set into a sentence in the
reader's digits (planner.templating does the same for the sentences templates translate).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, Flask, current_app, flash, has_request_context, redirect, request, session
from flask_babel import Babel, Domain, force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from werkzeug.utils import cached_property

from planner.config import LOCALES, RTL_LOCALES
from planner.digits import digits_of, numbers_in_chosen_digits
from planner.extensions import csrf
from planner.hijri import wants_hijri
from planner.pipeline import commit
from planner.urls import safe_next_url


class _ReadersDomain(Domain):
    """Flask-Babel's translations, with the whole numbers set into each sentence in the reader's digits."""

    def gettext(self, string, **variables):
        return _filled(self.get_translations().ugettext(string), variables)

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _filled(self.get_translations().ungettext(singular, plural, num), variables, count="num")

    def pgettext(self, context, string, **variables):
        return _filled(self.get_translations().upgettext(context, string), variables)

    def npgettext(self, context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _filled(self.get_translations().unpgettext(context, singular, plural, num), variables, count="num")


def _filled(translation: str, variables: dict, count: str | None = None) -> str:
    return translation % numbers_in_chosen_digits(variables, count) if variables else translation


class _Babel(Babel):
    """Flask-Babel, translating through _ReadersDomain."""

    @cached_property
    def domain_instance(self):
        return _ReadersDomain(domain=self.domain)


babel = _Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The choice made in this browser, then the user's saved one, then Accept-Language (the default outside
    requests). An explicit choice applies at once, whatever the profile says; the footer offers to save it."""
    if not has_request_context():  # command-line tasks and workers
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    if session.get("locale") in LOCALES:
        return session["locale"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LOCALES:
        return current_user.locale
    return request.accept_languages.best_match(LOCALES) or "en"


def text_direction(locale: str) -> str:
    """'rtl' for right-to-left scripts, otherwise 'ltr'."""
    return "rtl" if locale.split("_")[0] in RTL_LOCALES else "ltr"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)


def locale_context() -> dict:
    """The page's language and direction, and the language choices (planner.templating gives them to templates)."""
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

# Unicode's first-strong isolate and pop directional isolate: the plain-text twin of <bdi>.
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate(text) -> str:
    """User-written text set inside a translated sentence, isolated so that neither reorders the other.

    Plain characters, not markup, so it works in page titles, attributes, flash messages and e-mails.
    """
    text = "" if text is None else str(text)
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}" if text else ""


@contextmanager
def worded_for(reader, locale: str | None = None) -> Iterator[None]:
    """Inside the block text is worded as this person reads it, whoever is signed in: in their language (or `locale`,
    for an address with no account) and with their digits. Every message to someone else is worded so."""
    language = locale or getattr(reader, "locale", None) or "en"
    with force_locale(language), digits_of(reader):
        yield


def comma() -> str:
    """What stands between the parts of a place or the items of a short list in the reader's language ("، " in
    Arabic, ", " in English, French and Turkish)."""
    return pgettext("between the parts of a place or the items of a list", ", ")


def listed(parts) -> str:
    """The parts that are not empty, each isolated, one after the other with the reader's comma (plain text)."""
    return comma().join(isolate(part) for part in parts if part)


@bp.post("/language")
@csrf.exempt
def choose_language():
    """Switch this browser's interface language at once; a signed-in user may also keep it in their profile."""
    protect_signed_in_preference()
    choice = request.form.get("locale", "")
    if choice in LOCALES:
        session["locale"] = choice
        if getattr(current_user, "is_authenticated", False) and current_user.locale != choice:
            _offer_or_save_in_profile(choice, request.form.get("save") == "on")
    return redirect(safe_next_url(request.form.get("next")))


def protect_signed_in_preference() -> None:
    """The footer's language and calendar switches check the CSRF token of signed-in people only.

    A visitor's choice lives in their own browser session, so another site making them switch only
    changes what they see; without a token in the footer, a visitor's page is the same for every
    visitor and can come from the shared cache (planner.page_cache). A signed-in person's switch
    can also change their profile, so theirs carries a token and is checked.
    """
    if getattr(current_user, "is_authenticated", False) and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def _offer_or_save_in_profile(choice: str, save: bool) -> None:
    """Save the language in the profile when asked (e-mails follow it too); otherwise say how to."""
    language = LOCALE_NAMES[choice]
    with force_locale(choice):
        if save:
            current_user.locale = choice
            commit()
            flash(_("%(language)s is now the language of your profile and of the e-mails we send you.",
                    language=language), "success")
        else:
            flash(_("This browser now shows the planner in %(language)s. To keep it for your e-mails and other "
                    "devices too, tick “Keep it in my profile” beside the language.", language=language), "info")


@bp.post("/calendar-preference")
@csrf.exempt
def choose_calendar():
    """Show or hide Hijri dates beside Gregorian ones in this browser."""
    protect_signed_in_preference()
    session["hijri"] = request.form.get("hijri") == "on"
    return redirect(safe_next_url(request.form.get("next")))
