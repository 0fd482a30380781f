"""Reading an API or CSV query string strictly: any value we cannot use is a 400 that names it.

The HTML lists drop a bad filter and say so on the page; a program asking the API would not see
such a note, so here the same checks (`directory.filters.parse_list_query`) refuse the request.
"""
from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from planner.config import ADDRESS_LANGUAGE, LOCALES
from planner.directory.filters import ListQuery, parse_list_query
from planner.directory.lists import Listing
from planner.directory.options import choices_for
from planner.types import LARGEST_ID

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
PAGING = ("cursor", "limit")
LANGUAGE = ADDRESS_LANGUAGE  # the records' language here; on a page or a CSV, the headings' too
CURSOR_PREFIX = "after:"
CURSOR_TEXT = re.compile(r"[A-Za-z0-9_-]{1,40}")
CURSOR_ID = re.compile(r"after:([0-9]{1,10})")
SHOWN_NAME_LENGTH = 40


def refuse(message: str):
    """Stop the request with a 400 whose JSON (or page) carries this message."""
    abort(400, description=message)


def _shown(name: str) -> str:
    return name if len(name) <= SHOWN_NAME_LENGTH else name[:SHOWN_NAME_LENGTH] + "…"


def check_names(args: MultiDict, allowed: Iterable[str]) -> None:
    """Refuse a parameter the address does not take, or one given twice (a typo must not widen a result)."""
    allowed = set(allowed)
    for name in args:
        if name not in allowed:
            refuse(_("This address takes no parameter “%(name)s”. It takes: %(allowed)s.",
                     name=_shown(name), allowed=", ".join(sorted(allowed))))
        if len(args.getlist(name)) > 1:
            refuse(_("The parameter “%(name)s” was given more than once.", name=_shown(name)))


def read_language(args: MultiDict) -> str | None:
    """The language asked for the records' written fields (`lang`), or None for each record's original."""
    value = args.get(LANGUAGE)
    if value is None:
        return None
    if value not in LOCALES:
        refuse(_("The parameter “lang” must be one of: %(languages)s.", languages=", ".join(LOCALES)))
    return value


def read_list_query(listing: Listing, args: MultiDict, extra: tuple[str, ...] = PAGING) -> ListQuery:
    """The search words and filters of a list's query string, each one checked like the HTML list does."""
    check_names(args, ("q", *listing.filters, *extra))
    given = [name for name in listing.filters if (args.get(name) or "").strip()]
    query = parse_list_query(args, choices_for(given, listing.kind_choices), listing.sorts, listing.default_sort)
    if query.ignored:
        problem = query.ignored[0]
        refuse(_("The parameter “%(name)s” cannot be used: %(reason)s", name=problem.name, reason=problem.reason))
    return query


def read_limit(args: MultiDict) -> int:
    """How many items a page should hold: 1 to MAX_LIMIT, DEFAULT_LIMIT when not given."""
    raw = args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= MAX_LIMIT):
        refuse(_("The limit must be a whole number from %(least)s to %(largest)s.", least=1, largest=MAX_LIMIT))
    return int(raw)


def encode_cursor(last_id: int) -> str:
    """An opaque cursor meaning "the items after this id"."""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{last_id}".encode()).decode().rstrip("=")


def read_cursor(args: MultiDict) -> int | None:
    """The id a cursor points after, or None for the first page; a cursor we did not make is refused."""
    raw = args.get("cursor")
    if raw is None:
        return None
    last_id = None
    if CURSOR_TEXT.fullmatch(raw):
        try:
            decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            decoded = ""
        if match := CURSOR_ID.fullmatch(decoded):
            last_id = int(match.group(1))
    if last_id is None or last_id > LARGEST_ID:
        refuse(_("This cursor is not one the API gave out. Start again from the first page."))
    return last_id
