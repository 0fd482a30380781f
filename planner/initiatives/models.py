"""An initiative: what is being done, where, by whom, and where it stands in review."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (CheckConstraint, Column, ColumnElement, ForeignKey, Index, String, Table, Text, event, inspect,
                        or_, select, update)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.organisations.models import Organisation
from planner.places.models import Locality
from planner.types import ProvenanceMixin, TimestampsMixin, UTCDateTime, enum_type, intpk, slug_str, text_str
from planner.vocab.models import Audience, Theme
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.accounts.models import User
    from planner.centres.models import Centre
    from planner.councils.models import Council


class InitiativeStatus(enum.StrEnum):
    """Where an initiative stands: only published ones are public."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    ARCHIVED = "archived"


# The states in which an initiative has reached its council (its members may see it from then on).
SEEN_BY_THE_COUNCIL = (InitiativeStatus.SUBMITTED, InitiativeStatus.RETURNED, InitiativeStatus.PUBLISHED)


initiative_partners = Table(
    "initiative_partners",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True, index=True),
)

initiative_audiences = Table(
    "initiative_audiences",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("audience_key", ForeignKey("audiences.key"), primary_key=True, index=True),
)


class Initiative(ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """A community initiative led by one organisation in a council's area."""

    __tablename__ = "initiatives"
    TRANSLATED = ("title", "summary", "description")
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        Index("ix_initiatives_status_starts_on", "status", "starts_on"),
        # directory: the list sorted by name, and the home page's latest published (migration 0003_directory)
        Index("ix_initiatives_status_title", "status", "title"),
        Index("ix_initiatives_status_published_at", "status", "published_at"),
        # the public list filtered, newest first, read in index order; its bounded count from the index alone
        # (migration 0018_initiative_country)
        Index("ix_initiatives_status_theme_country_starts_on", "status", "theme_key", "country_code", "starts_on"),
        Index("ix_initiatives_status_country_starts_on", "status", "country_code", "starts_on"),
        Index("ix_initiatives_status_locality_starts_on", "status", "locality_id", "starts_on"),
    )

    id: Mapped[intpk]
    slug: Mapped[slug_str]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[text_str]
    theme_key: Mapped[str] = mapped_column(ForeignKey("themes.key"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))  # the locality's, kept in step below
    venue_centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    lead_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    status: Mapped[InitiativeStatus] = mapped_column(
        enum_type(InitiativeStatus, "initiative_status"), default=InitiativeStatus.DRAFT
    )
    review_comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    theme: Mapped[Theme] = relationship(lazy="joined")
    council: Mapped[Council] = relationship()
    locality: Mapped[Locality] = relationship()
    venue: Mapped[Centre | None] = relationship()
    lead_organisation: Mapped[Organisation] = relationship(foreign_keys=[lead_organisation_id])
    coordinator: Mapped[User | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(secondary=initiative_partners, order_by=Organisation.name)
    audiences: Mapped[list[Audience]] = relationship(secondary=initiative_audiences, order_by=Audience.name)

    @hybrid_property
    def is_public(self) -> bool:
        """Published: the one rule for everyone's view, on a loaded record and (below) in SQL."""
        return self.status is InitiativeStatus.PUBLISHED

    @is_public.inplace.expression
    @classmethod
    def _is_public_condition(cls) -> ColumnElement[bool]:
        return cls.status == InitiativeStatus.PUBLISHED

    @hybrid_property
    def was_submitted(self) -> bool:
        """Whether it has ever gone to its council (a draft that never did stays private to its coordinators)."""
        return self.submitted_at is not None or self.status in SEEN_BY_THE_COUNCIL

    @was_submitted.inplace.expression
    @classmethod
    def _was_submitted_condition(cls) -> ColumnElement[bool]:
        return or_(cls.submitted_at.is_not(None), cls.status.in_(SEEN_BY_THE_COUNCIL))


@event.listens_for(Initiative, "before_insert")
@event.listens_for(Initiative, "before_update")
def _country_of_the_place(_mapper, connection, initiative: Initiative) -> None:
    """An initiative's country is its place's, copied so that a list filtered by country reads one index."""
    state = inspect(initiative)
    if state.attrs.locality.history.has_changes() and initiative.locality is not None:
        initiative.country_code = initiative.locality.country_code  # a place given as an object
    elif state.attrs.locality_id.history.has_changes() or initiative.country_code is None:
        initiative.country_code = connection.scalar(
            select(Locality.country_code).where(Locality.id == initiative.locality_id))


@event.listens_for(Locality, "after_update")
def _initiatives_follow_their_place(_mapper, connection, locality: Locality) -> None:
    """A place moved to another country (a correction) takes its initiatives with it."""
    if inspect(locality).attrs.country_code.history.has_changes():
        connection.execute(update(Initiative).where(Initiative.locality_id == locality.id)
                           .values(country_code=locality.country_code))
