"""Login sessions kept in the database, so that logging out really ends them everywhere."""
from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import datetime, timedelta

from cachetools import LRUCache
from flask import current_app, request
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import defer, joinedload

from planner.accounts.models import LoginSession, User
from planner.cache import RECORDS, SIGN_INS, remember
from planner.clock import utcnow
from planner.db import session

SESSION_LIFETIME = timedelta(days=14)
LAST_SEEN_RESOLUTION = timedelta(minutes=5)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # requests that only read
SECRETS_LEFT_OUT = (defer(User.password_hash), defer(User.totp_secret))  # never in a cached sign-in
SEEN_NOTED = 50_000  # sessions whose last sighting this process remembers writing


class _SeenNoted:
    """When this process last set each session's last sighting, by token hash (the most recent SEEN_NOTED; saved
    with the change its request made, if it made one). A cached sign-in keeps the sighting it was stored with
    (writing one leaves the cache alone: planner.cache), so without this each form the session sent would set it
    again."""

    def __init__(self, size: int):
        self._written: LRUCache = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def last(self, token_hash: str) -> datetime | None:
        with self._lock:
            return self._written.get(token_hash)

    def note(self, token_hash: str, when: datetime) -> None:
        with self._lock:
            self._written[token_hash] = when


_seen_noted = _SeenNoted(SEEN_NOTED)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, user_agent: str = "", ip_address: str = "") -> str:
    """Open a login session for the user; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_hash(token), user_id=user.id, user_agent=user_agent[:200],
                             ip_address=ip_address[:45]))
    session.flush()
    user.session_token = token
    return token


def user_for_token(token: str | None) -> User | None:
    """The active user whose live, unexpired session this token opens, or None."""
    if not token:
        return None
    login = _login_for(_hash(token))
    now = utcnow()
    if login is None or login.revoked_at is not None or login.created_at + SESSION_LIFETIME < now:
        return None
    user = login.user
    if not user.is_active:
        return None
    if request.method not in SAFE_METHODS:
        _note_seen(login, now)
    user.session_token = token
    return user


def _note_seen(login: LoginSession, now: datetime) -> None:
    """Note when the session was last seen (saved with the change this request makes; reading a page writes
    nothing), to the nearest LAST_SEEN_RESOLUTION."""
    seen = max(login.last_seen_at, _seen_noted.last(login.token_hash) or login.last_seen_at)
    if now - seen > LAST_SEEN_RESOLUTION:
        login.last_seen_at = now
        _seen_noted.note(login.token_hash, now)


def _login_for(token_hash: str) -> LoginSession | None:
    """The login session with this hash, its user and the user's roles: from the cache while no login session,
    account or role has changed since it was stored (the versions of SIGN_INS and RECORDS), so that logging out,
    a revoked session, a deactivated account or a withdrawn role counts from the next request, in every process.

    The stored copy leaves out the password's hash and the two-step secret; they are read when needed. Without a
    store that every process shares (SIGN_IN_CACHE off), each request reads the database: a logout seen by one
    process only would leave the session open in the others."""
    if not current_app.config["SIGN_IN_CACHE"]:
        return _load_login(token_hash)
    found = remember(f"sign-in:{token_hash}", lambda: _load_login(token_hash), areas=(RECORDS, SIGN_INS))
    if found is not None and inspect(found).detached:
        found = session.merge(found, load=False)  # a copy from the cache joins this request's session as it is
    return found


def _load_login(token_hash: str) -> LoginSession | None:
    return session.scalars(  # one statement: the session, its user and the user's roles
        select(LoginSession).where(LoginSession.token_hash == token_hash)
        .options(joinedload(LoginSession.user).options(joinedload(User.grants), *SECRETS_LEFT_OUT))
    ).unique().first()


def end_session(token: str | None) -> None:
    """Revoke one login session (logout)."""
    if token:
        session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == _hash(token), LoginSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def end_all_sessions(user: User) -> None:
    """Revoke every login session of a user (password change, deactivation)."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def live_sessions(user: User) -> list[LoginSession]:
    """The user's unexpired, unrevoked login sessions, most recently used first."""
    return list(session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None),
                                   LoginSession.created_at > utcnow() - SESSION_LIFETIME)
        .order_by(LoginSession.last_seen_at.desc()).limit(100)))


def is_current(login: LoginSession, token: str | None) -> bool:
    return bool(token) and login.token_hash == _hash(token)


def end_session_by_hash(user: User, token_hash: str) -> bool:
    """End one of the user's own sessions, named by its stored hash; False if it is not theirs or not live."""
    ended = session.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == token_hash, LoginSession.user_id == user.id,
               LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return ended.rowcount == 1


def end_other_sessions(user: User, keep_token: str | None) -> None:
    """End every session of the user but this browser's."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None),
               LoginSession.token_hash != _hash(keep_token or ""))
        .values(revoked_at=utcnow())
    )


def live_session_count(user: User) -> int:
    """How many browsers the user is signed in on."""
    rows = session.scalars(
        select(LoginSession.token_hash).where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
    )
    return len(rows.all())
