"""The e-mails accounts send, each worded in the reader's language and queued in the outbox.

Links are built from the configured base URL (absolute_url), never from the request's Host.
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel.speaklater import LazyString

from planner.accounts.models import TokenPurpose, User
from planner.accounts.tokens import LIFETIMES
from planner.i18n import isolate, worded_for
from planner.notifications.services import queue_email_to
from planner.translated import shown_name
from planner.urls import absolute_url


def _send(address: str, locale: str | None, kind: str, wording, recipient: User | None = None) -> None:
    with worded_for(recipient, locale):
        subject, body = wording()
    queue_email_to(address, kind, subject, body, recipient=recipient, language=locale)


def password_reset(user: User, secret: str) -> None:
    link = absolute_url("recovery.reset_password", token=secret)
    _send(user.email, user.locale, "account.password_reset", lambda: (
        _("Set a new password"),
        _("Hello %(name)s,\n\nSomeone, hopefully you, asked to set a new password for your account. Open this "
          "link within an hour to choose one:\n\n%(link)s\n\nThe link works once. If you did not ask, ignore this "
          "message: your password stays as it is.", name=isolate(user.name), link=link),
    ), user)


def account_opened_for(user: User, opener: User, helped_at: str, secret: str, days: int) -> None:
    """To someone whose account a coordinator opened when they came to help: who, why, and the link to choose a
    password (which also confirms the address)."""
    link = absolute_url("recovery.reset_password", token=secret)
    _send(user.email, user.locale, "account.opened_for", lambda: (
        _("Your account on the planner"),
        _("Hello %(name)s,\n\n%(opener)s has opened an account on the planner for you, as you agreed, to record that "
          "you helped at “%(shift)s”. Open this link within %(days)s days to choose a password; it also confirms that "
          "this address is yours:\n\n%(link)s\n\nWith the account you can see your shifts and your hours, sign up "
          "for more and ask for a certificate of your hours. If you did not agree to this, tell %(opener)s, or "
          "choose a password and close the account on your account page.", name=isolate(user.name),
          opener=isolate(opener.shown_name), shift=isolate(helped_at), days=days, link=link),
    ), user)


def verify_address(user: User, secret: str) -> None:
    link = absolute_url("recovery.verify_email", token=secret)
    _send(user.email, user.locale, "account.verify", lambda: (
        _("Confirm your e-mail address"),
        _("Hello %(name)s,\n\nWelcome to the planner. Open this link within %(days)s days to confirm that this address "
          "is yours:\n\n%(link)s\n\nUntil you do, you can sign up for a few shifts only.", name=isolate(user.name),
          link=link, days=LIFETIMES[TokenPurpose.EMAIL_VERIFICATION].days),
    ), user)


def already_registered(user: User) -> None:
    login, reset = absolute_url("accounts.login"), absolute_url("recovery.request_reset")
    _send(user.email, user.locale, "account.already_registered", lambda: (
        _("You already have an account"),
        _("Hello %(name)s,\n\nSomeone tried to create a new account with this address, which already has one. If it "
          "was you, log in here:\n\n%(login)s\n\nForgotten your password? Set a new one here:\n\n%(reset)s\n\n"
          "If it was not you, you can ignore this message.", name=isolate(user.name), login=login, reset=reset),
    ), user)


def confirm_new_address(user: User, new_address: str, secret: str) -> None:
    link = absolute_url("recovery.confirm_email_change", token=secret)
    _send(new_address, user.locale, "account.email_change", lambda: (
        _("Confirm your new e-mail address"),
        _("Hello %(name)s,\n\nOpen this link within %(hours)s hours to use this address for your planner account:\n\n"
          "%(link)s\n\nIf you did not ask for this, ignore this message.", name=isolate(user.name), link=link,
          hours=LIFETIMES[TokenPurpose.EMAIL_CHANGE] // timedelta(hours=1)),
    ), user)


def address_change_requested(user: User, new_address: str) -> None:
    _send(user.email, user.locale, "account.email_change_requested", lambda: (
        _("A change of your e-mail address was asked for"),
        _("Hello %(name)s,\n\nSomeone signed in to your account asked to move it to %(address)s. Nothing changes "
          "until that address confirms. If this was not you, change your password now.", name=isolate(user.name),
          address=isolate(new_address)),
    ), user)


def address_changed(user: User, old_address: str) -> None:
    _send(old_address, user.locale, "account.email_changed", lambda: (
        _("Your e-mail address was changed"),
        _("Hello %(name)s,\n\nYour planner account now uses %(address)s. Messages no longer come here. If this was "
          "not you, write to the planner's administrators at once.", name=isolate(user.name), address=user.email),
    ))


def address_already_used(address: str, locale: str | None) -> None:
    _send(address, locale, "account.email_change_refused", lambda: (
        _("This address already has an account"),
        _("Someone asked to move another planner account to this address. It already belongs to an account, so "
          "nothing was changed. If this was you, log in with this address instead."),
    ))


def two_factor_reset(user: User) -> None:
    _send(user.email, user.locale, "account.two_factor_reset", lambda: (
        _("Your two-step verification was reset"),
        _("Hello %(name)s,\n\nAn administrator turned off two-step verification on your account, and every browser "
          "was signed out. Set it up again on your security page before you use a council or administrator role.",
          name=isolate(user.name)),
    ), user)


def invitation(address: str, council, role_label: LazyString, inviter_name: str, secret: str,
               recipient: User | None, days_valid: int) -> None:
    link = absolute_url("roles.invitation", token=secret)
    _send(address, getattr(recipient, "locale", None), "council.invitation", lambda: (
        _("An invitation to %(council)s", council=isolate(shown_name(council))),
        _("Hello,\n\n%(inviter)s invites you to be %(role)s of %(council)s on the planner. Open this link within "
          "%(days)s days, log in (or create an account) with this address, and accept:\n\n%(link)s\n\nIf you do not "
          "expect this, ignore this message.", inviter=isolate(inviter_name), role=role_label, council=isolate(shown_name(council)),
          link=link, days=days_valid),
    ), recipient)


def account_deleted(address: str, name: str, locale: str | None) -> None:
    _send(address, locale, "account.deleted", lambda: (
        _("Your account has been deleted"),
        _("Hello %(name)s,\n\nYour planner account and the personal data it held have been deleted. Hours you gave "
          "stay counted in the programmes' totals, without your name. This is the last message we send to this "
          "address.", name=isolate(name)),
    ))
