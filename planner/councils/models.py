"""A local council (Majlis) and its mandate; members are role grants scoped to it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.types import (
    ProvenanceMixin,
    PublicWhileActive,
    RecordStatus,
    TimestampsMixin,
    currency_code,
    enum_type,
    intpk,
    name_str,
    slug_str,
    text_str,
)
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.places.models import Locality


class Council(PublicWhileActive, ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """A local council with a yearly budget in its own currency."""

    __tablename__ = "councils"
    TRANSLATED = ("name", "mandate")
    __table_args__ = (
        CheckConstraint("quorum IS NULL OR quorum >= 1", name="quorum_positive"),
        CheckConstraint("length(currency) = 3", name="currency_iso"),
    )

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    name: Mapped[name_str]
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    mandate: Mapped[text_str]
    currency: Mapped[currency_code]
    quorum: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[RecordStatus] = mapped_column(
        enum_type(RecordStatus, "council_status"), default=RecordStatus.ACTIVE, index=True
    )

    locality: Mapped[Locality] = relationship(lazy="joined")
