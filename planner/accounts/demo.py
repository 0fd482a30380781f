"""Demo accounts for development: one per kind of role, with passwords made fresh at each load.

Seeded councils, organisations and centres are found by slug; a missing one is skipped with a
note, so this works before, and after, the seed data is loaded.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import pyotp
from sqlalchemy import select

from planner.accounts.models import TWO_FACTOR_ROLES, Role
from planner.accounts.passwords import password_problem
from planner.accounts.services import AccountError, GrantScope, find_user, grant_role, live_grant, open_verified_account, set_password
from planner.accounts.two_factor import new_secret
from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.db import session
from planner.organisations.models import Organisation

DEMO_COUNCIL = "amman-east"
DEMO_ORGANISATIONS = ("east-amman-civic-network", "zarqa-womens-cooperative")
DEMO_CENTRE = "hashmi-community-centre"

# (email, name, [(role, model of the scope, slug of the scope)])
DEMO_ACCOUNTS = (
    ("demo-admin@example.org", "Demo Administrator", [(Role.ADMIN, None, None)]),
    ("demo-volunteer@example.org", "Demo Volunteer", []),
    ("demo-coordinator@example.org", "Demo Coordinator",
     [(Role.COORDINATOR, Organisation, slug) for slug in DEMO_ORGANISATIONS] + [(Role.COORDINATOR, Centre, DEMO_CENTRE)]),
    ("demo-member@example.org", "Demo Council Member", [(Role.COUNCIL_MEMBER, Council, DEMO_COUNCIL)]),
    ("demo-chair@example.org", "Demo Council Chair", [(Role.COUNCIL_CHAIR, Council, DEMO_COUNCIL)]),
    ("demo-treasurer@example.org", "Demo Council Treasurer", [(Role.COUNCIL_TREASURER, Council, DEMO_COUNCIL)]),
)

SCOPE_FIELD = {Council: "council_id", Organisation: "organisation_id", Centre: "centre_id"}


@dataclass
class DemoAccount:
    """One demo account as loaded: its new password, the roles it holds and what was skipped."""

    email: str
    name: str
    password: str
    totp_secret: str = ""  # for the roles that need two-step verification
    roles: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def new_password() -> str:
    """A random password that meets the policy."""
    while True:
        candidate = secrets.token_urlsafe(15)
        if password_problem(candidate) is None:
            return candidate


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts, or reset them (new password, sessions ended); idempotent by email."""
    return [_ensure(email, name, grants) for email, name, grants in DEMO_ACCOUNTS]


def _ensure(email: str, name: str, grants) -> DemoAccount:
    result = DemoAccount(email, name, new_password())
    user = find_user(email)
    if user is None:
        user = open_verified_account(name, email, result.password)
    else:
        user.name, user.is_active = name, True
        set_password(user, result.password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    for role, model, slug in [(Role.VOLUNTEER, None, None), *grants]:
        _ensure_grant(user, role, model, slug, result)
    if any(role in TWO_FACTOR_ROLES for role, _model, _slug in grants):
        result.totp_secret = new_secret()
        user.totp_secret, user.totp_confirmed_at, user.totp_last_step = result.totp_secret, utcnow(), None
    return result


def current_demo_code(email: str) -> str:
    """The current two-step code of a demo account (development only: the demo secret is in the database)."""
    if email.strip().lower() not in {address for address, _name, _grants in DEMO_ACCOUNTS}:
        raise AccountError(f"{email} is not a demo account.")
    user = find_user(email)
    if user is None or not user.has_two_factor:
        raise AccountError(f"{email} has no two-step verification; run demo-accounts first.")
    return pyotp.TOTP(user.totp_secret).at(utcnow())


def _ensure_grant(user, role: Role, model, slug: str | None, result: DemoAccount) -> None:
    scope = GrantScope(role)
    if model is not None:
        record = session.scalars(select(model).where(model.slug == slug)).first()
        if record is None:
            result.skipped.append(f"{role.value} of {slug}: no such {model.__tablename__[:-1]} (load the seeds first)")
            return
        scope = GrantScope(role, **{SCOPE_FIELD[model]: record.id})
    label = role.value if slug is None else f"{role.value} of {slug}"
    if live_grant(user, scope) is None:
        try:
            grant_role(None, user, scope, comment="demo account")
        except AccountError as error:
            result.skipped.append(f"{label}: {error.message}")
            return
    result.roles.append(label)


def demo_table(accounts: list[DemoAccount]) -> str:
    """The accounts as a plain-text table, passwords included (shown once, never stored in clear)."""
    rows = [("email", "password", "roles")] + [(a.email, a.password, ", ".join(a.roles)) for a in accounts]
    keys = [f"two-step key of {a.email}: {a.totp_secret}" for a in accounts if a.totp_secret]
    if keys:
        keys.insert(0, "Administrator and council roles need two-step verification. Add a key below to an "
                       "authenticator app, or print the current code with: flask --app planner demo-code EMAIL")
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    lines = [f"{email:<{widths[0]}}  {password:<{widths[1]}}  {roles}" for email, password, roles in rows]
    lines.insert(1, "-" * (sum(widths) + 4 + max(len(row[2]) for row in rows)))
    notes = [f"skipped: {a.email}: {note}" for a in accounts for note in a.skipped]
    return "\n".join(lines + notes + [""] + keys if keys else lines + notes)
