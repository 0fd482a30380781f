"""What the public may see, as SQL conditions: the lists, relations and home page all use these."""
from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import RecordStatus
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.volunteering.models import Programme


def published_initiative_ids():
    """A select of the ids of published initiatives."""
    return select(Initiative.id).where(Initiative.status == InitiativeStatus.PUBLISHED)


def visible_programme() -> ColumnElement[bool]:
    """An active programme that belongs to no initiative or to a published one."""
    return and_(
        Programme.status == RecordStatus.ACTIVE,
        or_(Programme.initiative_id.is_(None), Programme.initiative_id.in_(published_initiative_ids())),
    )


def visible(model) -> ColumnElement[bool]:
    """The condition under which a record of this model is public."""
    if model is Initiative:
        return Initiative.status == InitiativeStatus.PUBLISHED
    if model is Programme:
        return visible_programme()
    if model in (Council, Centre, Organisation, Partnership):
        return model.status == RecordStatus.ACTIVE
    raise ValueError(f"not a directory record: {model!r}")
