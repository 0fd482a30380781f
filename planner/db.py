"""Database plumbing: the declarative base, shared column types, the session, engine set-up."""
from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, TypeVar

from flask import Flask, abort, current_app
from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every model of the planner derives from this base."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


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
slug_str = Annotated[str, mapped_column(String(120), unique=True)]
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


# --- the session -------------------------------------------------------------------------


class AppSession(Session):
    """A session that talks to the current app's database (or the connection a test lent it)."""

    def get_bind(self, mapper=None, clause=None, **kwargs):
        if self.bind is not None:
            return self.bind
        return current_app.extensions["planner.bind"]


# Tests lend the app a connection inside an open transaction; commits then become savepoints.
session = scoped_session(sessionmaker(class_=AppSession, expire_on_commit=False, join_transaction_mode="create_savepoint"))


def make_engine(url: str, **options: Any) -> Engine:
    """An engine with the settings the planner relies on for each database."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **options)
        _make_sqlite_serialise_writes(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def _make_sqlite_serialise_writes(engine: Engine) -> None:
    """Every SQLite transaction starts with BEGIN IMMEDIATE, so writers queue instead of racing."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def init_app(app: Flask) -> None:
    """Create the app's engine and bind the session to it; the session ends with each app context."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["planner.engine"] = engine
    app.extensions["planner.bind"] = engine

    @app.teardown_appcontext
    def remove_session(_exc):
        session.remove()


def engine_of(app: Flask) -> Engine:
    """The app's engine."""
    return app.extensions["planner.engine"]


M = TypeVar("M", bound=Base)


def get_or_404(model: type[M], ident: Any) -> M:
    """The record with that primary key, or a 404 page."""
    record = session.get(model, ident)
    if record is None:
        abort(404)
    return record


def one_or_404(statement) -> Any:
    """The single row a select finds, or a 404 page."""
    record = session.scalars(statement.limit(1)).first()
    if record is None:
        abort(404)
    return record


SLUG_LENGTH = 120
LARGEST_ID = 2**31 - 1  # an INTEGER column; PostgreSQL errors on larger numbers


def by_id_or_slug(model: type[M], key: str) -> M:
    """A record by its numeric id or its slug, or a 404 page."""
    if key.isascii() and key.isdigit():  # "²" and "١٢" are digits too, but not ids
        if len(key) > len(str(LARGEST_ID)) or int(key) > LARGEST_ID:
            abort(404)
        return get_or_404(model, int(key))
    if len(key) > SLUG_LENGTH or "\x00" in key:  # no slug is that long; PostgreSQL rejects NUL in text
        abort(404)
    return one_or_404(select(model).where(model.slug == key))
