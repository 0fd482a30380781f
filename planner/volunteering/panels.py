"""What volunteering shows on the directory's pages (planner.panels): the programme page's following switch."""
from __future__ import annotations

from flask_login import current_user

from planner.permissions import Permission, can, is_public
from planner.volunteering.following import follower
from planner.volunteering.models import Programme


def follow_panel(programme: Programme) -> dict:
    """Whether the reader may follow the programme (signed in, the programme public), and whether they do."""
    signed_in = current_user.is_authenticated
    return {"signed_in": signed_in, "public": is_public(programme),
            "may_follow": signed_in and can(current_user, Permission.PROGRAMME_FOLLOW, programme),
            "following": signed_in and follower(current_user.id, programme.id) is not None}
