"""The sign-up rules: places, waitlist, promotion, duplicates, overlaps, cut-offs, cancelled shifts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update

from planner.clock import utcnow
from planner.db import engine_of, session
from planner.notifications.models import Notification
from planner.volunteering import services
from planner.volunteering.models import Shift, ShiftStatus, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError
from tests.conftest import statements_sent


def messages_to(user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(session.scalars(query))


def test_sign_up_takes_a_place_and_queues_a_confirmation(ctx, make):
    shift, volunteer = make.shift(capacity=2), make.user()
    outcome = services.sign_up(volunteer.id, shift.id)
    assert outcome.confirmed and outcome.position is None
    assert shift.confirmed_count == 1
    assert [m.kind for m in messages_to(volunteer)] == ["signup.confirmed"]
    assert shift.title in messages_to(volunteer)[0].subject
    assert messages_to(volunteer)[0].body.endswith(f"\n\nAdd it to your calendar: http://127.0.0.1:5000/shifts/"
                                                   f"{shift.id}/calendar.ics")  # the configured base address


def test_full_shift_puts_volunteers_on_the_waitlist_in_order(ctx, make):
    shift = make.shift(capacity=1)
    first, second, third = make.user(), make.user(), make.user()
    assert services.sign_up(first.id, shift.id).confirmed
    assert services.sign_up(second.id, shift.id).position == 1
    assert services.sign_up(third.id, shift.id).position == 2
    assert shift.confirmed_count == 1
    assert messages_to(third, "signup.waitlisted")


def test_cancelling_a_place_promotes_the_first_waiting_and_tells_them(ctx, make):
    shift = make.shift(capacity=1)
    first, second, third = make.user(), make.user(), make.user()
    place = services.sign_up(first.id, shift.id).signup
    waiting = services.sign_up(second.id, shift.id).signup
    services.sign_up(third.id, shift.id)
    services.cancel(place.id)
    assert place.status is SignupStatus.CANCELLED
    assert session.get(Signup, waiting.id).status is SignupStatus.CONFIRMED
    promotion, = messages_to(second, "signup.promoted")
    assert f"/shifts/{shift.id}/calendar.ics" in promotion.body
    assert not messages_to(third, "signup.promoted")
    assert shift.confirmed_count == 1


def test_cancelling_a_waitlist_place_moves_the_others_up(ctx, make):
    shift = make.shift(capacity=1)
    people = [make.user() for _ in range(3)]
    outcomes = [services.sign_up(person.id, shift.id) for person in people]
    services.cancel(outcomes[1].signup.id)
    assert services.waitlist_position(outcomes[2].signup) == 1
    assert shift.confirmed_count == 1


def test_one_volunteer_cannot_sign_up_twice(ctx, make):
    shift, volunteer = make.shift(), make.user()
    services.sign_up(volunteer.id, shift.id)
    with pytest.raises(VolunteeringError, match="already signed up"):
        services.sign_up(volunteer.id, shift.id)
    assert shift.confirmed_count == 1


def test_signing_up_again_after_cancelling_is_allowed(ctx, make):
    shift, volunteer = make.shift(), make.user()
    services.cancel(services.sign_up(volunteer.id, shift.id).signup.id)
    assert services.sign_up(volunteer.id, shift.id).confirmed


def test_overlapping_confirmed_shifts_are_refused_with_the_clash_named(ctx, make):
    start = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    morning = make.shift(starts_at=start, hours=3, title="Morning food parcels")
    overlapping = make.shift(starts_at=start + timedelta(hours=2), hours=2, title="Lunch serving")
    afterwards = make.shift(starts_at=start + timedelta(hours=3), hours=2)
    volunteer = make.user()
    services.sign_up(volunteer.id, morning.id)
    with pytest.raises(VolunteeringError, match="Morning food parcels"):
        services.sign_up(volunteer.id, overlapping.id)
    assert services.sign_up(volunteer.id, afterwards.id).confirmed


def test_a_waitlisted_person_who_became_busy_leaves_the_queue_when_a_place_frees(ctx, make):
    start = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    full = make.shift(capacity=1, starts_at=start)
    elsewhere = make.shift(capacity=1, starts_at=start)
    holder, busy, next_in_line = make.user(), make.user(), make.user()
    place = services.sign_up(holder.id, full.id).signup
    busy_wait = services.sign_up(busy.id, full.id).signup
    services.sign_up(next_in_line.id, full.id)
    services.sign_up(busy.id, elsewhere.id)
    services.cancel(place.id)
    assert busy_wait.status is SignupStatus.CANCELLED
    assert messages_to(busy, "signup.waitlist_dropped")
    assert messages_to(next_in_line, "signup.promoted")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"starts_at": utcnow() - timedelta(hours=1)}, "already started"),
        ({"signup_cutoff_at": utcnow() - timedelta(minutes=1)}, "have closed"),
        ({"status": ShiftStatus.CANCELLED}, "cancelled"),
    ],
    ids=["past", "after-cut-off", "cancelled"],
)
def test_closed_shifts_refuse_sign_ups_with_a_clear_message(ctx, make, change, message):
    fields = dict(change)
    starts_at = fields.pop("starts_at", None)
    shift = make.shift(starts_at=starts_at, **fields)
    with pytest.raises(VolunteeringError, match=message):
        services.sign_up(make.user().id, shift.id)
    assert shift.confirmed_count == 0


def test_cancelling_a_shift_tells_everyone_on_it(ctx, make):
    shift = make.shift(capacity=1)
    confirmed, waiting = make.user(), make.user()
    services.sign_up(confirmed.id, shift.id)
    services.sign_up(waiting.id, shift.id)
    affected = services.cancel_shift(shift.id, reason="The hall is flooded.")
    assert len(affected) == 2
    assert shift.status is ShiftStatus.CANCELLED and shift.confirmed_count == 0
    for person in (confirmed, waiting):
        (message,) = messages_to(person, "shift.cancelled")
        assert "The hall is flooded." in message.body
    with pytest.raises(VolunteeringError, match="cancelled"):
        services.sign_up(make.user().id, shift.id)


def test_a_started_shift_cannot_be_cancelled_by_the_volunteer(ctx, make):
    shift = make.shift(capacity=1)
    signup = services.sign_up(make.user().id, shift.id).signup
    with pytest.raises(VolunteeringError, match="already started"):
        services.cancel(signup.id, now=shift.starts_at + timedelta(minutes=5))


def test_a_shift_cancelled_after_the_page_was_read_refuses_the_sign_up(ctx, make, app):
    shift, volunteer = make.shift(capacity=5), make.user()
    assert shift.status is ShiftStatus.SCHEDULED  # what the sign-up reads first, as the page did
    session.execute(update(Shift).where(Shift.id == shift.id).values(status=ShiftStatus.CANCELLED)
                    .execution_options(synchronize_session=False))  # as another request would
    with pytest.raises(VolunteeringError, match="cancelled"):
        services.sign_up(volunteer.id, shift.id)
    assert session.scalar(select(func.count()).select_from(Signup).where(Signup.shift_id == shift.id)) == 0


def test_a_place_freed_after_the_page_was_read_full_is_taken_not_waited_for(ctx, make):
    shift, leaving, volunteer = make.shift(capacity=1), make.user(), make.user()
    place = make.signup(shift, leaving)
    assert shift.confirmed_count == 1  # what the sign-up reads first, as the page did: full
    session.execute(update(Signup).where(Signup.id == place.id).values(status=SignupStatus.CANCELLED)
                    .execution_options(synchronize_session=False))  # as another request's cancellation would
    session.execute(update(Shift).where(Shift.id == shift.id).values(confirmed_count=0)
                    .execution_options(synchronize_session=False))
    outcome = services.sign_up(volunteer.id, shift.id)
    assert outcome.confirmed and outcome.position is None
    assert session.scalar(select(Shift.confirmed_count).where(Shift.id == shift.id)) == 1
    assert [message.kind for message in messages_to(volunteer)] == ["signup.confirmed"]  # worded once it was sure


def test_a_sign_up_holds_its_shift_only_to_write_its_own_rows(ctx, make, app):
    """Everyone signing up for one popular shift queues for its row: after taking the place, only the two inserts
    (the message was worded before)."""
    shift, volunteer = make.shift(capacity=5), make.user()
    session.flush()
    with statements_sent(app) as sent:
        services.sign_up(volunteer.id, shift.id)
        session.flush()  # the message, written at commit
    verbs = [" ".join(statement.split()[:3]) for statement in sent]
    taken = next(n for n, verb in enumerate(verbs) if verb.startswith("UPDATE shifts"))
    assert not [statement for statement in sent[:taken] if "FOR UPDATE" in statement and "FROM shifts" in statement]
    assert sorted(verbs[taken + 1:]) == ["INSERT INTO notifications", "INSERT INTO signups"], verbs


def test_joining_a_waitlist_holds_the_shift_only_to_count_who_waits_and_write_its_own_rows(ctx, make, app):
    """On a full shift most people join its waitlist: no place is tried on a shift seen full; with its row held,
    one count for their place in the queue, then the two inserts and the shift stamped changed (the API's feed
    shows its waiting list); the message names that place."""
    shift, first, second = make.shift(capacity=1), make.user(), make.user()
    session.flush()
    services.sign_up(first.id, shift.id)
    with statements_sent(app) as sent:
        outcome = services.sign_up(second.id, shift.id)
        session.flush()
    verbs = [" ".join(statement.split()[:3]) for statement in sent]
    held = next(n for n, verb in enumerate(verbs) if verb.startswith("SELECT shifts.id,"))  # the row read again,
    # held (FOR UPDATE on PostgreSQL; SQLite's writer holds the file)
    assert not [verb for verb in verbs[:held] if verb.startswith("UPDATE shifts")], verbs  # seen full: not tried
    assert "FROM shifts" in sent[held], verbs
    assert "FOR UPDATE" in sent[held] or engine_of(app).dialect.name == "sqlite", sent[held]
    assert verbs[held + 1].startswith("SELECT count(*)") and len(verbs) == held + 5, verbs
    assert sorted(verbs[held + 2:]) == ["INSERT INTO notifications", "INSERT INTO signups", "UPDATE shifts SET"], verbs
    assert "confirmed_count" not in next(statement for statement in sent if statement.startswith("UPDATE shifts"))
    assert outcome.position == 1
    assert "number 1 on its waitlist" in session.scalars(select(Notification.body).where(
        Notification.user_id == second.id, Notification.kind == "signup.waitlisted")).one()


def test_a_shift_deleted_while_someone_signs_up_for_it_is_refused_with_a_message(ctx, make):
    """The page showed the shift, then its coordinator deleted it: no place was free to take, and the row held to
    decide the waitlist is gone."""
    shift, volunteer = make.shift(capacity=0), make.user()
    session.flush()
    session.execute(delete(Shift.__table__).where(Shift.__table__.c.id == shift.id))  # the copy in hand stays
    with pytest.raises(VolunteeringError, match="does not exist"):
        services.sign_up(volunteer.id, shift.id)
    assert session.scalar(select(func.count()).select_from(Signup).where(Signup.volunteer_id == volunteer.id)) == 0
