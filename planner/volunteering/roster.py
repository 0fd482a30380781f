"""After a shift: the coordinator marks who came and verifies their hours."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session
from planner.digits import format_count
from planner.volunteering.checkin import proposed_hours
from planner.volunteering.models import HOLDS_A_PLACE, Shift, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError

HOURS_STEP = Decimal("0.01")


def shift_length(shift: Shift) -> Decimal:
    """The shift's length in hours, to the hundredth: the default for verified hours."""
    seconds = Decimal((shift.ends_at - shift.starts_at).total_seconds())
    return (seconds / Decimal(3600)).quantize(HOURS_STEP)


def mark_attendance(actor, signup: Signup, attended: bool, hours: Decimal | None = None,
                    now: datetime | None = None) -> Signup:
    """Record that the volunteer came (with verified hours, by default the shift's length) or did not."""
    now = now or utcnow()
    if signup.status not in HOLDS_A_PLACE:
        raise VolunteeringError(_l("Only volunteers with a place can be marked."))
    _refuse_before_the_start(signup.shift, now)
    _record_outcome(actor, signup, attended, hours, now)
    session.flush()
    return signup


def mark_the_rest_attended(actor, shift: Shift, now: datetime | None = None) -> int:
    """Mark everyone with a place who is not marked yet as having come, each with their hours from check-in and
    check-out where both were recorded (and fit the shift), otherwise the shift's length; returns how many. Those
    marked already, a no-show among them, keep what the coordinator said: their rows are locked and read again, so
    one marked at the same moment is left as marked."""
    now = now or utcnow()
    _refuse_before_the_start(shift, now)
    unmarked = session.scalars(
        select(Signup).where(Signup.shift_id == shift.id, Signup.status == SignupStatus.CONFIRMED)
        .order_by(Signup.id).with_for_update(of=Signup).execution_options(populate_existing=True)
    ).all()
    for signup in unmarked:
        set_committed_value(signup, "shift", shift)  # known already: no statement per volunteer to load it
        timed = proposed_hours(signup)  # a check-out forgotten until the next day is not taken as hours
        _record_outcome(actor, signup, True, timed if timed is not None and timed <= most_hours(shift) else None, now)
    session.flush()
    return len(unmarked)


MOST_UNNAMED_HELPERS = 10_000


def record_unnamed_helpers(actor, shift: Shift, count: int, hours_each: Decimal | None,
                           now: datetime | None = None) -> Shift:
    """How many came to help with no account here (a school class, neighbours passing by), and their hours each (by
    default the shift's length): the hours reports count them beside the volunteers on the roster. Recorded again,
    the new figures replace the old."""
    now = now or utcnow()
    _refuse_before_the_start(shift, now)
    if not 0 <= count <= MOST_UNNAMED_HELPERS:
        raise VolunteeringError(_l("Enter a number between %(least)s and %(most)s.", least=0,
                                   most=format_count(MOST_UNNAMED_HELPERS)), field="count")
    hours = checked_hours(shift, hours_each, field="hours_each")
    before = {"helpers": shift.unnamed_helpers, "hours_each": shift.unnamed_hours_each}
    shift.unnamed_helpers, shift.unnamed_hours_each = count, hours if count else Decimal(0)
    record_event(actor, "shift.unnamed_helpers", shift, before=before,
                 after={"helpers": shift.unnamed_helpers, "hours_each": shift.unnamed_hours_each})
    session.flush()
    return shift


def checked_hours(shift: Shift, typed: Decimal | None, field: str) -> Decimal:
    """Hours for one person on the shift, to the hundredth: the shift's length when none are given, and never more
    than most_hours (compared before rounding: a figure like 1e309 has no hundredths to round to)."""
    if typed is None:
        return shift_length(shift)
    hours = Decimal(typed)
    if not 0 <= hours <= most_hours(shift):
        raise VolunteeringError(_l("Enter between %(least)s and %(most)s hours.", least=0,
                                   most=format_count(most_hours(shift))), field=field)
    return hours.quantize(HOURS_STEP)


def most_hours(shift: Shift) -> Decimal:
    """The most hours a coordinator may verify for one volunteer on the shift: twice its length, or a day."""
    return max(shift_length(shift) * 2, Decimal(24))


def _refuse_before_the_start(shift: Shift, now: datetime) -> None:
    if shift.starts_at > now:
        raise VolunteeringError(_l("Attendance can be marked once the shift has started."))


def _record_outcome(actor, signup: Signup, attended: bool, hours: Decimal | None, now: datetime) -> None:
    """Set the outcome and verified hours (checked against the shift's length), with its audit event."""
    shift = signup.shift
    before = {"status": signup.status.value, "hours": signup.hours}
    if attended:
        signup.status, signup.hours = SignupStatus.ATTENDED, checked_hours(shift, hours, field="hours")
    else:
        signup.status, signup.hours = SignupStatus.NO_SHOW, None
    signup.hours_verified_at, signup.hours_verified_by_id = now, actor.id
    record_event(actor, "signup.attendance", signup, before=before,
                 after={"status": signup.status.value, "hours": signup.hours})
