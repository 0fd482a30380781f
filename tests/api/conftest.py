"""Fixtures for the API tests: the directory's small world and query counter, and a few helpers."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEvent
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.directory.models import SearchEntry
from planner.initiatives.models import Initiative
from tests.directory.conftest import count_queries, world  # noqa: F401 - the same fixtures, reused

TABLES = (Council, Centre, Initiative, SearchEntry, AuditEvent)


@pytest.fixture
def table_counts(db) -> Callable[[], dict[str, int]]:
    """table_counts() → rows in a few tables, to show a request changed nothing."""
    return lambda: {model.__tablename__: db.scalar(select(func.count()).select_from(model)) for model in TABLES}


def follow(client, url: str, limit: int = 100) -> list[dict[str, Any]]:
    """Every item of a list, following `links.next` page by page (at most `limit` pages)."""
    items = []
    for _ in range(limit):
        body = client.get(url).get_json()
        items += body["data"]
        url = body["links"]["next"]
        if url is None:
            return items
    raise AssertionError("the list never ended")


def slugs(items) -> list[str]:
    return [item["slug"] for item in items]
