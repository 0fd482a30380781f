"""The places a form offers: localities and countries, capped like every select."""
from __future__ import annotations

from sqlalchemy import select

from planner.folding import fold
from planner.names import by_shown_name
from planner.places.models import Country, Locality
from planner.records.choices import Choices, rows


def locality_choices() -> Choices:
    """Every locality, as "City (Country)", by country then name (country names in the reader's language)."""
    places = [(place.id, place.shown_name, place.country.shown_name)
              for place in rows(select(Locality).join(Locality.country).order_by(Locality.name))]
    places.sort(key=lambda place: (fold(place[2]), fold(place[1])))
    return [(key, f"{name} ({country})") for key, name, country in places]


def country_choices() -> Choices:
    """Every country, by its name in the reader's language."""
    countries = rows(select(Country).order_by(Country.code))
    return by_shown_name([(country.code, country.shown_name) for country in countries])
