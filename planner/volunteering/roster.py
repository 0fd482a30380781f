"""After a shift: the coordinator marks who came and verifies their hours."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session
from planner.digits import format_count
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
    shift = signup.shift
    if signup.status not in HOLDS_A_PLACE:
        raise VolunteeringError(_l("Only volunteers with a place can be marked."))
    if shift.starts_at > now:
        raise VolunteeringError(_l("Attendance can be marked once the shift has started."))
    before = {"status": signup.status.value, "hours": signup.hours}
    if attended:
        hours = shift_length(shift) if hours is None else Decimal(hours).quantize(HOURS_STEP)
        if hours < 0 or hours > max(shift_length(shift) * 2, Decimal(24)):
            raise VolunteeringError(_l("Enter between %(least)s and %(most)s hours.", least=0,
                                       most=format_count(max(shift_length(shift) * 2, Decimal(24)))), field="hours")
        signup.status, signup.hours = SignupStatus.ATTENDED, hours
        signup.hours_verified_at, signup.hours_verified_by_id = now, actor.id
    else:
        signup.status, signup.hours = SignupStatus.NO_SHOW, None
        signup.hours_verified_at, signup.hours_verified_by_id = now, actor.id
    record_event(actor, "signup.attendance", signup, before=before,
                 after={"status": signup.status.value, "hours": signup.hours})
    session.flush()
    return signup
