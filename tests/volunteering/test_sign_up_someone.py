"""A coordinator signs a volunteer up for them (they asked by phone or at the centre): the volunteer's own rules, the
refusals naming the volunteer, the volunteer told who did it, and the coordinator audited."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from planner.accounts.models import UNVERIFIED_SIGNUP_LIMIT
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.volunteering.models import Signup, SignupStatus


@pytest.fixture
def coming_shift(make, clock):
    """A shift tomorrow with two places, its coordinator, and a volunteer who phoned."""
    now = clock.set(datetime(2027, 3, 6, 12, 0, tzinfo=UTC))
    programme = make.programme()
    coordinator = make.coordinator(of=programme.organisation)
    shift = make.shift(of=programme, starts_at=now + timedelta(days=1), capacity=2, title="Soup kitchen")
    caller = make.user(name="Hana Caller", email="hana.caller@example.org")
    return coordinator, shift, caller


def signups_of(db, volunteer) -> list[Signup]:
    return db.scalars(select(Signup).where(Signup.volunteer_id == volunteer.id)).all()


def test_a_coordinator_signs_a_volunteer_up_who_is_told_who_did_it(client, login, db, coming_shift):
    coordinator, shift, caller = coming_shift
    login(coordinator)
    assert "Sign a volunteer up" in client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    page = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": "  Hana.Caller@EXAMPLE.org "},
                       follow_redirects=True).get_data(as_text=True)
    assert "\u2068Hana Caller\u2069 has a place on this shift and has been told." in page
    assert page.count("hana.caller@example.org") == 1  # on the roster
    [signup] = signups_of(db, caller)
    assert signup.status is SignupStatus.CONFIRMED
    message = db.scalar(select(Notification).where(Notification.user_id == caller.id))
    assert message.kind == "signup.confirmed" and "The coordinator of the programme signed you up." in message.body
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "signup.create_for"))
    assert (event.actor_id, event.record_id) == (coordinator.id, signup.id)


def test_on_a_full_shift_the_volunteer_waits_and_refusals_name_them(client, login, db, make, coming_shift):
    coordinator, shift, caller = coming_shift
    for _ in range(2):
        make.signup(shift)
    login(coordinator)
    page = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": caller.email},
                       follow_redirects=True).get_data(as_text=True)
    assert "The shift is full: \u2068Hana Caller\u2069 is number 1 on the waitlist and has been told." in page

    again = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": caller.email})
    assert again.status_code == 400
    assert "\u2068Hana Caller\u2069 is already signed up for this shift." in again.get_data(as_text=True)
    assert len(signups_of(db, caller)) == 1


def test_an_overlapping_place_is_refused_in_the_volunteer_s_name(client, login, db, make, coming_shift):
    coordinator, shift, caller = coming_shift
    make.signup(make.shift(starts_at=shift.starts_at + timedelta(hours=1), title="Clothes sorting"), caller)
    login(coordinator)
    response = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": caller.email})
    assert response.status_code == 400
    assert ("\u2068Hana Caller\u2069 already has a confirmed place on “\u2068Clothes sorting\u2069”"
            in response.get_data(as_text=True))
    assert len(signups_of(db, caller)) == 1


def test_an_address_no_account_uses_is_explained_beside_the_field(client, login, db, coming_shift):
    coordinator, shift, _caller = coming_shift
    login(coordinator)
    for typed, message in (("nobody@example.org", "No account uses this address."),
                           ("", "This field is required.")):
        response = client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": typed})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Signup).where(Signup.shift_id == shift.id)) == 0


def test_the_coordinator_vouches_for_an_address_not_yet_confirmed(client, login, db, make, coming_shift):
    coordinator, shift, _caller = coming_shift
    unconfirmed = make.user(email_verified_at=None)
    for number in range(UNVERIFIED_SIGNUP_LIMIT):
        make.signup(make.shift(starts_at=shift.starts_at + timedelta(days=2 + number)), unconfirmed)
    login(coordinator)
    client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": unconfirmed.email})
    assert len(signups_of(db, unconfirmed)) == UNVERIFIED_SIGNUP_LIMIT + 1


def test_only_the_coordinator_and_only_before_the_start(client, login, db, make, clock, coming_shift):
    coordinator, shift, caller = coming_shift
    login(make.user())
    assert client.post(f"/shifts/{shift.id}/roster/sign-up", data={"email": caller.email}).status_code == 403
    clock.set(shift.starts_at + timedelta(minutes=1))
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Sign a volunteer up" not in roster and "Add someone who came" in roster  # at the door now: test_walk_in
    assert signups_of(db, caller) == []


def test_the_coordinator_passes_on_what_the_volunteer_asked_in_a_note(client, login, db, coming_shift):
    coordinator, shift, caller = coming_shift
    login(coordinator)
    assert "A note for the roster (optional)" in client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    page = client.post(f"/shifts/{shift.id}/roster/sign-up", follow_redirects=True,
                       data={"email": "hana.caller@example.org", "note": "Needs a lift from the bus stop"})
    assert "Note: <bdi>Needs a lift from the bus stop</bdi>" in page.get_data(as_text=True)
    [signup] = signups_of(db, caller)
    assert signup.note == "Needs a lift from the bus stop"
