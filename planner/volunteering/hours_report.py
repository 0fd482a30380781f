"""Volunteer hours in a year, for a programme, for every programme of an organisation or centre, or for every
programme serving an initiative: who came, to how many shifts, the hours verified, the no-shows.

What a coordinator reports to a council, a funder or their own organisation at the year's end. A shift counts in the
year it starts in on its place's calendar (queries.shift_year), as the volunteers' own certificates count it; hours
count once a coordinator has verified them on the roster. A scope says whose shifts count: `programme_scope`,
`owner_scope` or `initiative_scope`, a condition on the shift.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, case, distinct, func, select, union

from planner.accounts.models import User
from planner.db import session
from planner.volunteering.models import Programme, Shift, Signup, SignupStatus
from planner.volunteering.queries import shift_year

MARKED = (SignupStatus.ATTENDED, SignupStatus.NO_SHOW)  # the sign-ups a roster has recorded an outcome for
YEARS_LISTED = 50
PROGRAMMES_LISTED = 200  # an owner's programmes in its report, most hours first


@dataclass(frozen=True)
class HoursTotals:
    """The year's figures for the whole scope."""

    volunteers: int
    shifts: int
    hours: Decimal
    no_shows: int
    unnamed: int = 0  # helpers without an account, counted on their shifts' rosters
    unnamed_hours: Decimal = Decimal(0)


def programme_scope(programme_id: int) -> ColumnElement[bool]:
    """The shifts of one programme."""
    return Shift.programme_id == programme_id


def owner_scope(owner) -> ColumnElement[bool]:
    """The shifts of the programmes an organisation or a centre owns, as its directory page lists them."""
    owned_by = Programme.centre_id if owner.__tablename__ == "centres" else Programme.organisation_id
    return Shift.programme_id.in_(select(Programme.id).where(owned_by == owner.id))


def initiative_scope(initiative_id: int) -> ColumnElement[bool]:
    """The shifts of the programmes that serve an initiative, whichever organisation or centre runs them."""
    return Shift.programme_id.in_(select(Programme.id).where(Programme.initiative_id == initiative_id))


def years_of(scope: ColumnElement[bool]) -> list[int]:
    """The years in which the scope's rosters recorded who came (or did not), or helpers without an account,
    latest first."""
    recorded = _recorded_years(scope)
    return [int(value) for value in session.scalars(
        select(recorded.c.year).order_by(recorded.c.year.desc()).limit(YEARS_LISTED))]


def _recorded_years(scope: ColumnElement[bool]):
    """SQL: the years (one row each) of the scope's shifts whose rosters recorded anything."""
    year = shift_year()
    marked = select(year.label("year")).select_from(Signup).join(Signup.shift).where(scope, Signup.status.in_(MARKED))
    counted = select(year.label("year")).where(scope, Shift.unnamed_helpers > 0)
    return union(marked, counted).subquery()


def per_volunteer(scope: ColumnElement[bool], year: int) -> Select:
    """One row per volunteer the rosters recorded that year: the user, shifts attended, verified hours, no-shows;
    most hours first (paginate or stream it)."""
    hours = _verified_hours()
    return (select(User, func.count().filter(_came()).label("shifts"), hours.label("hours"), _no_shows())
            .select_from(Signup).join(Signup.volunteer).join(Signup.shift)
            .where(*_marked_in(scope, year))
            .group_by(User.id).order_by(hours.desc(), User.name, User.id))


def per_programme(scope: ColumnElement[bool], year: int) -> list[tuple[Programme, int, int, Decimal, int]]:
    """One row per programme with anything recorded that year: the programme, volunteers who came, shifts they came
    to, verified hours, no-shows; most hours first."""
    hours = _verified_hours()
    return [tuple(row) for row in session.execute(
        select(Programme, *_people_and_shifts(), hours, _no_shows())
        .select_from(Signup).join(Signup.shift).join(Shift.programme)
        .where(*_marked_in(scope, year))
        .group_by(Programme.id).order_by(hours.desc(), Programme.name).limit(PROGRAMMES_LISTED)
    )]


def totals(scope: ColumnElement[bool], year: int) -> HoursTotals:
    """The year's figures: volunteers who came, shifts they came to, verified hours, no-shows; and the helpers
    without an account with their hours. Two statements."""
    volunteers, shifts, hours, no_shows = session.execute(
        select(*_people_and_shifts(), _verified_hours(), _no_shows())
        .select_from(Signup).join(Signup.shift).where(*_marked_in(scope, year))
    ).one()
    unnamed, unnamed_hours = session.execute(
        select(func.coalesce(func.sum(Shift.unnamed_helpers), 0),
               func.coalesce(func.sum(Shift.unnamed_helpers * Shift.unnamed_hours_each), 0,
                             type_=Shift.unnamed_hours_each.type))
        .where(scope, Shift.unnamed_helpers > 0, shift_year() == year)
    ).one()
    return HoursTotals(volunteers, shifts, Decimal(hours or 0), no_shows, unnamed, Decimal(unnamed_hours or 0))


def latest_totals(scope: ColumnElement[bool], up_to: int) -> tuple[int, HoursTotals] | None:
    """The latest year up to `up_to` in which the scope's rosters recorded anything, and that year's figures (None
    when there is no such year). Three statements."""
    recorded = _recorded_years(scope)
    latest = session.scalar(select(func.max(recorded.c.year)).where(recorded.c.year <= up_to))
    return None if latest is None else (int(latest), totals(scope, int(latest)))


def _came():
    return Signup.status == SignupStatus.ATTENDED


def _people_and_shifts() -> tuple:
    """SQL: how many volunteers came, and to how many shifts (each counted once)."""
    came = _came()
    return (func.count(distinct(case((came, Signup.volunteer_id)))),
            func.count(distinct(case((came, Signup.shift_id)))))


def _no_shows():
    return func.count().filter(Signup.status == SignupStatus.NO_SHOW).label("no_shows")


def _verified_hours():
    """SQL: the sum of the hours verified (0 where none are), in the hours' own exact type."""
    verified = case((_came() & Signup.hours_verified_at.is_not(None), Signup.hours))
    return func.coalesce(func.sum(verified), 0, type_=Signup.hours.type)


def _marked_in(scope: ColumnElement[bool], year: int) -> tuple:
    return scope, Signup.status.in_(MARKED), shift_year() == year
