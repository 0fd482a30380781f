"""The councils a form offers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from planner.councils.models import Council
from planner.names import by_shown_name
from planner.records.choices import Choices, rows
from planner.translated import shown_name


def council_choices(only_ids: Iterable[int] | None = None) -> Choices:
    """Active councils (only these ids when given), named and sorted in the reader's language."""
    statement = select(Council).where(Council.is_public).order_by(Council.name)
    if only_ids is not None:
        statement = statement.where(Council.id.in_(list(only_ids)))
    return by_shown_name([(council.id, shown_name(council)) for council in rows(statement)])
