"""Failed logins are throttled per account and per client address; X-Forwarded-For does not reset either."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.accounts.conftest import form_login

WRONG = "not the password at all"


def _from(address: str, forwarded_for: str | None = None) -> dict:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return {"environ_base": {"REMOTE_ADDR": address}, "headers": headers}


def _attempt(client, email, password, address="192.0.2.1", forwarded_for=None):
    return client.post("/login", data={"email": email, "password": password}, **_from(address, forwarded_for))


def test_after_five_failures_the_right_password_alone_is_refused(client, make, db):
    email = make.user().email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for _ in range(5):
        assert _attempt(client, email, WRONG).status_code == 200
    refused = form_login(client, email)
    assert refused.status_code == 429
    assert b"Too many failed attempts" in refused.data
    assert client.get("/account/profile").status_code == 302  # not signed in


def test_a_new_forwarded_for_address_each_time_does_not_help(client, make, db):
    email = make.user().email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for number in range(5):
        _attempt(client, email, WRONG, forwarded_for=f"198.51.100.{number}")
    response = _attempt(client, email, "correct horse battery staple", forwarded_for="203.0.113.77")
    assert response.status_code == 429


def test_the_account_throttle_holds_across_addresses(client, make, db):
    email = make.user().email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for number in range(5):
        _attempt(client, email, WRONG, address=f"192.0.2.{number + 10}")
    assert _attempt(client, email, "correct horse battery staple", address="192.0.2.99").status_code == 429


def test_another_account_from_another_address_is_unaffected(client, make, db):
    victim, other = make.user().email, make.user().email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for _ in range(5):
        _attempt(client, victim, WRONG, address="192.0.2.1")
    response = _attempt(client, other, "correct horse battery staple", address="192.0.2.200")
    assert response.status_code == 302


def test_an_address_that_fails_on_many_accounts_is_throttled(app, client, make, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_LIMIT", "4 per 15 minutes")
    people = [make.user().email for _ in range(5)]
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for number, person in enumerate(people[:4]):
        _attempt(client, person, WRONG, forwarded_for=f"198.51.100.{number}")
    blocked = _attempt(client, people[4], "correct horse battery staple", forwarded_for="203.0.113.5")
    assert blocked.status_code == 429
    elsewhere = _attempt(client, people[4], "correct horse battery staple", address="192.0.2.50")
    assert elsewhere.status_code == 302


def test_successful_logins_do_not_count(client, make, db):
    email = make.user().email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for _ in range(7):
        assert form_login(client, email).status_code == 302
        client.post("/logout")


@pytest.mark.parametrize("round_", [1, 2])
def test_counters_do_not_leak_from_one_test_to_the_next(client, make, db, round_):
    email = make.user(email="same-person@example.org").email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    for _ in range(4):
        _attempt(client, email, WRONG)
    assert form_login(client, email, **{}).status_code == 302


def test_wrong_current_passwords_are_throttled_on_the_password_page(client, make, db):
    email = make.user().email
    db.commit()  # a savepoint: the people outlive each refused login, which rolls its own work back
    form_login(client, email)
    data = {"current_password": WRONG, "new_password": "lantern orchard velvet compass",
            "confirm": "lantern orchard velvet compass"}
    for _ in range(5):
        assert client.post("/account/password", data=data).status_code == 200
    data["current_password"] = "correct horse battery staple"
    assert client.post("/account/password", data=data).status_code == 429


def test_gunicorn_says_loudly_at_start_when_several_workers_would_each_count_alone(monkeypatch):
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    said: list[str] = []
    server = SimpleNamespace(cfg=SimpleNamespace(workers=4),
                             log=SimpleNamespace(error=lambda text, *args: said.append(text % args)))
    monkeypatch.setenv("PLANNER_ENV", "production")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    conf.on_starting(server)
    assert len(said) == 1 and "4 workers" in said[0] and "redis://" in said[0]
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    conf.on_starting(server)
    assert len(said) == 1
    monkeypatch.delenv("CACHE_URL")  # the cache in each worker's memory: as loud
    conf.on_starting(server)
    assert len(said) == 2 and "CACHE_URL=memory://" in said[1] and "redis://" in said[1]
