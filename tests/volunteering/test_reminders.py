"""Reminders before shifts: when they fall due, exactly once, in the reader's language, and the replies they carry."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from planner.notifications.models import Notification
from planner.volunteering import management, reminders
from planner.volunteering.models import ShiftReminder, Signup, SignupStatus
from planner.volunteering.services import VolunteeringError

START = datetime(2027, 9, 10, 7, 0, tzinfo=UTC)  # 10:00 in Amman


def _queue(app, db, now=None) -> int:
    """Run the worker's queueing step as the command does: in an app context, then committed."""
    db.commit()  # a savepoint: what the test arranged outlives the app context's end
    with app.app_context():
        queued = reminders.queue_due_reminders(now)
        db.commit()
    return queued


def _reminders(db, volunteer) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.user_id == volunteer.id,
                                                      Notification.kind == "shift.reminder")
                           .order_by(Notification.id)))


@pytest.fixture
def booked(make, db):
    """A volunteer with a confirmed place on a shift that starts at START."""
    shift = make.shift(capacity=1, starts_at=START, title="Sorting donated hygiene items", place=make.locality())
    volunteer = make.user(name="Rania")
    signup = make.signup(shift, volunteer=volunteer)
    return shift, volunteer, signup


def test_a_reminder_falls_due_48_and_3_hours_before_and_goes_once_each(app, db, booked):
    shift, volunteer, _signup = booked
    assert _queue(app, db, START - timedelta(hours=49)) == 0
    assert _queue(app, db, START - timedelta(hours=47)) == 1
    assert _queue(app, db, START - timedelta(hours=46)) == 0  # run again: nothing more
    assert _queue(app, db, START - timedelta(hours=2, minutes=59)) == 1
    assert _queue(app, db, START - timedelta(hours=1)) == 0
    assert _queue(app, db, START + timedelta(minutes=1)) == 0  # started: never
    assert len(_reminders(db, volunteer)) == 2


def test_a_worker_that_was_down_sends_only_the_nearest_reminder(app, db, booked):
    _shift, volunteer, _signup = booked
    assert _queue(app, db, START - timedelta(hours=2)) == 1
    assert _queue(app, db, START - timedelta(hours=1)) == 0
    assert [r.hours_before for r in db.scalars(select(ShiftReminder))] == [3]


def test_no_reminder_for_someone_who_turned_them_off_a_waitlist_or_a_programme_without_them(app, db, make, booked):
    shift, volunteer, _signup = booked
    volunteer.shift_reminders = False
    make.signup(shift, status=SignupStatus.WAITLISTED)
    quiet = make.programme()
    quiet.reminder_hours = []
    make.signup(make.shift(of=quiet, starts_at=START))
    assert _queue(app, db, START - timedelta(hours=2)) == 0


def test_no_reminder_for_someone_already_checked_in(app, db, booked):
    """One who came early, or walked in and took a free place at the door, is there: no "starts soon"."""
    _shift, volunteer, signup = booked
    signup.checked_in_at = START - timedelta(minutes=25)
    assert _queue(app, db, START - timedelta(minutes=20)) == 0 and _reminders(db, volunteer) == []


def test_the_reminder_says_what_when_where_and_whom_to_ask_in_the_readers_language(app, db, make):
    centre = make.centre(contact_email="desk@centre.example", contact_phone="+962 6 555 0100")
    programme = make.programme()
    programme.centre_id, programme.organisation_id = centre.id, None
    amman = make.locality(timezone="Asia/Amman")
    shift = make.shift(of=programme, starts_at=START, title="Sorting donated hygiene items", place=amman)
    english, arabic = make.user(name="Rania", show_hijri=True), make.user(name="Omar", locale="ar")
    for person in (english, arabic):
        make.signup(shift, volunteer=person)
    db.flush()
    db.expire_all()
    _queue(app, db, START - timedelta(hours=3))
    [mail] = _reminders(db, english)
    assert "Sorting donated hygiene items" in mail.subject and "10:00" in mail.body
    assert "desk@centre.example" in mail.body and "+962 6 555 0100" in mail.body
    assert "1449" in mail.body  # the Hijri year, as this reader chose
    coming, cannot_come, stop = re.findall(r"https?://\S+", mail.body)
    assert all(link.startswith(app.config["BASE_URL"] + "/shifts/reply/") for link in (coming, cannot_come))
    assert stop.startswith(app.config["BASE_URL"] + "/reminders/off/") and mail.opt_out_url == stop
    [arabic_mail] = _reminders(db, arabic)
    assert "تذكير" in arabic_mail.subject


def test_a_reminder_s_link_stops_them_with_no_log_in_and_a_mail_client_may_follow_it(app, client, db, booked,
                                                                                     csrf_on):
    _shift, volunteer, _signup = booked
    _queue(app, db, START - timedelta(hours=47))
    [mail] = _reminders(db, volunteer)
    stop = mail.opt_out_url.removeprefix(app.config["BASE_URL"])
    page = client.get(stop).get_data(as_text=True)  # opening the link changes nothing: the button does
    assert "We e-mail \u2068" in page and 'action="/reminders/off/' in page
    db.expire_all()
    assert db.get(type(volunteer), volunteer.id).shift_reminders is True
    answer = client.post(stop, data={"List-Unsubscribe": "One-Click"})  # RFC 8058: no cookie, no form token
    assert answer.status_code == 200 and "Reminders are off for" in answer.get_data(as_text=True)
    db.expire_all()
    assert db.get(type(volunteer), volunteer.id).shift_reminders is False
    assert _queue(app, db, START - timedelta(hours=2)) == 0 and len(_reminders(db, volunteer)) == 1


def test_a_stop_link_we_did_not_make_stops_nothing(app, client, db, booked):
    _shift, volunteer, signup = booked
    db.commit()
    forged = reminders.stop_token(volunteer.id, secret_key="not-our-key")
    reply = reminders.reply_token(signup.id, "coming", secret_key=app.config["SECRET_KEY"])  # another link's secret
    for token in (forged, reply, "x" * 300):
        assert client.post(f"/reminders/off/{token}").status_code == 404
    db.expire_all()
    assert db.get(type(volunteer), volunteer.id).shift_reminders is True


def test_i_cannot_come_gives_the_place_to_the_first_person_waiting(app, client, db, make, booked, clock):
    shift, _volunteer, signup = booked
    first, second = (make.signup(shift, status=SignupStatus.WAITLISTED) for _ in range(2))
    clock.set(START - timedelta(hours=3))
    _queue(app, db)
    body = _reminders(db, signup.volunteer)[0].body
    cannot = re.search(r"https?://[^/\s]+(/shifts/reply/\S+)", body.split("I can't come")[1]).group(1)
    page = client.get(cannot)
    assert page.status_code == 200 and "I can't come any more" in page.get_data(as_text=True)
    db.expire_all()
    assert db.get(Signup, signup.id).status is SignupStatus.CONFIRMED  # the link alone changes nothing
    assert client.post(cannot).status_code == 302
    db.expire_all()
    assert db.get(Signup, signup.id).status is SignupStatus.CANCELLED
    assert db.get(Signup, first.id).status is SignupStatus.CONFIRMED
    assert db.get(Signup, second.id).status is SignupStatus.WAITLISTED
    assert client.get(cannot[:-3] + "abc").status_code == 404  # a changed link is nobody's


def test_ill_be_there_is_recorded(app, client, db, booked, clock):
    _shift, volunteer, signup = booked
    clock.set(START - timedelta(hours=3))
    _queue(app, db)
    coming = re.search(r"I'll be there: https?://[^/\s]+(\S+)", _reminders(db, volunteer)[0].body).group(1)
    assert client.post(coming).status_code == 302
    db.expire_all()
    assert db.get(Signup, signup.id).coming_confirmed_at is not None


def test_a_moved_shift_withdraws_the_waiting_reminder_and_reminds_for_the_new_time(app, db, make, booked, clock):
    shift, volunteer, _signup = booked
    shift_id, volunteer_id, title, locality, capacity = shift.id, volunteer.id, shift.title, shift.locality, \
        shift.capacity
    admin = make.admin()
    clock.set(START - timedelta(hours=47))
    assert _queue(app, db) == 1
    moved = START + timedelta(days=1)
    local = moved.astimezone(ZoneInfo(locality.timezone)).replace(tzinfo=None)
    details = management.ShiftDetails(title=title, starts_local=local, ends_local=local + timedelta(hours=3),
                                      locality=db.merge(locality), centre=None, place="", capacity=capacity,
                                      cutoff_hours=0)
    with app.app_context():  # as every change is made: in a request, or a command of the app
        management.edit_shift(db.merge(admin), shift_id, details)
        db.commit()
    waiting = select(func.count()).select_from(Notification).where(Notification.user_id == volunteer_id)
    assert db.scalar(waiting.where(Notification.kind == "shift.reminder")) == 0  # the old time's is withdrawn
    assert db.scalar(waiting.where(Notification.kind == "shift.changed")) == 1  # the change itself is told
    assert _queue(app, db, moved - timedelta(hours=47)) == 1


def test_the_programme_form_refuses_timings_that_are_not_hours():
    assert reminders.parse_hours("48, 3") == [48, 3]
    assert reminders.parse_hours("3,48,3") == [48, 3]
    assert reminders.parse_hours("") == []
    assert reminders.parse_hours("٤٨، ٣") == reminders.parse_hours("۴۸, ۳") == [48, 3]  # Arabic and Persian keyboards
    for bad in ("48h", "-3", "0", "1000", "1,2,3,4,5,6", "4²"):
        assert reminders.parse_hours(bad) is None, bad


def test_the_worker_command_queues_what_is_due(app, db, booked, clock):
    _shift, volunteer, _signup = booked
    volunteer_id = volunteer.id
    clock.set(START - timedelta(hours=2))
    db.commit()
    result = app.test_cli_runner().invoke(args=["send-notifications", "--once"])
    assert result.exit_code == 0, result.output
    assert "queued 1 message (reminders, weekly e-mails)" in result.output
    assert db.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == volunteer_id, Notification.kind == "shift.reminder")) == 1


def test_a_bad_timing_on_the_programme_form_is_refused(db, make):
    programme = make.programme()
    details = management.ProgrammeDetails(name=programme.name, summary="", initiative=None, skill_keys=[],
                                          language_codes=[], reminder_hours="48 hours")
    with pytest.raises(VolunteeringError, match="whole numbers of hours"):
        management.edit_programme(make.admin(), programme, details)


def test_a_feature_that_fails_on_the_worker_s_pass_stops_no_one_else_s_messages(app, db, booked, clock, caplog):
    from planner.notifications.signals import pass_starting

    _shift, volunteer, _signup = booked
    volunteer_id = volunteer.id
    clock.set(START - timedelta(hours=2))
    db.commit()

    def broken_feature(_sender):
        db.add(Notification(to_address="half@example.org", kind="broken", subject="Half written", body="…"))
        db.flush()
        raise LookupError("a fault in one feature")

    pass_starting.connect(broken_feature)
    try:
        result = app.test_cli_runner().invoke(args=["send-notifications", "--once"])
    finally:
        pass_starting.disconnect(broken_feature)

    assert result.exit_code == 0, result.output
    assert "broken_feature failed" in caplog.text
    assert db.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == volunteer_id, Notification.kind == "shift.reminder")) == 1
    assert db.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "broken")) == 0
