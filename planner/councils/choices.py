"""The councils a form offers."""
from __future__ import annotations

from sqlalchemy import ColumnElement, select

from planner.councils.models import Council
from planner.names import by_shown_name
from planner.records.choices import Choices, rows
from planner.translated import shown_name


def council_choices(among: ColumnElement[bool] | None = None) -> Choices:
    """Active councils (only those meeting `among` when given, such as permissions.acts_under), named and sorted in the reader's language."""
    statement = select(Council).where(Council.is_public).order_by(Council.name)
    if among is not None:
        statement = statement.where(among)
    return by_shown_name([(council.id, shown_name(council)) for council in rows(statement)])
