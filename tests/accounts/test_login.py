"""Logging in and out: generic failures, safe redirects, a renewed session, and logout that really ends it."""
from __future__ import annotations

from urllib.parse import unquote

import pytest
from sqlalchemy import select

from planner.accounts.models import LoginSession
from planner.urls import safe_next_url
from tests.accounts.conftest import form_login, session_cookie
from tests.factories import PASSWORD


def test_login_signs_in_and_the_header_shows_the_name(client, make):
    person = make.user(name="Layla Haddad")
    response = form_login(client, person.email)
    assert response.status_code == 302
    home = client.get("/")
    assert b"Layla Haddad" in home.data
    assert b"Log out" in home.data


def test_login_page_shows_the_form(client):
    page = client.get("/login?next=/councils")
    assert page.status_code == 200
    assert b'name="password"' in page.data
    assert b'value="/councils"' in page.data


@pytest.mark.parametrize("email, password", [
    ("known", "wrong password entirely"),  # right account, wrong password
    ("nobody@example.org", PASSWORD),  # no such account
])
def test_a_failed_login_says_the_same_thing_whatever_was_wrong(client, make, email, password):
    person = make.user()
    response = form_login(client, person.email if email == "known" else email, password)
    assert response.status_code == 200
    assert b"The email address or password is not right." in response.data
    assert client.get("/account/profile").status_code == 302


def test_an_inactive_account_cannot_log_in(client, make):
    person = make.user(is_active=False)
    response = form_login(client, person.email)
    assert b"The email address or password is not right." in response.data


def test_login_renews_the_session(client, make):
    person = make.user()
    client.post("/language", data={"locale": "fr", "next": "/"})  # the browser already has a session cookie
    before = session_cookie(client)
    assert before
    form_login(client, person.email)
    first = session_cookie(client)
    assert first and first != before
    client.post("/logout")
    form_login(client, person.email)
    assert session_cookie(client) not in (before, first)
    assert 'lang="fr"' in client.get("/").get_data(as_text=True)  # the language choice survives


def test_each_login_opens_a_new_server_side_session(client, db, make):
    person = make.user()
    form_login(client, person.email)
    client.post("/logout")
    form_login(client, person.email)
    rows = db.scalars(select(LoginSession).where(LoginSession.user_id == person.id)).all()
    assert len(rows) == 2
    assert sum(row.revoked_at is None for row in rows) == 1


def test_logout_is_post_only_and_ends_the_session(client, make):
    person = make.user(name="Omar Test")
    form_login(client, person.email)
    page = client.get("/logout")
    assert page.status_code == 200
    assert b"Omar Test" in page.data  # a GET changes nothing: still signed in
    response = client.post("/logout")
    assert response.status_code == 302
    assert b"Omar Test" not in client.get("/").data
    assert client.get("/account/profile").status_code == 302


def test_a_cookie_replayed_after_logout_gets_nothing(app, client, make):
    person = make.user(name="Stolen Cookie")
    form_login(client, person.email)
    stolen = session_cookie(client)
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/account/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert b"Stolen Cookie" not in thief.get("/").data


@pytest.mark.parametrize("target", [
    "//evil.com",
    "https://evil.com",
    "http://evil.com/path",
    "/\\evil.com",
    "\\\\evil.com",
    "javascript:alert(1)",
    "evil.com",
])
def test_an_off_site_next_is_refused(client, make, target):
    person = make.user()
    response = form_login(client, person.email, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/me"  # My planner, never the other site


def test_a_local_next_is_followed(client, make):
    person = make.user()
    response = form_login(client, person.email, next="/councils?page=2")
    assert response.headers["Location"] == "/councils?page=2"


@pytest.mark.parametrize("target, safe", [
    ("//evil.com", False),
    ("https://evil.com", False),
    ("/\\evil.com", False),
    ("javascript:alert(1)", False),
    ("", False),
    (None, False),
    ("/initiatives/3", True),
])
def test_safe_next_url(app, target, safe):
    with app.test_request_context():
        assert safe_next_url(target) == (target if safe else "/")


def test_pages_for_signed_in_people_send_visitors_to_login_and_back(client, make):
    response = client.get("/account/profile")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    person = make.user()
    location = response.headers["Location"]
    next_value = location.split("next=", 1)[1]
    back = form_login(client, person.email, next=unquote(next_value))
    assert back.headers["Location"] == "/account/profile"


def test_logging_in_again_ends_the_session_the_browser_had(app, client, make):
    first, second = make.user(name="First Person"), make.user(name="Second Person")
    form_login(client, first.email)
    earlier = session_cookie(client)
    form_login(client, second.email)
    assert b"Second Person" in client.get("/").data
    replay = app.test_client()
    replay.set_cookie("session", earlier)
    assert b"First Person" not in replay.get("/").data
