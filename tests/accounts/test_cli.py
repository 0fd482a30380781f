"""Command-line account tasks: the first administrator, and demo accounts in development."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from planner.accounts.models import Role, RoleGrant, User
from planner.accounts.passwords import verify_password
from planner.audit.models import AuditEvent
from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.organisations.models import Organisation

PASSPHRASE = "lantern orchard velvet compass"


@pytest.fixture
def cli(app, db):
    runner = app.test_cli_runner()
    return lambda *args, input=None: runner.invoke(args=list(args), input=input)


def _user(db, email) -> User | None:
    db.expire_all()
    return db.scalars(select(User).where(User.email_canonical == email)).first()


def _roles(user: User) -> set[str]:
    return {grant.role.value for grant in user.grants}


def test_create_admin_makes_a_new_administrator_from_stdin(cli, db):
    result = cli("create-admin", "--email", " Root@Example.org ", "--name", "First Admin", "--password-stdin",
                 input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    user = _user(db, "root@example.org")
    assert user.name == "First Admin" and verify_password(user.password_hash, PASSPHRASE)
    assert _roles(user) == {"admin", "volunteer"}
    grant = db.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.role == Role.ADMIN)).one()
    event = db.scalars(select(AuditEvent).where(AuditEvent.record_id == grant.id, AuditEvent.action == "role.grant")).one()
    assert event.actor_id is None and "command line" in event.comment


def test_create_admin_prompts_for_the_password_twice(cli, db):
    result = cli("create-admin", "--email", "prompted@example.org", "--name", "Prompted",
                 input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert result.exit_code == 0, result.output
    assert "admin" in _roles(_user(db, "prompted@example.org"))


def test_create_admin_refuses_a_weak_password(cli, db):
    result = cli("create-admin", "--email", "weak@example.org", "--name", "Weak", "--password-stdin",
                 input="password123\n")
    assert result.exit_code != 0
    assert "commonly used passwords" in result.output
    assert _user(db, "weak@example.org") is None


def test_create_admin_refuses_an_account_that_is_already_admin(cli, db, make):
    person = make.user(email="already@example.org")
    make.grant(person, Role.ADMIN)
    result = cli("create-admin", "--email", "ALREADY@example.org", "--name", "X", "--password-stdin",
                 input=PASSPHRASE + "\n")
    assert result.exit_code != 0
    assert "already an administrator" in result.output


def test_create_admin_promotes_an_existing_account_without_touching_its_password(cli, db, make):
    person = make.user(email="promote@example.org")
    old_hash = person.password_hash
    result = cli("create-admin", "--email", "promote@example.org")
    assert result.exit_code == 0, result.output
    user = _user(db, "promote@example.org")
    assert "admin" in _roles(user) and user.password_hash == old_hash


def test_create_admin_needs_a_name_for_a_new_account(cli, db):
    result = cli("create-admin", "--email", "nameless@example.org", "--password-stdin", input=PASSPHRASE + "\n")
    assert result.exit_code != 0 and "--name" in result.output


def _seeded(db, make, model, slug):
    """A stand-in with the slug of a seeded record the demo accounts are given roles in (the test baseline holds
    no demo records)."""
    record = db.scalars(select(model).where(model.slug == slug)).first()
    if record is None:
        record = {Council: make.council, Organisation: make.organisation, Centre: make.centre}[model]()
        record.slug = slug
        db.flush()
    return record


def _passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(demo-[a-z]+@example\.org)\s+(\S+)", output, re.M))


def test_demo_accounts_creates_one_account_per_role(app, cli, db, make, client):
    council = _seeded(db, make, Council, "amman-east")
    organisations = [_seeded(db, make, Organisation, slug)
                     for slug in ("east-amman-civic-network", "zarqa-womens-cooperative")]
    centre = _seeded(db, make, Centre, "hashmi-community-centre")
    db.execute(update(RoleGrant).where(RoleGrant.council_id == council.id, RoleGrant.role == Role.COUNCIL_CHAIR)
               .values(revoked_at=utcnow()))  # the council's seat is free for the demo chair
    result = cli("demo-accounts")
    assert result.exit_code == 0, result.output
    passwords = _passwords(result.output)
    assert set(passwords) == {f"demo-{kind}@example.org" for kind in
                              ("admin", "volunteer", "coordinator", "member", "chair", "treasurer")}
    coordinator = _user(db, "demo-coordinator@example.org")
    assert {g.organisation_id for g in coordinator.grants if g.organisation_id} == {o.id for o in organisations}
    assert {g.centre_id for g in coordinator.grants if g.centre_id} == {centre.id}
    assert {(g.role.value, g.council_id) for g in _user(db, "demo-treasurer@example.org").grants} >= {
        ("council_treasurer", council.id)}
    assert "admin" in _roles(_user(db, "demo-admin@example.org"))
    assert "two-step key of demo-chair@example.org" in result.output
    step = client.post("/login", data={"email": "demo-chair@example.org",
                                       "password": passwords["demo-chair@example.org"]})
    assert step.headers["Location"].endswith("/login/code")
    code = cli("demo-code", "demo-chair@example.org").output.strip()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get(f"/councils/{council.slug}/members").status_code == 200  # the chair's role is in effect
    assert cli("demo-code", "someone@example.org").exit_code != 0


def test_demo_accounts_is_idempotent_and_renews_passwords(cli, db):
    first = _passwords(cli("demo-accounts").output)
    second_run = cli("demo-accounts")
    assert second_run.exit_code == 0, second_run.output
    second = _passwords(second_run.output)
    assert all(first[email] != second[email] for email in first)
    db.expire_all()
    count = len(db.scalars(select(User).where(User.email_canonical.like("demo-%@example.org"))).all())
    assert count == 6
    user = _user(db, "demo-volunteer@example.org")
    assert verify_password(user.password_hash, second["demo-volunteer@example.org"])
    assert len([g for g in user.grants if g.role is Role.VOLUNTEER]) == 1


def test_demo_accounts_skips_missing_seed_records_with_a_message(cli, db):
    missing = db.scalars(select(Council).where(Council.slug == "amman-east")).first() is None
    result = cli("demo-accounts")
    assert result.exit_code == 0
    assert ("no such council" in result.output) == missing


def test_demo_accounts_refuses_outside_development(app, cli, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = cli("demo-accounts")
    assert result.exit_code != 0
    assert "only made in development" in result.output
    assert _user(db, "demo-admin@example.org") is None
