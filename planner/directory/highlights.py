"""What the home page puts forward: the latest published initiatives and shifts with places left."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from planner.clock import utcnow
from planner.db import session
from planner.directory.public import visible, visible_programme
from planner.initiatives.models import Initiative
from planner.volunteering.models import Programme, Shift, ShiftStatus

HOME_LIMIT = 6


def _latest_published_ids(limit: int) -> list[int]:
    """Ids by publication time, newest first (two index range scans, never a sort of every initiative)."""
    published = select(Initiative.id).where(visible(Initiative))
    ids = list(session.scalars(
        published.where(Initiative.published_at.is_not(None))
        .order_by(Initiative.published_at.desc(), Initiative.id.desc()).limit(limit)
    ))
    if len(ids) < limit:  # records published without a recorded time (loaded data) come last
        ids += session.scalars(
            published.where(Initiative.published_at.is_(None))
            .order_by(Initiative.starts_on.desc(), Initiative.id.desc()).limit(limit - len(ids))
        )
    return ids


def latest_initiatives(limit: int = HOME_LIMIT) -> list[Initiative]:
    """The most recently published initiatives."""
    ids = _latest_published_ids(limit)
    if not ids:
        return []
    records = session.scalars(
        select(Initiative).where(Initiative.id.in_(ids))
        .options(selectinload(Initiative.locality), selectinload(Initiative.lead_organisation))
    )
    by_id = {record.id: record for record in records}
    return [by_id[record_id] for record_id in ids]


def open_shifts(limit: int = HOME_LIMIT) -> list[Shift]:
    """The next public shifts that still have places and still take sign-ups."""
    now = utcnow()
    return list(session.scalars(
        select(Shift)
        .join(Programme, Programme.id == Shift.programme_id)
        .where(
            visible_programme(),
            Shift.status == ShiftStatus.SCHEDULED,
            Shift.starts_at > now,
            Shift.confirmed_count < Shift.capacity,
            or_(Shift.signup_cutoff_at.is_(None), Shift.signup_cutoff_at > now),
        )
        .options(selectinload(Shift.programme), selectinload(Shift.locality))
        .order_by(Shift.starts_at, Shift.id)
        .limit(limit)
    ))
