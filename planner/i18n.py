"""Locale and direction: the interface language comes from the address, then the user, then the browser.

An address may name its language (`?lang=ar`): such a link shows the page in that language to whoever opens it,
whatever their browser says, and every link and search form on the page keeps it, so a page shared in Arabic
stays in Arabic and search engines can keep each language of a page at an address of its own
(planner.sharing names them). Without it, the choice made in the footer, the profile's and the browser's apply.

Translations go through Flask-Babel, whose domain here writes the whole numbers set into a sentence in the
reader's digits (planner.templating does the same for the sentences templates translate).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Flask, current_app, flash, has_request_context, redirect, request, session
from flask_babel import Babel, Domain, force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.utils import cached_property

from planner.config import ADDRESS_LANGUAGE, LOCALES, RTL_LOCALES
from planner.digits import digits_of, numbers_in_chosen_digits
from planner.extensions import csrf
from planner.hijri import wants_hijri
from planner.names import reading_in
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


# Assets are addressed by their content alone; the sitemaps name one address per page, whose head names its languages.
NO_ADDRESS_LANGUAGE = frozenset({"static", "crawlers"})


def select_locale() -> str:
    """The address's language, then the choice made in this browser, then the user's saved one, then
    Accept-Language (the default outside requests). An explicit choice applies at once, whatever the profile says;
    the footer offers to save it."""
    if not has_request_context():  # command-line tasks and workers
        return current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    if language := address_language():
        return language
    if session.get("locale") in LOCALES:
        return session["locale"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LOCALES:
        return current_user.locale
    return request.accept_languages.best_match(LOCALES) or "en"


def text_direction(locale: str) -> str:
    """'rtl' for right-to-left scripts, otherwise 'ltr'."""
    return "rtl" if locale.split("_")[0] in RTL_LOCALES else "ltr"


def address_language() -> str | None:
    """The language this request's address names (`?lang=ar`), when it names one of ours, once; else None."""
    if not has_request_context() or ADDRESS_LANGUAGE not in request.args:  # the usual case, asked at each link
        return None
    named = request.args.getlist(ADDRESS_LANGUAGE)
    return named[0] if len(named) == 1 and named[0] in LOCALES else None


def keep_address_language(endpoint: str, values: dict) -> None:
    """Links made on a page whose address names its language name it too, unless they name one (None: the
    reader's own). Full links, read away from the page (e-mails, posters, calendars), name it only when asked
    (planner.urls.absolute_url)."""
    language = address_language()
    if (language and ADDRESS_LANGUAGE not in values and endpoint.partition(".")[0] not in NO_ADDRESS_LANGUAGE
            and request.blueprint not in NO_ADDRESS_LANGUAGE):
        values[ADDRESS_LANGUAGE] = language


def address_language_field() -> Markup:
    """The hidden field a search or filter form (method GET) needs to keep the address's language: a form's own
    fields replace the query string of its action."""
    language = address_language()
    if not language:
        return Markup("")
    return Markup('<input type="hidden" name="{}" value="{}">').format(ADDRESS_LANGUAGE, language)


def without_address_language(target: str | None) -> str | None:
    """The address with no language of its own, for going back to a page after choosing another language."""
    if not target:
        return target
    parts = urlsplit(target)
    named = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in named if name != ADDRESS_LANGUAGE]
    return urlunsplit(parts._replace(query=urlencode(kept))) if len(kept) < len(named) else target


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.url_defaults(keep_address_language)


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
    language = language_of(reader, locale)
    with force_locale(language), reading_in(language), digits_of(reader):
        yield


def language_of(reader, locale: str | None = None) -> str:
    """The language text for this person is worded in: `locale` when given (an address with no account), else
    theirs, else English."""
    return locale or getattr(reader, "locale", None) or "en"


def comma() -> str:
    """What stands between the parts of a place or the items of a short list in the reader's language ("، " in
    Arabic, ", " in English, French and Turkish)."""
    return pgettext("between the parts of a place or the items of a list", ", ")


def colon() -> str:
    """What stands between a label and what it labels in the reader's language (": " in English, Arabic and
    Turkish; French puts a no-break space before it)."""
    return pgettext("between a label and what it labels", ": ")


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
    return redirect(safe_next_url(without_address_language(request.form.get("next"))))


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
