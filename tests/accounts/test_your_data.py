"""A person's own data: the JSON export, and deleting the account, checked row by row afterwards."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pyotp
from sqlalchemy import func, select

from planner.accounts import tokens, two_factor
from planner.accounts.models import (
    AccountToken,
    CouncilInvitation,
    LoginSession,
    RecoveryCode,
    Role,
    RoleGrant,
    TokenPurpose,
    User,
    user_skills,
)
from planner.accounts.sessions import start_session
from planner.audit.models import AuditEvent
from planner.budgets.models import ReviewComment, Vote, VoteChoice
from planner.notifications.models import Notification
from planner.notifications.services import queue_email
from planner.volunteering.models import Certificate, Signup, SignupStatus
from tests.budgets.conftest import build_scene
from tests.factories import PASSWORD, TOTP_SECRET

NOW = datetime(2027, 6, 1, 12, tzinfo=UTC)


def _life(make, db, person: User) -> dict:
    """A member who volunteered (hours verified, a place to come, someone waiting), voted and commented."""
    scene = build_scene(make)
    make.grant(person, Role.COUNCIL_MEMBER, council=scene.council)
    person.skills = [make.skill()]
    past = make.shift(capacity=2, starts_at=NOW - timedelta(days=10))
    done = make.signup(past, volunteer=person, status=SignupStatus.ATTENDED, hours=Decimal("3.50"),
                       hours_verified_at=NOW - timedelta(days=9), party_size=2, guest_names="Samir Odeh")
    future = make.shift(capacity=1, starts_at=NOW + timedelta(days=10))
    place = make.signup(future, volunteer=person)
    waiting = make.signup(future, status=SignupStatus.WAITLISTED)
    make.certificate(person, issued_at=NOW - timedelta(days=1))
    request = make.budget_request(scene.initiative)
    db.add(Vote(request_id=request.id, version_number=1, member_id=person.id, choice=VoteChoice.APPROVE,
                reason="Good value for the district."))
    db.add(ReviewComment(request_id=request.id, version_number=1, author_id=person.id, body="Costs look right."))
    queue_email(person, "test.note", "A note", "Personal message body")
    start_session(person, "Browser/1", "198.51.100.7")
    tokens.issue(person, TokenPurpose.PASSWORD_RESET)
    two_factor.new_recovery_codes(person)
    db.add(CouncilInvitation(council_id=scene.council.id, role=Role.COUNCIL_MEMBER, email=person.email,
                             email_canonical=person.email_canonical, token_hash="f" * 64, expires_at=NOW))
    db.flush()
    return {"scene": scene, "done": done, "place": place, "waiting": waiting, "request": request}


def test_the_export_holds_everything_about_the_person_and_is_audited(client, db, make, login, clock):
    clock.set(NOW)
    person = make.user(name="Exporting Person", phone="+962791234567", emergency_name="Samir",
                       emergency_phone="+962791234568")
    _life(make, db, person)
    login(person)
    assert client.get("/account/export").status_code == 200
    response = client.post("/account/export")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["name"] == "Exporting Person" and data["profile"]["email"] == person.email
    assert data["profile"]["phone"] == "+962791234567"
    assert (data["profile"]["emergency_name"], data["profile"]["emergency_phone"]) == ("Samir", "+962791234568")
    assert {grant["role"] for grant in data["role_grants"]} >= {"council_member"}
    assert [s["hours"] for s in data["shift_signups"] if s["hours"]] == ["3.50"]
    assert [(s["party_size"], s["guest_names"]) for s in data["shift_signups"]] == [(2, "Samir Odeh"), (1, "")]
    assert [(c["name_printed"], c["hours"], c["issued_on"]) for c in data["certificates"]] == [
        ("Exporting Person", "3.00", (NOW - timedelta(days=1)).date().isoformat())]
    assert data["budget_votes"][0]["reason"] == "Good value for the district."
    assert data["budget_review_comments"][0]["body"] == "Costs look right."
    assert any(m["body"] == "Personal message body" for m in data["messages"])
    assert any(s["ip_address"] == "198.51.100.7" for s in data["login_sessions"])
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "account.export", AuditEvent.actor_id == person.id)) == 1
    clock.set(NOW + timedelta(minutes=5))
    again = client.post("/account/export")  # now with an action of theirs in the audit log: the first export
    assert again.status_code == 200
    [action] = json.loads(again.get_data(as_text=True))["actions_in_the_audit_log"]
    assert (action["action"], action["record_type"], action["at"][:16]) == ("account.export", "users", "2027-06-01T12:00")


def test_deleting_an_account_leaves_each_row_as_promised(client, db, make, login, clock):
    clock.set(NOW)
    person = make.user(name="Leaving Person", email="leaving@example.org", locale="ar", languages=["ar"],
                       calendar_token="leaving-calendar", phone="+962791234567", emergency_name="Samir",
                       emergency_phone="+962791234568")
    life = _life(make, db, person)
    hours_before = db.scalar(select(func.sum(Signup.hours)).where(Signup.hours_verified_at.is_not(None)))
    login(person)
    wrong = client.post("/account/delete", data={"password": PASSWORD, "code": "000000", "understood": "y"})
    assert wrong.status_code == 400  # two-step verification is on: a code is needed too
    code = pyotp.TOTP(TOTP_SECRET).now()
    assert client.post("/account/delete", data={"password": PASSWORD, "code": code, "understood": "y"}).status_code == 302
    db.expire_all()

    gone = db.get(User, person.id)
    assert (gone.name, gone.email, gone.email_canonical) == ("", f"deleted-{person.id}@deleted.invalid",
                                                             f"deleted-{person.id}@deleted.invalid")
    assert (gone.locale, gone.languages, gone.locality_id, gone.calendar_token, gone.phone) == (None, [], None, None,
                                                                                               None)
    assert (gone.emergency_name, gone.emergency_phone) == ("", None)
    assert (gone.totp_secret, gone.totp_confirmed_at, gone.is_active) == (None, None, False)
    assert gone.deleted_at is not None and gone.shown_name == "A former member"
    assert db.scalar(select(func.count()).select_from(user_skills).where(user_skills.c.user_id == person.id)) == 0
    for model in (LoginSession, AccountToken, RecoveryCode):
        assert db.scalar(select(func.count()).select_from(model).where(model.user_id == person.id)) == 0
    assert db.scalars(select(Notification).where(Notification.user_id == person.id)).all() == []
    [farewell] = db.scalars(select(Notification).where(Notification.to_address == "leaving@example.org"))
    assert farewell.kind == "account.deleted" and farewell.user_id is None
    assert db.scalar(select(func.count()).select_from(CouncilInvitation).where(
        CouncilInvitation.email_canonical == "leaving@example.org")) == 0
    assert db.scalars(select(RoleGrant).where(RoleGrant.user_id == person.id,
                                              RoleGrant.revoked_at.is_(None))).all() == []

    assert db.get(Signup, life["done"].id).hours == Decimal("3.50")  # verified hours still count
    assert (db.get(Signup, life["done"].id).party_size, db.get(Signup, life["done"].id).guest_names) == (2, "")
    assert [(c.name_printed, c.is_valid) for c in db.scalars(select(Certificate).where(
        Certificate.volunteer_id == person.id))] == [("", False)]  # the name it printed is erased with the rest
    assert db.scalar(select(func.sum(Signup.hours)).where(Signup.hours_verified_at.is_not(None))) == hours_before
    assert db.get(Signup, life["place"].id).status is SignupStatus.CANCELLED  # the place to come is given up
    assert db.get(Signup, life["waiting"].id).status is SignupStatus.CONFIRMED  # and the next person has it
    [vote] = db.scalars(select(Vote).where(Vote.member_id == person.id))
    assert vote.reason == "Good value for the district." and vote.member.shown_name == "A former member"
    assert db.scalars(select(ReviewComment.body).where(ReviewComment.author_id == person.id)).all() == [
        "Costs look right."]
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == person.id)).all()
    assert "account.delete" in actions and "role.revoke" in actions
    assert client.get("/account/profile").status_code == 302  # signed out
    assert client.post("/login", data={"email": "leaving@example.org", "password": PASSWORD}).status_code == 200


def test_the_last_chair_hands_over_before_deleting(client, db, make, login):
    scene = build_scene(make)
    chair = scene.chair
    login(chair)
    code = pyotp.TOTP(TOTP_SECRET).now()
    refused = client.post("/account/delete", data={"password": PASSWORD, "code": code, "understood": "y"})
    assert refused.status_code == 400 and b"Hand the chair to another member first" in refused.data
    db.expire_all()
    assert db.get(User, chair.id).deleted_at is None


def test_deleting_needs_the_password_and_the_tick(client, db, make, login):
    person = make.user()
    login(person)
    assert client.post("/account/delete", data={"password": "wrong", "understood": "y"}).status_code == 400
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 400
    db.expire_all()
    assert db.get(User, person.id).deleted_at is None
