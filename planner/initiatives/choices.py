"""The initiatives a form offers."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select

from planner.initiatives.models import Initiative, InitiativeStatus
from planner.names import by_shown_name
from planner.records.choices import Choices, rows
from planner.translated import shown_name


def initiative_choices(organisation_ids: Iterable[int] | None = None) -> Choices:
    """Published initiatives, plus those of these organisations whatever their state, by title."""
    shown = Initiative.is_public
    if organisation_ids:
        shown = or_(shown, Initiative.lead_organisation_id.in_(list(organisation_ids)))
    statement = select(Initiative).where(shown, Initiative.status != InitiativeStatus.ARCHIVED)
    return by_shown_name([(initiative.id, shown_name(initiative))
                          for initiative in rows(statement.order_by(Initiative.title))])
