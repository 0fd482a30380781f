"""The councils a form offers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from planner.councils.models import Council
from planner.records.choices import Choices, rows


def council_choices(only_ids: Iterable[int] | None = None) -> Choices:
    """Active councils (only these ids when given), by name."""
    statement = select(Council).where(Council.is_public).order_by(Council.name)
    if only_ids is not None:
        statement = statement.where(Council.id.in_(list(only_ids)))
    return [(council.id, council.name) for council in rows(statement)]
