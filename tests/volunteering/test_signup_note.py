"""A note for the coordinator, left with a sign-up: on the volunteer's shift page, the roster and its CSV, in the
data export, and gone with a closed account."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from planner.accounts.models import Role
from planner.volunteering.models import Signup
from tests.factories import PASSWORD

NOW = datetime(2027, 4, 5, 9, 0, tzinfo=UTC)


def _token(client, address: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(address).get_data(as_text=True)).group(1)


def test_a_volunteer_s_note_reaches_the_roster_and_its_csv(client, db, make, login, clock):
    clock.set(NOW)
    organisation = make.organisation()
    shift = make.shift(of=make.programme(owner=organisation), starts_at=NOW + timedelta(days=3))
    coordinator, volunteer = make.user(), make.user(name="Nour")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    db.commit()

    login(volunteer)
    assert "A note for the coordinator (optional)" in client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    client.post(f"/shifts/{shift.id}/signup", data={"csrf_token": _token(client, f"/shifts/{shift.id}"),
                                                   "note": "  I come by bus,   about 20 minutes late  "})
    assert db.scalars(select(Signup.note).where(Signup.shift_id == shift.id)).one() == (
        "I come by bus, about 20 minutes late")
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert 'value="I come by bus, about 20 minutes late"' in page  # in the form that changes it

    login(coordinator)
    roster = client.get(f"/shifts/{shift.id}/roster").get_data(as_text=True)
    assert "Note: <bdi>I come by bus, about 20 minutes late</bdi>" in roster
    body = client.get(f"/shifts/{shift.id}/roster.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {row[0]: row for row in csv.reader(io.StringIO(body))}
    note = rows["Name"].index("Note")
    assert rows["Nour"][note] == "I come by bus, about 20 minutes late"


def test_a_note_too_long_is_refused_and_nothing_is_signed_up(client, db, make, login, clock):
    clock.set(NOW)
    shift = make.shift(starts_at=NOW + timedelta(days=3))
    login(make.user())
    response = client.post(f"/shifts/{shift.id}/signup", follow_redirects=True,
                           data={"csrf_token": _token(client, f"/shifts/{shift.id}"), "note": "late " * 61})
    assert "Field cannot be longer than 300 characters." in response.get_data(as_text=True)
    assert db.scalars(select(Signup).where(Signup.shift_id == shift.id)).first() is None


def test_the_note_is_exported_and_goes_with_a_closed_account(client, db, make, login, clock):
    clock.set(NOW)
    shift, volunteer = make.shift(starts_at=NOW + timedelta(days=3)), make.user()
    db.commit()
    login(volunteer)
    client.post(f"/shifts/{shift.id}/signup", data={"csrf_token": _token(client, f"/shifts/{shift.id}"),
                                                   "note": "Step-free access, please"})
    signup = db.scalars(select(Signup).where(Signup.shift_id == shift.id)).one()
    exported = json.loads(client.post("/account/export").get_data(as_text=True))
    assert [item["note"] for item in exported["shift_signups"]] == ["Step-free access, please"]
    deleted = client.post("/account/delete", data={"password": PASSWORD, "understood": "y"})
    assert deleted.status_code == 302
    db.expire_all()
    assert db.get(Signup, signup.id).note == ""


def test_the_volunteer_changes_their_note_until_the_shift_ends_and_no_one_else_may(client, db, make, login, clock):
    clock.set(NOW)
    shift, volunteer, other = make.shift(starts_at=NOW + timedelta(days=3)), make.user(), make.user()
    db.commit()
    login(volunteer)
    client.post(f"/shifts/{shift.id}/signup", data={"csrf_token": _token(client, f"/shifts/{shift.id}"),
                                                   "note": "On time"})
    signup_id = db.scalars(select(Signup.id).where(Signup.shift_id == shift.id)).one()
    page = client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    assert 'value="On time"' in page and "Save the note" in page
    saved = client.post(f"/signups/{signup_id}/note", follow_redirects=True,
                        data={"csrf_token": _token(client, f"/shifts/{shift.id}"), "note": "Half an hour late"})
    assert "Your note for the coordinator is saved." in saved.get_data(as_text=True)
    too_long = client.post(f"/signups/{signup_id}/note", follow_redirects=True,
                           data={"csrf_token": _token(client, f"/shifts/{shift.id}"), "note": "late " * 61})
    assert "Field cannot be longer than 300 characters." in too_long.get_data(as_text=True)

    login(other)
    assert client.post(f"/signups/{signup_id}/note", data={"csrf_token": _token(client, f"/shifts/{shift.id}"),
                                                          "note": "Not theirs"}).status_code == 404
    db.expire_all()
    assert db.get(Signup, signup_id).note == "Half an hour late"

    login(volunteer)
    token = _token(client, f"/shifts/{shift.id}")
    clock.set(NOW + timedelta(days=4))  # the shift is over
    assert "Save the note" not in client.get(f"/shifts/{shift.id}").get_data(as_text=True)
    late = client.post(f"/signups/{signup_id}/note", data={"csrf_token": token, "note": "Too late"},
                       follow_redirects=True)
    assert "This shift has ended, so its note cannot be changed any more." in late.get_data(as_text=True)
    db.expire_all()
    assert db.get(Signup, signup_id).note == "Half an hour late"
