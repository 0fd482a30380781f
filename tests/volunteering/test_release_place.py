"""A coordinator gives up a volunteer's place, or waitlist place, for them before the shift: the waitlist moves up,
the volunteer is told (with the coordinator's reason, in the volunteer's language), and it is audited."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from planner.volunteering.models import Signup, SignupStatus


@pytest.fixture
def full_shift(make, clock):
    """A shift tomorrow with one place, taken; one volunteer waiting; and its coordinator."""
    now = clock.set(datetime(2027, 3, 6, 12, 0, tzinfo=UTC))
    programme = make.programme()
    coordinator = make.coordinator(of=programme.organisation)
    shift = make.shift(of=programme, starts_at=now + timedelta(days=1), capacity=1, title="Food bank morning")
    holder = make.signup(shift, make.user(name="Hana Holder", locale="ar"))
    waiting = make.signup(shift, make.user(name="Omar Waiting"), status=SignupStatus.WAITLISTED)
    return coordinator, shift, holder, waiting


def messages_to(db, signup) -> list[Notification]:
    return db.scalars(select(Notification).where(Notification.user_id == signup.volunteer_id)
                      .order_by(Notification.id)).all()


def test_a_released_place_goes_to_the_first_waiting_and_the_volunteer_is_told_why(client, login, db, full_shift):
    coordinator, shift, holder, waiting = full_shift
    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert f"/shifts/{shift.id}/roster/{holder.id}/release" in roster
    page = client.get(f"/shifts/{shift.id}/roster/{holder.id}/release").get_data(as_text=True)
    assert "Release the place of \u2068Hana Holder\u2069" in page

    response = client.post(f"/shifts/{shift.id}/roster/{holder.id}/release",
                           data={"reason": "Hana called: she is unwell."}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "\u2068Hana Holder\u2069 no longer has a place on this shift and has been told." in page
    db.expire_all()
    assert db.get(Signup, holder.id).status is SignupStatus.CANCELLED
    assert db.get(Signup, waiting.id).status is SignupStatus.CONFIRMED
    assert [m.kind for m in messages_to(db, waiting)] == ["signup.promoted"]
    told = messages_to(db, holder)[-1]
    assert told.kind == "signup.released" and told.language == "ar"
    assert "أُلغي مكانك" in told.subject and "\n\nHana called: she is unwell.\n\n" in told.body
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "signup.release"))
    assert (event.record_id, event.actor_id, event.comment) == (holder.id, coordinator.id, "Hana called: she is unwell.")


def test_taking_someone_off_the_waitlist_tells_them(client, login, db, full_shift):
    coordinator, shift, holder, waiting = full_shift
    login(coordinator)
    assert f"/shifts/{shift.id}/roster/{waiting.id}/release" in client.get(f"/shifts/{shift.id}/roster").get_data(
        as_text=True)
    page = client.post(f"/shifts/{shift.id}/roster/{waiting.id}/release", data={"reason": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "\u2068Omar Waiting\u2069 is no longer on the waitlist and has been told." in page
    db.expire_all()
    assert db.get(Signup, waiting.id).status is SignupStatus.CANCELLED
    assert db.get(Signup, holder.id).status is SignupStatus.CONFIRMED
    told = messages_to(db, waiting)[-1]
    assert told.subject.startswith("Taken off the waitlist") and "The coordinator wrote" not in told.body


def test_once_the_shift_has_started_a_place_is_not_released(client, login, db, clock, full_shift):
    coordinator, shift, holder, waiting = full_shift
    clock.set(shift.starts_at + timedelta(minutes=5))
    login(coordinator)
    assert "/release" not in client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    response = client.post(f"/shifts/{shift.id}/roster/{holder.id}/release", data={"reason": ""})
    assert response.status_code == 400
    assert "This shift has already started: mark the volunteer as a no-show instead." in response.get_data(
        as_text=True)
    db.expire_all()
    assert db.get(Signup, holder.id).status is SignupStatus.CONFIRMED
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "signup.release")) is None


def test_a_reason_too_long_is_explained_and_nothing_changes(client, login, db, full_shift):
    coordinator, shift, holder, _waiting = full_shift
    login(coordinator)
    response = client.post(f"/shifts/{shift.id}/roster/{holder.id}/release", data={"reason": "x" * 501})
    assert response.status_code == 400
    assert "500 characters" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Signup, holder.id).status is SignupStatus.CONFIRMED


def test_only_the_shift_s_coordinator_releases_and_only_a_live_sign_up_of_that_shift(client, login, db, make,
                                                                                     full_shift):
    coordinator, shift, holder, _waiting = full_shift
    login(make.user())
    assert client.post(f"/shifts/{shift.id}/roster/{holder.id}/release", data={}).status_code == 403
    login(coordinator)
    other = make.signup(make.shift(starts_at=datetime(2027, 3, 9, 9, 0, tzinfo=UTC)))  # another shift
    assert client.get(f"/shifts/{shift.id}/roster/{other.id}/release").status_code == 404
    gone = make.signup(shift, status=SignupStatus.CANCELLED)
    assert client.get(f"/shifts/{shift.id}/roster/{gone.id}/release").status_code == 404
    db.expire_all()
    assert db.get(Signup, holder.id).status is SignupStatus.CONFIRMED
