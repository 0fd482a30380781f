"""Whole public pages for visitors who are not signed in, from the shared cache (planner.cache), with ETag and 304.

A page comes from the cache only when nothing on it is the visitor's own: a GET or HEAD of a public
page (the directory, the budget pages, the API, the shift list and a shift), nobody signed in and
no message waiting to be shown. It is stored only when it answered 200 without touching the
session (a page that makes a CSRF token, for one, is never stored). The key holds the data
version, the minute, the language, the calendar choice and the address, so a commit anywhere is
seen on the next request, in every process, and "upcoming" never lags by more than a minute. Pages
that read no clock (TIMELESS_PAGES) leave the minute out and are kept until the data changes.
When many visitors miss the same page at once, one request per process builds it and the others
wait for it and answer with what it stored (planner.cache.Flights).

A page's key holds the versions of the areas of data it shows (planner.cache): the pages in
RECORD_PAGES show no shift and no sign-up, so sign-ups leave their stored copies alone; every
other page depends on every area.

A signed-in reader's page is built for them each time, but the part of a directory page that is
the same for every reader (`shared_part`: the filters and the results) comes from the cache too,
kept apart by the choices that change how it is written (language, calendar, digits).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, Response, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from planner.cache import EVERY_AREA, RECORDS, data_version, flights, remember, store, stored
from planner.clock import utcnow
from planner.digits import numbering_system
from planner.hijri import wants_hijri

PUBLIC_BLUEPRINTS = frozenset({"directory", "budget_pages", "api", "crawlers"})
PUBLIC_ENDPOINTS = frozenset({"volunteering.shifts", "volunteering.shift", "volunteering.series_page"})
# Pages that read no shift and no sign-up (tests/foundation/test_cache_areas.py holds them to it).
RECORD_PAGES = frozenset({
    "directory.councils", "directory.centres", "directory.organisations", "directory.initiatives",
    "directory.programmes", "directory.partnerships", "directory.search", "directory.council", "directory.centre",
    "directory.organisation", "directory.initiative", "directory.partnership",
    "budget_pages.budget_home", "budget_pages.budget_year", "budget_pages.decisions_csv",
})
# Headers a stored page is answered with again: a download keeps its file name (the budget decisions' CSV).
KEPT_HEADERS = ("Content-Disposition",)
# Of those, the pages that do not read the clock either, so their key needs no minute (the same test holds them to it).
TIMELESS_PAGES = RECORD_PAGES - {"budget_pages.budget_home"}


def init_app(app: Flask) -> None:
    """Answer from the cache before every other hook (a stored page needs none of their work), store after."""
    app.before_request_funcs.setdefault(None, []).insert(0, serve_from_cache)
    app.after_request(keep_for_visitors)
    app.teardown_request(_land_build)


def _for_every_visitor() -> bool:
    """Whether this request's page would be the same for any visitor who asked for it."""
    endpoint = request.endpoint or ""
    public = endpoint in PUBLIC_ENDPOINTS or endpoint.partition(".")[0] in PUBLIC_BLUEPRINTS
    return (public and request.method in ("GET", "HEAD") and "_user_id" not in session
            and "_flashes" not in session and not current_user.is_authenticated)


def _page_key() -> str | None:
    version = data_version(areas_shown())
    if version is None:
        return None
    return ":".join(("public-page", version, *_written_for()))  # (body, mimetype, kept headers)


def areas_shown() -> tuple[str, ...]:
    """The areas of data this request's page is made from."""
    return (RECORDS,) if request.endpoint in RECORD_PAGES else EVERY_AREA


def _written_for() -> tuple[str, ...]:
    """What a public page depends on besides the data: the minute (unless it reads no clock), the language, the
    calendar, the address."""
    address = hashlib.sha256(request.full_path.encode("utf-8", "surrogateescape")).hexdigest()
    minute = "timeless" if request.endpoint in TIMELESS_PAGES else utcnow().strftime("%Y%m%d%H%M")
    return (minute, str(get_locale()), "hijri" if wants_hijri() else "gregorian", address)


def shared_part(name: str, render: Callable[[], tuple[str, int]]) -> tuple[Markup, int]:
    """A part of a public page that is the same for every reader of this address, and its status, from the cache.

    Also keyed by the reader's digits, which a signed-in reader may choose.
    """
    html, status = remember(f"part:{name}", render, *_written_for(), numbering_system(), areas=areas_shown())
    return Markup(html), status


def serve_from_cache() -> Response | None:
    """Answer a visitor's public page from the cache (304 when their copy is current)."""
    if not _for_every_visitor() or (key := _page_key()) is None:
        return None
    g.page_key = key
    found = stored(key)
    if found is None:
        found = _built_meanwhile(key)
    if found is None:
        return None
    g.page_from_cache = True
    body, mimetype, headers = found
    return _revalidated(Response(body, mimetype=mimetype, headers=headers))


def _built_meanwhile(key: str):
    """The page another request of this process was building when this one missed it, once that one is done;
    None when this request builds it (leading the build, which ends in _land_build) or the other stored nothing."""
    if flights().lead_or_wait(key):
        g.page_build = key
        return None
    return stored(key)


def _land_build(_error=None) -> None:
    key = g.pop("page_build", None)
    if key is not None:
        flights().land(key)


def keep_for_visitors(response: Response) -> Response:
    """Store a visitor's public page that came out the same for everyone; give it an ETag either way."""
    key = g.pop("page_key", None)
    if key is None or g.pop("page_from_cache", False):
        return response
    if response.status_code != 200 or response.direct_passthrough or session.modified:
        return response
    kept = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    store(key, (response.get_data(), response.mimetype, kept))
    return _revalidated(response)


def _revalidated(response: Response) -> Response:
    """ETag, and 304 when the browser's copy matches; browsers ask again each time (no-cache), cheaply. Vary
    tells any cache on the way that another language or calendar choice is another page."""
    response.add_etag()
    response.headers["Cache-Control"] = "no-cache"
    response.vary.update(("Accept-Language", "Cookie"))  # the language and the calendar choice make the page
    return response.make_conditional(request)
