"""The roster: attendance, verified hours (the shift's length unless changed), and the coordinator's CSV."""
from __future__ import annotations

import csv
import io
from datetime import timedelta
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
