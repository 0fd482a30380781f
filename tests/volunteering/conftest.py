"""Fixtures for the volunteering tests: a request context for calling services directly, the venue code's link as a
coordinator's check-in page shows it, and a pool of connections for many threads at once."""
from __future__ import annotations

import fcntl
import re

import pytest


@pytest.fixture
def ctx(app, db):
    """A request context, so services can word messages and read settings."""
    with app.test_request_context():
        yield


@pytest.fixture
def venue_link(client):
    """Reads a shift's venue-code link from its check-in page (the client signed in as one who runs the shift)."""
    def read(shift) -> str:
        page = client.get(f"/shifts/{shift.id}/check-in")
        assert "camera=(self)" in page.headers["Permissions-Policy"]  # this page alone may use the camera
        return re.search(r"https?://[^/\s\"<]+(/shifts/\d+/here/[A-Z0-9]+)", page.get_data(as_text=True)).group(1)
    return read


@pytest.fixture
def own_connections(live_app, tmp_path_factory):
    """Give the live app a pool big enough for every thread to hold its own connection, opened in advance; one test
    process at a time (two such pools would pass PostgreSQL's 100 connections), the others waiting their turn."""
    from planner.db import make_engine

    with open(tmp_path_factory.getbasetemp().parent / "own-connections.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file closes, after the test
        yield from _pooled(live_app, make_engine)


def _pooled(live_app, make_engine):
    original = live_app.extensions["planner.bind"]
    engine = make_engine(live_app.config["DATABASE_URL"], pool_size=60, max_overflow=0)
    for connection in [engine.connect() for _ in range(55)]:
        connection.close()
    live_app.extensions["planner.bind"] = engine
    try:
        yield engine
    finally:
        live_app.extensions["planner.bind"] = original
        engine.dispose()
