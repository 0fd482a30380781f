"""What the public may see, as SQL conditions: each model's own `is_public` rule, in the form queries need."""
from __future__ import annotations

from sqlalchemy import ColumnElement, select

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.volunteering.models import Programme

DIRECTORY_MODELS = (Council, Centre, Organisation, Initiative, Partnership, Programme)


def published_initiative_ids():
    """A select of the ids of public (published) initiatives."""
    return select(Initiative.id).where(Initiative.is_public)


def visible_programme() -> ColumnElement[bool]:
    """An active programme that belongs to no initiative or to a published one (Programme.is_public)."""
    return Programme.is_public


def visible(model) -> ColumnElement[bool]:
    """The condition under which a record of this model is public: the model's own is_public, in SQL."""
    if model not in DIRECTORY_MODELS:
        raise ValueError(f"not a directory record: {model!r}")
    return model.is_public
