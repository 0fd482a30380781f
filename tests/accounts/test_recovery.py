"""Password reset, address verification and change of address; none tells a stranger who has an account."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.accounts.models import AccountToken, LoginSession, Role, User
from planner.accounts.passwords import verify_password
from planner.accounts.services import AccountError, GrantScope, grant_role
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from tests.accounts.conftest import form_login

NEW_PASSPHRASE = "copper meadow harbour lantern"


def _mails(db, address: str, kind: str | None = None) -> list[Notification]:
    statement = select(Notification).where(Notification.to_address == address).order_by(Notification.id)
    if kind:
        statement = statement.where(Notification.kind == kind)
    return list(db.scalars(statement))


def _link(mail: Notification) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def _answer(client, address: str) -> tuple[int, str]:
    response = client.post("/password-reset", data={"email": address})
    return response.status_code, response.get_data(as_text=True).replace(address, "ADDRESS")


def test_asking_for_a_reset_answers_the_same_whether_or_not_the_address_has_an_account(client, db, make):
    person = make.user(email="known@example.org")
    assert _answer(client, "known@example.org") == _answer(client, "unknown@example.org")
    assert [mail.kind for mail in _mails(db, person.email)] == ["account.password_reset"]
    assert _mails(db, "unknown@example.org") == []


def test_the_reset_link_has_256_random_bits_and_the_configured_address_whatever_the_host(client, db, make, app):
    person = make.user()
    client.post("/password-reset", data={"email": person.email}, headers={"Host": "evil.example"})
    [mail] = _mails(db, person.email)
    assert mail.body.count(app.config["BASE_URL"] + "/password-reset/") == 1 and "evil.example" not in mail.body
    secret = _link(mail).rsplit("/", 1)[1]
    assert len(secret) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", secret)  # token_urlsafe(32): 256 bits
    [token] = db.scalars(select(AccountToken).where(AccountToken.user_id == person.id))
    assert token.token_hash != secret and len(token.token_hash) == 64  # only the SHA-256 is stored


def test_a_reset_sets_the_password_ends_every_session_is_audited_and_works_once(client, db, make, login):
    person = make.user()
    login(person)  # a browser left signed in elsewhere
    client.post("/logout")
    other = make.user()
    login(other)
    client.post("/password-reset", data={"email": person.email})
    link = _link(_mails(db, person.email)[0])
    weak = client.post(link, data={"password": "password123", "confirm": "password123"})
    assert weak.status_code == 200 and b"commonly used" in weak.data  # the policy holds; the link still works
    done = client.post(link, data={"password": NEW_PASSPHRASE, "confirm": NEW_PASSPHRASE})
    assert done.status_code == 302
    db.expire_all()
    assert verify_password(db.get(User, person.id).password_hash, NEW_PASSPHRASE)
    live = db.scalars(select(LoginSession).where(LoginSession.user_id == person.id,
                                                 LoginSession.revoked_at.is_(None))).all()
    assert len(live) == 1  # only the browser that used the link
    assert db.scalars(select(AuditEvent.action).where(AuditEvent.record_id == person.id,
                                                      AuditEvent.action == "account.password_reset")).all()
    again = client.post(link, data={"password": "another fine passphrase here", "confirm": "another fine passphrase here"})
    assert again.status_code == 404 and b"already been used" in again.data


def test_an_expired_or_tampered_link_gets_a_clear_message(client, db, make, clock):
    clock.set(datetime(2027, 5, 1, 12, tzinfo=UTC))
    person = make.user()
    client.post("/password-reset", data={"email": person.email})
    link = _link(_mails(db, person.email)[0])
    tampered = client.get(link[:-2] + ("AA" if not link.endswith("AA") else "BB"))
    assert tampered.status_code == 404 and b"not valid" in tampered.data
    clock.set(datetime(2027, 5, 1, 13, 1, tzinfo=UTC))
    expired = client.get(link)
    assert expired.status_code == 404 and b"has expired" in expired.data
    assert client.get("/password-reset/" + "x" * 500).status_code == 404


def test_a_reset_link_opens_an_account_that_strangers_locked(client, db, make):
    email = make.user().email
    db.commit()  # a savepoint: the person outlives each refused login, which rolls its own work back
    for _ in range(6):
        form_login(client, email, "wrong password, again and again")
    assert form_login(client, email).status_code == 429  # a password alone no longer opens it
    client.post("/password-reset", data={"email": email})
    link = _link(_mails(db, email)[0])
    assert client.post(link, data={"password": NEW_PASSPHRASE, "confirm": NEW_PASSPHRASE}).status_code == 302
    assert client.get("/account/profile").status_code == 200
    client.post("/logout")
    assert form_login(client, email, NEW_PASSPHRASE).status_code == 302  # the count was cleared


def test_a_stranger_asking_again_and_again_sends_three_mails_an_hour_and_the_owners_link_still_works(client, db,
                                                                                                     make):
    person = make.user()
    answers = {client.post("/password-reset", data={"email": person.email}).status_code for _ in range(5)}
    assert answers == {200}  # the same answer every time
    mails = _mails(db, person.email)
    assert len(mails) == 3
    first = _link(mails[0])
    assert client.post(first, data={"password": NEW_PASSPHRASE, "confirm": NEW_PASSPHRASE}).status_code == 302


# --- verification ----------------------------------------------------------------------------


def test_an_unconfirmed_account_signs_up_for_three_shifts_at_most(client, db, make, login, clock):
    clock.set(datetime(2029, 12, 1, 9, tzinfo=UTC))
    person = make.user(email_verified_at=None)
    shifts = [make.shift(capacity=3, starts_at=datetime(2030, 1, day, 9, tzinfo=UTC)) for day in (1, 2, 3, 4)]
    login(person)
    for shift in shifts[:3]:
        assert client.post(f"/shifts/{shift.id}/signup").status_code == 302
    refused = client.post(f"/shifts/{shifts[3].id}/signup", follow_redirects=True)
    assert b"confirm your e-mail address" in refused.data
    client.post("/account/verify-again")
    link = _link(_mails(db, person.email, "account.verify")[-1])
    assert client.post(link).status_code == 302
    assert client.post(f"/shifts/{shifts[3].id}/signup", follow_redirects=True).status_code == 200
    db.expire_all()
    assert db.get(User, person.id).is_verified


def test_an_unconfirmed_account_cannot_be_given_a_coordinator_or_council_role(db, make):
    person = make.user(email_verified_at=None)
    with pytest.raises(AccountError, match="confirmed"):
        grant_role(None, person, GrantScope(Role.COORDINATOR, organisation_id=make.organisation().id))
    with pytest.raises(AccountError, match="confirmed"):
        grant_role(None, person, GrantScope(Role.COUNCIL_MEMBER, council_id=make.council().id))


def test_changing_the_address_confirms_the_new_one_and_tells_the_old(client, db, make, login):
    person = make.user(email="old@example.org")
    login(person)
    wrong = client.post("/account/email", data={"email": "new@example.org", "password": "not mine"})
    assert wrong.status_code == 200 and _mails(db, "new@example.org") == []
    sent = client.post("/account/email", data={"email": "new@example.org", "password": "correct horse battery staple"},
                       follow_redirects=True)
    assert "We have sent a link to \u2068new@example.org\u2069." in sent.get_data(as_text=True)  # isolated
    assert [m.kind for m in _mails(db, "old@example.org")] == ["account.email_change_requested"]
    link = _link(_mails(db, "new@example.org", "account.email_change")[0])
    assert client.get(link).status_code == 200  # the link only shows a button
    db.expire_all()
    assert db.get(User, person.id).email == "old@example.org"
    assert client.post(link).status_code == 302
    db.expire_all()
    moved = db.get(User, person.id)
    assert (moved.email, moved.email_canonical, moved.is_verified) == ("new@example.org", "new@example.org", True)
    assert [m.kind for m in _mails(db, "old@example.org")][-1] == "account.email_changed"


def test_moving_to_an_address_that_has_an_account_tells_that_owner_and_nobody_else(client, db, make, login):
    make.user(email="taken@example.org")
    person = make.user(email="mover@example.org")
    login(person)
    answer = client.post("/account/email", data={"email": "taken@example.org",
                                                 "password": "correct horse battery staple"})
    fresh = client.post("/account/email", data={"email": "free@example.org",
                                                "password": "correct horse battery staple"})
    assert answer.status_code == fresh.status_code == 302
    assert [m.kind for m in _mails(db, "taken@example.org")] == ["account.email_change_refused"]
    assert "/account/email/" not in _mails(db, "taken@example.org")[0].body
