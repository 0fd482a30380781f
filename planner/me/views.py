"""My planner: /me, where everyone lands after logging in."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from planner.languages.services import KIND_LABELS
from planner.me import services
from planner.permissions import Permission, require

bp = Blueprint("me", __name__)


@bp.get("/me")
@login_required
def home():
    """What waits for each of the user's roles, with counts at the top that lead to the work."""
    require(Permission.ACCOUNT_SELF)
    user = current_user._get_current_object()
    to_review, councils = services.council_work(user)
    asked, more_asked = services.partnerships_asking(user)
    return render_template(
        "me/home.html", volunteer=services.volunteer_work(user), owners=services.coordinator_work(user),
        to_review=to_review, councils=councils, admin=services.admin_work(user),
        translations=services.translator_work(user), kind_labels=KIND_LABELS, asked=asked, more_asked=more_asked,
    )
