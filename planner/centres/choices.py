"""The centres a form offers, each with its council."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.folding import fold
from planner.records.choices import Choices, rows
from planner.translated import shown_name


def centre_choices() -> Choices:
    """Active centres, as "Centre (Council)" in the reader's language, by council then name."""
    statement = (
        select(Centre)
        .outerjoin(Centre.council)
        .options(joinedload(Centre.council))
        .where(Centre.is_public)
        .order_by(Council.name, Centre.name)
    )
    centres = sorted(rows(statement), key=lambda centre: (fold(shown_name(centre.council)) if centre.council else "",
                                                          fold(shown_name(centre))))
    return [(centre.id, _centre_label(centre)) for centre in centres]


def _centre_label(centre: Centre) -> str:
    return f"{shown_name(centre)} ({shown_name(centre.council)})" if centre.council else shown_name(centre)
