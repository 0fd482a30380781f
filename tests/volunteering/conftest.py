"""Fixtures for the volunteering tests: a request context for calling services directly."""
from __future__ import annotations

import pytest


@pytest.fixture
def ctx(app, db):
    """A request context, so services can word messages and read settings."""
    with app.test_request_context():
        yield
