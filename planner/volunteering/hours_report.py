"""A programme's volunteer hours in a year: who came, to how many shifts, the hours verified, the no-shows.

What a coordinator reports to a council, a funder or their own organisation at the year's end. A shift counts in the
year it starts in on its place's calendar (queries.shift_year), as the volunteers' own certificates count it; hours
count once a coordinator has verified them on the roster.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, case, distinct, func, select

from planner.accounts.models import User
from planner.db import session
from planner.volunteering.models import Shift, Signup, SignupStatus
from planner.volunteering.queries import shift_year

MARKED = (SignupStatus.ATTENDED, SignupStatus.NO_SHOW)  # the sign-ups a roster has recorded an outcome for
YEARS_LISTED = 50


@dataclass(frozen=True)
class HoursTotals:
    """The year's figures for the whole programme."""

    volunteers: int
    shifts: int
    hours: Decimal
    no_shows: int


def years_of(programme_id: int) -> list[int]:
    """The years in which the programme's rosters recorded who came (or did not), latest first."""
    year = shift_year()
    return [int(value) for value in session.scalars(
        select(year).distinct().select_from(Signup).join(Signup.shift)
        .where(Shift.programme_id == programme_id, Signup.status.in_(MARKED)).order_by(year.desc()).limit(YEARS_LISTED)
    )]


def per_volunteer(programme_id: int, year: int) -> Select:
    """One row per volunteer the rosters recorded that year: the user, shifts attended, verified hours, no-shows;
    most hours first (paginate or stream it)."""
    hours = _verified_hours()
    return (select(User, func.count().filter(_came()).label("shifts"), hours.label("hours"),
                   func.count().filter(Signup.status == SignupStatus.NO_SHOW).label("no_shows"))
            .select_from(Signup).join(Signup.volunteer).join(Signup.shift)
            .where(*_marked_in(programme_id, year))
            .group_by(User.id).order_by(hours.desc(), User.name, User.id))


def totals(programme_id: int, year: int) -> HoursTotals:
    """The year's figures: volunteers who came, shifts they came to, verified hours, no-shows. One statement."""
    came = _came()
    volunteers, shifts, hours, no_shows = session.execute(
        select(func.count(distinct(case((came, Signup.volunteer_id)))),
               func.count(distinct(case((came, Signup.shift_id)))),
               _verified_hours(), func.count().filter(Signup.status == SignupStatus.NO_SHOW))
        .select_from(Signup).join(Signup.shift).where(*_marked_in(programme_id, year))
    ).one()
    return HoursTotals(volunteers, shifts, Decimal(hours or 0), no_shows)


def _came():
    return Signup.status == SignupStatus.ATTENDED


def _verified_hours():
    """SQL: the sum of the hours verified (0 where none are), in the hours' own exact type."""
    verified = case((_came() & Signup.hours_verified_at.is_not(None), Signup.hours))
    return func.coalesce(func.sum(verified), 0, type_=Signup.hours.type)


def _marked_in(programme_id: int, year: int) -> tuple:
    return Shift.programme_id == programme_id, Signup.status.in_(MARKED), shift_year() == year
