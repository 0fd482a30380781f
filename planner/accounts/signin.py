"""Signing a browser in and out, including the second step and where the person goes next.

The password step leaves a pending sign-in in the (signed) cookie session: the user, a random
attempt id the code throttle counts by, when it started and where to go afterwards. Only a right
code turns it into a login session.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import flash, redirect, request, url_for
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from planner.accounts.models import TWO_FACTOR_ROLES, User
from planner.accounts.sessions import end_session, start_session
from planner.clock import utcnow
from planner.db import session
from planner.urls import safe_next_url

PENDING = "pending_sign_in"
PENDING_LIFETIME = timedelta(minutes=10)


def restart_cookie_session() -> None:
    """Empty this browser's session, keeping only its interface language choice."""
    language = cookie_session.get("locale")
    cookie_session.clear()
    if language:
        cookie_session["locale"] = language


def sign_in(user: User) -> User:
    """A new login session for this browser; any session it had before ends."""
    end_session(getattr(current_user, "session_token", None))
    restart_cookie_session()
    start_session(user, request.user_agent.string or "", request.remote_addr or "")
    login_user(user)
    return user


def sign_out() -> None:
    end_session(getattr(current_user, "session_token", None))
    logout_user()
    restart_cookie_session()


def begin_second_step(user: User, next_url: str | None) -> None:
    """Remember that this browser passed the password step; the code step finishes it."""
    cookie_session[PENDING] = {"user": user.id, "attempt": secrets.token_urlsafe(16),
                               "since": utcnow().isoformat(), "next": next_url or ""}


def pending() -> tuple[User, str, str] | None:
    """(user, attempt id, next url) of this browser's unexpired pending sign-in, or None."""
    state = cookie_session.get(PENDING)
    if not isinstance(state, dict):
        return None
    try:
        since = datetime.fromisoformat(state["since"])
        user = session.get(User, int(state["user"]))
    except (KeyError, TypeError, ValueError):
        return None
    if user is None or not user.is_active or since + PENDING_LIFETIME < utcnow():
        return None
    return user, str(state["attempt"]), str(state.get("next") or "")


def drop_pending() -> None:
    cookie_session.pop(PENDING, None)


def dormant_roles(user) -> bool:
    """Whether the user holds a role that stays unused until they set up two-step verification."""
    return bool(getattr(user, "is_authenticated", False)) and not user.has_two_factor and any(
        grant.role in TWO_FACTOR_ROLES for grant in user.grants)


def onwards(user: User, next_url: str | None):
    """Where a person goes once signed in: enrolment first if a role of theirs needs it."""
    if dormant_roles(user):
        flash(_("Your role needs two-step verification. Set it up now to use the role; until then you can "
                "use the planner as a volunteer."), "info")
        return redirect(url_for("security.overview"))
    return redirect(safe_next_url(next_url, "me.home"))  # without a page to go back to: My planner
