"""Demo accounts for trying the planner locally (`flask --app planner seed --demo-accounts`).

One account per role, all with the same published password, so never in production. Created
once: a later run leaves existing accounts (and any password changed since) alone.
"""
from __future__ import annotations

from sqlalchemy import select

from planner.accounts.models import Role, RoleGrant, User, canonical_email
from planner.accounts.passwords import hash_password
from planner.audit.services import record_event
from planner.councils.models import Council
from planner.db import session
from planner.organisations.models import Organisation

DEMO_PASSWORD = "demo-planner-password"

# (e-mail, name, role, the model and slug of the record the role is held on)
DEMO_ACCOUNTS = (
    ("admin@example.org", "Demo administrator", Role.ADMIN, None, None),
    ("chair@example.org", "Demo chair, East Amman", Role.COUNCIL_CHAIR, Council, "amman-east"),
    ("member@example.org", "Demo council member, East Amman", Role.COUNCIL_MEMBER, Council, "amman-east"),
    ("coordinator@example.org", "Demo coordinator, East Amman Civic Skills Network", Role.COORDINATOR,
     Organisation, "east-amman-civic-network"),
    ("volunteer@example.org", "Demo volunteer", Role.VOLUNTEER, None, None),
)


def ensure_demo_accounts() -> list[str]:
    """Create the missing demo accounts and grants; returns the e-mail addresses of the demo accounts."""
    for email, name, role, model, slug in DEMO_ACCOUNTS:
        user = _account(email, name)
        scope = session.scalars(select(model).where(model.slug == slug)).one() if model else None
        _grant(user, role, scope)
    session.flush()
    return [email for email, *_ in DEMO_ACCOUNTS]


def _account(email: str, name: str) -> User:
    user = session.scalars(select(User).where(User.email_canonical == canonical_email(email))).one_or_none()
    if user is None:
        user = User(email=email, email_canonical=canonical_email(email), name=name,
                    password_hash=hash_password(DEMO_PASSWORD))
        session.add(user)
        session.flush()
    return user


def _grant(user: User, role: Role, scope) -> None:
    """Grant the role unless the user holds it already (or, for a chair, the council has one)."""
    ids = {"council_id": scope.id if isinstance(scope, Council) else None,
           "organisation_id": scope.id if isinstance(scope, Organisation) else None}
    scope_key = RoleGrant.scope_key_for(**ids)
    live = select(RoleGrant).where(RoleGrant.revoked_at.is_(None), RoleGrant.role == role)
    held = live.where(RoleGrant.user_id == user.id, RoleGrant.scope_key == scope_key)
    if role is Role.COUNCIL_CHAIR:
        held = live.where(RoleGrant.council_id == ids["council_id"])
    if session.scalars(held.limit(1)).first() is not None:
        return
    grant = RoleGrant(user_id=user.id, role=role, scope_key=scope_key, **ids)
    session.add(grant)
    session.flush()
    record_event(None, "role.grant", grant, after={"user": user.email, "role": role.value, "scope": scope_key},
                 comment="demo account")
