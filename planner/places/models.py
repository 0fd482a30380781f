"""Countries (ISO 3166) and the localities inside them."""
from __future__ import annotations

import enum

from sqlalchemy import JSON, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.names import country_name, place_name
from planner.types import ProvenanceMixin, country_code, enum_type, intpk, name_str, slug_str


class Country(ProvenanceMixin, Base):
    """A country, keyed by its ISO 3166-1 alpha-2 code."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[name_str]

    @property
    def shown_name(self) -> str:
        """The name in the reader's language, from CLDR (the stored English name if CLDR has none)."""
        return country_name(self.code, self.name)


class LocalityKind(enum.StrEnum):
    """How large a locality is."""

    CITY = "city"
    DISTRICT = "district"
    REGION = "region"


class Locality(ProvenanceMixin, Base):
    """A city, district or region; councils, centres and shifts sit in one."""

    __tablename__ = "localities"
    __table_args__ = (UniqueConstraint("country_code", "name"),)

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    name: Mapped[name_str]
    name_local: Mapped[str | None] = mapped_column(String(200))
    # Its name in the interface's other languages where it differs from the English one (Marrakech in French).
    names: Mapped[dict[str, str]] = mapped_column(JSON, server_default=text("'{}'"))
    # Other names people search for it by (Marrakech, مراكش for Marrakesh); indexed with its records.
    other_names: Mapped[list[str]] = mapped_column(JSON, server_default=text("'[]'"))
    country_code: Mapped[country_code]
    kind: Mapped[LocalityKind] = mapped_column(enum_type(LocalityKind, "locality_kind"), default=LocalityKind.CITY)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")

    country: Mapped[Country] = relationship(lazy="joined")

    @property
    def shown_name(self) -> str:
        """The name as the reader reads it: in their language (إسطنبول), or the local one (عمّان) for a reader of
        the country's language."""
        return place_name(self)
