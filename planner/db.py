"""Database plumbing: the declarative base, the session, and engine set-up (column types: planner.types)."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

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
