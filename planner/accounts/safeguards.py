"""What an owner (or an administrator) does to keep an account safe, each step checked and audited:
two-step verification on and off, new recovery codes, signing browsers out, an administrator's reset."""
from __future__ import annotations

from flask_babel import gettext as _

from planner.accounts import mail, two_factor
from planner.accounts.models import TWO_FACTOR_ROLES, User
from planner.accounts.passwords import verify_password
from planner.accounts.services import AccountError
from planner.accounts.sessions import end_all_sessions, end_other_sessions, end_session_by_hash
from planner.audit.services import record_event


def holds_two_factor_role(user: User) -> bool:
    """Whether one of the user's grants needs two-step verification to count."""
    return any(grant.role in TWO_FACTOR_ROLES for grant in user.grants)


def check_password_and_code(user: User, password: str, code: str) -> None:
    """The password, and a right code where two-step verification is on; AccountError names what is wrong."""
    if not verify_password(user.password_hash, password):
        raise AccountError(_("Your password is not right."), field="password")
    if user.has_two_factor and not two_factor.accept_code(user, code or ""):
        raise AccountError(_("That code is not right."), field="code")


def start_enrolment(user: User) -> None:
    """A new secret to scan; two-step verification is on only once a code from it is right."""
    if not user.has_two_factor:
        user.totp_secret = two_factor.new_secret()


def finish_enrolment(user: User, code: str) -> list[str]:
    """Turn two-step verification on with a right code; returns the recovery codes, shown once."""
    codes = two_factor.confirm_enrolment(user, user.totp_secret, code)
    record_event(user, "account.two_factor_on", user)
    return codes


def turn_off_two_factor(user: User, password: str, code: str) -> None:
    check_password_and_code(user, password, code)
    two_factor.turn_off(user)
    record_event(user, "account.two_factor_off", user)


def renew_recovery_codes(user: User, password: str, code: str) -> list[str]:
    check_password_and_code(user, password, code)
    record_event(user, "account.recovery_codes", user)
    return two_factor.new_recovery_codes(user)


def reset_two_factor(actor: User, holder: User) -> None:
    """An administrator turns off someone's two-step verification (a lost phone); they are signed out and told."""
    two_factor.turn_off(holder)
    end_all_sessions(holder)
    record_event(actor, "account.two_factor_reset", holder)
    mail.two_factor_reset(holder)


def sign_out_browser(user: User, token_hash: str) -> bool:
    """End one of the user's own sessions; False when it is not theirs or already ended."""
    ended = end_session_by_hash(user, token_hash)
    if ended:
        record_event(user, "account.session_end", user)
    return ended


def sign_out_other_browsers(user: User) -> None:
    end_other_sessions(user, user.session_token)
    record_event(user, "account.sessions_end_others", user)
