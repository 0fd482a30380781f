"""Someone who comes to a shift without a place takes a free one at the door and is checked in as they take it:
by scanning the venue code, or named by the coordinator on the roster once the shift has started. Not on a full
shift, not after it ends, not past a confirmed place that overlaps it; no message, since they are there."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.volunteering.models import Shift, Signup, SignupStatus

START = datetime(2027, 10, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def door(make, login, clock, venue_link):
    """A three-hour shift with two places, one taken; its coordinator; its venue code's link."""
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=START, hours=3, capacity=2, title="Harvest at the farm")
    make.signup(shift)
    coordinator = make.coordinator(of=programme.organisation)
    clock.set(START - timedelta(hours=1))
    login(coordinator)
    return shift, coordinator, venue_link(shift)


def _near(moment: datetime, now: datetime) -> bool:
    return abs(moment.replace(tzinfo=UTC) - now) < timedelta(minutes=1)


def _places_of(db, person) -> list[Signup]:
    return db.scalars(select(Signup).where(Signup.volunteer_id == person.id)).all()


def test_one_who_came_without_a_place_takes_a_free_one_by_scanning_the_venue_code(client, db, login, make, door,
                                                                                   clock):
    shift, _coordinator, link = door
    now = clock.set(START + timedelta(minutes=10))
    volunteer = make.user(name="Walk In")
    login(volunteer)
    page = client.get(link).get_data(as_text=True)
    assert "You have no place on this shift, but 1 place is free" in page and "Take a place and check me in" in page
    assert _places_of(db, volunteer) == []  # opening the link alone changes nothing
    answer = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "You have taken a free place and are checked in. Welcome!" in answer and "Check out as I leave" in answer
    place, = _places_of(db, volunteer)
    assert place.status is SignupStatus.CONFIRMED and _near(place.checked_in_at, now)
    assert db.get(Shift, shift.id).confirmed_count == 2
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_id == place.id,
                                                         AuditEvent.actor_id == volunteer.id)).all()
    assert sorted(actions) == ["signup.check_in", "signup.walk_in"]
    assert db.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == volunteer.id)) == 0


def test_a_full_shift_has_no_place_to_take_at_the_door(client, db, login, make, door, clock):
    shift, _coordinator, link = door
    make.signup(db.get(Shift, shift.id))  # the last place
    clock.set(START + timedelta(minutes=10))
    volunteer = make.user()
    login(volunteer)
    page = client.get(link).get_data(as_text=True)
    assert "nothing to check in" in page and "Take a place" not in page
    answer = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "No place on this shift is free. The coordinator decides who else can help." in answer
    assert _places_of(db, volunteer) == [] and db.get(Shift, shift.id).confirmed_count == 2


def test_no_place_is_taken_after_the_shift_ends_nor_past_an_overlapping_place(client, db, login, make, door, clock):
    shift, _coordinator, link = door
    volunteer = make.user()
    elsewhere = make.shift(starts_at=START + timedelta(hours=1), title="Elsewhere")
    clock.set(START + timedelta(hours=3, minutes=10))  # self check-in is still open for an hour; taking a place not
    login(volunteer)
    assert "Take a place" not in client.get(link).get_data(as_text=True)
    answer = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "This shift has ended, so no place can be taken any more." in answer
    clock.set(START + timedelta(minutes=10))
    make.signup(elsewhere, db.get(type(volunteer), volunteer.id))
    login(volunteer)
    answer = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "You already have a confirmed place on “\u2068Elsewhere\u2069”" in answer
    assert [place.shift_id for place in _places_of(db, volunteer)] == [elsewhere.id]


def test_one_marked_attended_before_checking_in_checks_in_and_is_offered_no_second_place(client, db, login, make,
                                                                                      door, clock):
    shift, _coordinator, link = door
    marked = make.signup(db.get(Shift, shift.id), make.user(), status=SignupStatus.ATTENDED)
    clock.set(START + timedelta(minutes=10))
    login(db.get(type(marked.volunteer), marked.volunteer_id))
    page = client.get(link).get_data(as_text=True)
    assert "Check me in" in page and "Take a place" not in page
    answer = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "You are checked in. Welcome!" in answer and "taken a free place" not in answer
    assert [place.id for place in _places_of(db, marked.volunteer)] == [marked.id]


def test_one_on_the_waitlist_is_sent_to_the_coordinator(client, login, make, door, clock):
    shift, _coordinator, link = door
    waiting = make.signup(shift, status=SignupStatus.WAITLISTED)
    clock.set(START + timedelta(minutes=10))
    login(waiting.volunteer)
    page = client.get(link).get_data(as_text=True)
    assert "You are on the waitlist for this shift. Please ask the coordinator whether a place is free." in page
    assert "Take a place" not in page


def test_the_coordinator_adds_someone_who_came_once_the_shift_has_started(client, db, login, make, door, clock):
    shift, coordinator, _link = door
    volunteer = make.user(name="Hana Door", email="hana.door@example.org")
    now = clock.set(START + timedelta(minutes=30))
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Add someone who came" in roster and "Add and check them in" in roster
    unknown = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": "nobody@example.org"})
    assert unknown.status_code == 400 and "No account uses this address" in unknown.get_data(as_text=True)
    answer = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": " Hana.Door@example.org "},
                         follow_redirects=True).get_data(as_text=True)
    assert "\u2068Hana Door\u2069 has taken a free place and is checked in." in answer
    place, = _places_of(db, volunteer)
    assert _near(place.checked_in_at, now)
    actors = db.scalars(select(AuditEvent.actor_id).where(AuditEvent.record_id == place.id)).all()
    assert actors == [coordinator.id, coordinator.id]  # the walk-in and the check-in, both the coordinator's
    assert db.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == volunteer.id)) == 0


def test_after_the_shift_the_coordinator_adds_someone_who_helped_and_marks_their_hours(client, db, login, make,
                                                                                      door, clock):
    shift, coordinator, _link = door
    volunteer = make.user(name="Late Record", email="late@example.org")
    clock.set(START + timedelta(days=2))
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Add someone who came" in roster and "Add to the roster" in roster
    answer = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": "late@example.org"},
                         follow_redirects=True).get_data(as_text=True)
    assert "\u2068Late Record\u2069 is on the roster: mark below whether they came, with their hours." in answer
    place, = _places_of(db, volunteer)
    assert place.status is SignupStatus.CONFIRMED and place.checked_in_at is None
    marked = client.post(f"/shifts/{shift.id}/roster/{place.id}",
                         data={f"signup-{place.id}-outcome": "attended", f"signup-{place.id}-hours": "2.5"})
    assert marked.status_code == 302
    db.expire_all()
    place = db.get(Signup, place.id)
    assert place.status is SignupStatus.ATTENDED and str(place.hours) == "2.50" and place.hours_verified_at
    full = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": make.user().email})
    assert full.status_code == 400 and "No place on this shift is free" in full.get_data(as_text=True)


def test_only_the_coordinator_adds_someone_at_the_door(client, login, make, door, clock):
    shift, _coordinator, _link = door
    make.user(email="someone@example.org")
    clock.set(START + timedelta(minutes=30))
    login(make.user())
    assert client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": "someone@example.org"}).status_code == 403
