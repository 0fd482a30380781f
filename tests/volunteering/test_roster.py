"""The roster: attendance, verified hours (the shift's length unless changed), and the coordinator's CSV."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.accounts.models import Role, User
from planner.audit.models import AuditEvent
from planner.clock import utcnow
from planner.volunteering.models import Signup, SignupStatus


@pytest.fixture
def finished_shift(make):
    """A shift that ended yesterday, its coordinator, and two volunteers with places."""
    organisation = make.organisation()
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    shift = make.shift(of=make.programme(owner=organisation), starts_at=utcnow() - timedelta(days=1), hours=2.5,
                       title="Market stall")
    came = make.signup(shift, make.user(name="Hana Came"))
    stayed_home = make.signup(shift, make.user(name="Omar Away"))
    return coordinator, shift, came, stayed_home


def test_the_roster_lists_volunteers_with_the_shift_length_as_default_hours(client, login, finished_shift):
    coordinator, shift, _came, _away = finished_shift
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Hana Came" in page and "Omar Away" in page
    assert 'value="2.50"' in page


def test_marking_attended_verifies_the_default_hours(client, login, db, finished_shift):
    coordinator, shift, came, _away = finished_shift
    login(coordinator)
    prefix = f"signup-{came.id}"
    response = client.post(f"/shifts/{shift.id}/roster/{came.id}",
                           data={f"{prefix}-outcome": "attended", f"{prefix}-hours": ""})
    assert response.status_code == 302
    signup = db.get(Signup, came.id)
    assert signup.status is SignupStatus.ATTENDED and signup.hours == Decimal("2.50")
    assert signup.hours_verified_by_id == coordinator.id
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "signup.attendance"))


def test_verified_hours_can_be_edited(client, login, db, finished_shift):
    coordinator, shift, came, _away = finished_shift
    login(coordinator)
    prefix = f"signup-{came.id}"
    client.post(f"/shifts/{shift.id}/roster/{came.id}", data={f"{prefix}-outcome": "attended",
                                                              f"{prefix}-hours": "1.75"})
    assert db.get(Signup, came.id).hours == Decimal("1.75")


def test_a_long_day_s_hours_are_verified_on_every_database(client, login, db, finished_shift):
    # SQLite keeps hours in hundredths: a check written for hours once refused more than ten there with an error page
    coordinator, shift, came, _away = finished_shift
    login(coordinator)
    prefix = f"signup-{came.id}"
    response = client.post(f"/shifts/{shift.id}/roster/{came.id}", data={f"{prefix}-outcome": "attended",
                                                                        f"{prefix}-hours": "12"})
    assert response.status_code == 302
    assert db.get(Signup, came.id).hours == Decimal("12.00")


def test_marking_a_no_show(client, login, db, finished_shift):
    coordinator, shift, _came, away = finished_shift
    login(coordinator)
    prefix = f"signup-{away.id}"
    client.post(f"/shifts/{shift.id}/roster/{away.id}", data={f"{prefix}-outcome": "no_show"})
    signup = db.get(Signup, away.id)
    assert signup.status is SignupStatus.NO_SHOW and signup.hours is None


@pytest.mark.parametrize("hours, message", [("-1", "Number must be between"), ("abc", "Not a valid decimal"),
                                            ("500", "Enter between 0 and"), ("sNaN", "Enter a number."),
                                            ("NaN", "Enter a number."), ("-Infinity", "Enter a number.")])
def test_bad_hours_are_explained_beside_the_field(client, login, db, finished_shift, hours, message):
    coordinator, shift, came, _away = finished_shift
    login(coordinator)
    prefix = f"signup-{came.id}"
    response = client.post(f"/shifts/{shift.id}/roster/{came.id}",
                           data={f"{prefix}-outcome": "attended", f"{prefix}-hours": hours})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{prefix}-hours-error"' in page or message in page
    assert message in page
    assert db.get(Signup, came.id).status is SignupStatus.CONFIRMED


def test_attendance_waits_until_the_shift_has_started(client, make, login, db):
    organisation = make.organisation()
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    shift = make.shift(of=make.programme(owner=organisation))
    signup = make.signup(shift)
    login(coordinator)
    response = client.post(f"/shifts/{shift.id}/roster/{signup.id}",
                           data={f"signup-{signup.id}-outcome": "attended"})
    assert response.status_code == 400
    assert "once the shift has started" in response.get_data(as_text=True)


def test_the_roster_csv_is_for_the_coordinator(client, make, login, finished_shift):
    coordinator, shift, _came, _away = finished_shift
    volunteer = make.user()
    login(volunteer)
    assert client.get(f"/shifts/{shift.id}/roster.csv").status_code == 403
    login(coordinator)
    response = client.get(f"/shifts/{shift.id}/roster.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Name", "Email", "Status"]
    assert {row[0] for row in rows[1:]} == {"Hana Came", "Omar Away"}


def test_roster_csv_cells_cannot_run_as_formulas(client, make, login, finished_shift):
    coordinator, shift, _came, _away = finished_shift
    make.signup(shift, make.user(name="=cmd|' /C calc'!A0"))
    login(coordinator)
    body = client.get(f"/shifts/{shift.id}/roster.csv").get_data(as_text=True)
    assert "\n'=cmd" in body.replace("\r\n", "\n") or "\"'=cmd" in body


def test_the_roster_csv_says_each_status_in_the_reader_s_language_and_names_no_one_who_left(client, db, login,
                                                                                            finished_shift):
    coordinator, shift, came, away = finished_shift
    db.get(Signup, came.id).status = SignupStatus.ATTENDED
    gone, hana = db.get(User, away.volunteer_id), db.get(User, came.volunteer_id)
    gone.deleted_at = utcnow()  # the account was closed: its name and address are gone
    gone.name, gone.email = "", f"deleted-{gone.id}@deleted.invalid"
    db.commit()
    login(coordinator)
    rows = list(csv.reader(io.StringIO(client.get(f"/shifts/{shift.id}/roster.csv?lang=fr")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(row[:3] for row in rows[1:]) == [["Hana Came", hana.email, "Présent"],
                                                   ["Un ancien membre", "", "Confirmé"]]
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "deleted.invalid" not in page and "A former member" in page


# --- marking the rest as attended at once ------------------------------------------------------------------------


@pytest.fixture
def shift_just_ended(make, clock):
    """A 2½-hour shift that ended half an hour ago: one volunteer not marked, one who checked in and out (70
    minutes), one already marked a no-show, one waiting; and its coordinator."""
    now = clock.set(datetime(2027, 3, 6, 12, 0, tzinfo=UTC))
    organisation = make.organisation()
    coordinator = make.user()
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    start = now - timedelta(hours=3)
    shift = make.shift(of=make.programme(owner=organisation), starts_at=start, hours=2.5, capacity=3)
    plain = make.signup(shift, make.user(name="Hana Plain"))
    timed = make.signup(shift, make.user(name="Omar Timed"), checked_in_at=start + timedelta(minutes=10),
                        checked_out_at=start + timedelta(minutes=80))
    away = make.signup(shift, make.user(name="Sara Away"), status=SignupStatus.NO_SHOW,
                       hours_verified_at=start, hours_verified_by_id=coordinator.id)
    waiting = make.signup(shift, make.user(name="Ali Waiting"), status=SignupStatus.WAITLISTED)
    return coordinator, shift, plain, timed, away, waiting


def test_the_rest_are_marked_attended_at_once_and_those_marked_keep_their_outcome(client, login, db,
                                                                                    shift_just_ended):
    coordinator, shift, plain, timed, away, waiting = shift_just_ended
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Mark the 2 volunteers not marked yet as attended" in page

    response = client.post(f"/shifts/{shift.id}/roster/the-rest-came", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 volunteers are marked as attended." in page
    assert "not marked yet as attended" not in page
    db.expire_all()
    outcomes = {s.id: (s.status, s.hours) for s in db.scalars(select(Signup).where(Signup.shift_id == shift.id))}
    assert outcomes == {plain.id: (SignupStatus.ATTENDED, Decimal("2.50")),
                        timed.id: (SignupStatus.ATTENDED, Decimal("1.25")),  # 70 minutes, to the quarter hour
                        away.id: (SignupStatus.NO_SHOW, None),
                        waiting.id: (SignupStatus.WAITLISTED, None)}
    assert db.get(Signup, plain.id).hours_verified_by_id == coordinator.id
    marked = db.scalars(select(AuditEvent.record_id).where(AuditEvent.action == "signup.attendance")).all()
    assert sorted(marked) == sorted([plain.id, timed.id])

    again = client.post(f"/shifts/{shift.id}/roster/the-rest-came", follow_redirects=True).get_data(as_text=True)
    assert "Everyone with a place was marked already." in again


def test_the_rest_cannot_be_marked_before_the_start_nor_by_anyone_but_a_coordinator(client, login, db, make,
                                                                                    clock, shift_just_ended):
    coordinator, shift, plain, *_ = shift_just_ended
    login(make.user())
    assert client.post(f"/shifts/{shift.id}/roster/the-rest-came").status_code == 403
    clock.set(shift.starts_at - timedelta(minutes=5))
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Hana Plain" in page and "not marked yet" not in page
    page = client.post(f"/shifts/{shift.id}/roster/the-rest-came", follow_redirects=True).get_data(as_text=True)
    assert "Attendance can be marked once the shift has started." in page
    db.expire_all()
    assert db.get(Signup, plain.id).status is SignupStatus.CONFIRMED
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "signup.attendance")) is None


def test_the_roster_in_arabic_offers_to_mark_the_rest_in_its_own_words(client, login, shift_just_ended):
    coordinator, shift, *_ = shift_just_ended
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster?lang=ar").get_data(as_text=True)
    assert "تسجيل حضور المتطوعَين اللذين لم يُسجَّلا بعد" in page  # two: Arabic's dual


def test_a_check_out_forgotten_until_the_next_day_counts_the_shift_s_length(client, login, db, make,
                                                                            shift_just_ended):
    coordinator, shift, plain, timed, *_ = shift_just_ended
    timed.checked_out_at = timed.checked_in_at + timedelta(hours=30)  # more than a coordinator may verify
    db.flush()
    login(coordinator)
    page = client.post(f"/shifts/{shift.id}/roster/the-rest-came", follow_redirects=True).get_data(as_text=True)
    assert "2 volunteers are marked as attended." in page
    db.expire_all()
    assert db.get(Signup, timed.id).hours == Decimal("2.50")


def test_the_roster_csv_has_check_in_and_out_times_and_a_line_for_helpers_without_an_account(
        client, db, make, login, clock):
    start = datetime(2027, 5, 1, 6, 0, tzinfo=UTC)  # 09:00 in Amman
    clock.set(start + timedelta(days=1))
    programme = make.programme()
    shift = make.shift(of=programme, starts_at=start, hours=3, place=make.locality(timezone="Asia/Amman"),
                       unnamed_helpers=8, unnamed_hours_each=Decimal("2.50"))
    make.signup(shift, make.user(name="Nadia Early"), checked_in_at=start - timedelta(minutes=10),
                checked_out_at=start + timedelta(hours=3, minutes=5))
    make.signup(shift, make.user(name="Sami Absent"))
    db.commit()
    login(make.coordinator(of=programme.organisation))

    rows = list(csv.reader(io.StringIO(client.get(f"/shifts/{shift.id}/roster.csv").get_data(as_text=True)
                                       .lstrip("\ufeff").replace("\u202f", " "))))

    assert rows[0][7:9] == ["Checked in", "Checked out"]
    assert rows[1][0] == "Nadia Early" and rows[1][7:9] == ["5/1/27, 8:50 AM (UTC+03)", "5/1/27, 12:05 PM (UTC+03)"]
    assert rows[2][0] == "Sami Absent" and rows[2][7:9] == ["", ""]
    assert rows[3][0] == "Helpers without an account (8)" and rows[3][3] == "20.00" and rows[3][5] == "8"


def test_the_coordinator_reads_a_volunteer_s_telephone_on_the_roster_and_its_csv(client, db, make, login,
                                                                                finished_shift):
    coordinator, shift, came, _away = finished_shift
    db.get(User, came.volunteer_id).phone = "+962791234567"
    db.flush()
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert '<a class="meta phone" href="tel:+962791234567" dir="ltr">+962 7 9123 4567</a>' in page
    body = client.get(f"/shifts/{shift.id}/roster.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body))}
    assert rows["Name"][9] == "Telephone"  # after the older columns: spreadsheets built on them keep working
    assert rows["Hana Came"][9] == "'+962 7 9123 4567"  # a leading + is quoted, as no spreadsheet runs it
    assert rows["Omar Away"][9] == ""


def test_the_roster_says_whom_to_call_in_an_emergency(client, db, make, login, finished_shift):
    coordinator, shift, came, _away = finished_shift
    volunteer = db.get(User, came.volunteer_id)
    volunteer.emergency_name, volunteer.emergency_phone = "سمير حداد", "+962791234567"
    db.flush()
    login(coordinator)
    page = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert ('In an emergency, call: <bdi>سمير حداد</bdi>, <a href="tel:+962791234567" dir="ltr">+962 7 9123 4567</a>'
            in page)
    body = client.get(f"/shifts/{shift.id}/roster.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body))}
    assert rows["Name"][-2:] == ["In an emergency, call", "Their telephone"]
    assert rows["Hana Came"][-2:] == ["سمير حداد", "'+962 7 9123 4567"] and rows["Omar Away"][-2:] == ["", ""]
