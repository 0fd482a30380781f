"""Signed links that stop one kind of e-mail for one account without logging in: the link in the message, and the
mail client's own one-click "Unsubscribe" (RFC 8058), which carries nothing but the address.

The signature names the account and the kind of e-mail (the salt), so a link stops that kind for that account and
nothing else; it never expires, as a link in an old message should still work.
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from planner.accounts.models import User
from planner.db import session

LONGEST_TOKEN = 200  # ours are far shorter; anything longer is not ours and is not read


def _signer(kind: str, secret_key: str | None = None) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key or current_app.config["SECRET_KEY"], salt=kind)


def opt_out_token(kind: str, user_id: int, secret_key: str | None = None) -> str:
    """The signed part of a link that stops this kind of e-mail for this account."""
    return _signer(kind, secret_key).dumps(user_id)


def account_of(kind: str, token: str) -> User | None:
    """The account a link of this kind was made for, or None when we did not make it."""
    try:
        user_id = _signer(kind).loads(token[:LONGEST_TOKEN])
    except (BadSignature, ValueError, TypeError):
        return None
    return session.get(User, user_id) if isinstance(user_id, int) else None
