"""A coordinator writing to the volunteers of a shift: a change of meeting point, what to bring, a thank-you.

Each volunteer gets the words as the coordinator wrote them, framed in the volunteer's own language (which shift,
when, whom to ask), through the outbox. The audit log keeps what was sent and to how many. The same message sent
again within a few minutes (a second click, a form posted twice) is refused, so no one gets it twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.accounts.models import User
from planner.audit.models import AuditEvent
from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session
from planner.volunteering import notices
from planner.volunteering.models import HOLDS_A_PLACE, Shift, ShiftStatus, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError, lock_shift

ACTION = "shift.message"
REPEAT_WINDOW = timedelta(minutes=10)
SUBJECT_LENGTH, TEXT_LENGTH = 150, 5000


@dataclass(frozen=True)
class VolunteerMessage:
    """What the coordinator wrote, and whether those waiting for a place get it too."""

    subject: str
    text: str
    waitlist_too: bool = False


def write_to_volunteers(actor: User, shift_id: int, message: VolunteerMessage, now: datetime | None = None) -> int:
    """Queue the message to each volunteer holding a place (and to those waiting, if asked); returns how many.

    The shift's row is held while it is done, so two posts of one message at once are told apart."""
    now = now or utcnow()
    shift = lock_shift(shift_id)
    if shift.status is ShiftStatus.CANCELLED:
        raise VolunteeringError(_l("This shift is cancelled; its volunteers were told when it was."))
    if _sent_just_now(actor, shift, message, now):
        raise VolunteeringError(_l("This message went to the volunteers a moment ago; it was not sent again."))
    volunteers = _recipients(shift, message.waitlist_too)
    if not volunteers:
        raise VolunteeringError(_l("No volunteer is on this shift yet, so there is no one to write to."))
    for volunteer in volunteers:
        notices.coordinator_message(volunteer, shift, message.subject, message.text)
    record_event(actor, ACTION, shift, comment=message.text, after={
        "subject": message.subject, "recipients": len(volunteers), "waitlist_too": message.waitlist_too})
    return len(volunteers)


def _recipients(shift: Shift, waitlist_too: bool) -> list[User]:
    statuses = (*HOLDS_A_PLACE, SignupStatus.WAITLISTED) if waitlist_too else HOLDS_A_PLACE
    signups = session.scalars(
        select(Signup).join(Signup.volunteer)
        .where(Signup.shift_id == shift.id, Signup.status.in_(statuses), User.deleted_at.is_(None))
        .options(joinedload(Signup.volunteer)).order_by(Signup.id)
    )
    return [signup.volunteer for signup in signups]


def _sent_just_now(actor: User, shift: Shift, message: VolunteerMessage, now: datetime) -> bool:
    recent = session.scalars(
        select(AuditEvent).where(AuditEvent.action == ACTION, AuditEvent.record_type == Shift.__tablename__,
                                 AuditEvent.record_id == shift.id, AuditEvent.actor_id == actor.id,
                                 AuditEvent.at > now - REPEAT_WINDOW)
        .order_by(AuditEvent.id.desc()).limit(5)
    )
    return any(event.comment == message.text and (event.after or {}).get("subject") == message.subject
               for event in recent)
