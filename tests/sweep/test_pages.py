"""Every page the route matrix reaches, for each role, in English and Arabic, at 1280 and 390 px:
no serious or critical axe-core violation, nothing running off the side of the window (at 320 px
too), and no error from the Nu HTML Checker. In French and Turkish, whose words run longer, every page
must fit a phone of 320 px as well; and printed, every page must fit an A4 sheet. The records hold words as long as
people write them (with_long_words).

Run with `make sweep` (pytest --sweep tests/sweep); `.ci/run` runs it once. The pages are the matrix's
GET routes that the role may open and that answer with HTML, plus a few states of them (EXTRA_PAGES), and
then, at 1280 px, the forms the matrix posts (mostly with wrong or missing values) that answer with a page
of their own: a form with its error messages (or a preview: a file to import), and each edit form held back as
saved by someone else meanwhile. Those come last in this file, since a post may change the records the pages
above show.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from flask import url_for

from planner.accounts.models import User
from planner.accounts.sessions import start_session
from planner.db import session
from tests.html_forms import forms_on
from tests.permissions.test_route_matrix import MATRIX, OK, extend_world
from tests.permissions.world import ROLES, build_world
from tests.sweep.checkers import NARROWEST, axe_violations, runs_off_the_side, validator_errors

pytestmark = [pytest.mark.browser, pytest.mark.live]

LANGUAGES = ("en", "ar")
LONGER_WORDED = ("fr", "tr")  # checked for fit alone: axe-core and the checker read the same markup in every language
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# Pages the matrix reaches only in their first state: the unknown address, and the shift list's other views.
EXTRA_PAGES = [("not found", "/no-such-page"), ("shifts as a list", "/shifts?view=list"),
               ("shifts as a week", "/shifts?view=week")]


@dataclass
class Tally:
    """What the sweep checked, for its summary line (see conftest.py)."""

    addresses: set[str] = field(default_factory=set)
    axe_pages: int = 0
    validated_pages: int = 0
    forms: int = 0
    fitted_pages: int = 0
    printed_pages: int = 0

    def as_dict(self) -> dict:
        """The tally as plain values, as a pytest-xdist worker sends it back (see conftest.py)."""
        return {"addresses": sorted(self.addresses), "axe_pages": self.axe_pages,
                "validated_pages": self.validated_pages, "forms": self.forms, "fitted_pages": self.fitted_pages,
                "printed_pages": self.printed_pages}

    def add(self, other: dict) -> None:
        """Count another worker's pages in."""
        self.addresses.update(other["addresses"])
        self.axe_pages += other["axe_pages"]
        self.validated_pages += other["validated_pages"]
        self.forms += other["forms"]
        self.fitted_pages += other["fitted_pages"]
        self.printed_pages += other["printed_pages"]


TALLY = Tally()
SIGNS_OUT = ("accounts.logout#",)  # posts after which the role is no longer signed in


@dataclass
class Sweep:
    """The addresses each role may open, the forms it may post (address and values), and who holds each role."""

    pages: dict[str, list[tuple[str, str]]]
    posts: dict[str, list[tuple[str, str, dict]]]
    tokens: dict[str, str | None]
    user_ids: dict[str, int | None]


@pytest.fixture(scope="module")
def sweep(live_app) -> Sweep:
    pages: dict[str, list[tuple[str, str]]] = {}
    posts: dict[str, list[tuple[str, str, dict]]] = {}
    with live_app.test_request_context():
        world = with_long_words(extend_world(build_world()))
        tokens = {role: start_session(user) if user else None for role, user in world.users.items()}
        session.commit()
        for role in ROLES:
            pages[role] = EXTRA_PAGES + [
                (f"{route.endpoint}#{index}", url_for(route.endpoint, **route.args(world), **route.data(world)))
                for index, route in enumerate(MATRIX)
                if route.method == "GET" and route.expect[role] == OK
            ]
            posts[role] = sorted([
                (f"{route.endpoint}#{index}", url_for(route.endpoint, **route.args(world)), route.data(world))
                for index, route in enumerate(MATRIX)
                if route.method == "POST" and route.expect[role] == OK and not route.endpoint.startswith("i18n.")
            ], key=lambda post: post[0].startswith(SIGNS_OUT))
            # the language and calendar choices would change the browser's own settings mid-sweep; logging out
            # goes last, or every form after it would only send the role to the login page
        user_ids = {role: user.id if user else None for role, user in world.users.items()}
        session.remove()
    return Sweep(pages=pages, posts=posts, tokens=tokens, user_ids=user_ids)


# Words as long as people write them: an address, a link, a name without spaces (a phone's line is 20 letters wide).
LONG_EMAIL = "volunteering.coordination.desk.of.the.community.centre@long-example-organisation.org"
LONG_LINK = "https://www.long-example-organisation.org/community-centres/centre-x/volunteering-opening-hours"
LONG_WORD = "Gemeinschaftszentrumsversammlungssaalerdgeschoss"


def with_long_words(world):
    """The world, with long unbroken words in what its people wrote, where pages show them; initiative A's summary
    and shift A's instructions change after their French was written, so the pages that tell translators (My
    planner's queue, the record's note, the languages page's earlier text) are swept too."""
    world.initiative_a.translations = {"fr": {"summary": "Un projet du quartier, résumé en français."}}
    world.shift_a.instructions = "Bring gloves."
    world.shift_a.translations = {"fr": {"instructions": "Apportez des gants."}}
    session.flush()
    world.centre_x.contact_email, world.centre_x.website = LONG_EMAIL, LONG_LINK
    world.org_a.website = LONG_LINK
    world.initiative_a.summary = f"{world.initiative_a.summary} {LONG_LINK}"
    world.shift_a.place = LONG_WORD
    world.shift_a.instructions = f"Bring gloves and water.\nAsk for the desk at {LONG_EMAIL} or see {LONG_LINK}."
    world.programme_a.summary = f"{LONG_WORD} {world.programme_a.summary}"
    world.users["volunteer"].name = f"Vera {LONG_WORD}"
    session.flush()
    return world


def browser_for(browser, live_server, live_app, sweep: Sweep, role: str, language: str, viewport: dict,
                token: str | None = None):
    """A browser context signed in as the role (through the session cookie) and set to the language."""
    cookie = {"locale": language}
    if token or sweep.tokens[role]:
        cookie.update(_user_id=token or sweep.tokens[role], _fresh=True)
    signed = live_app.session_interface.get_signing_serializer(live_app).dumps(cookie)
    context = browser.new_context(viewport=viewport, bypass_csp=True, locale=language)  # CSP would stop axe
    context.add_cookies([{"name": live_app.config["SESSION_COOKIE_NAME"], "value": signed,
                          "url": live_server.url}])
    return context


def html_pages(context, live_server, sweep: Sweep, role: str):
    """(name, address, HTML) for each of the role's pages that answers with HTML (CSV, iCalendar, JSON are not)."""
    for name, address in sweep.pages[role]:
        answer = context.request.get(live_server.url + address)
        if answer.headers.get("content-type", "").startswith("text/html"):
            yield name, address, answer.text()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_serious_or_critical_accessibility_violation(browser, live_server, live_app, sweep, role, language, width):
    context = browser_for(browser, live_server, live_app, sweep, role, language, WIDTHS[width])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems, checked = [], 0
    for name, address, _html in list(html_pages(context, live_server, sweep, role)):
        tab.goto(live_server.url + address)
        problems += [f"{name} {address}: {violation}" for violation in axe_violations(tab)]
        widths = [WIDTHS[width]["width"]] + ([NARROWEST] if width == "phone" else [])
        problems += [f"{name} {address}: {overflow}" for overflow in runs_off_the_side(tab, *widths)]
        TALLY.addresses.add(address)
        checked += 1
    TALLY.axe_pages += checked
    context.close()
    assert checked >= 10, "the sweep reached too few pages to mean anything"
    assert problems == [], "\n".join(problems)


SHEET = 718  # CSS px: the width an A4 sheet prints, within the browser's own margins


def pages_off_the_side(browser, live_server, live_app, sweep: Sweep, role: str, language: str, viewport: dict,
                       media: str = "screen") -> tuple[int, list[str]]:
    """Each of the role's pages in a window of this size, on this medium: how many were opened, and what ran off
    the side of which."""
    context = browser_for(browser, live_server, live_app, sweep, role, language, viewport)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.emulate_media(media=media)
    problems, checked = [], 0
    for name, address, _html in list(html_pages(context, live_server, sweep, role)):
        tab.goto(live_server.url + address)
        problems += [f"{name} {address}: {overflow}" for overflow in runs_off_the_side(tab)]
        checked += 1
    context.close()
    assert checked >= 10, "the sweep reached too few pages to mean anything"
    return checked, problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_printed_sheet(browser, live_server, live_app, sweep, role, language):
    """A roster taken to the door, a budget page brought to a meeting: on paper nothing may run past the sheet,
    where no one can scroll to it."""
    checked, problems = pages_off_the_side(browser, live_server, live_app, sweep, role, language,
                                           {"width": SHEET, "height": 1000}, media="print")
    TALLY.printed_pages += checked
    assert problems == [], "on paper:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LONGER_WORDED)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_the_narrowest_phone_in_longer_worded_languages(browser, live_server, live_app, sweep, role,
                                                                       language):
    checked, problems = pages_off_the_side(browser, live_server, live_app, sweep, role, language,
                                           {"width": NARROWEST, "height": 700})
    TALLY.fitted_pages += checked
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_valid_html(browser, live_server, live_app, sweep, role, language):
    context = browser_for(browser, live_server, live_app, sweep, role, language, WIDTHS["desktop"])
    pages = {f"{name} {address}": html for name, address, html in html_pages(context, live_server, sweep, role)}
    context.close()
    TALLY.validated_pages += len(pages)
    errors = validator_errors(pages)
    assert len(pages) >= 10, "the sweep reached too few pages to mean anything"
    assert errors == {}, "\n".join(f"{name}: {error}" for name, found in errors.items() for error in found)


# --- forms answered with their messages: last, since a post may change what the pages above show -------------


def fresh_login(live_app, sweep: Sweep, role: str) -> str | None:
    """A session of its own for this run of the role's forms (one of them logs out, another ends sessions)."""
    if sweep.user_ids[role] is None:
        return None
    with live_app.app_context():
        token = start_session(session.get(User, sweep.user_ids[role]))
        session.commit()
        session.remove()
    return token


def held_back_posts(context, live_server, sweep: Sweep, role: str):
    """Each edit form the role posts, posted again as if opened before someone else saved every field it shows: the
    form comes back held, each field marked with what it holds now."""
    for name, address, values in sweep.posts[role]:
        if not (address.endswith("/edit") or address.startswith("/languages/")):  # the forms that edit a record
            continue
        shown = [form for form in forms_on(address, context.request.get(live_server.url + address).text())
                 if form.method == "post" and form.action.endswith(address)]
        seen = shown[0].as_sent().get("seen", "") if shown else ""
        if seen.count(".") == 3:
            version, opened, marks, as_shown = seen.split(".")
            other = "".join(format((int(digit, 16) + 1) % 16, "x") for digit in marks)  # every mark differs
            yield f"{name} held back", address, {**values, "seen": f"{'0' * len(version)}.{opened}.{other}.{as_shown}"}


def as_sent(values: dict) -> dict:
    """A form's values as the browser's request takes them: a form, or with a file (BytesIO, name) a multipart."""
    if not any(isinstance(value, tuple) for value in values.values()):
        return {"form": values}
    return {"multipart": {name: {"name": value[1], "mimeType": "text/csv", "buffer": value[0].getvalue()}
                          if isinstance(value, tuple) else value for name, value in values.items()}}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_forms_shown_again_with_their_messages_are_accessible_and_valid(browser, live_server, live_app, sweep,
                                                                       role, language):
    token = fresh_login(live_app, sweep, role)
    context = browser_for(browser, live_server, live_app, sweep, role, language, WIDTHS["desktop"], token)
    tab = context.new_page()
    tab.goto(live_server.url + "/healthz")  # the origin, so that the pages' styles and scripts load
    pages, problems = {}, []
    held = list(held_back_posts(context, live_server, sweep, role))  # first: a later post may sign the role out
    for name, address, values in held + sweep.posts[role]:
        answer = context.request.post(live_server.url + address, **as_sent(values), max_redirects=0)
        if token and "/login" in answer.headers.get("location", "") and not name.startswith(SIGNS_OUT):
            problems.append(f"{name} POST {address}: sent to the login page, so no form after it is checked")
        if 300 <= answer.status < 400 or not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # it worked and moved on to a page swept above
        pages[f"{name} POST {address}"] = html = answer.text()
        tab.set_content(html)
        problems += [f"{name} POST {address}: {violation}" for violation in axe_violations(tab)]
        overflows = runs_off_the_side(tab, WIDTHS["desktop"]["width"], NARROWEST)
        problems += [f"{name} POST {address}: {overflow}" for overflow in overflows]
    context.close()
    errors = validator_errors(pages)
    TALLY.forms += len(pages)
    assert len(pages) >= 2, "the sweep reached too few forms to mean anything"
    unmarked = [address for name, address, _values in held
                if 'class="saved-meanwhile"' not in pages.get(f"{name} POST {address}", "")]
    assert unmarked == [], "held back with no field marked as saved meanwhile"
    assert role not in ("admin", "coordinator_a") or held, "no edit form was held back"
    assert problems == [], "\n".join(problems)
    assert errors == {}, "\n".join(f"{name}: {error}" for name, found in errors.items() for error in found)
