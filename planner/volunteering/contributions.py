"""Hours given, wherever they were given: on a shift whose roster marked the volunteer, or logged outside the shifts
and verified by a coordinator (volunteering.logged_hours).

`given` is the one set of rows the volunteer's own pages, the certificates and the coordinators' reports count
from, so that none of them forgets one kind. A scope is a condition on a programme's id (`programme_scope`,
`owner_scope`, `initiative_scope`), applied to both kinds.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Integer, Subquery, case, cast, func, literal, null, select, union_all

from planner.db import session
from planner.names import by_shown_name
from planner.translated import shown_name
from planner.volunteering.models import (LoggedHours, LoggedHoursStatus, Programme, Shift, Signup,
                                         SignupStatus)
from planner.volunteering.queries import shift_year

MARKED = (SignupStatus.ATTENDED, SignupStatus.NO_SHOW)  # the sign-ups a roster has recorded an outcome for
Scope = Callable[[ColumnElement[int]], ColumnElement[bool]]  # which programmes count, as a condition on an id column


def programme_scope(programme_id: int) -> Scope:
    """One programme."""
    return lambda programme: programme == programme_id


def owner_scope(owner) -> Scope:
    """The programmes an organisation or a centre owns, as its directory page lists them."""
    owned_by = Programme.centre_id if owner.__tablename__ == "centres" else Programme.organisation_id
    return lambda programme: programme.in_(select(Programme.id).where(owned_by == owner.id))


def initiative_scope(initiative_id: int) -> Scope:
    """The programmes that serve an initiative, whichever organisation or centre runs them."""
    return lambda programme: programme.in_(select(Programme.id).where(Programme.initiative_id == initiative_id))


def given(*, volunteer_id: int | None = None, scope: Scope | None = None, year: int | None = None,
          no_shows: bool = False) -> Subquery:
    """SQL rows: one per sign-up a roster marked attended (and, with `no_shows`, one per no-show) and one per logged
    hours a coordinator verified. Columns: volunteer_id, programme_id, year (of a shift on its place's calendar, of
    logged hours on the volunteer's), shift_id (none for logged hours), came (1, or 0 for a no-show), hours (those
    verified; none until a coordinator has)."""
    on_shifts = [Signup.status.in_(MARKED if no_shows else (SignupStatus.ATTENDED,))]
    logged = [LoggedHours.status == LoggedHoursStatus.VERIFIED]
    if volunteer_id is not None:
        on_shifts.append(Signup.volunteer_id == volunteer_id)
        logged.append(LoggedHours.volunteer_id == volunteer_id)
    if scope is not None:
        on_shifts.append(scope(Shift.programme_id))
        logged.append(scope(LoggedHours.programme_id))
    if year is not None:
        on_shifts.append(shift_year() == year)
        logged.append(LoggedHours.worked_on.between(date(year, 1, 1), date(year, 12, 31)))
    came = Signup.status == SignupStatus.ATTENDED
    return union_all(
        select(Signup.volunteer_id.label("volunteer_id"), Shift.programme_id.label("programme_id"),
               shift_year().label("year"), Signup.shift_id.label("shift_id"), case((came, 1), else_=0).label("came"),
               case((came & Signup.hours_verified_at.is_not(None), Signup.hours)).label("hours"))
        .select_from(Signup).join(Signup.shift).where(*on_shifts),
        select(LoggedHours.volunteer_id, LoggedHours.programme_id, _logged_year(),
               cast(null(), Integer), literal(1), LoggedHours.hours).where(*logged),
    ).subquery("given")


def _logged_year():
    return cast(func.extract("year", LoggedHours.worked_on), Integer)


def summed(column) -> ColumnElement[Decimal]:
    """SQL: the sum of an hours column (0 where there are none), in the hours' own exact type."""
    return func.coalesce(func.sum(column), 0, type_=Signup.hours.type)


# --- the volunteer's own -----------------------------------------------------------------------


@dataclass
class HoursLine:
    """Verified hours for one programme (named on the page in the reader's language)."""

    programme: Programme
    shifts: int
    hours: Decimal


def verified_hours_in(user_id: int, year: int) -> Decimal:
    """The volunteer's verified hours of that year (each shift on its own calendar)."""
    rows = given(volunteer_id=user_id, year=year)
    return Decimal(session.scalar(select(summed(rows.c.hours))) or 0)


def verified_hours(user_id: int, limit: int = 200) -> tuple[Decimal, list[HoursLine]]:
    """The volunteer's verified hours in total and by programme, with the shifts they were given on."""
    rows = given(volunteer_id=user_id)
    totals = (select(rows.c.programme_id, func.count(rows.c.shift_id).label("shifts"),
                     func.sum(rows.c.hours).label("hours"))
              .where(rows.c.hours.is_not(None)).group_by(rows.c.programme_id).subquery())
    found = session.execute(select(Programme, totals.c.shifts, totals.c.hours)
                            .join(totals, totals.c.programme_id == Programme.id)
                            .order_by(Programme.name).limit(limit)).all()
    shown = by_shown_name([(HoursLine(programme, count, Decimal(hours or 0).quantize(Decimal("0.01"))),
                            shown_name(programme)) for programme, count, hours in found])
    lines = [line for line, _name in shown]
    return sum((line.hours for line in lines), Decimal("0.00")), lines
