"""The centres a form offers, each with its council."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.records.choices import Choices, rows


def centre_choices() -> Choices:
    """Active centres, as "Centre (Council)", by council then name."""
    statement = (
        select(Centre)
        .outerjoin(Centre.council)
        .options(joinedload(Centre.council))
        .where(Centre.is_public)
        .order_by(Council.name, Centre.name)
    )
    return [(centre.id, _centre_label(centre)) for centre in rows(statement)]


def _centre_label(centre: Centre) -> str:
    return f"{centre.name} ({centre.council.name})" if centre.council else centre.name
