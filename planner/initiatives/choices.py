"""The initiatives a form offers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select

from planner.initiatives.models import Initiative, InitiativeStatus
from planner.records.choices import Choices, rows


def initiative_choices(organisation_ids: Iterable[int] | None = None) -> Choices:
    """Published initiatives, plus those of these organisations whatever their state, by title."""
    shown = Initiative.is_public
    if organisation_ids:
        shown = or_(shown, Initiative.lead_organisation_id.in_(list(organisation_ids)))
    statement = select(Initiative).where(shown, Initiative.status != InitiativeStatus.ARCHIVED)
    return [(initiative.id, initiative.title) for initiative in rows(statement.order_by(Initiative.title))]
