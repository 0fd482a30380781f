"""iCalendar feeds: a programme's public shifts, and one volunteer's confirmed shifts behind a secret link.

Titles and places are in the reader's language where the records have it: the volunteer's own for their feed
(a calendar app asks for it with no one signed in), the asking app's (or the address's `lang`) for a programme's.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.accounts.models import User
from planner.clock import utcnow
from planner.db import session
from planner.i18n import worded_for
from planner.notifications.attachments import Attachment
from planner.notifications.models import Notification
from planner.translated import shown_name, shown_text
from planner.urls import absolute_url, site_host
from planner.volunteering.models import HOLDS_A_PLACE, Programme, Shift, ShiftStatus, Signup

FEED_LIMIT = 500
KEEP_PAST = timedelta(days=90)


def new_calendar_token(user: User) -> str:
    """Give the user a new secret feed link; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    session.flush()
    return user.calendar_token


def user_for_calendar_token(token: str) -> User | None:
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > 64:
        return None
    user = session.scalars(select(User).where(User.calendar_token == token)).first()
    return user if user is not None and user.is_active else None


def _event(shift: Shift) -> Event:
    event = Event()
    event.add("uid", f"shift-{shift.id}@{site_host()}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", shift.starts_at)
    event.add("dtend", shift.ends_at)
    event.add("summary", f"{shown_name(shift)} · {shown_name(shift.programme)}")
    event.add("location", ", ".join(part for part in (shown_text(shift, "place"),
                                                       shown_name(shift.centre) if shift.centre else "",
                                                       shift.locality.shown_name) if part))
    event.add("url", absolute_url("volunteering.shift", shift_id=shift.id))
    if words := shown_text(shift, "instructions"):
        event.add("description", words)
    event.add("status", "CANCELLED" if shift.status is ShiftStatus.CANCELLED else "CONFIRMED")
    event.add("last-modified", shift.updated_at)
    return event


def _calendar(name: str, shifts: Iterable[Shift], method: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Community Planner//Volunteer shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:  # RFC 5546: a calendar sent by e-mail says what it is for, as its part's media type does
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    for shift in shifts:
        calendar.add_component(_event(shift))
    return calendar.to_ical()


def _with_details(query):
    return query.options(joinedload(Shift.programme), joinedload(Shift.locality), joinedload(Shift.centre))


def shift_calendar(shift: Shift) -> bytes:
    """One shift as a calendar file, for "Add to my calendar" on its page."""
    return _calendar(shown_name(shift), [shift])


def shift_attachment(shift_id: int, message: Notification) -> Attachment | None:
    """The shift as a calendar event for an e-mail to its volunteer, worded in the message's language, as the shift
    stands when the message goes out; published (METHOD:PUBLISH), so mail clients offer to add it and ask no reply."""
    shift = session.scalars(_with_details(select(Shift).where(Shift.id == shift_id))).first()
    if shift is None:
        return None
    with worded_for(None, message.language):
        content = _calendar(shown_name(shift), [shift], method="PUBLISH")
    return Attachment(f"shift-{shift.id}.ics", "text", "calendar", content, {"method": "PUBLISH", "charset": "utf-8"})


def programme_feed(programme: Programme) -> bytes:
    """The programme's shifts from three months ago on (cancelled ones marked so calendars drop them)."""
    shifts = session.scalars(_with_details(
        select(Shift).where(Shift.programme_id == programme.id, Shift.starts_at >= utcnow() - KEEP_PAST)
        .order_by(Shift.starts_at).limit(FEED_LIMIT)
    )).unique()
    return _calendar(shown_name(programme), shifts)


def volunteer_feed(user: User) -> bytes:
    """The shifts the volunteer holds a place on, from three months ago on."""
    shifts = session.scalars(_with_details(
        select(Shift).join(Signup, Signup.shift_id == Shift.id)
        .where(Signup.volunteer_id == user.id, Signup.status.in_(HOLDS_A_PLACE),
               Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at >= utcnow() - KEEP_PAST)
        .order_by(Shift.starts_at).limit(FEED_LIMIT)
    )).unique()
    with worded_for(user):
        return _calendar(user.name, shifts)
