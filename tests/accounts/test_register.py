"""Registering: a new account is a volunteer; emails are one account however typed; weak passwords refused."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from planner.accounts.models import Role, User
from planner.accounts.passwords import verify_password
from planner.notifications.models import Notification

PASSPHRASE = "lantern orchard velvet compass"


def _register(client, email="alice@x.org", password=PASSPHRASE, name="Alice Example", confirm=None):
    return client.post("/register", data={"name": name, "email": email, "password": password,
                                          "confirm": confirm if confirm is not None else password})


def _users_with(db, canonical: str) -> list[User]:
    return list(db.scalars(select(User).where(User.email_canonical == canonical)))


def test_register_opens_an_unconfirmed_volunteer_account_and_mails_a_link(client, db):
    response = _register(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    [user] = _users_with(db, "alice@x.org")
    assert user.name == "Alice Example" and not user.is_verified
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, PASSPHRASE)
    assert [grant.role for grant in user.grants] == [Role.VOLUNTEER]
    [mail] = db.scalars(select(Notification).where(Notification.user_id == user.id))
    assert mail.kind == "account.verify" and "/account/verify/" in mail.body
    assert client.post("/login", data={"email": "alice@x.org", "password": PASSPHRASE}).status_code == 302
    page = client.get("/account/profile")
    assert b"Alice Example" in page.data and b"not confirmed yet" in page.data


def test_the_register_page_shows_the_form(client):
    page = client.get("/register")
    assert page.status_code == 200
    assert b'name="password"' in page.data and b'name="confirm"' in page.data


def test_registering_a_taken_address_answers_the_same_and_tells_the_owner(client, db):
    first = _register(client, email="Alice@x.org ")
    [user] = _users_with(db, "alice@x.org")
    assert user.email == "Alice@x.org"
    again = _register(client, email="alice@x.org", name="Someone Else")
    assert (again.status_code, again.headers["Location"]) == (first.status_code, first.headers["Location"])
    assert db.scalar(select(func.count()).select_from(User).where(User.email_canonical == "alice@x.org")) == 1
    kinds = db.scalars(select(Notification.kind).where(Notification.user_id == user.id).order_by(Notification.id))
    assert list(kinds) == ["account.verify", "account.already_registered"]


def test_login_works_with_the_email_typed_differently(client):
    _register(client, email="Alice@x.org ")
    client.post("/logout")
    response = client.post("/login", data={"email": "  ALICE@X.ORG", "password": PASSPHRASE})
    assert response.status_code == 302


def test_the_database_refuses_a_second_account_with_the_same_canonical_email(db, make):
    make.user(email="bob@x.org")
    db.add(User(name="Bob Again", email="BOB@x.org", email_canonical="bob@x.org", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


@pytest.mark.parametrize("password", [
    "password123",  # on the list of most used passwords
    "qwertyuiop",  # a keyboard walk
    "iloveyou12345",  # a common phrase with digits
    "alice@x.org2024",  # the person's own email
    "short",  # fewer than 10 characters
])
def test_weak_passwords_are_refused_with_a_clear_message(client, db, password):
    response = _register(client, password=password)
    assert response.status_code == 200
    assert b'class="error"' in response.data
    assert _users_with(db, "alice@x.org") == []


def test_a_common_password_says_why(client):
    response = _register(client, password="password1234")
    assert b"commonly used passwords" in response.data or b"too easy to guess" in response.data


def test_a_long_passphrase_is_accepted(client, db):
    passphrase = "the river by the old mill runs quietly under seven stone bridges " * 12  # ~780 characters
    assert _register(client, password=passphrase).status_code == 302
    [user] = _users_with(db, "alice@x.org")
    assert verify_password(user.password_hash, passphrase)


def test_a_password_over_the_limit_is_refused(client, db):
    assert _register(client, password="x7Gq!" * 201).status_code == 200
    assert _users_with(db, "alice@x.org") == []


def test_the_two_passwords_must_match(client, db):
    response = _register(client, confirm=PASSPHRASE + "x")
    assert b"The two passwords differ." in response.data
    assert _users_with(db, "alice@x.org") == []


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "", "x" * 250 + "@x.org"])
def test_bad_email_addresses_are_refused(client, db, email):
    before = db.scalar(select(func.count()).select_from(User))
    response = _register(client, email=email)
    assert response.status_code == 200
    assert b'class="error"' in response.data
    assert db.scalar(select(func.count()).select_from(User)) == before
