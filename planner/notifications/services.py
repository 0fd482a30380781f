"""Queueing email: a row in the outbox, in the same transaction as the change that causes it."""
from __future__ import annotations

from planner.accounts.models import User
from planner.db import session
from planner.notifications.models import Notification


def queue_email(recipient: User, kind: str, subject: str, body: str) -> Notification:
    """Put a message for this user in the outbox; a worker sends it after the commit."""
    message = Notification(user_id=recipient.id, to_address=recipient.email, kind=kind, subject=subject, body=body)
    session.add(message)
    return message
