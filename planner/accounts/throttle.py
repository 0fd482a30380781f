"""Throttling of failed logins, per account and per client address, with Flask-Limiter.

Only refused credentials count. Counters live in the store named by RATELIMIT_STORAGE_URI:
memory:// in development and tests, a store every process shares (redis://…) in production,
so that several app processes throttle as one. The client address is request.remote_addr,
which X-Forwarded-For can only change through ProxyFix when TRUSTED_PROXIES is set.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from limits.storage import MemoryStorage

from planner.accounts.models import canonical_email
from planner.extensions import limiter

log = logging.getLogger(__name__)

# Defaults; each can be changed with the config key of the same name.
LOGIN_ACCOUNT_LIMIT = "5 per 15 minutes"
LOGIN_ADDRESS_LIMIT = "30 per 15 minutes"
PASSWORD_CHANGE_LIMIT = "5 per 15 minutes"


def init_app(app: Flask) -> None:
    """Bind the limiter to the app; warn when production counts attempts in one process's memory."""
    limiter.init_app(app)
    _stop_idle_expiry_timer(limiter.storage)
    if app.config.get("ENV_NAME") == "production" and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        log.warning("RATELIMIT_STORAGE_URI is memory://: each process counts failed logins on its own. "
                    "Set it to a shared store (for example redis://host:6379/0).")


def _stop_idle_expiry_timer(storage) -> None:
    """The in-memory store starts a timer thread as it is made, with nothing to expire yet; stop it.

    That thread is not a daemon, so a command (`flask seed`) would wait for it before exiting, forever
    where timed waits never wake, as under faketime. The store starts a new one when it first counts,
    and also expires old counts as it reads them.
    """
    timer = getattr(storage, "timer", None)
    if isinstance(storage, MemoryStorage) and timer is not None:
        timer.cancel()


def note_refused_credentials() -> None:
    """Mark this request as a failed attempt, so the throttles count it."""
    g.credentials_refused = True


def _refused(_response) -> bool:
    return bool(g.get("credentials_refused"))


def _setting(name: str, default: str) -> Callable[[], str]:
    return lambda: current_app.config.get(name, default)


def _submitted_account() -> str:
    return canonical_email(request.form.get("email", ""))[:254]


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _signed_in_account() -> str:
    return f"user:{getattr(current_user, 'id', 'anonymous')}"


def _too_many_logins() -> str:
    return _("Too many failed log-in attempts for this account or from your network. "
             "Please wait 15 minutes, then try again.")


def _too_many_password_tries() -> str:
    return _("Too many wrong current passwords. Please wait 15 minutes, then try again.")


def throttle_logins(view):
    """Refuse log-in attempts (429) once an account or an address has failed too often."""
    per_account = limiter.limit(_setting("LOGIN_ACCOUNT_LIMIT", LOGIN_ACCOUNT_LIMIT), key_func=_submitted_account,
                                scope="login-account", methods=["POST"], deduct_when=_refused,
                                error_message=_too_many_logins)
    per_address = limiter.limit(_setting("LOGIN_ADDRESS_LIMIT", LOGIN_ADDRESS_LIMIT), key_func=_client_address,
                                scope="login-address", methods=["POST"], deduct_when=_refused,
                                error_message=_too_many_logins)
    return per_account(per_address(view))


def throttle_password_checks(view):
    """Refuse password changes (429) once a signed-in account has given a wrong current password too often."""
    return limiter.limit(_setting("PASSWORD_CHANGE_LIMIT", PASSWORD_CHANGE_LIMIT), key_func=_signed_in_account,
                         scope="password-account", methods=["POST"], deduct_when=_refused,
                         error_message=_too_many_password_tries)(view)
