"""Pooled PostgreSQL connections are pinged only after they rested (planner.db._ping_connections_that_rested):
one that the database ended while it rested is replaced before anyone uses it, and one that comes straight back
from a request goes out again without a round trip."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from planner.db import make_engine


def _backend_of(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def _end(live_app, backend: int) -> None:
    """What a database restart or an idle-client timeout does to one connection."""
    other = make_engine(live_app.config["DATABASE_URL"])
    with other.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": backend})  # waits till it is gone
    other.dispose()


@pytest.fixture
def postgres_url(live_app):
    url = live_app.config["DATABASE_URL"]
    if not url.startswith("postgresql"):
        # SQLite's connections are files opened in this process: nothing ends them behind our back, so no ping.
        engine = make_engine(url)
        assert not engine.pool.dispatch.checkout
        engine.dispose()
        return None
    return url


def _pool_of_one_whose_connection_ended(live_app, url: str, idle_before_ping: float):
    """An engine with one pooled connection, which the database then ended; and that connection's backend."""
    engine = make_engine(url, idle_before_ping=idle_before_ping, pool_size=1, max_overflow=0)
    first = _backend_of(engine)
    _end(live_app, first)
    return engine, first


def test_a_connection_ended_while_it_rested_is_replaced_before_it_is_used(live_app, postgres_url):
    if postgres_url is None:
        return
    engine, first = _pool_of_one_whose_connection_ended(live_app, postgres_url, idle_before_ping=0.2)
    time.sleep(0.25)
    second = _backend_of(engine)  # would raise "terminating connection due to administrator command" unpinged
    assert second != first
    engine.dispose()


def test_a_connection_back_from_a_request_a_moment_ago_goes_out_again_unpinged(live_app, postgres_url):
    if postgres_url is None:
        return
    engine, first = _pool_of_one_whose_connection_ended(live_app, postgres_url, idle_before_ping=60)
    with pytest.raises(DBAPIError) as failed:  # no ping: the dead connection reached the statement
        _backend_of(engine)
    assert failed.value.connection_invalidated
    assert _backend_of(engine) != first  # and the pool was renewed for the next request
    engine.dispose()
