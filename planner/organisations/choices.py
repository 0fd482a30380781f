"""The organisations a form offers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from planner.names import by_shown_name
from planner.organisations.models import Organisation
from planner.records.choices import Choices, rows
from planner.translated import shown_name


def organisation_choices(only_ids: Iterable[int] | None = None) -> Choices:
    """Active organisations (only these ids when given), by name."""
    statement = select(Organisation).where(Organisation.is_public).order_by(Organisation.name)
    if only_ids is not None:
        statement = statement.where(Organisation.id.in_(list(only_ids)))
    return by_shown_name([(organisation.id, shown_name(organisation)) for organisation in rows(statement)])
