"""The calendar year of a stored instant on the clock of a place, worked out by the database.

A shift that starts at 00:30 on New Year's Day in Amman starts at 22:30 UTC the day before; the people there, and
the volunteer who gave those hours, count it in the new year. Queries that group or filter by year use
`local_year(instant, zone_name)`: PostgreSQL reads the instant in the zone (`AT TIME ZONE`), SQLite calls a Python
function the planner registers on each of its connections (it has no time zones of its own).
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from planner.clock import to_local

SQLITE_FUNCTION = "planner_local_year"


class local_year(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """local_year(instant column, zone-name column): the year on that zone's calendar, as an integer."""

    type = Integer()
    inherit_cache = True
    name = "local_year"


@compiles(local_year, "postgresql")
def _on_postgresql(element, compiler, **kw):
    instant, zone_name = list(element.clauses)
    return (f"CAST(EXTRACT(YEAR FROM ({compiler.process(instant, **kw)} AT TIME ZONE "
            f"{compiler.process(zone_name, **kw)})) AS INTEGER)")


@compiles(local_year, "sqlite")
def _on_sqlite(element, compiler, **kw):
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


def _year_of_stored_instant(stored: str | None, zone_name: str | None) -> int | None:
    """SQLite's side: an instant as SQLAlchemy stores it there (UTC, without its zone), read in the zone."""
    if stored is None:
        return None
    return to_local(datetime.fromisoformat(stored).replace(tzinfo=UTC), zone_name).year


def add_to_sqlite(dbapi_connection) -> None:
    """Teach a new SQLite connection local_year."""
    dbapi_connection.create_function(SQLITE_FUNCTION, 2, _year_of_stored_instant, deterministic=True)
