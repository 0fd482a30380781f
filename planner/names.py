"""Names of countries, places and vocabulary terms in the reader's language.

Country names come from Babel's territory names (CLDR, maintained upstream), never typed by hand;
the stored English name is only the fallback for a code CLDR does not know. A place is named by the name the records
give it in the reader's language (Marrakech in French, إسطنبول in Arabic), else in its own language (عمّان, İstanbul)
for readers of its country's first official language, else by its English name.
Vocabulary terms (themes, services, audiences, skills) carry their own names per language, from the seeds; a
language without one shows the English name.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import NamedTuple

from babel import Locale
from babel.languages import get_official_languages
from flask import has_request_context
from flask_babel import get_locale

from planner.config import LOCALES
from planner.folding import fold


_READING_IN: ContextVar[str | None] = ContextVar("reading_in", default=None)


def reader_language() -> str:
    """The language of the message being worded for someone (reading_in), else of the page being made ("en"
    outside a request: the worker's e-mails are worded for their readers)."""
    if language := _READING_IN.get():
        return language
    if not has_request_context():
        return "en"
    return str(get_locale() or "en").split("_")[0]


@contextmanager
def reading_in(locale: str) -> Iterator[None]:
    """Inside the block records are named as a reader of this language reads them, in a request or not."""
    token = _READING_IN.set(locale.split("_")[0])
    try:
        yield
    finally:
        _READING_IN.reset(token)


def country_name(code: str, fallback: str = "", language: str | None = None) -> str:
    """The country's name in the language (the reader's by default)."""
    language = language or reader_language()
    try:
        return Locale.parse(language).territories.get((code or "").upper()) or fallback or code
    except (ValueError, TypeError):
        return fallback or code


def country_names(code: str, fallback: str = "") -> list[str]:
    """The country's name in every language of the interface (for the search index)."""
    return list(dict.fromkeys(country_name(code, fallback, language) for language in LOCALES))


class PlaceNames(NamedTuple):
    """A place's key and names, as lists of places keep them (in the shared cache) to name them for each reader."""

    slug: str
    name: str
    name_local: str | None
    names: dict[str, str]
    country_code: str


def place_name(place, language: str | None = None) -> str:
    """A place's name as the reader reads it: its name in their language where it has one, its local name for a
    reader of its country's language, else its (English) name.

    `place` is a locality or a row with its `name`, `name_local`, `names` and `country_code`.
    """
    language = language or reader_language()
    if named := (place.names or {}).get(language):
        return named
    if place.name_local and local_language(place.country_code) == language:
        return place.name_local
    return place.name


def place_names(place) -> list[str]:
    """Every name a place goes by (for the search index and for matching what people type)."""
    return [name for name in dict.fromkeys((place.name, place.name_local, *(place.names or {}).values(),
                                            *(place.other_names or []))) if name]


@lru_cache(maxsize=256)
def local_language(country_code: str) -> str | None:
    """The language the country's places are named in locally: its first official language (CLDR)."""
    official = get_official_languages((country_code or "").upper())
    return official[0] if official else None


def term_name(term, language: str | None = None) -> str:
    """A vocabulary term's name in the language, or its English name when it has none there."""
    language = language or reader_language()
    return (term.names or {}).get(language) or term.name


def term_names(term) -> list[str]:
    """A term's name in every language it has one in (for the search index)."""
    return list(dict.fromkeys([term.name, *(term.names or {}).values()]))


def by_shown_name(pairs: list[tuple]) -> list[tuple]:
    """(key, name) pairs sorted by the name as shown, ignoring case and accents."""
    return sorted(pairs, key=lambda pair: fold(str(pair[1])))
