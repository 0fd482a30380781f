"""Single-use links sent by e-mail: password reset, address verification, address change.

A link carries 256 random bits (`secrets.token_urlsafe(32)`, 43 characters); the database keeps
only their SHA-256, so a copy of the database opens no account. Redeeming is one conditional
UPDATE, so two clicks at the same moment cannot both use a link.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import update

from planner.accounts.models import AccountToken, TokenPurpose, User
from planner.clock import utcnow
from planner.db import session
from planner.rules import RuleError

TOKEN_BYTES = 32
LIFETIMES = {
    TokenPurpose.PASSWORD_RESET: timedelta(hours=1),
    TokenPurpose.EMAIL_VERIFICATION: timedelta(days=7),
    TokenPurpose.EMAIL_CHANGE: timedelta(hours=24),
}
LONGEST_TOKEN = 100  # anything longer in a URL is not one of ours


class LinkError(RuleError):
    """An e-mailed link that cannot be used: unknown, used, or expired (the message says which)."""


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user: User, purpose: TokenPurpose, email: str | None = None, lifetime: timedelta | None = None) -> str:
    """A new link secret for the user; only its digest is stored. `email` is where it is sent; `lifetime`, how long
    it works when not the purpose's usual time."""
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    session.add(AccountToken(token_hash=digest(secret), user_id=user.id, purpose=purpose, email=email or user.email,
                             created_at=now, expires_at=now + (lifetime or LIFETIMES[purpose])))
    session.flush()
    return secret


def check(secret: str, purpose: TokenPurpose) -> AccountToken:
    """The live token this secret opens, without using it; raises LinkError with the reason otherwise."""
    token = session.get(AccountToken, digest(secret)) if 0 < len(secret) <= LONGEST_TOKEN else None
    if token is None or token.purpose is not purpose or token.user.is_deleted:
        raise LinkError(_("This link is not valid. Check that you copied all of it, or ask for a new one."))
    if token.used_at is not None:
        raise LinkError(_("This link has already been used. Ask for a new one if you still need it."))
    if token.expires_at <= utcnow():
        raise LinkError(_("This link has expired. Ask for a new one."))
    return token


def redeem(secret: str, purpose: TokenPurpose) -> AccountToken:
    """Use the link once: it and the user's other links of the same purpose stop working."""
    token = check(secret, purpose)
    now = utcnow()
    used = session.execute(
        update(AccountToken)
        .where(AccountToken.token_hash == token.token_hash, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:  # another request used it a moment ago
        raise LinkError(_("This link has already been used. Ask for a new one if you still need it."))
    retire(token.user, purpose)
    session.refresh(token)
    return token


def retire(user: User, purpose: TokenPurpose) -> None:
    """Make every unused link of this purpose for the user stop working."""
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
