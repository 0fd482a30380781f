"""Shifts stamped as changed when what they show of another record changes, or whether the public sees them.

A shift names its programme, its centre and its place, and repeats by its series' rule; it is public while its
programme is (volunteering.models.Programme.is_public: the programme active and its initiative, if any, published).
A change to any of those in a flush stamps the `updated_at` of every shift under the record in the same flush, so
that the API's feed of changed shifts brings each back, as it now reads or as withdrawn from public view
(planner.api.queries.shift_changes_page). Such changes are rare and made one record at a time; the stamp is one
UPDATE per kind of record changed.
"""
from __future__ import annotations

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from planner.centres.models import Centre
from planner.clock import utcnow
from planner.initiatives.models import Initiative
from planner.places.models import Locality
from planner.volunteering.models import Programme, Shift, ShiftSeries

# For each kind of record: the attributes whose change a shift under it shows, and which shifts are under which ids.
SHOWN_BY_SHIFTS = (
    (Programme, ("status", "initiative_id", "slug", "name", "translations"), lambda ids: Shift.programme_id.in_(ids)),
    (Initiative, ("status",),
     lambda ids: Shift.programme_id.in_(select(Programme.id).where(Programme.initiative_id.in_(ids)))),
    (Centre, ("status", "slug", "name", "translations"), lambda ids: Shift.centre_id.in_(ids)),
    (Locality, ("slug", "name", "country_code", "timezone"), lambda ids: Shift.locality_id.in_(ids)),
    (ShiftSeries, ("rule",), lambda ids: Shift.series_id.in_(ids)),
)


def _changed(record, names: tuple[str, ...]) -> bool:
    """Whether one of these attributes was given another value in this flush."""
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in names)


def _stamp_before_flush(flush_session: Session, _context, _instances) -> None:
    dirty = flush_session.dirty
    for model, names, shifts_under in SHOWN_BY_SHIFTS:
        ids = sorted(record.id for record in dirty
                     if isinstance(record, model) and record.id is not None and _changed(record, names))
        if ids:
            flush_session.connection().execute(update(Shift).where(shifts_under(ids)).values(updated_at=utcnow())
                                               .execution_options(synchronize_session=False))


def listen(session_class) -> None:
    """Stamp the shifts in every flush made through sessions of this class."""
    if not event.contains(session_class, "before_flush", _stamp_before_flush):
        event.listen(session_class, "before_flush", _stamp_before_flush)
