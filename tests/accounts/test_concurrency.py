"""Links and codes used at the same moment: a reset link, an invitation and a recovery code each work once.

Real simultaneous connections (one thread, app context and connection each, released together by a
barrier), on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.accounts import invitations, recovery, tokens, two_factor
from planner.accounts.models import AccountToken, Role, RoleGrant, TokenPurpose, User
from planner.councils.models import Council
from planner.db import session
from planner.notifications.models import Notification
from tests import factories
from tests.volunteering.test_concurrency import run_together

pytestmark = pytest.mark.live

PASSPHRASES = ["copper meadow harbour lantern", "violet canyon ember parade", "quiet falcon orbit garden",
               "silver tundra maple rocket"]


def _succeeded(results) -> list:
    return [result for result in results if not isinstance(result, Exception)]


def test_a_reset_link_used_four_times_at_once_sets_one_password(live_app, live_db):
    person = factories.user()
    secret = tokens.issue(person, TokenPurpose.PASSWORD_RESET)
    live_db.commit()
    person_id = person.id
    results = run_together(live_app, [lambda p=p: recovery.reset_password(secret, p).id for p in PASSPHRASES])
    assert len(_succeeded(results)) == 1
    assert all("already been used" in str(getattr(r, "message", r)) for r in results if isinstance(r, Exception))
    assert live_db.scalar(select(func.count()).select_from(AccountToken).where(
        AccountToken.user_id == person_id, AccountToken.used_at.is_not(None))) == 1


def test_a_recovery_code_spent_four_times_at_once_works_once(live_app, live_db):
    person = factories.council_member(factories.council())
    [code, *_rest] = two_factor.new_recovery_codes(person)
    live_db.commit()
    person_id = person.id
    results = run_together(live_app, [lambda: two_factor.accept_code(session.get(User, person_id), code)] * 4)
    assert sorted(results) == [False, False, False, True]


def test_an_invitation_accepted_twice_at_once_grants_one_role(live_app, live_db):
    council = factories.council()
    chair = factories.council_member(council, Role.COUNCIL_CHAIR)
    invited = factories.user()
    live_db.commit()
    with live_app.test_request_context():
        invitations.invite(session.get(User, chair.id), session.get(Council, council.id), invited.email,
                           "council_member")
        body = session.scalars(select(Notification.body).order_by(Notification.id.desc())).first()
        session.commit()
    secret = body.split("/invitations/", 1)[1].split()[0]
    invited_id = invited.id
    results = run_together(live_app, [lambda: invitations.accept(session.get(User, invited_id), secret).id] * 2)
    assert len(_succeeded(results)) == 1
    live_db.expire_all()
    assert live_db.scalar(select(func.count()).select_from(RoleGrant).where(
        RoleGrant.user_id == invited_id, RoleGrant.role == Role.COUNCIL_MEMBER)) == 1
