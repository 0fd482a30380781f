"""A person's own data: everything the planner holds about them as JSON, and deleting the account.

Features above accounts add their part of the export, and give up what a closing account held,
through the signals in accounts.signals (connected in create_app), so that accounts need not know them.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from planner.accounts import mail
from planner.accounts.models import (
    AccountToken,
    CouncilInvitation,
    LoginSession,
    RecoveryCode,
    Role,
    RoleGrant,
    User,
)
from planner.accounts.safeguards import check_password_and_code
from planner.accounts.services import AccountError, live_grants, revoke_role
from planner.accounts.signals import account_closing, export_requested
from planner.audit.models import AuditEvent
from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session
from planner.i18n import listed
from planner.notifications.models import Notification

FORMAT_VERSION = 1
UNUSABLE_PASSWORD = "!deleted"  # not an argon2 hash: no password matches it


def plain(value: Any) -> Any:
    """A value as JSON holds it: instants and days in ISO 8601, decimals and enums as text."""
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):
        return value.value
    return value


def rows(records, *fields: str) -> list[dict]:
    """The named attributes of each record, as plain values."""
    return [{field: plain(getattr(record, field)) for field in fields} for record in records]


def export(user: User) -> dict:
    """Everything the planner holds about the user (what other features add comes through export_requested)."""
    data = {
        "format": FORMAT_VERSION,
        "exported_at": plain(utcnow()),
        "profile": _profile(user),
        "role_grants": _grants(user),
        "login_sessions": rows(session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)
                                               .order_by(LoginSession.created_at)),
                               "created_at", "last_seen_at", "revoked_at", "user_agent", "ip_address"),
        "messages": rows(session.scalars(select(Notification).where(Notification.user_id == user.id)
                                         .order_by(Notification.created_at)),
                         "created_at", "to_address", "kind", "subject", "body", "status", "sent_at"),
        "actions_in_the_audit_log": rows(session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)
                                                         .order_by(AuditEvent.id)),
                                         "at", "action", "record_type", "record_id", "ip_address"),
    }
    for _receiver, part in export_requested.send(user):
        data.update(part)
    record_event(user, "account.export", user)
    return data


def _profile(user: User) -> dict:
    profile = {field: plain(getattr(user, field)) for field in (
        "name", "email", "phone", "emergency_name", "emergency_phone", "email_verified_at", "locale", "show_hijri",
        "digits", "created_at", "password_changed_at", "totp_confirmed_at")}
    profile.update(languages=list(user.languages or []), skills=[skill.key for skill in user.skills],
                   locality=user.locality.name if user.locality else None,
                   calendar_feed=bool(user.calendar_token))
    return profile


def _grants(user: User) -> list[dict]:
    grants = session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id).order_by(RoleGrant.granted_at))
    return rows(grants, "role", "scope_key", "granted_at", "revoked_at")


def delete_account(user: User, password: str, code: str = "") -> str:
    """Erase the person's data and close the account; returns the address the confirmation went to.

    Kept, without the name: verified hours (programme totals), votes, comments and decisions already
    made, and audit events, whose actor shows as a deleted account.
    """
    _check_may_delete(user, password, code)
    address, name, locale = user.email, user.name, user.locale
    account_closing.send(user)
    for grant in live_grants(user):
        revoke_role(user, grant)
    _erase(user)
    record_event(user, "account.delete", user, after={"deleted_at": user.deleted_at})
    mail.account_deleted(address, name, locale)
    session.flush()
    return address


def _check_may_delete(user: User, password: str, code: str) -> None:
    check_password_and_code(user, password, code)
    chaired = [grant.council.name for grant in live_grants(user) if grant.role is Role.COUNCIL_CHAIR]
    if chaired:
        raise AccountError(_("You chair %(councils)s. Hand the chair to another member first, so the council can "
                             "still decide.", councils=listed(chaired)))


def _erase(user: User) -> None:
    """Personal data out: profile fields blanked, secrets, sessions, links, messages and invitations gone."""
    old_canonical = user.email_canonical
    anonymous_address = f"deleted-{user.id}@deleted.invalid"
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(Notification).where(Notification.user_id == user.id))
    session.execute(update(CouncilInvitation).where(CouncilInvitation.email_canonical == old_canonical)
                    .values(email=anonymous_address, email_canonical=anonymous_address))
    user.name, user.email, user.email_canonical = "", anonymous_address, anonymous_address
    user.password_hash = UNUSABLE_PASSWORD
    user.locale, user.show_hijri, user.digits, user.languages, user.skills = None, False, "", [], []
    user.locality_id = user.calendar_token = user.email_verified_at = user.phone = user.emergency_phone = None
    user.emergency_name = ""
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    user.is_active, user.deleted_at = False, utcnow()
    session.flush()
