"""The frame around every page (the site's header and footer), rendered once per language and kind of menu.

The frame is mostly links and labels that are alike for every reader who shares a language, a
calendar choice and a menu (signed in or not; an administrator; allowed to propose or to review
initiatives). Each process renders it once for each such combination and keeps it, with holes
where a request's own values go: the reader's name, the form token, the address to come back to,
the words in the search box. Each page fills the holes, escaped. Rendered afresh, the frame was
about a third of a signed-in list page's time.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from planner.hijri import wants_hijri
from planner.i18n import address_language
from planner.permissions import Permission, can

PARTS = ("header", "footer")
HOLE = "\x00"  # refused in every request (planner.security), and in no translation
KEPT_LIMIT = 256  # combinations kept per process; past it a frame is rendered each time


def frame(part: str) -> Markup:
    """The header or footer for this request: the kept rendering with this request's values in its holes."""
    pieces = _kept(part)
    return Markup("".join(str(escape(HOLE_VALUES[piece]())) if index % 2 else piece
                          for index, piece in enumerate(pieces)))


def _kept(part: str) -> list[str]:
    """The part's rendering split at its holes: text, hole name, text, and so on."""
    if part not in PARTS:
        raise KeyError(f"the frame has no part called {part!r}")
    menu = _menu()
    kept = current_app.extensions.setdefault("planner.frames", {})
    key = (part, request.script_root, str(get_locale()), address_language(), wants_hijri(), *menu)
    pieces = kept.get(key)
    if pieces is None:
        signed_in, administers, proposes, reviews = menu
        html = render_template(f"frame/{part}.html", hole=_hole, signed_in=signed_in,
                               administers=administers, proposes=proposes, reviews=reviews)
        pieces = html.split(HOLE)
        if len(kept) < KEPT_LIMIT:
            kept[key] = pieces
    return pieces


def _menu() -> tuple[bool, bool, bool, bool]:
    """Which menu the reader gets: signed in, administrator, may propose initiatives, may review them (worked out
    once per request: the header and the footer both ask)."""
    if "frame_menu" not in g:
        reader = current_user._get_current_object()
        g.frame_menu = ((True, can(reader, Permission.USER_ADMINISTER), can(reader, Permission.INITIATIVE_CREATE),
                         can(reader, Permission.INITIATIVE_REVIEW)) if reader.is_authenticated
                        else (False, False, False, False))
    return g.frame_menu


def _hole(name: str) -> Markup:
    if name not in HOLE_VALUES:
        raise KeyError(f"the frame has no hole called {name!r}")
    return Markup(f"{HOLE}{name}{HOLE}")


def _come_back_to() -> str:
    return request.full_path if request.method == "GET" else "/"


HOLE_VALUES: dict[str, Callable[[], str]] = {
    "search_words": lambda: request.args.get("q", "") if request.endpoint == "directory.search" else "",
    "reader_name": lambda: current_user.name,
    "form_token": generate_csrf,
    "come_back_to": _come_back_to,
    "login_address": lambda: url_for("accounts.login", next=request.full_path if request.method == "GET" else None),
}
