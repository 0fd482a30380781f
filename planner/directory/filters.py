"""Reading a list's query string: search words, filters, sort and page, each checked, none trusted.

A value we cannot use (an unknown theme, a filter this list does not have, a page that is not
a number) is dropped and named in `ListQuery.ignored`, so the page can say what it ignored
instead of failing. Nothing here touches the database: the allowed values come in as `Choice`s.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from planner.digits import typed_whole_number
from planner.directory.search import terms_of

FILTER_NAMES = ("country", "locality", "theme", "kind", "audience")
FILTER_LABELS = {
    "country": _l("Country"),
    "locality": _l("Place"),
    "theme": _l("Theme"),
    "kind": _l("Kind"),
    "audience": _l("Audience"),
}
SORT_LABELS = {
    "relevance": _l("Best match"),
    "name": _l("Name (A to Z)"),
    "newest": _l("Newest first"),
}
MAX_QUERY_LENGTH = 200
SHOWN_VALUE_LENGTH = 40
MAX_PAGE_DIGITS = 6


@dataclass(frozen=True)
class Choice:
    """One allowed value of a filter, with its label (and a group, e.g. a place's country)."""

    value: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Ignored:
    """A query-string value we could not use, and why."""

    name: str
    value: str
    reason: object  # a lazy translated sentence


@dataclass
class ListQuery:
    """What a visitor asked a list or the search page for, once checked."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    sort_given: bool = False
    page: int = 1
    ignored: list[Ignored] = field(default_factory=list)

    @property
    def searching(self) -> bool:
        """Whether the search box holds at least one word to look for."""
        return bool(terms_of(self.q))

    def args(self, **changes: str | None) -> dict[str, str]:
        """The query string for a link to this list (page left out), with some values changed."""
        values = {"q": self.q, **self.filters, "sort": self.sort if self.sort_given else ""}
        values.update(changes)
        return {name: value for name, value in values.items() if value}

    def without(self, name: str) -> dict[str, str]:
        """The query string with one filter removed."""
        return self.args(**{name: None})


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[:SHOWN_VALUE_LENGTH] + "…"


def _normalised(name: str, value: str) -> str:
    value = value.strip()
    return value.upper() if name == "country" else value.lower()


def _read_search(args: Mapping[str, str], query: ListQuery) -> None:
    raw = " ".join((args.get("q") or "").split())
    if len(raw) > MAX_QUERY_LENGTH:
        query.ignored.append(Ignored("q", _shown(raw), _l("Your search was long, so only its beginning was used.")))
        raw = raw[:MAX_QUERY_LENGTH]
    query.q = raw
    if raw and not query.searching:
        query.ignored.append(Ignored("q", _shown(raw), _l("Your search has no letters or digits to look for.")))


def _read_filters(args: Mapping[str, str], query: ListQuery, choices: Mapping[str, list[Choice]]) -> None:
    for name in FILTER_NAMES:
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        if name not in choices:
            query.ignored.append(Ignored(name, _shown(raw), _l("This list cannot be filtered this way.")))
        elif (value := _normalised(name, raw)) in {choice.value for choice in choices[name]}:
            query.filters[name] = value
        else:
            query.ignored.append(Ignored(name, _shown(raw), _l("This is not one of the values we know.")))


def _read_sort(args: Mapping[str, str], query: ListQuery, sorts: tuple[str, ...], default: str) -> None:
    raw = (args.get("sort") or "").strip()
    allowed = sorts if query.searching else tuple(sort for sort in sorts if sort != "relevance")
    query.sort = "relevance" if query.searching and "relevance" in sorts else default
    if raw in allowed:
        query.sort, query.sort_given = raw, True
    elif raw:
        query.ignored.append(Ignored("sort", _shown(raw), _l("This list cannot be sorted this way.")))


def _read_page(args: Mapping[str, str], query: ListQuery) -> None:
    raw = (args.get("page") or "").strip()
    if not raw:
        return
    number = typed_whole_number(raw, MAX_PAGE_DIGITS)
    if number:
        query.page = number
    else:
        reason = _l("We could not use this page number, so we show the first page.")
        query.ignored.append(Ignored("page", _shown(raw), reason))


def parse_list_query(args: Mapping[str, str], choices: Mapping[str, list[Choice]],
                     sorts: tuple[str, ...] = ("relevance",), default_sort: str = "relevance") -> ListQuery:
    """Check a query string against the filters (and their allowed values) and sorts a page offers."""
    query = ListQuery()
    _read_search(args, query)
    _read_filters(args, query, choices)
    _read_sort(args, query, sorts, default_sort)
    _read_page(args, query)
    return query
