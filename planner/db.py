"""Database plumbing: the declarative base, the session, and engine set-up (column types: planner.types)."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

from planner.local_calendar import add_to_sqlite

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


log = logging.getLogger(__name__)
Answer = TypeVar("Answer")


class Base(DeclarativeBase):
    """Every model of the planner derives from this base."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- the session -------------------------------------------------------------------------


class AppSession(Session):
    """A session that talks to the current app's database (or the connection a test lent it).

    A request that only reads (GET, HEAD, OPTIONS) marks its session so (`reads_only`): it refuses to write
    (a GET never writes) and talks to the database through the app's *reader*. On PostgreSQL the reader
    works in autocommit: at READ COMMITTED each statement sees what was committed when it began, in a
    transaction or not, so the BEGIN and ROLLBACK around a page's reads would cost two round trips and
    show nothing different. On SQLite the reader begins its transactions as plain (deferred) BEGIN, so
    pages are read side by side, and beside a writer, instead of queueing for the write lock.
    """

    def get_bind(self, mapper=None, clause=None, **kwargs):
        if self.bind is not None:
            return self.bind
        if self.info.get(READS_ONLY):
            return current_app.extensions["planner.reader"]
        return current_app.extensions["planner.bind"]


class WriteInReadingRequest(RuntimeError):
    """A GET (or HEAD, OPTIONS) request tried to write: the page is wrong, not the visitor."""


READS_ONLY = "planner.reads_only"
READER_OPTION = "planner_reader"
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _refuse_writes_when_reading(db_session, *_args) -> None:
    if db_session.info.get(READS_ONLY):
        raise WriteInReadingRequest("a GET request must not write to the database")


def _refuse_statements_that_write(execute_state) -> None:
    if execute_state.is_insert or execute_state.is_update or execute_state.is_delete:
        _refuse_writes_when_reading(execute_state.session)


# Tests lend the app a connection inside an open transaction; commits then become savepoints.
session = scoped_session(sessionmaker(class_=AppSession, expire_on_commit=False, join_transaction_mode="create_savepoint"))


IDLE_BEFORE_PING = 2.0  # seconds a pooled PostgreSQL connection may rest before it is checked on its way out
_RETURNED_AT = "planner.returned_at"


def make_engine(url: str, idle_before_ping: float = IDLE_BEFORE_PING, **options: Any) -> Engine:
    """An engine with the settings the planner relies on for each database."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **options)
        _make_sqlite_serialise_writes(engine)
        return engine
    engine = create_engine(url, **options)
    _plan_each_statement_for_its_values(engine)
    _ping_connections_that_rested(engine, idle_before_ping)
    return engine


def _ping_connections_that_rested(engine: Engine, seconds: float) -> None:
    """A pooled connection that rested more than `seconds` is pinged before it is lent; a dead one is replaced.

    A connection ends without our knowing when the database restarts, fails over or drops idle clients.
    Pinging every connection on its way out (SQLAlchemy's pool_pre_ping) would cost each request a round trip;
    under load a connection comes back to the pool within milliseconds and goes out again at once, alive.
    So only one that rested is pinged. Should the database go away in the moment between two requests, the
    first statement on a dead connection fails and SQLAlchemy then renews the whole pool; a reading request is
    then answered again (once_more_on_a_lost_connection).
    """

    @event.listens_for(engine, "checkin")
    def note_return(_dbapi_connection, record):
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_rested(dbapi_connection, record, _proxy):
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < seconds:
            return  # new, or back from a request a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("the pooled connection had ended") from error  # the pool connects anew


def once_more_on_a_lost_connection(answer: Callable[[], Answer]) -> Answer:
    """Answer a request; should a reading request find its database connection lost, answer it once more.

    The checkout ping leaves a moment in which a dead connection can reach a statement (see
    _ping_connections_that_rested): the statement fails, SQLAlchemy renews the pool, and a request that only
    reads (it cannot have written anything) is simply answered again on a new connection. A request that
    writes is not repeated: its form comes back with the error page, to be sent again.
    """
    try:
        return answer()
    except DBAPIError as error:
        if not (error.connection_invalidated and session().info.get(READS_ONLY)):
            raise
        log.warning("A reading request lost its database connection (%s); answering it again", error.orig)
        session.rollback()
        return answer()


def _plan_each_statement_for_its_values(engine: Engine) -> None:
    """PostgreSQL plans every statement for the values it is given, prepared or not, and runs it uncompiled.

    psycopg prepares a statement the fifth time a connection runs it, and after five more runs PostgreSQL
    may settle on one generic plan that ignores the values. For a search that plan does not know how
    common the word is; at a million initiatives it made `?q=` a common word four times slower.

    PostgreSQL also compiles (JIT) a plan whose estimated cost passes `jit_above_cost`, which costs a few hundred
    milliseconds each time; it pays for itself only on queries that run for seconds, and ours take milliseconds.
    An estimate it cannot make well (shifts at the weekend on each place's clock, over 100,000 shifts) had a
    page that runs in 4 ms spend 550 ms compiling. So the planner's connections never compile.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.autocommit = True  # the settings outlive the statements, with no transaction to close
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")
            cursor.execute("SET jit = off")
        dbapi_connection.autocommit = False


def _make_sqlite_serialise_writes(engine: Engine) -> None:
    """Every SQLite transaction but a reader's starts with BEGIN IMMEDIATE, so writers queue instead of racing
    (and each connection knows the planner's own SQL functions, local_year and local_date)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
        add_to_sqlite(dbapi_connection)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        reading = connection.get_execution_options().get(READER_OPTION, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def init_app(app: Flask) -> None:
    """Create the app's engine and bind the session to it; the session ends with each app context."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["planner.engine"] = engine
    app.extensions["planner.bind"] = engine
    app.extensions["planner.reader"] = reader_of(engine)
    for name, hook in (("before_flush", _refuse_writes_when_reading), ("do_orm_execute", _refuse_statements_that_write)):
        if not event.contains(AppSession, name, hook):
            event.listen(AppSession, name, hook)

    @app.before_request
    def mark_reading_requests():
        """A reading request's session reads only, if it has not begun already (a test's outer app context)."""
        if request.method in READING_METHODS and not session().in_transaction():
            session().info[READS_ONLY] = True

    @app.teardown_request
    def unmark(_exc):
        session().info.pop(READS_ONLY, None)

    @app.teardown_appcontext
    def remove_session(_exc):
        session.remove()


def reader_of(engine: Engine) -> Engine:
    """The engine, as reading requests use it (AppSession): autocommit on PostgreSQL, deferred BEGIN on SQLite."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{READER_OPTION: True})
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def engine_of(app: Flask) -> Engine:
    """The app's engine."""
    return app.extensions["planner.engine"]
