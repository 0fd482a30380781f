"""Pooled PostgreSQL connections are pinged only after they rested (planner.db._ping_connections_that_rested):
one that the database ended while it rested is replaced before anyone uses it, and one that comes straight back
from a request goes out again without a round trip. A reading request that meets a lost connection anyway is
answered again on a new one (planner.db.once_more_on_a_lost_connection), on either database."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from planner.db import engine_of, make_engine


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


@pytest.fixture
def lose_the_next_connection(live_app) -> Iterator[list[bool]]:
    """The next connection the pool lends is already lost, as after a database restart in the moment since it was
    last used (too short for the ping). Gives a list that holds True once it has happened; a loss that did not
    happen is taken back, so that no later test meets it."""
    engine, lost = engine_of(live_app), []

    def lose(dbapi_connection, _record, _proxy):
        if engine.dialect.name == "sqlite":
            dbapi_connection.close()
        else:
            _end(live_app, dbapi_connection.info.backend_pid)
        lost.append(True)

    event.listen(engine, "checkout", lose, once=True)
    yield lost
    if not lost and event.contains(engine, "checkout", lose):
        event.remove(engine, "checkout", lose)


def test_a_page_whose_database_connection_was_lost_is_answered_on_a_new_one(live_app, lose_the_next_connection,
                                                                           caplog):
    browser = live_app.test_client()
    with caplog.at_level(logging.WARNING, logger="planner.db"):
        page = browser.get("/search?q=lostconnection")
    assert lose_the_next_connection, "the test should have lost the page's connection"
    assert page.status_code == 200
    assert "lostconnection" in page.get_data(as_text=True)
    assert "lost its database connection" in caplog.text


def test_a_form_sent_when_its_database_connection_was_lost_is_not_sent_again(live_app, lose_the_next_connection):
    """A request that writes is not repeated: the error page, and the next request finds the pool renewed."""
    browser = live_app.test_client()
    answer = browser.post("/login", data={"email": "nobody@example.org", "password": "not the password"})
    assert lose_the_next_connection
    assert answer.status_code == 500
    assert browser.get("/search?q=renewed").status_code == 200
