"""What volunteering shows on the directory's pages (planner.panels): the programme page's following switch, and
for those who run the programme how many follow it; what the programme asks of its volunteers."""
from __future__ import annotations

from flask_login import current_user

from planner.permissions import Permission, can, is_public
from planner.volunteering.following import FOLLOWERS_COUNTED, follower, followers_of
from planner.volunteering.logged_hours import today_for
from planner.volunteering.requirements import held_by, of_programme
from planner.volunteering.models import Programme


def follow_panel(programme: Programme) -> dict:
    """Whether the reader may follow the programme (signed in, the programme public), and whether they do; for
    those who run its shifts, how many follow it (they write the news by adding shifts)."""
    signed_in = current_user.is_authenticated
    runs_it = signed_in and can(current_user, Permission.SHIFT_MANAGE, programme)
    return {"followers": followers_of(programme.id) if runs_it else None, "counted_up_to": FOLLOWERS_COUNTED,
            "signed_in": signed_in, "public": is_public(programme),
            "may_follow": signed_in and can(current_user, Permission.PROGRAMME_FOLLOW, programme),
            "following": signed_in and follower(current_user.id, programme.id) is not None}


def requirements_panel(programme: Programme) -> dict:
    """What the programme asks of its volunteers before they take a place, and for a signed-in reader which of
    them the coordinators recorded them as having (today)."""
    asked = of_programme(programme.id)
    held = held_by(current_user.id, [item.id for item in asked]) if asked and current_user.is_authenticated else {}
    today = today_for(current_user) if current_user.is_authenticated else None
    holding = {item.id for item in asked if item.id in held and not _lapsed(held[item.id], today)}
    return {"asked": asked, "held": held, "signed_in": current_user.is_authenticated, "today": today,
            "missing": len(holding) < len(asked)}


def _lapsed(met, today) -> bool:
    return met.valid_until is not None and met.valid_until < today
