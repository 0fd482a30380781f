"""Envelopes, requests and their versions, line items, votes, recusals and decisions."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base
from planner.types import (
    Money,
    ProvenanceMixin,
    ScaledDecimal,
    TimestampsMixin,
    UTCDateTime,
    currency_code,
    enum_type,
    intpk,
    money,
    text_str,
    timestamp,
)
from planner.translated import TranslatedMixin

if TYPE_CHECKING:
    from planner.accounts.models import User
    from planner.councils.models import Council
    from planner.initiatives.models import Initiative
    from planner.organisations.models import Organisation


class BudgetEnvelope(ProvenanceMixin, TimestampsMixin, Base):
    """What a council may allocate in one fiscal year; `allocated` can never pass `amount`."""

    __tablename__ = "budget_envelopes"
    __table_args__ = (
        UniqueConstraint("council_id", "fiscal_year"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("allocated >= 0", name="allocated_not_negative"),
        CheckConstraint("allocated <= amount", name="allocated_within_amount"),
        CheckConstraint("fiscal_year BETWEEN 1900 AND 2200", name="fiscal_year_sane"),
    )

    id: Mapped[intpk]
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[money]
    allocated: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    currency: Mapped[currency_code]

    council: Mapped[Council] = relationship()

    @property
    def remaining(self) -> Decimal:
        """What is still free to allocate."""
        return self.amount - self.allocated


class RequestStatus(enum.StrEnum):
    """Where a budget request stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    DECIDED = "decided"


class BudgetRequest(ProvenanceMixin, TimestampsMixin, TranslatedMixin, Base):
    """An initiative asks its council for money for one fiscal year."""

    __tablename__ = "budget_requests"
    TRANSLATED = ("title",)
    __table_args__ = (
        Index("ix_budget_requests_council_year_status", "council_id", "fiscal_year", "status"),
        CheckConstraint("total >= 0", name="total_not_negative"),
    )

    id: Mapped[intpk]
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[RequestStatus] = mapped_column(
        enum_type(RequestStatus, "request_status"), default=RequestStatus.DRAFT
    )
    version_number: Mapped[int] = mapped_column(Integer, default=1)
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    currency: Mapped[currency_code]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    initiative: Mapped[Initiative] = relationship()
    council: Mapped[Council] = relationship()
    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    versions: Mapped[list[RequestVersion]] = relationship(
        back_populates="request", order_by="RequestVersion.number", cascade="all, delete-orphan"
    )

    @hybrid_property
    def is_public(self) -> bool:
        """Only decided requests are public; drafts and requests under review never are."""
        return self.status is RequestStatus.DECIDED

    @is_public.inplace.expression
    @classmethod
    def _is_public_condition(cls) -> ColumnElement[bool]:
        return cls.status == RequestStatus.DECIDED

    @hybrid_property
    def is_draft(self) -> bool:
        """Not yet sent to the council: only the requesting organisation sees it."""
        return self.status is RequestStatus.DRAFT

    @is_draft.inplace.expression
    @classmethod
    def _is_draft_condition(cls) -> ColumnElement[bool]:
        return cls.status == RequestStatus.DRAFT


class RequestVersion(Base):
    """One version of a request's content; earlier versions stay readable after a return."""

    __tablename__ = "budget_request_versions"
    __table_args__ = (
        UniqueConstraint("request_id", "number"),
        CheckConstraint("total >= 0", name="total_not_negative"),
    )

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("budget_requests.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    justification: Mapped[text_str]
    expected_outcomes: Mapped[text_str]
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    created_at: Mapped[timestamp]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    request: Mapped[BudgetRequest] = relationship(back_populates="versions")
    items: Mapped[list[LineItem]] = relationship(
        back_populates="version", order_by="LineItem.position", cascade="all, delete-orphan"
    )


class LineCategory(enum.StrEnum):
    """What a line item pays for."""

    STAFF = "staff"
    EQUIPMENT = "equipment"
    VENUE = "venue"
    MATERIALS = "materials"
    TRAVEL = "travel"
    SERVICES = "services"
    OTHER = "other"


class LineItem(TranslatedMixin, Base):
    """One costed line: quantity × unit cost = amount (computed, never typed)."""

    __tablename__ = "budget_line_items"
    TRANSLATED = ("description",)
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(ForeignKey("budget_request_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[LineCategory] = mapped_column(enum_type(LineCategory, "line_category"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(ScaledDecimal(12, 2))
    unit_cost: Mapped[money]
    amount: Mapped[money]

    version: Mapped[RequestVersion] = relationship(back_populates="items")


class VoteChoice(enum.StrEnum):
    """A council member's vote on a request."""

    APPROVE = "approve"
    REJECT = "reject"
    ABSTAIN = "abstain"


class Vote(TimestampsMixin, Base):
    """A member's vote on one version of a request, with a reason."""

    __tablename__ = "budget_votes"
    __table_args__ = (UniqueConstraint("request_id", "version_number", "member_id"),)

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("budget_requests.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    choice: Mapped[VoteChoice] = mapped_column(enum_type(VoteChoice, "vote_choice"))
    reason: Mapped[text_str]

    member: Mapped[User] = relationship()


class ReviewComment(Base):
    """A council member's comment on a request under review."""

    __tablename__ = "budget_review_comments"

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("budget_requests.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[timestamp]

    author: Mapped[User] = relationship()


class RecusalReason(enum.StrEnum):
    """Why a member may not vote on a request."""

    COORDINATES_ORGANISATION = "coordinates_organisation"
    COORDINATES_INITIATIVE = "coordinates_initiative"
    DECLARED = "declared"


class Recusal(Base):
    """A member stood aside from a request, automatically or of their own accord."""

    __tablename__ = "budget_recusals"
    __table_args__ = (UniqueConstraint("request_id", "member_id"),)

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("budget_requests.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[RecusalReason] = mapped_column(enum_type(RecusalReason, "recusal_reason"))
    note: Mapped[text_str]
    created_at: Mapped[timestamp]

    member: Mapped[User] = relationship()


class DecisionOutcome(enum.StrEnum):
    """What the chair decided."""

    APPROVED = "approved"
    PARTIALLY_APPROVED = "partially_approved"
    REJECTED = "rejected"
    RETURNED = "returned"


class Decision(ProvenanceMixin, TranslatedMixin, Base):
    """The chair's published decision; never edited: a correction is a new decision pointing back."""

    __tablename__ = "budget_decisions"
    TRANSLATED = ("reason",)
    __table_args__ = (
        Index("ix_budget_decisions_council_year", "council_id", "fiscal_year"),
        CheckConstraint("approved_amount >= 0", name="approved_not_negative"),
    )

    id: Mapped[intpk]
    request_id: Mapped[int] = mapped_column(ForeignKey("budget_requests.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    envelope_id: Mapped[int | None] = mapped_column(ForeignKey("budget_envelopes.id"), index=True)
    outcome: Mapped[DecisionOutcome] = mapped_column(enum_type(DecisionOutcome, "decision_outcome"))
    approved_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    currency: Mapped[currency_code]
    reason: Mapped[str] = mapped_column(Text, default="")
    theme_key: Mapped[str | None] = mapped_column(ForeignKey("themes.key"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[timestamp]
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("budget_decisions.id"), unique=True)

    request: Mapped[BudgetRequest] = relationship()
    decided_by: Mapped[User | None] = relationship()
    corrects: Mapped[Decision | None] = relationship(remote_side="Decision.id")

    @property
    def is_public(self) -> bool:
        """A return for changes is part of the review, not a published decision."""
        return self.outcome is not DecisionOutcome.RETURNED
