"""A partnership, its parties (each one council, centre, organisation or country) and its initiatives."""
from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (Boolean, CheckConstraint, Column, ColumnElement, ForeignKey, String, Table, UniqueConstraint,
                        and_, true)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.types import (
    ProvenanceMixin,
    PublicWhileActive,
    RecordStatus,
    TimestampsMixin,
    enum_type,
    intpk,
    slug_str,
    text_str,
)
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.centres.models import Centre
    from planner.councils.models import Council
    from planner.initiatives.models import Initiative
    from planner.organisations.models import Organisation
    from planner.places.models import Country


class PartnershipKind(enum.StrEnum):
    """What the parties give each other."""

    COOPERATIVE = "cooperative"
    FUNDING = "funding"
    IN_KIND = "in_kind"
    KNOWLEDGE_SHARING = "knowledge_sharing"
    HUMANITARIAN = "humanitarian"
    INTERNATIONAL = "international"


partnership_initiatives = Table(
    "partnership_initiatives",
    Base.metadata,
    Column("partnership_id", ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True),
    Column("initiative_id", ForeignKey("initiatives.id"), primary_key=True, index=True),
)


AGREED_BY = 2  # a partnership is shown to the public once this many of its parties have agreed to be named


class Partnership(PublicWhileActive, ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """An agreement between two or more parties, serving some initiatives; public while active and agreed."""

    __tablename__ = "partnerships"
    TRANSLATED = ("title", "summary")
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),)

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartnershipKind] = mapped_column(enum_type(PartnershipKind, "partnership_kind"), index=True)
    summary: Mapped[text_str]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[RecordStatus] = mapped_column(
        enum_type(RecordStatus, "partnership_status"), default=RecordStatus.ACTIVE, index=True
    )

    # Whether AGREED_BY of its parties have agreed to be named (kept by partnerships.services as parties answer)
    is_agreed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    parties: Mapped[list[PartnershipParty]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="PartnershipParty.id"
    )
    initiatives: Mapped[list[Initiative]] = relationship(secondary=partnership_initiatives)

    @hybrid_property
    def is_public(self) -> bool:
        return self.status is RecordStatus.ACTIVE and self.is_agreed

    @is_public.inplace.expression
    @classmethod
    def _is_public_condition(cls) -> ColumnElement[bool]:
        return and_(cls.status == RecordStatus.ACTIVE, cls.is_agreed.is_(True))

    @property
    def agreed_parties(self) -> list[PartnershipParty]:
        """The parties that agreed to be named: the only ones the public sees."""
        return [party for party in self.parties if party.agreed]


ONE_PARTY = (
    "(CASE WHEN council_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN centre_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN country_code IS NULL THEN 0 ELSE 1 END) = 1"
)


class PartnershipParty(Base):
    """One party to a partnership: exactly one of a council, centre, organisation or country. A party named by
    someone who does not speak for it is asked (`agreed` false) until its coordinators or members agree; until
    then the public does not see it named."""

    __tablename__ = "partnership_parties"
    __table_args__ = (
        CheckConstraint(ONE_PARTY, name="exactly_one_party"),
        UniqueConstraint("partnership_id", "party_key"),
    )

    id: Mapped[intpk]
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    party_key: Mapped[str] = mapped_column(String(40))
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    agreed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    partnership: Mapped[Partnership] = relationship(back_populates="parties")
    council: Mapped[Council | None] = relationship()
    centre: Mapped[Centre | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    country: Mapped[Country | None] = relationship()

    @property
    def record(self):
        """The council, centre, organisation or country this party is."""
        return self.council or self.centre or self.organisation or self.country
