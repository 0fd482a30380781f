"""The outbox: one row per message, pending until a worker sends it."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from planner.clock import utcnow
from planner.db import Base
from planner.types import UTCDateTime, enum_type, intpk, timestamp


class NotificationStatus(enum.StrEnum):
    """Whether a message still has to go out."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Notification(Base):
    """An email waiting in the outbox, or the record that it went."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at"),)

    id: Mapped[intpk]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="en", server_default=text("'en'"))  # its words'
    # Where the recipient stops messages of this kind with one click (a shift reminder); "" for the others.
    opt_out_url: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))
    # A file made when the message is sent, as "<kind>:<record id>" (planner.notifications.attachments); "" for none.
    attachment: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    status: Mapped[NotificationStatus] = mapped_column(
        enum_type(NotificationStatus, "notification_status"), default=NotificationStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[timestamp]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
