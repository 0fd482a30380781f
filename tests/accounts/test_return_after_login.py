"""A visitor who must log in or register to act comes back to the page they were on, where the action waits."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from planner.accounts.models import User
from planner.volunteering.models import Signup
from tests.accounts.conftest import form_login

NEW_PASSWORD = "olive lantern harbour"


def test_visitor_registers_from_a_shift_and_comes_back_to_sign_up(client, db, clock, make):
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    shift = make.shift(starts_at=datetime(2027, 3, 13, 7, tzinfo=UTC))
    shift_path = f"/shifts/{shift.id}"
    page = client.get(shift_path).get_data(as_text=True)
    assert f'href="/login?next={shift_path}"' in page  # "Log in to sign up"
    login_page = client.get(f"/login?next={shift_path}").get_data(as_text=True)
    assert f'href="/register?next={shift_path}"' in login_page  # "Create an account" keeps the way back
    registered = client.post(f"/register?next={shift_path}", data={
        "name": "Lina", "email": "lina@example.org", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "next": shift_path})
    assert registered.status_code == 302 and registered.headers["Location"].endswith(f"/login?next={shift_path}")
    logged_in = form_login(client, "lina@example.org", NEW_PASSWORD, next=shift_path)
    assert logged_in.status_code == 302 and logged_in.headers["Location"].endswith(shift_path)
    back = client.get(shift_path).get_data(as_text=True)
    assert f'action="/shifts/{shift.id}/signup"' in back  # the sign-up button waits for them
    assert client.post(f"/shifts/{shift.id}/signup").status_code == 302
    lina = db.scalars(select(User).where(User.email == "lina@example.org")).one()
    assert db.scalars(select(Signup).where(Signup.shift_id == shift.id, Signup.volunteer_id == lina.id)).one()


def test_a_way_back_off_the_site_is_ignored(client, db, make):
    registered = client.post("/register", data={
        "name": "Omar", "email": "omar@example.org", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "next": "https://evil.example/phish"})
    assert registered.status_code == 302 and registered.headers["Location"].endswith("/login")
