"""The day and year of a stored instant on the calendar of a place, worked out by the database.

A shift that starts at 00:30 on New Year's Day in Amman starts at 22:30 UTC the day before; the people there, and
the volunteer who gave those hours, count it in the new year, and look for it on the first of January. Queries that
filter or group by a place's day or year use `local_date(instant, zone_name)` and `local_year(instant, zone_name)`:
PostgreSQL reads the instant in the zone (`AT TIME ZONE`), SQLite calls Python functions the planner registers on
each of its connections (it has no time zones of its own).
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from planner.clock import to_local

SQLITE_YEAR, SQLITE_DATE = "planner_local_year", "planner_local_date"


class local_year(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """local_year(instant column, zone-name column): the year on that zone's calendar, as an integer."""

    type = Integer()
    inherit_cache = True
    name = "local_year"


class local_date(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """local_date(instant column, zone-name column): the day on that zone's calendar (compare it with a date)."""

    type = Date()
    inherit_cache = True
    name = "local_date"


def _in_zone(element, compiler, **kw) -> str:
    instant, zone_name = list(element.clauses)
    return f"({compiler.process(instant, **kw)} AT TIME ZONE {compiler.process(zone_name, **kw)})"


@compiles(local_year, "postgresql")
def _year_on_postgresql(element, compiler, **kw):
    return f"CAST(EXTRACT(YEAR FROM {_in_zone(element, compiler, **kw)}) AS INTEGER)"


@compiles(local_date, "postgresql")
def _date_on_postgresql(element, compiler, **kw):
    return f"CAST({_in_zone(element, compiler, **kw)} AS DATE)"


@compiles(local_year, "sqlite")
def _year_on_sqlite(element, compiler, **kw):
    return f"{SQLITE_YEAR}({compiler.process(element.clauses, **kw)})"


@compiles(local_date, "sqlite")
def _date_on_sqlite(element, compiler, **kw):
    return f"{SQLITE_DATE}({compiler.process(element.clauses, **kw)})"


def _read_stored_instant(stored: str | None, zone_name: str | None) -> datetime | None:
    """SQLite's side: an instant as SQLAlchemy stores it there (UTC, without its zone), read in the zone."""
    return None if stored is None else to_local(datetime.fromisoformat(stored).replace(tzinfo=UTC), zone_name)


def _year_of(stored: str | None, zone_name: str | None) -> int | None:
    local = _read_stored_instant(stored, zone_name)
    return None if local is None else local.year


def _date_of(stored: str | None, zone_name: str | None) -> str | None:
    local = _read_stored_instant(stored, zone_name)
    return None if local is None else local.date().isoformat()  # as SQLAlchemy stores a date in SQLite


def add_to_sqlite(dbapi_connection) -> None:
    """Teach a new SQLite connection local_year and local_date."""
    dbapi_connection.create_function(SQLITE_YEAR, 2, _year_of, deterministic=True)
    dbapi_connection.create_function(SQLITE_DATE, 2, _date_of, deterministic=True)
