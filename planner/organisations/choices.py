"""The organisations a form offers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from planner.organisations.models import Organisation
from planner.records.choices import Choices, rows


def organisation_choices(only_ids: Iterable[int] | None = None) -> Choices:
    """Active organisations (only these ids when given), by name."""
    statement = select(Organisation).where(Organisation.is_public).order_by(Organisation.name)
    if only_ids is not None:
        statement = statement.where(Organisation.id.in_(list(only_ids)))
    return [(organisation.id, organisation.name) for organisation in rows(statement)]
