"""Checking in at the door: the coordinator types (or scans) a volunteer's code; in, then out.

Each sign-up has its own random code (models.new_checkin_code), looked up only among the sign-ups
of the shift being run, so a code checks in its own sign-up and nothing else. The first use
checks in, the second checks out; the times between propose the hours the coordinator verifies.

A volunteer may also check themselves in, signed in on their own phone, by scanning the shift's
venue code at the entrance. That code is an HMAC of the shift and its start under the app's
secret: it cannot be guessed, it changes when the shift moves, and it is accepted only from
half an hour before the start until an hour after the end.

Someone who comes without a place, when one is free, takes it at the door and is checked in at once
(walk_in): by scanning the venue code, or named by the coordinator on the roster once the shift has
started. Until the shift ends (after it, the coordinator may put someone who helped on the roster:
management.add_who_came); a full shift has no waitlist at the door.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session
from planner.digits import western_digits
from planner.i18n import isolate
from planner.volunteering import services
from planner.volunteering.models import CHECKIN_ALPHABET, HOLDS_A_PLACE, Shift, ShiftStatus, Signup
from planner.volunteering.services import VolunteeringError

OPENS_BEFORE = timedelta(hours=2)
CLOSES_AFTER = timedelta(hours=2)
QUARTER_HOUR = Decimal("0.25")


def check_in(actor, shift: Shift, code: str, now: datetime | None = None) -> tuple[str, Signup]:
    """Check the code's volunteer in, or out if already in; returns ("in" | "out", the sign-up)."""
    now = now or utcnow()
    _refuse_outside_check_in(shift, now)
    typed = western_digits("".join((code or "").split()).replace("-", "")).upper()  # ٧ is a 7 on an Arabic keyboard
    signup = None
    if typed and len(typed) <= 12 and set(typed) <= set(CHECKIN_ALPHABET):
        signup = session.scalars(select(Signup).where(Signup.shift_id == shift.id, Signup.checkin_code == typed,
                                                      Signup.status.in_(HOLDS_A_PLACE))).first()
    if signup is None:
        raise VolunteeringError(_l("No place on this shift has that code. Check it with the volunteer."),
                                field="code")
    return _arrive_or_leave(actor, signup, now)


def check_in_named(actor, shift: Shift, signup_id: int, now: datetime | None = None) -> tuple[str, Signup]:
    """Check in (or out, the second time) a volunteer the coordinator found by name on the roster: one who forgot
    their code, say. The same hours as the code's, and only for a place on this shift."""
    now = now or utcnow()
    _refuse_outside_check_in(shift, now)
    signup = session.scalars(select(Signup).where(Signup.id == signup_id, Signup.shift_id == shift.id,
                                                  Signup.status.in_(HOLDS_A_PLACE))
                             .with_for_update(of=Signup).execution_options(populate_existing=True)).first()
    if signup is None:
        raise VolunteeringError(_l("This volunteer no longer has a place on this shift."))
    return _arrive_or_leave(actor, signup, now)


def check_in_open(shift: Shift, now: datetime | None = None) -> bool:
    """Whether the coordinator may check volunteers in or out now."""
    now = now or utcnow()
    return shift.starts_at - OPENS_BEFORE <= now <= shift.ends_at + CLOSES_AFTER


def _refuse_outside_check_in(shift: Shift, now: datetime) -> None:
    if not check_in_open(shift, now):
        raise VolunteeringError(_l("Check-in is open from two hours before the shift until two hours after it."),
                                field="code")


def _arrive_or_leave(actor, signup: Signup, now: datetime) -> tuple[str, Signup]:
    if signup.checked_in_at is None:
        signup.checked_in_at, way = now, "in"
    elif signup.checked_out_at is None:
        signup.checked_out_at, way = max(now, signup.checked_in_at), "out"
    else:
        raise VolunteeringError(_l("%(name)s has already checked in and out.", name=isolate(signup.volunteer.shown_name)),
                                field="code")
    record_event(actor, f"signup.check_{way}", signup, after={"at": now})
    session.flush()
    return way, signup


def proposed_hours(signup: Signup) -> Decimal | None:
    """The hours between check-in and check-out, to the quarter hour (None until both are known)."""
    if signup.checked_in_at is None or signup.checked_out_at is None:
        return None
    hours = Decimal((signup.checked_out_at - signup.checked_in_at).total_seconds()) / Decimal(3600)
    return (hours / QUARTER_HOUR).quantize(Decimal(1), rounding=ROUND_HALF_UP) * QUARTER_HOUR


def code_qr(code: str, title: str) -> str:
    """The code as an inline SVG QR, for a camera at the door; it scales to the size the stylesheet gives it (a
    poster for the entrance prints it large)."""
    return segno.make(code, error="m").svg_inline(scale=4, border=2, title=title, dark="#000", light="#fff",
                                                  omitsize=True, svgclass="code-qr")


# --- checking oneself in at the venue --------------------------------------------------------

SELF_OPENS_BEFORE = timedelta(minutes=30)
SELF_CLOSES_AFTER = timedelta(hours=1)  # time to check out on the way home
VENUE_CODE_LENGTH = 10


def venue_code(shift: Shift) -> str:
    """The shift's code for its entrance: unguessable, and different once the shift moves."""
    message = f"venue:{shift.id}:{shift.starts_at.isoformat()}".encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).digest()
    return "".join(CHECKIN_ALPHABET[byte % len(CHECKIN_ALPHABET)] for byte in digest[:VENUE_CODE_LENGTH])


def self_check_in_open(shift: Shift, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return shift.starts_at - SELF_OPENS_BEFORE <= now <= shift.ends_at + SELF_CLOSES_AFTER


def walk_ins_open(shift: Shift, now: datetime | None = None) -> bool:
    """Whether someone at the door without a place may take one now: self check-in is open, the shift has not
    ended and a place is free (as last read; taking it decides)."""
    now = now or utcnow()
    return (shift.status is ShiftStatus.SCHEDULED and self_check_in_open(shift, now) and now < shift.ends_at
            and shift.confirmed_count < shift.capacity)


def self_check_in(volunteer, shift: Shift, code: str, now: datetime | None = None) -> tuple[str, Signup]:
    """The volunteer scanned the venue code: check their own place in (or out, the second time); one who came
    without a place takes a free one (walk_in). Returns ("in" | "out" | "walked in", the sign-up)."""
    now = now or utcnow()
    typed = (code or "")[:VENUE_CODE_LENGTH * 2].upper()
    if not hmac.compare_digest(venue_code(shift).encode(), typed.encode()):  # as bytes: any text compares
        raise VolunteeringError(_l("This code is not this shift's, or the shift has moved. Ask the coordinator."))
    if not self_check_in_open(shift, now):
        raise VolunteeringError(_l("You can check yourself in from half an hour before the shift until an hour after "
                                   "it ends."))
    signup = own_place(volunteer.id, shift.id)
    if signup is None:
        return "walked in", walk_in(volunteer, volunteer.id, shift, now)
    return _arrive_or_leave(volunteer, signup, now)


def own_place(volunteer_id: int, shift_id: int) -> Signup | None:
    """The volunteer's place on the shift (confirmed, or marked already by the coordinator), if they hold one."""
    return session.scalars(select(Signup).where(Signup.shift_id == shift_id, Signup.volunteer_id == volunteer_id,
                                                Signup.status.in_(HOLDS_A_PLACE))).first()


def walk_in(actor, volunteer_id: int, shift: Shift, now: datetime | None = None) -> Signup:
    """A volunteer who came without a place (scanning the venue code, or named by the coordinator at the door)
    takes a free one, until the shift ends, and is checked in as they take it."""
    now = now or utcnow()
    signup = services.take_free_place(volunteer_id, shift.id, now, by_coordinator=actor.id != volunteer_id)
    record_event(actor, "signup.walk_in", signup, after={"volunteer_id": volunteer_id})
    _arrive_or_leave(actor, signup, now)
    return signup
