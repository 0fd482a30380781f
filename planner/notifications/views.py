"""/admin/notifications: administrators see the messages the worker gave up on, and why."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from planner.notifications.models import Notification, NotificationStatus
from planner.pagination import paginate
from planner.permissions import Permission, require

bp = Blueprint("notifications", __name__)


@bp.get("/admin/notifications")
def failed():
    """Failed messages, the latest first, a page at a time."""
    require(Permission.NOTIFICATION_VIEW)
    statement = (select(Notification).where(Notification.status == NotificationStatus.FAILED)
                 .order_by(Notification.next_attempt_at.desc(), Notification.id.desc()))
    return render_template("notifications/failed.html", page=paginate(statement))
