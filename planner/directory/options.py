"""The values each filter offers, read from the small reference tables (never from the big record tables)."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import get_locale
from sqlalchemy import exists, or_, select

from planner.cache import RECORDS, remember
from planner.db import session
from planner.directory.filters import Choice
from planner.directory.kinds import KINDS, ORGANISATION_KIND_LABELS, PARTNERSHIP_KIND_LABELS
from planner.folding import fold
from planner.names import by_shown_name, country_name, place_name
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.vocab.choices import audience_choices, service_choices, theme_choices


def countries() -> list[Choice]:
    """Countries where some place or organisation of the directory is."""
    return remember("countries-in-use", _countries, str(get_locale()), areas=(RECORDS,))


def _countries() -> list[Choice]:
    used = or_(
        exists().where(Locality.country_code == Country.code),
        exists().where(Organisation.country_code == Country.code),
    )
    named = [(code, country_name(code, name)) for code, name in session.execute(
        select(Country.code, Country.name).where(used).order_by(Country.code))]
    return [Choice(code, name) for code, name in by_shown_name(named)]


def localities() -> list[Choice]:
    """Every place, grouped by its country."""
    return remember("localities-in-languages", _localities, str(get_locale()), areas=(RECORDS,))


def _localities() -> list[Choice]:
    rows = session.execute(
        select(Locality.slug, Locality.name, Locality.name_local, Locality.names, Locality.country_code,
               Country.name.label("country_name"))
        .join(Country, Country.code == Locality.country_code)
        .order_by(Locality.name)
    )
    places = [(row.slug, place_name(row), country_name(row.country_code, row.country_name)) for row in rows]
    places.sort(key=lambda place: (fold(place[2]), fold(place[1])))
    return [Choice(slug, name, country) for slug, name, country in places]


def _vocabulary(load: Callable[[], list[tuple]]) -> Callable[[], list[Choice]]:
    def choices() -> list[Choice]:
        return [Choice(key, name) for key, name in load()]

    choices.__doc__ = load.__doc__ or f"The {load.__name__.removesuffix('_choices')}s, by name."
    return choices


themes = _vocabulary(theme_choices)
audiences = _vocabulary(audience_choices)
services = _vocabulary(service_choices)


def organisation_kinds() -> list[Choice]:
    """The forms an organisation can take."""
    return [Choice(kind.value, str(label)) for kind, label in ORGANISATION_KIND_LABELS.items()]


def partnership_kinds() -> list[Choice]:
    """What partners can give each other."""
    return [Choice(kind.value, str(label)) for kind, label in PARTNERSHIP_KIND_LABELS.items()]


def record_kinds() -> list[Choice]:
    """The six kinds of directory record."""
    return [Choice(kind.name, str(kind.label_plural)) for kind in KINDS.values()]


SHARED_LOADERS: dict[str, Callable[[], list[Choice]]] = {
    "country": countries,
    "locality": localities,
    "theme": themes,
    "audience": audiences,
}


def choices_for(filters: Iterable[str], kind_loader: Callable[[], list[Choice]] | None = None,
                ) -> dict[str, list[Choice]]:
    """The allowed values of each named filter ("kind" comes from the page's own loader)."""
    loaders = {**SHARED_LOADERS, "kind": kind_loader}
    return {name: loaders[name]() for name in filters if loaders.get(name)}
