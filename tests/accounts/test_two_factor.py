"""Two-step verification: roles that need it, codes used once, and a throttle that never locks the owner out."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from sqlalchemy import select

from planner.accounts import two_factor
from planner.accounts.models import LoginSession, RecoveryCode, User
from planner.accounts.throttle import shared_store_warning
from planner.audit.models import AuditEvent
from planner.notifications.models import Notification
from tests.accounts.conftest import form_login
from tests.factories import PASSWORD, TOTP_SECRET

START = datetime(2027, 4, 5, 10, 0, tzinfo=UTC)


def _code(at: datetime) -> str:
    return pyotp.TOTP(TOTP_SECRET).at(at)


def _password_step(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def test_a_council_role_is_not_in_effect_until_two_step_verification_is_on(client, db, make):
    council = make.council()
    member = make.council_member(council, two_factor=False)
    db.commit()
    response = form_login(client, member.email)
    assert response.headers["Location"].endswith("/account/security")
    assert client.get(f"/councils/{council.slug}/requests").status_code == 403
    assert b"needs two-step verification" in client.get("/account/security").data


def test_an_administrator_without_it_is_not_an_administrator_yet(client, make, login):
    person = make.admin(two_factor=False)
    login(person)
    assert client.get("/admin/users").status_code == 403


def test_the_password_step_then_the_code_signs_in_and_a_code_is_not_taken_twice(client, db, make, clock):
    clock.set(START, tick=False)
    email = make.council_member(make.council()).email
    db.commit()
    assert _password_step(client, email).headers["Location"].endswith("/login/code")
    assert client.get("/account/profile").status_code == 302  # not signed in after the password alone
    assert client.post("/login/code", data={"code": _code(START)}).status_code == 302
    assert client.get("/account/profile").status_code == 200
    client.post("/logout")
    _password_step(client, email)
    replay = client.post("/login/code", data={"code": _code(START)})
    assert replay.status_code == 200 and b"not right" in replay.data
    clock.set(START + timedelta(seconds=30), tick=False)
    assert client.post("/login/code", data={"code": _code(START + timedelta(seconds=30))}).status_code == 302


def test_a_recovery_code_works_once(client, db, make):
    person = make.council_member(make.council())
    [code, *_rest] = two_factor.new_recovery_codes(person)
    email = person.email
    db.commit()
    _password_step(client, email)
    assert client.post("/login/code", data={"code": code.upper()}).status_code == 302
    client.post("/logout")
    _password_step(client, email)
    assert client.post("/login/code", data={"code": code}).status_code == 200
    assert db.scalar(select(RecoveryCode.used_at).where(RecoveryCode.user_id == person.id,
                                                        RecoveryCode.used_at.is_not(None))) is not None


def test_five_wrong_codes_end_the_attempt(client, db, make, clock):
    clock.set(START, tick=False)
    email = make.council_member(make.council()).email
    db.commit()
    _password_step(client, email)
    for _ in range(5):
        client.post("/login/code", data={"code": "000001"})
    ended = client.post("/login/code", data={"code": _code(START)})
    assert ended.headers["Location"].endswith("/login")  # the password again, then a new code
    _password_step(client, email)
    assert client.post("/login/code", data={"code": _code(START)}).status_code == 302


def test_a_strangers_failures_never_refuse_the_owners_password_and_code(app, client, db, make, clock):
    clock.set(START, tick=False)
    email = make.council_member(make.council()).email
    db.commit()
    attacker = app.test_client()
    for _ in range(12):
        attacker.post("/login", data={"email": email, "password": "guess after guess"})
    assert _password_step(client, email).status_code == 429  # the password alone is not enough now
    locked = client.post("/login", data={"email": email, "password": "wrong", "code": _code(START)})
    right_password = client.post("/login", data={"email": email, "password": PASSWORD, "code": "000001"})
    assert locked.status_code == right_password.status_code == 429  # and the answer does not say which was wrong
    assert b"not right" not in locked.data and b"not right" not in client.get("/login").data
    owner = client.post("/login", data={"email": email, "password": PASSWORD, "code": _code(START)})
    assert owner.status_code == 302 and client.get("/account/profile").status_code == 200


def test_a_strangers_wrong_codes_do_not_stop_the_owners_right_one(app, client, db, make, clock):
    clock.set(START, tick=False)
    email = make.council_member(make.council()).email
    db.commit()
    for _ in range(4):  # someone who knows the password guesses codes, attempt after attempt
        attacker = app.test_client()
        _password_step(attacker, email)
        for _ in range(5):
            attacker.post("/login/code", data={"code": "000001"})
    _password_step(client, email)
    assert client.post("/login/code", data={"code": _code(START)}).status_code == 302


def test_from_one_busy_network_the_owner_with_a_code_still_gets_in(app, client, db, make, clock):
    clock.set(START, tick=False)
    owner_email = make.council_member(make.council()).email
    others = [make.user().email for _ in range(31)]
    db.commit()
    neighbour = app.test_client()
    for address in others:  # the same network address fails 31 times, on other accounts
        neighbour.post("/login", data={"email": address, "password": "wrong"})
    assert client.post("/login", data={"email": owner_email, "password": PASSWORD,
                                       "code": _code(START)}).status_code == 302


def test_an_administrator_resets_a_lost_second_factor_and_it_is_audited(client, db, make, login):
    person = make.council_member(make.council())
    login(person)
    client.post("/logout")
    admin = make.admin()
    login(admin)
    assert client.post(f"/admin/users/{person.id}/two-factor/reset").status_code == 302
    db.expire_all()
    held = db.get(User, person.id)
    assert not held.has_two_factor and held.totp_secret is None
    assert db.scalars(select(LoginSession).where(LoginSession.user_id == person.id,
                                                 LoginSession.revoked_at.is_(None))).all() == []
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "account.two_factor_reset"))
    assert (event.actor_id, event.record_id) == (admin.id, person.id)
    assert db.scalars(select(Notification.kind).where(Notification.user_id == person.id)).all() == [
        "account.two_factor_reset"]


def test_enrolment_needs_a_right_code_from_the_new_secret(client, db, make, login, clock):
    clock.set(START, tick=False)
    person = make.user()
    login(person)
    assert client.post("/account/security/two-factor/start").status_code == 302
    page = client.get("/account/security/two-factor").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page
    db.expire_all()
    secret = db.get(User, person.id).totp_secret
    assert secret in page
    assert client.post("/account/security/two-factor", data={"code": "123456" if pyotp.TOTP(secret).at(START)
                                                             != "123456" else "654321"}).status_code == 400
    done = client.post("/account/security/two-factor", data={"code": pyotp.TOTP(secret).at(START)})
    assert done.status_code == 200 and done.get_data(as_text=True).count("<li><code>") == 10
    db.expire_all()
    assert db.get(User, person.id).has_two_factor


def test_the_security_page_lists_browsers_and_ends_them(client, db, make, login):
    person = make.user()
    for agent in ("Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0", "Other/1"):
        client.application.test_client().post("/login", data={"email": person.email, "password": PASSWORD},
                                              headers={"User-Agent": agent})
    login(person)
    page = client.get("/account/security").get_data(as_text=True)
    assert "Firefox Mobile 128 on Android" in page and "this browser" in page
    assert "(UTC)" in page  # the times say on which clock they are read
    hashes = [row.token_hash for row in db.scalars(select(LoginSession).where(
        LoginSession.user_id == person.id, LoginSession.revoked_at.is_(None), LoginSession.user_agent != ""))]
    client.post(f"/account/sessions/{hashes[0]}/end")
    db.expire_all()
    assert db.get(LoginSession, hashes[0]).revoked_at is not None
    client.post("/account/sessions/end-others")
    live = db.scalars(select(LoginSession).where(LoginSession.user_id == person.id,
                                                 LoginSession.revoked_at.is_(None))).all()
    assert len(live) == 1 and client.get("/account/security").status_code == 200


def test_several_workers_with_the_in_memory_store_are_reported_loudly():
    assert "redis://" in shared_store_warning(4, "memory://")
    assert shared_store_warning(1, "memory://") is None
    assert shared_store_warning(4, "redis://127.0.0.1:6379/0") is None



def test_a_code_typed_in_arabic_indic_or_persian_digits_signs_in(client, db, make, clock):
    email = make.council_member(make.council()).email
    db.commit()
    for step, digits in enumerate(("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")):  # as an Arabic or a Persian keyboard types them
        now = START + timedelta(seconds=30 * step)  # a code is taken once: each try has its own
        clock.set(now, tick=False)
        _password_step(client, email)
        typed = _code(now).translate(str.maketrans("0123456789", digits))
        assert client.post("/login/code", data={"code": typed}).status_code == 302
        assert client.get("/account/profile").status_code == 200
        client.post("/logout")
    _password_step(client, email)
    wrong = client.post("/login/code", data={"code": "١٢٣٤٥٦"})
    assert wrong.status_code == 200 and b"not right" in wrong.data
