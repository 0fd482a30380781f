"""iCalendar feeds: a programme's public shifts, and a volunteer's private feed behind a resettable token."""
from __future__ import annotations

import re
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from planner.accounts.models import User
from planner.clock import utcnow
from planner.initiatives.models import InitiativeStatus
from planner.volunteering.models import ShiftStatus, SignupStatus


def events(body: bytes) -> dict[str, object]:
    """The feed parsed by the icalendar library: SUMMARY → event."""
    calendar = Calendar.from_ical(body)
    return {str(event.get("summary")): event for event in calendar.walk("VEVENT")}


def test_a_programmes_feed_parses_and_lists_its_shifts(client, make, db):
    programme = make.programme(name="Beach clean")
    shift = make.shift(of=programme, title="Saturday sweep")
    make.shift(of=programme, title="Called off", status=ShiftStatus.CANCELLED)
    make.shift(title="Another programme's shift")
    db.commit()
    response = client.get(f"/programmes/{programme.slug}/shifts.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    found = events(response.data)
    assert set(found) == {"Saturday sweep · Beach clean", "Called off · Beach clean"}
    sweep = found["Saturday sweep · Beach clean"]
    assert sweep.decoded("dtstart") == shift.starts_at and sweep.decoded("dtend") == shift.ends_at
    assert str(found["Called off · Beach clean"].get("status")) == "CANCELLED"


def test_an_unpublished_programmes_feed_is_hidden(client, make, db):
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    programme = make.programme(initiative_id=draft.id)
    db.commit()
    assert client.get(f"/programmes/{programme.slug}/shifts.ics").status_code == 404
    assert client.get("/programmes/no-such-programme/shifts.ics").status_code == 404


def _feed_link(client) -> str:
    page = client.get("/me/calendar").get_data(as_text=True)
    match = re.search(r'value="(http[^"]+\.ics)"', page)
    assert match, page
    return match.group(1).removeprefix("http://localhost")


def test_a_volunteer_makes_a_private_feed_of_their_confirmed_shifts(client, make, login):
    volunteer = make.user(name="Feed Reader")
    make.signup(make.shift(title="Confirmed one"), volunteer)
    make.signup(make.shift(title="Only waiting"), volunteer, status=SignupStatus.WAITLISTED)
    make.signup(make.shift(title="Gave it up"), volunteer, status=SignupStatus.CANCELLED)
    make.signup(make.shift(title="Long ago", starts_at=utcnow() - timedelta(days=400)), volunteer)
    login(volunteer)
    assert "You have no feed link yet." in client.get("/me/calendar").get_data(as_text=True)
    client.post("/me/calendar/reset")
    link = _feed_link(client)
    client.post("/logout")
    response = client.get(link)
    assert response.status_code == 200
    assert [name.split(" · ")[0] for name in events(response.data)] == ["Confirmed one"]
    assert response.headers["Cache-Control"].startswith("private")


def test_resetting_the_link_stops_the_old_one(client, make, login, db):
    volunteer = make.user()
    login(volunteer)
    client.post("/me/calendar/reset")
    old = _feed_link(client)
    client.post("/me/calendar/reset")
    new = _feed_link(client)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    token = db.scalar(select(User.calendar_token).where(User.id == volunteer.id))
    assert len(token) >= 40


def test_a_made_up_token_finds_nothing(client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 300 + ".ics").status_code == 404


def test_a_confirmed_volunteer_adds_the_shift_to_their_calendar(client, make, login, db):
    shift = make.shift(title="Library reading hour")
    volunteer = make.user()
    make.signup(shift, volunteer)
    db.commit()
    login(volunteer)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" download>Add to my calendar</a>', page).group(1)
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == f'attachment; filename="shift-{shift.id}.ics"'
    event, = events(response.data).values()
    assert str(event.get("summary")).startswith("Library reading hour · ")
    assert event.decoded("dtstart") == shift.starts_at and event.decoded("dtend") == shift.ends_at


def test_a_hidden_shift_has_no_calendar_file_and_a_visitor_is_not_offered_one(client, make, db):
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    hidden = make.shift(of=make.programme(initiative_id=draft.id))
    shown = make.shift()
    db.commit()
    assert client.get(f"/shifts/{hidden.id}/calendar.ics").status_code == 404
    assert "Add to my calendar" not in client.get(f"/shifts/{shown.id}").get_data(as_text=True)
