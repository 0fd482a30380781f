"""Volunteer hours in a year, for a programme, for every programme of an organisation or centre, or for every
programme serving an initiative: who came, to how many shifts, the hours verified, the no-shows.

What a coordinator reports to a council, a funder or their own organisation at the year's end. A shift counts in the
year it starts in on its place's calendar (queries.shift_year), as the volunteers' own certificates count it; hours
count once a coordinator has verified them on the roster, and so do hours volunteers logged outside the shifts once
a coordinator has verified them (volunteering.contributions). A scope says whose programmes count.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, case, distinct, func, select, union

from planner.accounts.models import User
from planner.db import session
from planner.volunteering.contributions import Scope, given, initiative_scope, owner_scope, programme_scope, summed
from planner.volunteering.models import Programme, Shift
from planner.volunteering.queries import shift_year

__all__ = ["initiative_scope", "owner_scope", "programme_scope"]  # the scopes a report is asked for, by its callers

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
    logged_hours: Decimal = Decimal(0)  # of `hours`, those volunteers logged outside the shifts


def years_of(scope: Scope) -> list[int]:
    """The years in which the scope's rosters recorded who came (or did not), or helpers without an account, or
    volunteers' logged hours were verified, latest first."""
    recorded = _recorded_years(scope)
    return [int(value) for value in session.scalars(
        select(recorded.c.year).order_by(recorded.c.year.desc()).limit(YEARS_LISTED))]


def _recorded_years(scope: Scope):
    """SQL: the years (one row each) in which the scope recorded anything."""
    rows = given(scope=scope, no_shows=True)
    counted = select(shift_year().label("year")).where(scope(Shift.programme_id), Shift.unnamed_helpers > 0)
    return union(select(rows.c.year), counted).subquery()


def per_volunteer(scope: Scope, year: int) -> Select:
    """One row per volunteer who gave hours that year: the user, shifts attended, verified hours, no-shows; most
    hours first (paginate or stream it)."""
    rows = given(scope=scope, year=year, no_shows=True)
    hours = summed(rows.c.hours)
    return (select(User, func.count(case((rows.c.came == 1, rows.c.shift_id))).label("shifts"), hours.label("hours"),
                   _no_shows(rows))
            .select_from(rows).join(User, User.id == rows.c.volunteer_id)
            .group_by(User.id).order_by(hours.desc(), User.name, User.id))


def per_programme(scope: Scope, year: int) -> list[tuple[Programme, int, int, Decimal, int]]:
    """One row per programme with anything recorded that year: the programme, volunteers who came, shifts they came
    to, verified hours, no-shows; most hours first."""
    rows = given(scope=scope, year=year, no_shows=True)
    hours = summed(rows.c.hours)
    return [tuple(row) for row in session.execute(
        select(Programme, *_people_and_shifts(rows), hours, _no_shows(rows))
        .select_from(rows).join(Programme, Programme.id == rows.c.programme_id)
        .group_by(Programme.id).order_by(hours.desc(), Programme.name).limit(PROGRAMMES_LISTED)
    )]


def totals(scope: Scope, year: int) -> HoursTotals:
    """The year's figures: volunteers who came, shifts they came to, verified hours (and of them those logged
    outside the shifts), no-shows; and the helpers without an account with their hours. Two statements."""
    rows = given(scope=scope, year=year, no_shows=True)
    volunteers, shifts, hours, no_shows, logged = session.execute(
        select(*_people_and_shifts(rows), summed(rows.c.hours), _no_shows(rows),
               summed(case((rows.c.shift_id.is_(None), rows.c.hours))))
    ).one()
    unnamed, unnamed_hours = session.execute(
        select(func.coalesce(func.sum(Shift.unnamed_helpers), 0),
               func.coalesce(func.sum(Shift.unnamed_helpers * Shift.unnamed_hours_each), 0,
                             type_=Shift.unnamed_hours_each.type))
        .where(scope(Shift.programme_id), Shift.unnamed_helpers > 0, shift_year() == year)
    ).one()
    return HoursTotals(volunteers, shifts, Decimal(hours or 0), no_shows, unnamed, Decimal(unnamed_hours or 0),
                       Decimal(logged or 0))


def latest_totals(scope: Scope, up_to: int) -> tuple[int, HoursTotals] | None:
    """The latest year up to `up_to` in which the scope recorded anything, and that year's figures (None when there
    is no such year). Three statements."""
    recorded = _recorded_years(scope)
    latest = session.scalar(select(func.max(recorded.c.year)).where(recorded.c.year <= up_to))
    return None if latest is None else (int(latest), totals(scope, int(latest)))


def _people_and_shifts(rows) -> tuple:
    """SQL: how many volunteers came (or logged hours), and to how many shifts (each counted once)."""
    came = rows.c.came == 1
    return (func.count(distinct(case((came, rows.c.volunteer_id)))),
            func.count(distinct(case((came, rows.c.shift_id)))))


def _no_shows(rows):
    return func.count(case((rows.c.came == 0, 1))).label("no_shows")
