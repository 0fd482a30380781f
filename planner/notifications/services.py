"""Queueing email: a row in the outbox, in the same transaction as the change that causes it, with the language
its words are in (the recipient's, as planner.i18n.worded_for wrote them)."""
from __future__ import annotations

from planner.accounts.models import User
from planner.db import session
from planner.i18n import language_of
from planner.notifications.models import Notification

SUBJECT_LENGTH = Notification.__table__.c.subject.type.length  # a subject names records people named: it may run long


def queue_email(recipient: User, kind: str, subject: str, body: str) -> Notification:
    """Put a message for this user in the outbox; a worker sends it after the commit."""
    return queue_email_to(recipient.email, kind, subject, body, recipient=recipient)


def email_for(recipient: User, kind: str, subject: str, body: str) -> Notification:
    """A message for this user, not yet in the outbox: whoever words it ahead puts it there with session.add."""
    return _message(recipient.email, kind, subject, body, recipient)


def queue_email_to(address: str, kind: str, subject: str, body: str, recipient: User | None = None,
                   language: str | None = None) -> Notification:
    """Put a message for an address in the outbox (an invitation, or a note to an account's old address), worded in
    `language` (else the recipient's)."""
    message = _message(address, kind, subject, body, recipient, language)
    session.add(message)
    return message


def _message(address: str, kind: str, subject: str, body: str, recipient: User | None,
             language: str | None = None) -> Notification:
    return Notification(user_id=getattr(recipient, "id", None), to_address=address, kind=kind,
                        subject=_fitted(subject), body=body, language=language_of(recipient, language))


def _fitted(subject: str) -> str:
    """The subject, cut short with an ellipsis where it would not fit its column."""
    return subject if len(subject) <= SUBJECT_LENGTH else subject[:SUBJECT_LENGTH - 1].rstrip() + "…"
