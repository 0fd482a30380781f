"""The e-mails that give a volunteer a place carry the shift as a calendar event, which mail clients offer to add."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from icalendar import Calendar

from planner.db import session
from planner.notifications.services import queue_email
from planner.notifications.worker import SmtpMailer, send_due
from planner.volunteering import management, services

SENDER = "planner@example.org"
SATURDAY = datetime(2027, 3, 6, 7, tzinfo=UTC)


@pytest.fixture
def olive_harvest(make, clock):
    clock.set(SATURDAY - timedelta(days=5))
    return make.shift(title="Olive harvest", translations={"ar": {"title": "قطف الزيتون"}}, starts_at=SATURDAY,
                      hours=4, capacity=1, place=make.locality("Jerash", timezone="Asia/Amman"))


def delivered(app, smtp_server) -> list:
    """Run the outbox worker as its command does; the messages received."""
    url, inbox = smtp_server()
    session.flush()  # what the request wrote, as its commit would leave it for the worker
    with app.app_context():
        send_due(SmtpMailer(url, SENDER))
    return [message_from_bytes(envelope.content, policy=default) for envelope in inbox.received]


def events_in(message) -> list:
    """The calendar files attached to the message, as (part, parsed calendar)."""
    return [(part, Calendar.from_ical(part.get_content())) for part in message.iter_attachments()
            if part.get_content_type() == "text/calendar"]


def test_a_confirmed_place_arrives_with_the_shift_as_an_event_in_the_volunteers_language(
        app, ctx, make, smtp_server, olive_harvest, client):
    volunteer, shift_id = make.user(locale="ar"), olive_harvest.id
    services.sign_up(volunteer.id, shift_id)

    (message,) = delivered(app, smtp_server)
    ((part, calendar),) = events_in(message)
    assert part.get_param("method") == "PUBLISH" and part.get_filename() == f"shift-{shift_id}.ics"
    assert calendar["method"] == "PUBLISH"  # offered to add, with no reply asked of the volunteer
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == SATURDAY and event.decoded("dtend") == SATURDAY + timedelta(hours=4)
    assert str(event["summary"]).startswith("قطف الزيتون")
    assert "Jerash" in str(event["location"])
    page_file = Calendar.from_ical(client.get(f"/shifts/{shift_id}/calendar.ics").data)
    assert event["uid"] == page_file.walk("VEVENT")[0]["uid"]  # one event, whichever way it was added
    assert "قطف الزيتون" in message.get_body(("plain",)).get_content()  # the words are still there to read


def test_the_event_carries_the_shift_as_it_stands_when_the_message_goes_out(app, ctx, make, smtp_server,
                                                                             olive_harvest):
    services.sign_up(make.user().id, olive_harvest.id)
    olive_harvest.starts_at, olive_harvest.ends_at = SATURDAY + timedelta(hours=2), SATURDAY + timedelta(hours=5)
    session.flush()  # moved before the worker's pass

    (message,) = delivered(app, smtp_server)
    ((_part, calendar),) = events_in(message)
    assert calendar.walk("VEVENT")[0].decoded("dtstart") == SATURDAY + timedelta(hours=2)


def test_a_place_given_from_the_waitlist_carries_the_event_and_a_waitlist_place_none(app, ctx, make, smtp_server,
                                                                                   olive_harvest):
    first, second = make.user(), make.user()
    place = services.sign_up(first.id, olive_harvest.id).signup
    services.sign_up(second.id, olive_harvest.id)
    services.cancel(place.id)

    kinds = {message["Subject"].split(":")[0]: len(events_in(message)) for message in delivered(app, smtp_server)}
    assert kinds == {"Your place is confirmed": 1, "You are on the waitlist": 0, "A place came free for you": 1}


def test_a_message_whose_shift_is_gone_still_goes_without_the_event(app, ctx, make, smtp_server):
    message = queue_email(make.user(), "signup.confirmed", "Your place is confirmed", "See you on Saturday.")
    message.attachment = "shift-calendar:987654"
    session.flush()

    (received,) = delivered(app, smtp_server)
    assert events_in(received) == [] and "See you on Saturday." in received.get_body(("plain",)).get_content()


def test_a_cancelled_shift_reaches_its_volunteers_calendar_as_cancelled(app, ctx, make, smtp_server, olive_harvest):
    """The same event, marked cancelled: a calendar that added it from the confirmation marks it so. Whoever only
    waited for a place never had it, and gets none."""
    shift_id = olive_harvest.id
    services.sign_up(make.user().id, shift_id)
    services.sign_up(make.user().id, shift_id)  # the one place is taken: waiting
    session.flush()
    delivered(app, smtp_server)  # the confirmation and the waitlist place
    services.cancel_shift(shift_id, "The grove is flooded.")

    cancellations = delivered(app, smtp_server)
    events = sorted(len(events_in(message)) for message in cancellations)
    assert events == [0, 1]
    ((_part, calendar),) = next(events_in(message) for message in cancellations if events_in(message))
    (event,) = calendar.walk("VEVENT")
    assert event["status"] == "CANCELLED" and event["uid"] == f"shift-{shift_id}@127.0.0.1"


def test_a_moved_shift_moves_the_event_of_those_with_a_place_and_offers_none_to_those_waiting(
        app, ctx, make, smtp_server, olive_harvest):
    shift_id, jerash = olive_harvest.id, olive_harvest.locality
    services.sign_up(make.user().id, shift_id)
    services.sign_up(make.user().id, shift_id)  # waiting
    session.flush()
    delivered(app, smtp_server)
    later = datetime(2027, 3, 7, 10)  # Sunday 10:00 in Jerash
    details = management.ShiftDetails(title="Olive harvest", starts_local=later, ends_local=later + timedelta(hours=4),
                                      locality=session.merge(jerash), centre=None, place="", capacity=1,
                                      cutoff_hours=0)
    management.edit_shift(make.admin(), shift_id, details)

    changes = delivered(app, smtp_server)
    events = {len(events_in(message)): message.get_body(("plain",)).get_content() for message in changes}
    assert sorted(events) == [0, 1]
    assert "calendar.ics" in events[1] and "calendar.ics" not in events[0]  # the link goes with the event
    ((_part, calendar),) = next(events_in(message) for message in changes if events_in(message))
    assert calendar.walk("VEVENT")[0].decoded("dtstart") == datetime(2027, 3, 7, 7, tzinfo=UTC)
