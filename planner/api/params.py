"""Reading an API or CSV query string strictly: any value we cannot use is a 400 that names it.

The HTML lists drop a bad filter and say so on the page; a program asking the API would not see
such a note, so here the same checks (`directory.filters.parse_list_query`) refuse the request.
"""
from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from planner.config import ADDRESS_LANGUAGE, LOCALES
from planner.directory import options
from planner.directory.filters import ListQuery, parse_list_query
from planner.directory.lists import Listing
from planner.directory.options import choices_for
from planner.types import LARGEST_ID
from planner.vocab.choices import skill_choices, theme_choices
from planner.volunteering.forms import LANGUAGE_CODES
from planner.volunteering.queries import DAYS, PARTS_OF_DAY, ShiftFilters

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
PAGING = ("cursor", "limit")
LANGUAGE = ADDRESS_LANGUAGE  # the records' language here; on a page or a CSV, the headings' too
CURSOR_PREFIX = "after:"
CURSOR_TEXT = re.compile(r"[A-Za-z0-9_-]{1,40}")
CURSOR_ID = re.compile(r"after:([0-9]{1,10})")
CURSOR_AT_PREFIX = "at:"
# microseconds since the epoch (sixteen digits reach the 2280s, no further), then the id
CURSOR_AT = re.compile(r"at:([0-9]{1,16}):([0-9]{1,10})")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LAST_INSTANT = datetime(2200, 1, 1, tzinfo=UTC)  # well inside what a time cursor holds
SHOWN_NAME_LENGTH = 40
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    return _opaque(f"{CURSOR_PREFIX}{last_id}")


def encode_time_cursor(after: tuple[datetime, int]) -> str:
    """An opaque cursor for a list in time order: "the items after this instant, then after this id"."""
    at, last_id = after
    return _opaque(f"{CURSOR_AT_PREFIX}{(at - EPOCH) // timedelta(microseconds=1)}:{last_id}")


def read_cursor(args: MultiDict) -> int | None:
    """The id a cursor points after, or None for the first page; a cursor we did not make is refused."""
    found = _read_opaque(args, CURSOR_ID)
    if found is None:
        return None
    last_id = int(found.group(1))
    if last_id > LARGEST_ID:
        _refuse_cursor()
    return last_id


def read_time_cursor(args: MultiDict) -> tuple[datetime, int] | None:
    """The instant and id a time-ordered list's cursor points after, or None for the first page."""
    found = _read_opaque(args, CURSOR_AT)
    if found is None:
        return None
    microseconds, last_id = int(found.group(1)), int(found.group(2))
    if last_id > LARGEST_ID:
        _refuse_cursor()
    return EPOCH + timedelta(microseconds=microseconds), last_id


def read_changes_position(args: MultiDict) -> tuple[datetime, int]:
    """Where a feed of changes starts: after the `cursor` of the page before, or at the instant `since` names on the
    first call (then (since, 0): every change at that instant or after); both, or neither, is refused."""
    after, since = read_time_cursor(args), read_since(args)
    if (after is None) == (since is None):
        refuse(_("Give “since” on the first call, then only the “cursor” of the page before."))
    return after or (since, 0)


def read_since(args: MultiDict) -> datetime | None:
    """The instant `since` names (ISO 8601 with its offset, or Z), or None when not given; one without an offset, or
    before 1970 or after 2199, is refused."""
    raw = (args.get("since") or "").strip()
    if not raw:
        return None
    try:
        at = datetime.fromisoformat(raw) if raw.isascii() and len(raw) <= 40 and "T" in raw else None
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or not EPOCH <= at < LAST_INSTANT:
        refuse(_("The parameter “%(name)s” cannot be used: %(reason)s", name="since",
                 reason=_("Write an instant with its offset from UTC, like %(example)s.",
                          example="2027-03-01T09:30:00Z")))
    return at.astimezone(UTC)


def _opaque(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _read_opaque(args: MultiDict, shape: re.Pattern) -> re.Match | None:
    """The cursor's decoded text matched against the shape this list gives out; None when there is no cursor."""
    raw = args.get("cursor")
    if raw is None:
        return None
    decoded = ""
    if CURSOR_TEXT.fullmatch(raw):
        try:
            decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            decoded = ""
    found = shape.fullmatch(decoded)
    if found is None:
        _refuse_cursor()
    return found


def _refuse_cursor():
    refuse(_("This cursor is not one the API gave out. Start again from the first page."))


# --- the list of shifts ------------------------------------------------------------------------

SHIFT_FILTERS = ("programme", "locality", "theme", "skill", "language", "date_from", "date_to", "days", "part_of_day")
CHOSEN_FROM = {
    "locality": lambda: [choice.value for choice in options.localities()],
    "theme": lambda: [key for key, _name in theme_choices()],
    "skill": lambda: [key for key, _name in skill_choices()],
    "language": lambda: list(LANGUAGE_CODES),
    "days": lambda: list(DAYS),
    "part_of_day": lambda: list(PARTS_OF_DAY),
}


def read_shift_filters(args: MultiDict, programme_is_listed: Callable[[str], bool]) -> tuple[ShiftFilters, dict]:
    """The filters of the site's list of shifts, strictly: a place, theme, skill or language we do not know, a
    programme that is not public, a date not written as year-month-day, or a range that ends before it starts, is
    a 400 naming the parameter. Every date of a series is listed. Returns the filters and those given, by name."""
    check_names(args, (*SHIFT_FILTERS, *PAGING, LANGUAGE))
    given = {name: args[name].strip() for name in SHIFT_FILTERS if (args.get(name) or "").strip()}
    for name, value in given.items():
        if name in CHOSEN_FROM and value not in CHOSEN_FROM[name]():
            _refuse_value(name)
    if "programme" in given and not programme_is_listed(given["programme"]):
        _refuse_value("programme")
    first, last = _day(given, "date_from"), _day(given, "date_to")
    if first and last and last < first:
        refuse(_("The parameter “%(name)s” cannot be used: %(reason)s", name="date_to",
                 reason=_("The end of the range must not be before its start.")))
    kept = {name: value for name, value in given.items() if name not in ("date_from", "date_to")}
    return ShiftFilters(**kept, date_from=first, date_to=last, every_date=True), given


def _refuse_value(name: str):
    refuse(_("The parameter “%(name)s” cannot be used: %(reason)s", name=name,
             reason=_("This is not one of the values we know.")))


def _day(given: dict[str, str], name: str) -> date | None:
    if name not in given:
        return None
    try:
        return date.fromisoformat(given[name]) if ISO_DAY.fullmatch(given[name]) else _refuse_day(name)
    except ValueError:
        return _refuse_day(name)


def _refuse_day(name: str):
    refuse(_("The parameter “%(name)s” cannot be used: %(reason)s", name=name,
             reason=_("Write the day as year, month and day, like %(example)s.", example="2027-03-01")))
