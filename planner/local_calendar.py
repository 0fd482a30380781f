"""The day, year, weekday and hour of a stored instant on the calendar and clock of a place, worked out by the
database.

A shift that starts at 00:30 on New Year's Day in Amman starts at 22:30 UTC the day before; the people there, and
the volunteer who gave those hours, count it in the new year, and look for it on the first of January. Queries that
filter or group by a place's day or year use `local_date(instant, zone_name)` and `local_year(instant, zone_name)`
(and `local_weekday`, `local_hour` for the days of the week and the hours a volunteer is free): PostgreSQL reads
the instant in the zone (`AT TIME ZONE`), SQLite calls Python functions the planner registers on each of its
connections (it has no time zones of its own).
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from planner.clock import to_local


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


class local_weekday(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """local_weekday(instant column, zone-name column): the day of the week there, 1 for Monday to 7 for Sunday."""

    type = Integer()
    inherit_cache = True
    name = "local_weekday"


class local_hour(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """local_hour(instant column, zone-name column): the hour on that zone's clock, 0 to 23."""

    type = Integer()
    inherit_cache = True
    name = "local_hour"


# What each function is on PostgreSQL (around the instant read in the zone), and its name on SQLite.
ON_POSTGRESQL = {local_year: "CAST(EXTRACT(YEAR FROM {}) AS INTEGER)", local_date: "CAST({} AS DATE)",
                 local_weekday: "CAST(EXTRACT(ISODOW FROM {}) AS INTEGER)",
                 local_hour: "CAST(EXTRACT(HOUR FROM {}) AS INTEGER)"}
ON_SQLITE = {local_year: "planner_local_year", local_date: "planner_local_date",
             local_weekday: "planner_local_weekday", local_hour: "planner_local_hour"}


@compiles(local_year, "postgresql")
@compiles(local_date, "postgresql")
@compiles(local_weekday, "postgresql")
@compiles(local_hour, "postgresql")
def _on_postgresql(element, compiler, **kw):
    instant, zone_name = list(element.clauses)
    in_zone = f"({compiler.process(instant, **kw)} AT TIME ZONE {compiler.process(zone_name, **kw)})"
    return ON_POSTGRESQL[type(element)].format(in_zone)


@compiles(local_year, "sqlite")
@compiles(local_date, "sqlite")
@compiles(local_weekday, "sqlite")
@compiles(local_hour, "sqlite")
def _on_sqlite(element, compiler, **kw):
    return f"{ON_SQLITE[type(element)]}({compiler.process(element.clauses, **kw)})"


def _read_stored_instant(stored: str | None, zone_name: str | None) -> datetime | None:
    """SQLite's side: an instant as SQLAlchemy stores it there (UTC, without its zone), read in the zone."""
    return None if stored is None else to_local(datetime.fromisoformat(stored).replace(tzinfo=UTC), zone_name)


def add_to_sqlite(dbapi_connection) -> None:
    """Teach a new SQLite connection the functions above (a day as SQLAlchemy stores one there)."""
    readings = {local_year: lambda local: local.year, local_date: lambda local: local.date().isoformat(),
                local_weekday: lambda local: local.isoweekday(), local_hour: lambda local: local.hour}
    for function, read in readings.items():
        dbapi_connection.create_function(ON_SQLITE[function], 2, _reading(read), deterministic=True)


def _reading(read):
    def sqlite_function(stored: str | None, zone_name: str | None):
        local = _read_stored_instant(stored, zone_name)
        return None if local is None else read(local)
    return sqlite_function
