"""The column types every model shares: exact money, aware UTC instants, portable enums, common columns, mixins.

They know nothing of any feature; the models of each feature build on them.
"""
from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, TypeVar

from sqlalchemy import BigInteger, Boolean, ColumnElement, DateTime, Enum, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from planner.clock import utcnow

SLUG_LENGTH = 120
LARGEST_ID = 2**31 - 1  # an INTEGER column; PostgreSQL errors on larger numbers


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on every database (SQLite keeps no zone, so we restore it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ScaledDecimal(TypeDecorator):
    """An exact decimal: NUMERIC on PostgreSQL, whole minor units (an integer) on SQLite.

    SQLite would keep NUMERIC values as binary floats, so sums and the envelope check
    could drift by a fraction of a minor unit; integers keep them exact there too.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 14, scale: int = 2):
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.scale = scale
        self.quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.impl.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        exact = Decimal(value).quantize(self.quantum, rounding=ROUND_HALF_UP)
        return int(exact.scaleb(self.scale)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale).quantize(self.quantum)
        return Decimal(value).quantize(self.quantum)


def Money() -> ScaledDecimal:  # noqa: N802 - reads as a type in models
    """Money: exact, up to 12 digits before the point and three after (room for any currency's minor units)."""
    return ScaledDecimal(15, 3)


E = TypeVar("E", bound=enum.Enum)


def enum_type(enum_class: type[E], name: str) -> Enum:
    """A portable enum column: a VARCHAR with a named CHECK of the allowed values."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
name_str = Annotated[str, mapped_column(String(200))]
slug_str = Annotated[str, mapped_column(String(SLUG_LENGTH), unique=True)]
text_str = Annotated[str, mapped_column(Text, default="")]
money = Annotated[Decimal, mapped_column(Money())]
timestamp = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]
optional_timestamp = Annotated[datetime | None, mapped_column(UTCDateTime())]
currency_code = Annotated[str, mapped_column(String(3))]
country_code = Annotated[str, mapped_column(String(2), ForeignKey("countries.code"), index=True)]
flag = Annotated[bool, mapped_column(Boolean, default=False)]
day = Annotated[date, mapped_column()]


class RecordStatus(enum.StrEnum):
    """Whether a directory record is live or kept only for history."""

    ACTIVE = "active"
    ARCHIVED = "archived"


class PublicWhileActive:
    """A record everyone may see while it is active; archived, it stays for history, out of public sight.

    `is_public` is one rule in two forms: on a loaded record it is a bool, in a query
    (`select(Council).where(Council.is_public)`) it is the same condition in SQL.
    """

    @hybrid_property
    def is_public(self) -> bool:
        return self.status is RecordStatus.ACTIVE

    @is_public.inplace.expression
    @classmethod
    def _is_public_condition(cls) -> ColumnElement[bool]:
        return cls.status == RecordStatus.ACTIVE


class ProvenanceMixin:
    """Where a seeded record came from: document file, section heading, and whether it is illustrative."""

    source_document: Mapped[str | None] = mapped_column(String(100))
    source_section: Mapped[str | None] = mapped_column(String(200))
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class TimestampsMixin:
    """Creation and last-change instants."""

    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
