"""Shifts stamped as changed when whether the public sees them may have changed without a change of their own.

A shift is public while its programme is (volunteering.models.Programme.is_public): the programme active, and its
initiative, if it has one, published. Archiving or restoring a programme, moving it to another initiative, or
publishing an initiative or taking it out of public view changes what the public sees of every shift under them, so
their `updated_at` is stamped in the same flush: the API's feed of changed shifts then brings each back, as it now
is or as withdrawn (planner.api.queries.shift_changes_page).
"""
from __future__ import annotations

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from planner.clock import utcnow
from planner.initiatives.models import Initiative
from planner.volunteering.models import Programme, Shift

_PROGRAMME_SIGHT = ("status", "initiative_id")
_INITIATIVE_SIGHT = ("status",)


def _changed(record, names: tuple[str, ...]) -> bool:
    """Whether one of these attributes was given another value in this flush."""
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in names)


def _stamp_before_flush(flush_session: Session, _context, _instances) -> None:
    programme_ids = {record.id for record in flush_session.dirty
                     if isinstance(record, Programme) and _changed(record, _PROGRAMME_SIGHT)}
    initiative_ids = {record.id for record in flush_session.dirty
                      if isinstance(record, Initiative) and _changed(record, _INITIATIVE_SIGHT)}
    under = []
    if programme_ids:
        under.append(Shift.programme_id.in_(sorted(programme_ids)))
    if initiative_ids:
        under.append(Shift.programme_id.in_(select(Programme.id).where(Programme.initiative_id.in_(
            sorted(initiative_ids)))))
    for condition in under:
        flush_session.connection().execute(
            update(Shift).where(condition).values(updated_at=utcnow()).execution_options(synchronize_session=False))


def listen(session_class) -> None:
    """Stamp the shifts in every flush made through sessions of this class."""
    if not event.contains(session_class, "before_flush", _stamp_before_flush):
        event.listen(session_class, "before_flush", _stamp_before_flush)
