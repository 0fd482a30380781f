"""Checking in at the door by typed code: in, then out, hours proposed; a code opens only its own sign-up."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEvent
from planner.volunteering import checkin
from planner.volunteering.models import CHECKIN_ALPHABET, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError

START = datetime(2027, 10, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def door(make):
    programme = make.programme()
    coordinator = make.coordinator(of=programme.organisation)
    shift = make.shift(of=programme, starts_at=START, hours=3)
    return shift, coordinator, make.signup(shift), make.signup(shift)


def test_every_sign_up_gets_its_own_unguessable_code(door):
    _shift, _coordinator, first, second = door
    assert first.checkin_code != second.checkin_code
    for code in (first.checkin_code, second.checkin_code):
        assert len(code) == 8 and set(code) <= set(CHECKIN_ALPHABET)


def test_typing_the_code_checks_in_then_out_and_proposes_the_hours(client, db, login, door, clock):
    shift, coordinator, first, _second = door
    clock.set(START - timedelta(minutes=10))
    login(coordinator)
    typed = f"{first.checkin_code[:4].lower()}-{first.checkin_code[4:]}"  # as read out at a busy door
    assert client.post(f"/shifts/{shift.id}/check-in", data={"code": typed}).status_code == 302
    clock.set(START + timedelta(hours=3, minutes=5))
    assert client.post(f"/shifts/{shift.id}/check-in", data={"code": first.checkin_code}).status_code == 302
    db.expire_all()
    done = db.get(Signup, first.id)
    assert done.checked_in_at is not None and done.checked_out_at is not None
    assert checkin.proposed_hours(done) == Decimal("3.25")
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_id == first.id,
                                                         AuditEvent.record_type == "signups")
                         .order_by(AuditEvent.id)).all()  # without an order PostgreSQL may answer in either
    assert actions == ["signup.check_in", "signup.check_out"]
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert 'value="3.25"' in roster  # the proposed hours wait for the coordinator to verify


def test_a_code_typed_with_arabic_indic_digits_checks_in(client, db, login, door, clock):
    """An Arabic keyboard types ٢–٩ for the code's digits: they are the same digits."""
    shift, coordinator, first, _second = door
    first.checkin_code = "K7M4Q2RS"
    db.flush()
    clock.set(START - timedelta(minutes=10))
    login(coordinator)
    assert client.post(f"/shifts/{shift.id}/check-in", data={"code": "k٧m٤-q٢rs"}).status_code == 302
    db.expire_all()
    assert db.get(Signup, first.id).checked_in_at is not None


def test_a_code_checks_in_only_its_own_shift(client, db, login, make, door, clock):
    shift, coordinator, _first, _second = door
    elsewhere = make.signup(make.shift(of=shift.programme, starts_at=START))
    clock.set(START)
    login(coordinator)
    refused = client.post(f"/shifts/{shift.id}/check-in", data={"code": elsewhere.checkin_code})
    assert refused.status_code == 400 and b"No place on this shift has that code" in refused.data
    assert client.post(f"/shifts/{shift.id}/check-in", data={"code": "ZZZZ-ZZZZ"}).status_code == 400
    db.expire_all()
    assert db.get(Signup, elsewhere.id).checked_in_at is None


def test_check_in_is_open_only_around_the_shift_and_twice_at_most(db, door):
    shift, coordinator, first, _second = door
    with pytest.raises(VolunteeringError, match="two hours before"):
        checkin.check_in(coordinator, shift, first.checkin_code, now=START - timedelta(hours=3))
    checkin.check_in(coordinator, shift, first.checkin_code, now=START)
    checkin.check_in(coordinator, shift, first.checkin_code, now=START + timedelta(hours=2))
    with pytest.raises(VolunteeringError, match="already checked in and out"):
        checkin.check_in(coordinator, shift, first.checkin_code, now=START + timedelta(hours=2, minutes=1))


def test_the_volunteer_sees_their_code_and_qr_while_they_hold_a_place(client, login, make, door):
    shift, _coordinator, first, _second = door
    login(first.volunteer)
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert f"{first.checkin_code[:4]}-{first.checkin_code[4:]}" in page and "<svg" in page
    waiting = make.signup(shift, status=SignupStatus.WAITLISTED)
    login(waiting.volunteer)
    assert waiting.checkin_code not in client.get(f"/shifts/{shift.id}").get_data(as_text=True)


def test_a_volunteer_checks_in_by_scanning_the_venue_code(client, db, login, door, clock, venue_link):
    shift, coordinator, first, _second = door
    volunteer = first.volunteer
    clock.set(START - timedelta(minutes=20))
    login(coordinator)
    link = venue_link(shift)
    login(volunteer)
    assert "Check me in" in client.get(link).get_data(as_text=True)
    db.expire_all()
    assert db.get(Signup, first.id).checked_in_at is None  # opening the link alone changes nothing
    assert client.post(link).status_code == 302
    clock.set(START + timedelta(hours=3))
    assert "Check out as I leave" in client.get(link).get_data(as_text=True)
    client.post(link)
    db.expire_all()
    done = db.get(Signup, first.id)
    assert checkin.proposed_hours(done) == Decimal("3.25")
    actor = db.scalars(select(AuditEvent.actor_id).where(AuditEvent.record_id == first.id,
                                                         AuditEvent.action == "signup.check_in")).one()
    assert actor == volunteer.id


def test_the_venue_code_works_only_for_its_shift_its_time_and_people_with_a_place(app, db, make, door, clock):
    shift, _coordinator, first, _second = door
    other = make.shift(of=shift.programme, starts_at=START)
    stranger = make.user()
    with app.test_request_context():
        code = checkin.venue_code(shift)
        assert code != checkin.venue_code(other)
        clock.set(START - timedelta(hours=1))
        with pytest.raises(VolunteeringError, match="half an hour before"):
            checkin.self_check_in(first.volunteer, shift, code)
        clock.set(START)
        with pytest.raises(VolunteeringError, match="not this shift's"):
            checkin.self_check_in(first.volunteer, shift, checkin.venue_code(other))
        with pytest.raises(VolunteeringError, match="not this shift's"):  # any text in the link: refused, not a fault
            checkin.self_check_in(first.volunteer, shift, "ÉTÉ٣٤")
        shift.capacity = shift.confirmed_count  # full: one who came without a place finds none to take
        with pytest.raises(VolunteeringError, match="No place on this shift is free"):
            checkin.self_check_in(stranger, shift, code)
        shift.starts_at += timedelta(days=1)  # the shift moves: the printed code no longer opens it
        assert checkin.venue_code(shift) != code
    assert first.checked_in_at is None
