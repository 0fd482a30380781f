"""The places a form offers: localities and countries, capped like every select."""
from __future__ import annotations

from sqlalchemy import select

from planner.places.models import Country, Locality
from planner.records.choices import Choices, rows


def locality_choices() -> Choices:
    """Every locality, as "City (Country)", by country then name."""
    places = rows(select(Locality).join(Locality.country).order_by(Country.name, Locality.name))
    return [(place.id, f"{place.name} ({place.country.name})") for place in places]


def country_choices() -> Choices:
    """Every country, by name."""
    return [(country.code, country.name) for country in rows(select(Country).order_by(Country.name))]
