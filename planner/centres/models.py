"""A community centre, with the services it offers and the audiences it serves."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.types import (
    ProvenanceMixin,
    PublicWhileActive,
    RecordStatus,
    TimestampsMixin,
    enum_type,
    intpk,
    name_str,
    slug_str,
    text_str,
)
from planner.vocab.models import Audience, Service
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.councils.models import Council
    from planner.places.models import Locality

centre_services = Table(
    "centre_services",
    Base.metadata,
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True),
    Column("service_key", ForeignKey("services.key"), primary_key=True, index=True),
)

centre_audiences = Table(
    "centre_audiences",
    Base.metadata,
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True),
    Column("audience_key", ForeignKey("audiences.key"), primary_key=True, index=True),
)


class Centre(PublicWhileActive, ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """A community centre in a locality, usually in a council's area."""

    __tablename__ = "centres"
    TRANSLATED = ("name", "summary", "opening_hours")

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    name: Mapped[name_str]
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    summary: Mapped[text_str]
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[RecordStatus] = mapped_column(
        enum_type(RecordStatus, "centre_status"), default=RecordStatus.ACTIVE, index=True
    )

    locality: Mapped[Locality] = relationship(lazy="joined")
    council: Mapped[Council | None] = relationship()
    services: Mapped[list[Service]] = relationship(secondary=centre_services, order_by=Service.name)
    audiences: Mapped[list[Audience]] = relationship(secondary=centre_audiences, order_by=Audience.name)
