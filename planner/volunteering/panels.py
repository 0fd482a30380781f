"""What volunteering shows on the directory's pages (planner.panels): the programme page's following switch, and
for those who run the programme how many follow it; what the programme asks of its volunteers."""
from __future__ import annotations

from datetime import date

from flask_login import current_user

from planner.clock import today_for
from planner.permissions import Permission, can, is_public
from planner.volunteering.following import FOLLOWERS_COUNTED, follower, followers_of
from planner.volunteering.requirements import held_by, of_programme
from planner.volunteering.models import Programme, RequirementMet


def follow_panel(programme: Programme) -> dict:
    """Whether the reader may follow the programme (signed in, the programme public), and whether they do; for
    those who run its shifts, how many follow it (they write the news by adding shifts)."""
    signed_in = current_user.is_authenticated
    runs_it = signed_in and can(current_user, Permission.SHIFT_MANAGE, programme)
    return {"followers": followers_of(programme.id) if runs_it else None, "counted_up_to": FOLLOWERS_COUNTED,
            "signed_in": signed_in, "public": is_public(programme),
            "may_follow": signed_in and can(current_user, Permission.PROGRAMME_FOLLOW, programme),
            "following": signed_in and follower(current_user.id, programme.id) is not None}


def requirements_panel(programme: Programme, day: date | None = None) -> dict:
    """What the programme asks of its volunteers before they take a place, each with the signed-in reader's record
    of it (None when there is none) and where they stand on `day` (a shift's day, read by the sign-up's rule; the
    reader's today when none): "missing", "lapsed", "lapses" (before that day), "until" or "for good". `missing`
    when one does not hold."""
    asked = of_programme(programme.id)
    if not (asked and current_user.is_authenticated):
        return {"asked": [(item, None, "missing") for item in asked], "signed_in": current_user.is_authenticated,
                "missing": bool(asked)}
    held, today = held_by(current_user.id, [item.id for item in asked]), today_for(current_user)
    rows = [(item, held.get(item.id), _standing(held.get(item.id), today, day or today)) for item in asked]
    return {"asked": rows, "signed_in": True, "missing": any(state in STANDING_SHORT for _item, _met, state in rows)}


STANDING_SHORT = ("missing", "lapsed", "lapses")


def _standing(met: RequirementMet | None, today: date, day: date) -> str:
    """Where the reader stands on one requirement on `day` (see requirements_panel), by the record's one rule."""
    if met is None:
        return "missing"
    if met.holds_on(day):
        return "until" if met.valid_until else "for good"
    return "lapses" if met.holds_on(today) else "lapsed"
