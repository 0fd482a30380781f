"""Getting into an account and proving an address: password reset, verification, change of address, registration,
and an account a coordinator opens for someone who came to help without one.

Nothing here tells a stranger whether an address has an account: asking for a reset and
registering answer the same either way, and the owner gets an e-mail instead.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _

from planner.accounts import mail, throttle, tokens
from planner.accounts.models import TokenPurpose, User, canonical_email
from planner.accounts.passwords import hash_password, verify_password
from planner.accounts.services import (
    AccountError,
    _check_password,
    _checked_email,
    _checked_name,
    find_user,
    open_account,
    set_password,
)
from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session

OPENED_FOR_LINK_LIFETIME = timedelta(days=7)  # the link to choose a password, in an account opened for someone


def register(name: str, email: str, password: str, locale: str | None = None) -> None:
    """Open an account and send a verification link; for an address already in use, tell its owner instead.

    Both paths hash the password and queue one e-mail, so neither the answer nor its timing
    says which happened.
    """
    name, email = _checked_name(name), _checked_email(email)
    _check_password(password, [email, name], field="password")
    password_hash = hash_password(password)
    owner = find_user(email)
    if owner is not None:
        if throttle.may_mail_account(email) and not owner.is_deleted:
            mail.already_registered(owner)
        return
    try:
        user = open_account(name, email, password_hash, locale)
    except AccountError:  # the same address was registered a moment ago: answer as for any other
        return
    record_event(user, "account.register", user)
    send_verification(user)


def open_account_for(actor: User, name: str, email: str, locale: str | None, helped_at: str) -> User:
    """An account opened by a coordinator, with the person's agreement, for someone who came to help without one
    (`helped_at` names the shift). It has no password the person knows until they choose one through the e-mailed
    link, which works for OPENED_FOR_LINK_LIFETIME and also confirms the address; until then the person can ask for
    a reset like anyone."""
    name, email = _checked_name(name), _checked_email(email)
    if not throttle.may_open_account_for_another(actor.id):
        raise AccountError(_("You have opened many accounts in the last hour. Please wait a while, or ask them to "
                             "register themselves."), field="email")
    user = open_account(name, email, hash_password(secrets.token_urlsafe(32)), locale)
    user.password_changed_at = None  # none of their own yet: the link's page welcomes them (first_password)
    record_event(actor, "account.open_for", user, after={"email": user.email})
    secret = tokens.issue(user, TokenPurpose.PASSWORD_RESET, lifetime=OPENED_FOR_LINK_LIFETIME)
    mail.account_opened_for(user, actor, helped_at, secret, OPENED_FOR_LINK_LIFETIME.days)
    return user


def send_verification(user: User) -> None:
    """A new link to confirm the account's address (earlier ones stop working)."""
    tokens.retire(user, TokenPurpose.EMAIL_VERIFICATION)
    mail.verify_address(user, tokens.issue(user, TokenPurpose.EMAIL_VERIFICATION))


def resend_verification(user: User) -> None:
    if user.is_verified:
        raise AccountError(_("Your address is already confirmed."))
    if not throttle.may_mail_account(user.email):
        raise AccountError(_("We sent several links already. Please wait an hour, then ask again."))
    send_verification(user)


def verify_email(secret: str) -> User:
    """Mark the address the link was sent to as confirmed (if it is still the account's address)."""
    token = tokens.redeem(secret, TokenPurpose.EMAIL_VERIFICATION)
    user = token.user
    if canonical_email(token.email) != user.email_canonical:
        raise AccountError(_("This link was sent to an address the account no longer uses."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        record_event(user, "account.verify", user, after={"email": user.email})
    session.flush()
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link if an active account uses this address; otherwise do nothing, visibly the same."""
    user = find_user(email) if len(email) <= 254 else None
    if user is None or not user.is_active or user.is_deleted or not throttle.may_mail_account(email):
        return
    mail.password_reset(user, tokens.issue(user, TokenPurpose.PASSWORD_RESET))


def first_password(secret: str) -> bool:
    """Whether the (working) reset link is for an account whose owner has never chosen a password: one a coordinator
    opened for them (open_account_for)."""
    return tokens.check(secret, TokenPurpose.PASSWORD_RESET).user.password_changed_at is None


def reset_password(secret: str, new_password: str) -> User:
    """Set the new password through a reset link: every session ends, the address counts as confirmed."""
    token = tokens.check(secret, TokenPurpose.PASSWORD_RESET)
    user = token.user
    set_password(user, new_password, field="password")
    tokens.redeem(secret, TokenPurpose.PASSWORD_RESET)
    if user.email_verified_at is None and canonical_email(token.email) == user.email_canonical:
        user.email_verified_at = utcnow()
    record_event(user, "account.password_reset", user)
    session.flush()
    return user


def request_email_change(user: User, password: str, new_email: str) -> None:
    """Send a confirmation link to the new address and a note to the current one.

    If the new address belongs to another account, that account's owner is told instead; the
    person asking sees the same answer.
    """
    if not verify_password(user.password_hash, password):
        raise AccountError(_("Your password is not right."), field="password")
    new_email = _checked_email(new_email)
    if canonical_email(new_email) == user.email_canonical:
        raise AccountError(_("This is already your address."), field="email")
    if not throttle.may_mail_account(user.email):
        raise AccountError(_("We sent several links already. Please wait an hour, then ask again."))
    other = find_user(new_email)
    if other is not None:
        mail.address_already_used(new_email, other.locale)
        return
    tokens.retire(user, TokenPurpose.EMAIL_CHANGE)
    mail.confirm_new_address(user, new_email, tokens.issue(user, TokenPurpose.EMAIL_CHANGE, email=new_email))
    mail.address_change_requested(user, new_email)


def confirm_email_change(secret: str) -> User:
    """Move the account to the address the link was sent to; the old address is told."""
    token = tokens.redeem(secret, TokenPurpose.EMAIL_CHANGE)
    user, old_address = token.user, token.user.email
    if find_user(token.email) is not None:
        raise AccountError(_("Another account now uses this address, so yours was not changed."))
    user.email, user.email_canonical, user.email_verified_at = token.email, canonical_email(token.email), utcnow()
    record_event(user, "account.email_change", user, before={"email": old_address}, after={"email": user.email})
    mail.address_changed(user, old_address)
    session.flush()
    return user
