"""A coordinator writing to the volunteers of a shift, or of every coming shift of a programme: a change of meeting
point, what to bring, a thank-you.

Each volunteer gets the words as the coordinator wrote them, framed in the volunteer's own language (which shifts,
when, whom to ask), through the outbox, once however many of the programme's shifts they are on. The audit log keeps
what was sent and to how many. The same message sent again within a few minutes (a second click, a form posted
twice) is refused, so no one gets it twice.
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
from planner.types import RecordStatus
from planner.volunteering.models import HOLDS_A_PLACE, Programme, Shift, ShiftStatus, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError, lock_shift

ACTION, PROGRAMME_ACTION = "shift.message", "programme.message"
REPEAT_WINDOW = timedelta(minutes=10)
SUBJECT_LENGTH, TEXT_LENGTH = 150, 5000
PROGRAMME_RECIPIENTS_LIMIT = 10_000  # a programme's message is worded in its request: about 0.4 ms a volunteer
SENT_LISTED = 10  # the message pages list this many of the messages already sent, the latest first


@dataclass(frozen=True)
class VolunteerMessage:
    """What the coordinator wrote, and whether those waiting for a place get it too."""

    subject: str
    text: str
    waitlist_too: bool = False


@dataclass(frozen=True)
class SentMessage:
    """A message already written to a shift's or a programme's volunteers, as its page lists it."""

    at: datetime
    sender: User | None
    subject: str
    recipients: int


def sent_before(record: Shift | Programme) -> list[SentMessage]:
    """The latest messages written to the volunteers of this shift or programme (by anyone who runs it), from the
    audit log that keeps them, so that co-coordinators see what went before they write."""
    action = ACTION if isinstance(record, Shift) else PROGRAMME_ACTION
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == action, AuditEvent.record_type == record.__tablename__,
                                 AuditEvent.record_id == record.id)
        .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(SENT_LISTED)
    )
    return [SentMessage(event.at, event.actor, (event.after or {}).get("subject", ""),
                        int((event.after or {}).get("recipients", 0))) for event in events]


def write_to_volunteers(actor: User, shift_id: int, message: VolunteerMessage, now: datetime | None = None) -> int:
    """Queue the message to each volunteer holding a place (and to those waiting, if asked); returns how many.

    The shift's row is held while it is done, so two posts of one message at once are told apart."""
    now = now or utcnow()
    shift = lock_shift(shift_id)
    if shift.status is ShiftStatus.CANCELLED:
        raise VolunteeringError(_l("This shift is cancelled; its volunteers were told when it was."))
    if _sent_just_now(actor, ACTION, shift, message, now):
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
    signups = session.scalars(
        select(Signup).join(Signup.volunteer)
        .where(Signup.shift_id == shift.id, Signup.status.in_(_statuses(waitlist_too)), User.deleted_at.is_(None))
        .options(joinedload(Signup.volunteer)).order_by(Signup.id)
    )
    return [signup.volunteer for signup in signups]


def write_to_programme_volunteers(actor: User, programme_id: int, message: VolunteerMessage,
                                  now: datetime | None = None) -> int:
    """Queue the message once to each volunteer holding a place on a shift of the programme that is not over yet (and
    to those waiting for one, if asked), naming their shifts; returns how many volunteers.

    The programme's row is held while it is done, so two posts of one message at once are told apart."""
    now = now or utcnow()
    programme = session.get(Programme, programme_id, with_for_update=True, populate_existing=True)
    if programme is None:
        raise VolunteeringError(_l("That programme does not exist."))
    if programme.status is RecordStatus.ARCHIVED:
        raise VolunteeringError(_l("This programme is archived; the volunteers of its coming shifts were told when "
                                   "they were cancelled."))
    if _sent_just_now(actor, PROGRAMME_ACTION, programme, message, now):
        raise VolunteeringError(_l("This message went to the volunteers a moment ago; it was not sent again."))
    places = _places_on_coming_shifts(programme, message.waitlist_too, now)
    if not places:
        raise VolunteeringError(_l("No volunteer is on a coming shift of this programme yet, so there is no one to "
                                   "write to."))
    worded_lines: dict = {}
    for volunteer, theirs in places.values():
        notices.programme_message(volunteer, programme, theirs, message.subject, message.text, worded_lines)
    record_event(actor, PROGRAMME_ACTION, programme, comment=message.text, after={
        "subject": message.subject, "recipients": len(places), "waitlist_too": message.waitlist_too})
    return len(places)


def _places_on_coming_shifts(programme: Programme, waitlist_too: bool,
                             now: datetime) -> dict[int, tuple[User, list[tuple[Shift, SignupStatus]]]]:
    """Each volunteer on a scheduled shift of the programme that has not ended, with their shifts in time order and
    whether they hold a place or wait on each: one statement."""
    rows = session.execute(
        select(User, Shift, Signup.status).join(Signup, Signup.volunteer_id == User.id).join(Signup.shift)
        .where(Shift.programme_id == programme.id, Shift.status == ShiftStatus.SCHEDULED, Shift.ends_at > now,
               Signup.status.in_(_statuses(waitlist_too)), User.deleted_at.is_(None))
        .options(joinedload(Shift.locality)).order_by(Shift.starts_at, Shift.id, Signup.id)
    )
    places: dict[int, tuple[User, list[tuple[Shift, SignupStatus]]]] = {}
    for volunteer, shift, status in rows:
        if volunteer.id not in places and len(places) == PROGRAMME_RECIPIENTS_LIMIT:
            raise VolunteeringError(_l(
                "This message would go to more than %(count)s volunteers, more than one message can reach; please "
                "write to the volunteers of each shift from its roster.", count=PROGRAMME_RECIPIENTS_LIMIT))
        places.setdefault(volunteer.id, (volunteer, []))[1].append((shift, status))
    return places


def _statuses(waitlist_too: bool) -> tuple[SignupStatus, ...]:
    return (*HOLDS_A_PLACE, SignupStatus.WAITLISTED) if waitlist_too else HOLDS_A_PLACE


def _sent_just_now(actor: User, action: str, record: Shift | Programme, message: VolunteerMessage,
                   now: datetime) -> bool:
    """Whether this person sent these words with this subject about this record within REPEAT_WINDOW."""
    recent = session.scalars(
        select(AuditEvent).where(AuditEvent.action == action, AuditEvent.record_type == record.__tablename__,
                                 AuditEvent.record_id == record.id, AuditEvent.actor_id == actor.id,
                                 AuditEvent.at > now - REPEAT_WINDOW)
        .order_by(AuditEvent.id.desc()).limit(5)
    )
    return any(event.comment == message.text and (event.after or {}).get("subject") == message.subject
               for event in recent)
