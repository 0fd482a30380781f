"""Reminders before shifts: which are due, queued exactly once, and the signed replies they carry.

When a reminder is due: a programme lists how many hours before a shift its confirmed
volunteers hear from us (48 and 3 by default). A lead is due once `starts_at - lead <= now`,
while the shift has not started. Of the leads due for a sign-up only the nearest to the start
is sent, so a worker that was down for a day sends one reminder, not two in a row.

Exactly once: queueing writes a ShiftReminder row (unique on sign-up, start and lead) and the
e-mail in the same transaction. A second worker that finds the same reminder due either sees
the row (SQLite: writers queue behind BEGIN IMMEDIATE) or fails to insert it (PostgreSQL: the
unique index; the savepoint is rolled back and it moves on). A worker that dies before its
commit leaves neither row, so the next run queues the reminder; none is skipped.

Each reminder carries a signed link that turns reminders off for its volunteer without logging in, also named
in the message's List-Unsubscribe header so that mail clients offer it (and may follow it, RFC 8058).

A shift that moves has a new start, so the reminders worked out for the old start no longer
count and new ones fall due for the new time. Reminders still waiting in the outbox for the
old time (or for a cancelled shift) are withdrawn, since the volunteer is sent the change itself.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from planner.accounts.models import User
from planner.clock import utcnow
from planner.db import session
from planner.digits import western_digits
from planner.notifications.models import Notification, NotificationStatus
from planner.notifications.opt_out import account_of, opt_out_token
from planner.urls import absolute_url
from planner.volunteering import notices
from planner.volunteering.models import (
    Programme,
    Shift,
    ShiftReminder,
    ShiftStatus,
    Signup,
    SignupStatus,
    shown_checkin_code,
)

DEFAULT_HOURS = (48, 3)
LONGEST_LEAD = 14 * 24  # hours: timings a coordinator may choose go up to two weeks
BATCH = 500  # sign-ups looked at per pass; the worker's next pass takes the rest
REPLIES = ("coming", "cannot-come")


def parse_hours(typed: str) -> list[int] | None:
    """Timings as a coordinator types them ("48, 3"), nearest last; None when they are not up to five whole
    numbers of hours between 1 and LONGEST_LEAD."""
    parts = [part.strip() for part in western_digits(typed).replace("،", ",").split(",") if part.strip()]
    if len(parts) > 5 or not all(part.isascii() and part.isdigit() and 0 < int(part) <= LONGEST_LEAD for part in parts):
        return None
    return sorted({int(part) for part in parts}, reverse=True)


def hours_of(programme: Programme) -> list[int]:
    """The programme's reminder timings, nearest to the start last ([48, 3])."""
    hours = [int(h) for h in (programme.reminder_hours or []) if isinstance(h, int) and 0 < h <= LONGEST_LEAD]
    return sorted(set(hours), reverse=True)


def due_lead(hours: list[int], starts_at: datetime, now: datetime) -> int | None:
    """The lead (in hours) to remind with now: the nearest to the start among those whose time has come."""
    due = [lead for lead in hours if starts_at - timedelta(hours=lead) <= now < starts_at]
    return min(due) if due else None


def queue_due_reminders(now: datetime | None = None) -> int:
    """Queue every reminder whose time has come (call it, then commit); returns how many were queued."""
    now = now or utcnow()
    candidates = session.scalars(
        select(Signup).join(Signup.shift).join(Signup.volunteer)
        .where(Signup.status == SignupStatus.CONFIRMED, Signup.checked_in_at.is_(None),  # there already: no reminder
               Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now,
               Shift.starts_at <= now + timedelta(hours=LONGEST_LEAD),
               User.shift_reminders.is_(True), User.is_active.is_(True))
        .options(joinedload(Signup.shift).joinedload(Shift.programme), joinedload(Signup.volunteer))
        .order_by(Shift.starts_at, Signup.id).limit(BATCH)
    ).all()
    return sum(_queue_one(signup, now) for signup in candidates)


def queue_reminders_now(_sender=None) -> int:
    """The outbox worker's hook (notifications.signals.pass_starting)."""
    return queue_due_reminders()


def _queue_one(signup: Signup, now: datetime) -> bool:
    shift = signup.shift
    lead = due_lead(hours_of(shift.programme), shift.starts_at, now)
    if lead is None or _already_reminded(signup, lead):
        return False
    try:
        with session.begin_nested():
            reminder = ShiftReminder(signup_id=signup.id, starts_at=shift.starts_at, hours_before=lead, queued_at=now)
            session.add(reminder)
            session.flush()
    except IntegrityError:  # another worker queued this very reminder a moment ago
        return False
    message = notices.reminder(signup.volunteer, shift, reply_link(signup, "coming"),
                               reply_link(signup, "cannot-come"), shown_checkin_code(signup.checkin_code),
                               stop_link(signup.volunteer))
    session.flush()
    reminder.notification_id = message.id
    return True


def _already_reminded(signup: Signup, lead: int) -> bool:
    """Whether this start already had a reminder this close to it (or closer)."""
    return session.scalar(select(ShiftReminder.id).where(
        ShiftReminder.signup_id == signup.id, ShiftReminder.starts_at == signup.shift.starts_at,
        ShiftReminder.hours_before <= lead).limit(1)) is not None


def withdraw_waiting_reminders(shift: Shift) -> None:
    """Take back reminders of this shift still waiting in the outbox (it moved, or was cancelled)."""
    _withdraw(Signup.shift_id == shift.id)


def withdraw_reminder_of(signup: Signup) -> None:
    """Take back the sign-up's reminder if it is still waiting in the outbox (the volunteer cancelled)."""
    _withdraw(Signup.id == signup.id)


def _withdraw(which) -> None:
    queued = select(ShiftReminder.notification_id).join(Signup, Signup.id == ShiftReminder.signup_id).where(which)
    waiting = session.scalars(select(Notification.id).where(
        Notification.id.in_(queued), Notification.status == NotificationStatus.PENDING,
        Notification.kind == "shift.reminder")).all()
    if waiting:
        session.execute(update(ShiftReminder).where(ShiftReminder.notification_id.in_(waiting))
                        .values(notification_id=None).execution_options(synchronize_session=False))
        session.execute(delete(Notification).where(Notification.id.in_(waiting))
                        .execution_options(synchronize_session=False))


# --- the signed replies ----------------------------------------------------------------------


def _signer(secret_key: str | None = None) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key or current_app.config["SECRET_KEY"], salt="shift-reply")


def reply_token(signup_id: int, reply: str, secret_key: str | None = None) -> str:
    """The signed part of a reply link: it names the sign-up and the answer, and cannot be made for another."""
    return _signer(secret_key).dumps([signup_id, reply])


def reply_link(signup: Signup, reply: str) -> str:
    """A link that answers for this sign-up without logging in (see reply_token)."""
    return absolute_url("volunteering.reply", token=reply_token(signup.id, reply))


def read_reply(token: str) -> tuple[Signup, str] | None:
    """The sign-up and the reply a link carries, or None when it was not made by us."""
    try:
        signup_id, reply = _signer().loads(token[:200])
    except (BadSignature, ValueError, TypeError):
        return None
    if reply not in REPLIES or not isinstance(signup_id, int):
        return None
    signup = session.get(Signup, signup_id)
    return (signup, reply) if signup is not None else None


# --- the signed link that stops them -------------------------------------------------------------


REMINDERS_OFF = "reminders-off"  # the kind of opt-out link (planner.notifications.opt_out) that stops them


def stop_token(volunteer_id: int, secret_key: str | None = None) -> str:
    """The signed part of a stop link: it names the volunteer and no one else."""
    return opt_out_token(REMINDERS_OFF, volunteer_id, secret_key)


def stop_link(volunteer: User) -> str:
    """A link that turns the volunteer's reminders off without logging in (see stop_token)."""
    return absolute_url("volunteering.stop_reminders", token=stop_token(volunteer.id))


def read_stop(token: str) -> User | None:
    """The account a stop link was made for, or None when we did not make it."""
    return account_of(REMINDERS_OFF, token)


def stop_for(volunteer: User) -> None:
    """No more reminders before this volunteer's shifts (their profile page can turn them on again)."""
    volunteer.shift_reminders = False
    session.flush()
