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


def _on_a_places_clock(name: str, result_type, meaning: str) -> type[FunctionElement]:
    """An SQL function name(instant column, zone-name column): what a clock or calendar in that zone shows."""
    return type(name, (FunctionElement,), {"type": result_type, "inherit_cache": True, "name": name,
                                           "__doc__": f"{name}(instant column, zone-name column): {meaning}"})


local_year = _on_a_places_clock("local_year", Integer(), "the year on that zone's calendar, as an integer.")
local_date = _on_a_places_clock("local_date", Date(), "the day on that zone's calendar (compare it with a date).")
local_weekday = _on_a_places_clock("local_weekday", Integer(), "the day of the week there, 1 (Monday) to 7 (Sunday).")
local_hour = _on_a_places_clock("local_hour", Integer(), "the hour on that zone's clock, 0 to 23.")


# What each function is on PostgreSQL (around the instant read in the zone), and its name on SQLite.
ON_POSTGRESQL = {local_year: "CAST(EXTRACT(YEAR FROM {}) AS INTEGER)", local_date: "CAST({} AS DATE)",
                 local_weekday: "CAST(EXTRACT(ISODOW FROM {}) AS INTEGER)",
                 local_hour: "CAST(EXTRACT(HOUR FROM {}) AS INTEGER)"}
ON_SQLITE = {local_year: "planner_local_year", local_date: "planner_local_date",
             local_weekday: "planner_local_weekday", local_hour: "planner_local_hour"}


def _on_postgresql(element, compiler, **kw):
    instant, zone_name = list(element.clauses)
    in_zone = f"({compiler.process(instant, **kw)} AT TIME ZONE {compiler.process(zone_name, **kw)})"
    return ON_POSTGRESQL[type(element)].format(in_zone)


def _on_sqlite(element, compiler, **kw):
    return f"{ON_SQLITE[type(element)]}({compiler.process(element.clauses, **kw)})"


for _function in ON_POSTGRESQL:
    compiles(_function, "postgresql")(_on_postgresql)
    compiles(_function, "sqlite")(_on_sqlite)


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
