"""The organisations a form offers."""
from __future__ import annotations

from sqlalchemy import ColumnElement, select

from planner.names import by_shown_name
from planner.organisations.models import Organisation
from planner.records.choices import Choices, rows
from planner.translated import shown_name


def organisation_choices(among: ColumnElement[bool] | None = None) -> Choices:
    """Active organisations (only those meeting `among` when given, such as permissions.acts_under), by name."""
    statement = select(Organisation).where(Organisation.is_public).order_by(Organisation.name)
    if among is not None:
        statement = statement.where(among)
    return by_shown_name([(organisation.id, shown_name(organisation)) for organisation in rows(statement)])
