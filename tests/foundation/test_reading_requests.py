"""A request that only reads (GET, HEAD, OPTIONS) cannot write, and it reads through the app's reader
(planner.db.AppSession): on PostgreSQL without a transaction around its statements (two round trips fewer per
page), on SQLite without taking the write lock, so a page being read never holds up a form being saved."""
from __future__ import annotations

import secrets
import sqlite3
import threading

import pytest
from sqlalchemy import select, text, update

from planner.councils.models import Council
from planner.db import WriteInReadingRequest, engine_of, session
from tests import factories


def test_a_reading_request_that_tries_to_write_is_refused_and_writes_nothing(app, db, make):
    council = make.council(name="Left As It Was")
    db.commit()
    with app.test_request_context(f"/councils/{council.slug}"):
        app.preprocess_request()
        session.get(Council, council.id).name = "Written by a GET"
        with pytest.raises(WriteInReadingRequest):
            session.flush()
        session.rollback()
        with pytest.raises(WriteInReadingRequest):
            session.execute(update(Council).where(Council.id == council.id).values(name="Written by a GET"))
    assert db.scalar(select(Council.name).where(Council.id == council.id)) == "Left As It Was"


def test_a_form_s_request_still_writes(app, db, make):
    council = make.council(name="Before the form")
    db.commit()
    with app.test_request_context(f"/councils/{council.slug}", method="POST"):
        app.preprocess_request()
        session.get(Council, council.id).name = "After the form"
        session.commit()
    assert db.scalar(select(Council.name).where(Council.id == council.id)) == "After the form"


def _open_transaction_after_a_read(live_app, method: str) -> bool:
    """Whether the database connection is inside a transaction after the request's first read (of an address no
    other test has had cached, so that the page is built rather than answered from the cache)."""
    with live_app.test_request_context(f"/councils?read={secrets.token_hex(4)}", method=method):
        live_app.preprocess_request()
        session.execute(select(Council.id).limit(1))
        raw = session.connection().connection.dbapi_connection
        if engine_of(live_app).dialect.name == "postgresql":
            from psycopg.pq import TransactionStatus

            return raw.info.transaction_status is not TransactionStatus.IDLE
        return raw.in_transaction


def test_on_postgresql_a_page_reads_without_a_transaction_and_plans_for_its_own_values_uncompiled(live_app):
    if engine_of(live_app).dialect.name != "postgresql":  # SQLite: the next test
        assert live_app.extensions["planner.reader"].get_execution_options().get("planner_reader")
        return
    assert not _open_transaction_after_a_read(live_app, "GET")
    assert _open_transaction_after_a_read(live_app, "POST")
    assert not _open_transaction_after_a_read(live_app, "GET"), "the pool gave back a connection left as it was"
    with engine_of(live_app).connect() as connection:  # a prepared search keeps planning for its own words
        assert connection.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        assert connection.execute(text("SHOW jit")).scalar() == "off"  # no 500 ms compiling a 4 ms statement


def test_a_page_being_read_does_not_hold_up_a_form_being_saved(live_app):
    with live_app.app_context():
        council_id = factories.council(name="Read while written").id
        session.commit()
    read, written = threading.Event(), threading.Event()

    def reader() -> None:
        with live_app.test_request_context("/councils"):
            live_app.preprocess_request()
            session.execute(select(Council.name).where(Council.id == council_id)).one()
            read.set()
            written.wait(timeout=10)  # still in the middle of building the page

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        assert read.wait(timeout=10)
        _write_with_a_short_wait(live_app, council_id)
    finally:
        written.set()
        thread.join(timeout=10)
    with live_app.app_context():
        assert session.scalar(select(Council.name).where(Council.id == council_id)) == "Written meanwhile"


def _write_with_a_short_wait(live_app, council_id: int) -> None:
    """Save a change from another connection, waiting at most half a second for any lock."""
    url = engine_of(live_app).url
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, timeout=0.5, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE councils SET name = 'Written meanwhile' WHERE id = ?", (council_id,))
        connection.execute("COMMIT")
        connection.close()
        return
    with engine_of(live_app).begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '500ms'"))
        connection.execute(update(Council).where(Council.id == council_id).values(name="Written meanwhile"))
