"""Throttling of failed sign-in steps, in a way that never locks the owner out.

Failures are counted per account and per client address in the store named by
RATELIMIT_STORAGE_URI (memory:// in development and tests; a store every process shares,
redis://…, in production), through Flask-Limiter's rate limiter, so several processes count as one.

Once an account or an address has failed too often, a password alone no longer opens it, and
the answer does not say whether the password was right. What still works, whatever anyone else
has tried:
- the password together with a code from the owner's authenticator (or a recovery code);
- a password-reset link from the owner's mailbox (it also clears the account's count).
The second step is counted per sign-in attempt, per account and per address: too many wrong
codes end the attempt, so each further guess costs a password check again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from limits import parse
from limits.storage import MemoryStorage

from planner.accounts.models import canonical_email
from planner.extensions import limiter

log = logging.getLogger(__name__)

PASSWORD_CHANGE_LIMIT = "5 per 15 minutes"


@dataclass(frozen=True)
class FailureCounter:
    """Failures of one kind, counted per key in the shared store; `setting` names a config key that overrides."""

    scope: str
    setting: str
    default: str

    def _limit(self):
        return parse(current_app.config.get(self.setting, self.default))

    def exhausted(self, key: str) -> bool:
        """Whether this key has used up its allowance."""
        return not limiter.limiter.test(self._limit(), self.scope, key)

    def count(self, key: str) -> None:
        limiter.limiter.hit(self._limit(), self.scope, key)

    def allows_another(self, key: str) -> bool:
        """Whether this key may have one more now; counts it when it may."""
        if self.exhausted(key):
            return False
        self.count(key)
        return True

    def clear(self, key: str) -> None:
        limiter.limiter.clear(self._limit(), self.scope, key)


LOGINS_PER_ACCOUNT = FailureCounter("login-account", "LOGIN_ACCOUNT_LIMIT", "5 per 15 minutes")
LOGINS_PER_ADDRESS = FailureCounter("login-address", "LOGIN_ADDRESS_LIMIT", "30 per 15 minutes")
CODES_PER_ATTEMPT = FailureCounter("code-attempt", "CODE_ATTEMPT_LIMIT", "5 per 15 minutes")
CODES_PER_ACCOUNT = FailureCounter("code-account", "CODE_ACCOUNT_LIMIT", "10 per 15 minutes")
CODES_PER_ADDRESS = FailureCounter("code-address", "CODE_ADDRESS_LIMIT", "30 per 15 minutes")
# E-mails a stranger can make the planner send: a reset or "you already have an account" note per
# account, and requests per address. Past the first, nothing more is sent; the answer stays the same.
MAILS_PER_ACCOUNT = FailureCounter("mail-account", "ACCOUNT_MAIL_LIMIT", "3 per hour")
MAIL_REQUESTS_PER_ADDRESS = FailureCounter("mail-address", "ACCOUNT_MAIL_ADDRESS_LIMIT", "20 per hour")
# Accounts one coordinator opens for newcomers (each one an e-mail to an address they typed): a busy door, not a list.
ACCOUNTS_OPENED_PER_OPENER = FailureCounter("opened-for", "ACCOUNTS_OPENED_LIMIT", "60 per hour")


def init_app(app: Flask) -> None:
    """Bind the limiter to the app; warn when production counts attempts in one process's memory."""
    limiter.init_app(app)
    _stop_idle_expiry_timer(limiter.storage)
    if app.config.get("ENV_NAME") == "production" and uses_process_memory(app.config):
        log.warning("RATELIMIT_STORAGE_URI is memory://: each process counts failed logins on its own. "
                    "Set it to a shared store (for example redis://host:6379/0).")


def uses_process_memory(config) -> bool:
    return str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory")


def shared_store_warning(workers: int, storage_uri: str) -> str | None:
    """What to say loudly when several worker processes would each count failures alone (None if fine)."""
    if workers > 1 and storage_uri.startswith("memory"):
        return (f"{workers} workers count failed sign-ins in their own memory (RATELIMIT_STORAGE_URI={storage_uri}): "
                f"an attacker gets {workers} times the allowance. Set RATELIMIT_STORAGE_URI to a shared store "
                "such as redis://127.0.0.1:6379/0.")
    return None


def _stop_idle_expiry_timer(storage) -> None:
    """The in-memory store starts a timer thread as it is made, with nothing to expire yet; stop it.

    That thread is not a daemon, so a command (`flask seed`) would wait for it before exiting, forever
    where timed waits never wake, as under faketime. The store starts a new one when it first counts,
    and also expires old counts as it reads them.
    """
    timer = getattr(storage, "timer", None)
    if isinstance(storage, MemoryStorage) and timer is not None:
        timer.cancel()


def client_address() -> str:
    return request.remote_addr or "unknown"


def _account_key(email: str) -> str:
    return canonical_email(email or "")[:254]


# --- the password step --------------------------------------------------------------------


def password_alone_refused(email: str) -> bool:
    """Whether this account, or this client address, has failed too often for a password alone to open it."""
    return LOGINS_PER_ACCOUNT.exhausted(_account_key(email)) or LOGINS_PER_ADDRESS.exhausted(client_address())


def count_failed_login(email: str) -> None:
    LOGINS_PER_ACCOUNT.count(_account_key(email))
    LOGINS_PER_ADDRESS.count(client_address())


def forgive_account(email: str) -> None:
    """The owner proved themselves another way (a reset link): start the account's count again."""
    LOGINS_PER_ACCOUNT.clear(_account_key(email))


# --- the second step ----------------------------------------------------------------------


def attempt_spent(attempt: str) -> bool:
    """Whether this sign-in attempt has had all the codes it may try."""
    return CODES_PER_ATTEMPT.exhausted(attempt)


def second_step_exhausted(attempt: str, user_id: int) -> bool:
    """After a wrong code: whether the attempt ends (it, the account or the address failed too often).

    A right code is never refused for the account's or the address's count: it only makes each
    further guess cost a password check.
    """
    return (CODES_PER_ATTEMPT.exhausted(attempt) or CODES_PER_ACCOUNT.exhausted(f"user:{user_id}")
            or CODES_PER_ADDRESS.exhausted(client_address()))


def count_wrong_code(attempt: str, user_id: int) -> None:
    CODES_PER_ATTEMPT.count(attempt)
    CODES_PER_ACCOUNT.count(f"user:{user_id}")
    CODES_PER_ADDRESS.count(client_address())


# --- e-mails on request -------------------------------------------------------------------


def mail_requests_exhausted() -> bool:
    """Whether this client address asked for too many account e-mails; counts this request."""
    if MAIL_REQUESTS_PER_ADDRESS.exhausted(client_address()):
        return True
    MAIL_REQUESTS_PER_ADDRESS.count(client_address())
    return False


def may_mail_account(email: str) -> bool:
    """Whether another account e-mail may go to this address now; counts it when it may."""
    return MAILS_PER_ACCOUNT.allows_another(_account_key(email))


def may_open_account_for_another(opener_id: int) -> bool:
    """Whether this coordinator may open another account for someone now; counts it when they may."""
    return ACCOUNTS_OPENED_PER_OPENER.allows_another(str(opener_id))


def too_many_mail_requests() -> str:
    return _("Too many requests from your network. Please wait an hour, then try again.")


# --- the current password, when changing it -----------------------------------------------


def note_refused_credentials() -> None:
    """Mark this request as a failed attempt, so the password-change throttle counts it."""
    g.credentials_refused = True


def _refused(_response) -> bool:
    return bool(g.get("credentials_refused"))


def _setting(name: str, default: str) -> Callable[[], str]:
    return lambda: current_app.config.get(name, default)


def _signed_in_account() -> str:
    return f"user:{getattr(current_user, 'id', 'anonymous')}"


def _too_many_password_tries() -> str:
    return _("Too many wrong current passwords. Please wait %(minutes)s minutes, then try again.", minutes=15)


def throttle_password_checks(view):
    """Refuse password changes (429) once a signed-in account has given a wrong current password too often."""
    return limiter.limit(_setting("PASSWORD_CHANGE_LIMIT", PASSWORD_CHANGE_LIMIT), key_func=_signed_in_account,
                         scope="password-account", methods=["POST"], deduct_when=_refused,
                         error_message=_too_many_password_tries)(view)
