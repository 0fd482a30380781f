"""An organisation that leads or partners on initiatives; coordinators are role grants on it."""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.types import (
    ProvenanceMixin,
    PublicWhileActive,
    RecordStatus,
    TimestampsMixin,
    country_code,
    enum_type,
    intpk,
    name_str,
    slug_str,
    text_str,
)
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.places.models import Country, Locality


class OrganisationKind(enum.StrEnum):
    """The legal or institutional form of an organisation."""

    NONPROFIT = "nonprofit"
    COOPERATIVE = "cooperative"
    ENTERPRISE = "enterprise"
    INTERNATIONAL = "international"
    GOVERNMENT = "government"


class Organisation(PublicWhileActive, ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """A body that runs or supports community work."""

    __tablename__ = "organisations"
    TRANSLATED = ("name", "summary")

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    name: Mapped[name_str]
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, "organisation_kind"), index=True)
    country_code: Mapped[country_code]
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    summary: Mapped[text_str]
    website: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[RecordStatus] = mapped_column(
        enum_type(RecordStatus, "organisation_status"), default=RecordStatus.ACTIVE, index=True
    )

    country: Mapped[Country] = relationship(lazy="joined")
    locality: Mapped[Locality | None] = relationship()
