"""Many volunteers at once: capacity holds, the waitlist keeps its order, nobody is booked twice.

Each thread has its own app context, session and database connection; a barrier releases them
together. The same tests run on SQLite (writers queue behind BEGIN IMMEDIATE) and PostgreSQL
(row locks and a conditional UPDATE).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from planner.accounts.models import User
from planner.db import engine_of, session
from planner.notifications.models import Notification
from planner.volunteering import following, logged_hours, reminders, requirements, roster, services
from planner.volunteering.models import (HOLDS_A_PLACE, LoggedHours, Programme, ProgrammeFollower, ProgrammeRequirement,
                                         RequirementMet, Shift, ShiftReminder, Signup, SignupStatus)
from planner.volunteering.services import VolunteeringError
from planner.pipeline import commit_with_retry
from tests import factories

pytestmark = pytest.mark.live


def run_together(app, jobs: list[Callable[[], object]]) -> list[object]:
    """Start one thread per job, release them at once, and return each job's result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        with app.test_request_context():
            barrier.wait(timeout=30)
            try:
                results[index] = commit_with_retry(job)
            except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
                results[index] = error
            finally:
                session.remove()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def sign_up_job(volunteer_id: int, shift_id: int) -> Callable[[], tuple]:
    def job():
        outcome = services.sign_up(volunteer_id, shift_id)
        return outcome.signup.id, outcome.signup.status, outcome.position
    return job


def cancel_job(signup_id: int) -> Callable[[], int]:
    def job():
        return services.cancel(signup_id).id
    return job


def committed(live_db, builder: Callable[[], object]):
    record = builder()
    live_db.commit()
    return record


def shift_state(live_db, shift_id: int) -> tuple[int, int, int, int]:
    """(capacity, confirmed_count, rows holding a place, rows waiting), read fresh from the database."""
    live_db.expire_all()
    shift = live_db.get(Shift, shift_id)
    counts = dict(live_db.execute(
        select(Signup.status, func.count()).where(Signup.shift_id == shift_id).group_by(Signup.status)
    ).all())
    holding = sum(counts.get(status, 0) for status in HOLDS_A_PLACE)
    return shift.capacity, shift.confirmed_count, holding, counts.get(SignupStatus.WAITLISTED, 0)


def test_fifty_volunteers_at_once_fill_five_places_and_queue_the_rest_in_order(live_app, live_db, own_connections):
    shift = committed(live_db, lambda: factories.shift(capacity=5))
    volunteers = [factories.user() for _ in range(50)]
    live_db.commit()

    results = run_together(live_app, [sign_up_job(v.id, shift.id) for v in volunteers])

    assert not [r for r in results if isinstance(r, Exception)], results
    confirmed = [r for r in results if r[1] is SignupStatus.CONFIRMED]
    waiting = sorted((r for r in results if r[1] is SignupStatus.WAITLISTED), key=lambda r: r[0])
    assert len(confirmed) == 5 and len(waiting) == 45
    assert [position for _id, _status, position in waiting] == list(range(1, 46))
    assert shift_state(live_db, shift.id) == (5, 5, 5, 45)


def test_one_volunteer_signing_up_ten_times_at_once_gets_one_row(live_app, live_db, own_connections):
    shift = committed(live_db, lambda: factories.shift(capacity=5))
    volunteer = committed(live_db, factories.user)

    results = run_together(live_app, [sign_up_job(volunteer.id, shift.id) for _ in range(10)])

    assert sum(not isinstance(r, Exception) for r in results) == 1
    refusals = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, VolunteeringError) and "already signed up" in str(r) for r in refusals)
    rows = live_db.scalar(select(func.count()).select_from(Signup).where(Signup.volunteer_id == volunteer.id))
    assert rows == 1
    assert shift_state(live_db, shift.id) == (5, 1, 1, 0)


def test_ten_people_at_the_door_at_once_take_the_three_free_places_and_no_more(live_app, live_db, own_connections):
    start = datetime(2027, 5, 1, 8, 0, tzinfo=UTC)
    shift = committed(live_db, lambda: factories.shift(capacity=3, starts_at=start))
    arrivals = [factories.user() for _ in range(10)]
    live_db.commit()
    at_the_door = start + timedelta(minutes=15)

    results = run_together(live_app, [
        lambda person=person: services.take_free_place(person.id, shift.id, at_the_door).id
        for person in arrivals])

    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(refusals) == 7 and all("No place on this shift is free" in str(r) for r in refusals), results
    assert shift_state(live_db, shift.id) == (3, 3, 3, 0)


def test_cancellations_and_sign_ups_at_once_never_leave_a_place_free_while_someone_waits(
        live_app, live_db, own_connections):
    shift = committed(live_db, lambda: factories.shift(capacity=5))
    with live_app.test_request_context():
        first = [services.sign_up(factories.user().id, shift.id).signup for _ in range(12)]
        live_db.commit()
    places = [s.id for s in first if s.status is SignupStatus.CONFIRMED]
    queue = [s.id for s in first if s.status is SignupStatus.WAITLISTED]
    newcomers = [factories.user().id for _ in range(20)]
    live_db.commit()

    jobs = [cancel_job(i) for i in places[:4]] + [cancel_job(i) for i in queue[:3]]
    jobs += [sign_up_job(v, shift.id) for v in newcomers]
    results = run_together(live_app, jobs)

    assert not [r for r in results if isinstance(r, Exception)], results
    capacity, count, holding, waiting = shift_state(live_db, shift.id)
    assert count == holding <= capacity
    assert waiting == (12 - 4 - 3 + 20) - capacity  # everyone still signed up, less the places
    assert count == capacity


def test_two_workers_at_the_same_moment_queue_each_reminder_once(live_app, live_db):
    start = datetime(2031, 3, 1, 8, tzinfo=UTC)
    shifts = [factories.shift(capacity=4, starts_at=start + timedelta(minutes=minute)) for minute in range(3)]
    volunteer_ids = [factories.signup(shift).volunteer_id for shift in shifts for _ in range(4)]
    live_db.commit()
    now = start - timedelta(hours=2)
    results = run_together(live_app, [lambda: reminders.queue_due_reminders(now)] * 3)
    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(results) == len(volunteer_ids) == 12
    mails = live_db.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == "shift.reminder", Notification.user_id.in_(volunteer_ids)))
    rows = live_db.scalar(select(func.count()).select_from(ShiftReminder).join(Signup).where(
        Signup.volunteer_id.in_(volunteer_ids)))
    assert mails == rows == 12
    live_db.rollback()  # end this read, so that the workers may write
    assert run_together(live_app, [lambda: reminders.queue_due_reminders(now)] * 2) == [0, 0]


def party_job(volunteer_id: int, shift_id: int, guests: int) -> Callable[[], tuple]:
    def job():
        outcome = services.sign_up(volunteer_id, shift_id, party=services.Party(guests))
        return outcome.signup.id, outcome.signup.status, outcome.signup.party_size
    return job


def places_taken(live_db, shift_id: int) -> tuple[int, int]:
    """(the shift's counter, the places that the parties holding a place add up to), read fresh."""
    live_db.expire_all()
    held = live_db.scalar(select(func.coalesce(func.sum(Signup.party_size), 0))
                          .where(Signup.shift_id == shift_id, Signup.status.in_(HOLDS_A_PLACE)))
    return live_db.get(Shift, shift_id).confirmed_count, held


def test_thirty_parties_at_once_never_overfill_and_are_never_split(live_app, live_db, own_connections):
    shift = committed(live_db, lambda: factories.shift(capacity=10, party_limit=3))
    volunteers = [factories.user() for _ in range(30)]
    live_db.commit()

    results = run_together(live_app, [party_job(v.id, shift.id, i % 4) for i, v in enumerate(volunteers)])

    assert not [r for r in results if isinstance(r, Exception)], results
    confirmed = [size for _id, status, size in results if status is SignupStatus.CONFIRMED]
    assert sum(confirmed) == places_taken(live_db, shift.id)[0] == places_taken(live_db, shift.id)[1]
    assert 10 - 3 <= sum(confirmed) <= 10  # full, but for fewer places than the smallest party that waits
    assert sorted(size for _id, size in [(r[0], r[2]) for r in results]) == sorted(i % 4 + 1 for i in range(30))


def test_parties_cancelling_and_signing_up_at_once_keep_the_counter_true(live_app, live_db, own_connections):
    shift = committed(live_db, lambda: factories.shift(capacity=8, party_limit=2))
    with live_app.test_request_context():
        first = [services.sign_up(factories.user().id, shift.id, party=services.Party(i % 3)).signup
                 for i in range(8)]
        live_db.commit()
    leaving = [s.id for s in first if s.status is SignupStatus.CONFIRMED][:2]
    newcomers = [factories.user().id for _ in range(12)]
    live_db.commit()

    jobs = [cancel_job(i) for i in leaving] + [party_job(v, shift.id, i % 3) for i, v in enumerate(newcomers)]
    results = run_together(live_app, jobs)

    assert not [r for r in results if isinstance(r, Exception)], results
    counter, held = places_taken(live_db, shift.id)
    assert counter == held <= 8
    smallest_waiting = live_db.scalar(select(func.min(Signup.party_size)).where(
        Signup.shift_id == shift.id, Signup.status == SignupStatus.WAITLISTED))
    assert smallest_waiting is None or smallest_waiting > 8 - counter  # no waiting party fits a free place


def test_marking_the_rest_attended_leaves_a_no_show_marked_at_the_same_moment(live_app, live_db, clock):
    """One coordinator marks a volunteer a no-show (not yet committed) while another marks the rest attended: the
    no-show stands, and the rest are marked."""
    clock.set(datetime(2027, 3, 6, 12, 0, tzinfo=UTC))
    coordinator = committed(live_db, factories.user)
    shift = committed(live_db, lambda: factories.shift(starts_at=datetime(2027, 3, 6, 9, 0, tzinfo=UTC), hours=2))
    away, came = (committed(live_db, lambda: factories.signup(shift)) for _ in range(2))
    shift_id, coordinator_id = shift.id, coordinator.id

    def the_rest_came():
        return roster.mark_the_rest_attended(session.get(User, coordinator_id), session.get(Shift, shift_id))

    with engine_of(live_app).connect() as other_coordinator:
        other_coordinator.execute(update(Signup).where(Signup.id == away.id).values(status=SignupStatus.NO_SHOW))
        marking = threading.Thread(target=lambda: results.append(run_together(live_app, [the_rest_came])[0]))
        results: list = []
        marking.start()
        time.sleep(1)  # the marking now waits for the other coordinator's row
        other_coordinator.commit()
        marking.join(timeout=60)

    assert results == [1]
    live_db.expire_all()
    assert live_db.get(Signup, away.id).status is SignupStatus.NO_SHOW
    assert live_db.get(Signup, came.id).status is SignupStatus.ATTENDED


def test_one_person_following_a_programme_ten_times_at_once_follows_it_once(live_app, live_db, own_connections):
    programme = committed(live_db, factories.programme)
    person = committed(live_db, factories.user)

    def follow_job():
        return following.follow(session.get(User, person.id), session.get(Programme, programme.id)).programme_id

    results = run_together(live_app, [follow_job for _ in range(10)])

    assert results == [programme.id] * 10  # every click answered, none with an error
    live_db.expire_all()
    assert live_db.scalar(select(func.count()).select_from(ProgrammeFollower)) == 1


def test_three_workers_at_the_same_moment_write_each_follower_one_e_mail_for_all_they_follow(live_app, live_db):
    now = datetime(2031, 5, 3, 8, tzinfo=UTC)
    programmes = [factories.programme() for _ in range(3)]
    for programme in programmes:
        factories.shift(of=programme, starts_at=now + timedelta(days=5), created_at=now - timedelta(hours=3))
    readers = [factories.user() for _ in range(6)]
    live_db.flush()
    live_db.add_all(ProgrammeFollower(user_id=reader.id, programme_id=programme.id, followed_at=now - timedelta(days=1),
                                      told_up_to=now - timedelta(days=1))
                    for reader in readers for programme in programmes)
    live_db.commit()
    reader_ids = [reader.id for reader in readers]

    results = run_together(live_app, [lambda: following.queue_news(now)] * 3)

    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(results) == 6
    mails = live_db.scalars(select(Notification).where(Notification.kind == "programme.news",
                                                       Notification.user_id.in_(reader_ids))).all()
    assert sorted(mail.user_id for mail in mails) == sorted(reader_ids)  # one each
    assert [mail.subject for mail in mails] == ["New shifts in 3 programmes you follow"] * 6


def test_ten_logs_of_a_day_s_hours_sent_at_once_fill_the_day_and_no_more(live_app, live_db):
    now = datetime(2031, 5, 3, 8, tzinfo=UTC)
    programme = factories.programme()
    volunteer = factories.user(name="Nour Haddad")
    live_db.commit()
    day = (now - timedelta(days=1)).date()

    def log_job():
        return logged_hours.log(session.get(User, volunteer.id), session.get(Programme, programme.id), day,
                                Decimal("5"), "Sorted the donated clothes", now).id

    results = run_together(live_app, [log_job] * 10)

    refusals = [result for result in results if isinstance(result, Exception)]
    assert len(refusals) == 6 and all("a day has 24" in str(refusal) for refusal in refusals), refusals
    live_db.expire_all()
    logged = live_db.scalar(select(func.sum(LoggedHours.hours)).where(LoggedHours.volunteer_id == volunteer.id))
    assert logged == Decimal("20")  # four logs of five hours: a fifth would pass a day


def test_a_sign_up_waits_for_a_record_being_withdrawn_and_is_refused(live_app, live_db, clock):
    """A coordinator withdraws a volunteer's record (not yet committed) as the volunteer signs up: the sign-up waits
    for the withdrawal and is refused, rather than reading the record on its way out."""
    now = datetime(2031, 5, 3, 8, tzinfo=UTC)
    clock.set(now, tick=False)
    programme, coordinator, volunteer = factories.programme(), factories.user(), factories.user()
    shift = factories.shift(of=programme, starts_at=now + timedelta(days=2))
    met = factories.requirement_met(factories.requirement(programme, "Police check"), volunteer)
    live_db.commit()
    ids = {"coordinator": coordinator.id, "volunteer": volunteer.id, "shift": shift.id, "met": met.id}
    withdrawn, may_commit, results = threading.Event(), threading.Event(), []

    def withdraw_and_hold():
        requirements.withdraw(session.get(User, ids["coordinator"]), session.get(RequirementMet, ids["met"]))
        withdrawn.set()
        may_commit.wait(timeout=30)  # the withdrawal's transaction stays open meanwhile

    withdrawing = threading.Thread(target=lambda: results.append(run_together(live_app, [withdraw_and_hold])[0]))
    withdrawing.start()
    assert withdrawn.wait(timeout=30)
    signing_up = threading.Thread(target=lambda: results.append(
        run_together(live_app, [sign_up_job(ids["volunteer"], ids["shift"])])[0]))
    signing_up.start()
    time.sleep(1)  # the sign-up now waits for the volunteer's row
    may_commit.set()
    withdrawing.join(timeout=60)
    signing_up.join(timeout=60)

    refusal = results[-1]
    assert isinstance(refusal, VolunteeringError) and "Police check" in str(refusal), results
    assert live_db.scalar(select(func.count()).select_from(Signup).where(Signup.shift_id == ids["shift"])) == 0


def test_three_workers_at_the_same_moment_tell_each_volunteer_once_that_a_record_lapses(live_app, live_db):
    now = datetime(2031, 5, 3, 8, tzinfo=UTC)
    asked = factories.requirement(factories.programme(), "First aid course")
    volunteers = [factories.user() for _ in range(6)]
    for volunteer in volunteers:
        factories.requirement_met(asked, volunteer, valid_until=now.date() + timedelta(days=20))
    live_db.commit()
    volunteer_ids = [volunteer.id for volunteer in volunteers]

    results = run_together(live_app, [lambda: requirements.queue_lapse_notices(now)] * 3)

    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(results) == 6
    told = live_db.scalars(select(Notification.user_id).where(Notification.kind == "requirement.lapsing")).all()
    assert sorted(told) == sorted(volunteer_ids)  # one each


def test_two_programmes_that_stop_asking_at_once_leave_no_records_behind(live_app, live_db):
    """Two programmes share a requirement and both stop asking at the same moment: whichever goes second sees it is
    the last, so the requirement and the volunteers' records go (without the lock each saw the other still asking)."""
    first, second = factories.programme(), factories.programme()
    shared = factories.requirement(first, "Police check")
    shared.asking.append(second)
    factories.requirement_met(shared, factories.user())
    coordinator = factories.user()
    live_db.commit()
    ids = (coordinator.id, shared.id)

    def stop(programme_id: int) -> Callable[[], None]:
        return lambda: requirements.remove(session.get(User, ids[0]), session.get(Programme, programme_id),
                                           session.get(ProgrammeRequirement, ids[1]))

    results = run_together(live_app, [stop(first.id), stop(second.id)])

    assert not [result for result in results if isinstance(result, Exception)], results
    live_db.expire_all()
    assert live_db.get(ProgrammeRequirement, ids[1]) is None
    assert live_db.scalar(select(func.count()).select_from(RequirementMet)
                          .where(RequirementMet.requirement_id == ids[1])) == 0
