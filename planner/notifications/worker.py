"""Sending the outbox: claim a due message, send it by SMTP (or print it in development), record the result.

Several workers may run at once: on PostgreSQL a worker claims a message with
`SELECT … FOR UPDATE SKIP LOCKED` and keeps the row locked while it sends, so no two workers
send the same message; on SQLite the write lock taken at BEGIN IMMEDIATE does the same. A failed
send is tried again later, waiting twice as long each time, and given up after MAX_ATTEMPTS.
Delivery is at least once: a worker that dies between the SMTP server's answer and its commit
sends that message again (the Message-ID stays the same, so mail clients can drop the copy).
A message that cannot be built (a broken address, say) is marked failed at once with the reason,
for administrators to see at /admin/notifications; one bad message never stops the queue.
"""
from __future__ import annotations

import email.errors
import logging
import re
import smtplib
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol, TextIO
from urllib.parse import unquote, urlsplit

from sqlalchemy import select

from planner.clock import utcnow
from planner.db import session
from planner.notifications.attachments import attachments_of
from planner.notifications.html_mail import as_html
from planner.notifications.models import Notification, NotificationStatus
from planner.pipeline import commit

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
SMTP_TIMEOUT_SECONDS = 20


class Mailer(Protocol):
    """Anything that can deliver one outbox message (raising smtplib.SMTPException or OSError if not)."""

    def send(self, message: Notification) -> None: ...


# Line breaks and other control characters in a header would end it, or smuggle in another.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
# Errors of the message itself: trying again will not mend them.
UNSENDABLE = (ValueError, TypeError, LookupError, email.errors.MessageError)


def header_text(value: str) -> str:
    """User-written text made fit for a mail header: one line, no control characters."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", value).split())


def as_email(message: Notification, sender: str) -> EmailMessage:
    """The outbox row as an email, with a Message-ID and a Date (when it was written) that stay the same on every
    try: its text, and the same text as HTML laid out in its language's direction (planner.notifications.html_mail)."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address  # an address is never rewritten: a broken one fails the message
    email["Subject"] = header_text(message.subject)
    email["Message-ID"] = make_msgid(idstring=f"notification-{message.id}", domain=sender.rpartition("@")[2] or None)
    email["Date"] = format_datetime(message.created_at)  # RFC 5322 asks for it; servers need not add it
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office reply comes back to the planner
    email.set_content(message.body)
    email.add_alternative(as_html(message.body, message.language, header_text(message.subject)), subtype="html")
    for attached in attachments_of(message):
        email.add_attachment(attached.content, maintype=attached.maintype, subtype=attached.subtype,
                             filename=attached.filename, params=attached.params)
    email["Content-Language"] = message.language  # RFC 3282 (after the parts: making them moves Content- headers)
    if message.opt_out_url:  # mail clients offer "Unsubscribe" beside the sender, and may send the POST themselves
        email["List-Unsubscribe"] = f"<{message.opt_out_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    return email


@dataclass
class SmtpMailer:
    """Sends through an SMTP server named by a URL: smtp://, smtp+starttls:// or smtps://, with user:password@."""

    url: str
    sender: str

    def send(self, message: Notification) -> None:
        parts = urlsplit(self.url)
        secure = parts.scheme == "smtps"
        connection_class = smtplib.SMTP_SSL if secure else smtplib.SMTP
        port = parts.port or (465 if secure else 25)
        with connection_class(parts.hostname or "localhost", port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if parts.scheme == "smtp+starttls":
                smtp.starttls()
            if parts.username:
                smtp.login(unquote(parts.username), unquote(parts.password or ""))
            smtp.send_message(as_email(message, self.sender))


@dataclass
class ConsoleMailer:
    """Development: print each message instead of sending it."""

    sender: str
    stream: TextIO | None = None

    def send(self, message: Notification) -> None:
        out = self.stream or sys.stdout
        print(f"--- email {message.id} ({message.kind}) ---\n{as_email(message, self.sender)}", file=out, flush=True)


def mailer_from_config(config) -> Mailer:
    """SMTP when SMTP_URL is set; the console in development; an error in production without it."""
    if config.get("SMTP_URL"):
        return SmtpMailer(config["SMTP_URL"], config["MAIL_SENDER"])
    if config.get("ENV_NAME") == "production":
        raise RuntimeError("SMTP_URL must be set when PLANNER_ENV=production")
    return ConsoleMailer(config["MAIL_SENDER"])


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed try: 1, 2, 4… minutes, at most LONGEST_DELAY."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer (unknown recipient, refused message) will not change by trying again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@dataclass
class SendReport:
    """What one pass over the outbox did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def _claim_due(now: datetime) -> Notification | None:
    return session.scalars(
        select(Notification)
        .where(Notification.status == NotificationStatus.PENDING, Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _record_failure(message: Notification, error: Exception, now: datetime) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or isinstance(error, UNSENDABLE) or message.attempts >= MAX_ATTEMPTS:
        message.status = NotificationStatus.FAILED
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)


def send_one(mailer: Mailer, now: datetime | None = None) -> Notification | None:
    """Claim the next due message, try to send it and commit the outcome; None when nothing is due."""
    now = now or utcnow()
    message = _claim_due(now)
    if message is None:
        session.rollback()
        return None
    try:
        mailer.send(message)
    except (smtplib.SMTPException, OSError, *UNSENDABLE) as error:
        _record_failure(message, error, now)
    except Exception as error:  # noqa: BLE001 - an unforeseen fault: note it, try later, keep the queue moving
        log.exception("sending notification %s failed unexpectedly", message.id)
        _record_failure(message, error, now)
    else:
        message.attempts += 1
        message.status, message.sent_at, message.last_error = NotificationStatus.SENT, utcnow(), ""
    commit()
    return message


def send_due(mailer: Mailer, now: datetime | None = None, limit: int = 500) -> SendReport:
    """Send every message due now (at most `limit`), each in its own short transaction."""
    now = now or utcnow()
    report = SendReport()
    while report.handled < limit:
        message = send_one(mailer, now)
        if message is None:
            break
        if message.status is NotificationStatus.SENT:
            report.sent += 1
        elif message.status is NotificationStatus.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report
