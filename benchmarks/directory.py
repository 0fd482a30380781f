"""How fast the /initiatives list stays with 100,000 initiatives on PostgreSQL, as a ratio to bare Flask.

    python -m benchmarks.directory --database-url postgresql+psycopg://postgres@127.0.0.1:5432/planner_bench

The database named in the URL is dropped and made afresh, migrated, filled with generated data
(benchmarks/directory_data.py), then each page is requested through the Flask test client,
N times after a warm-up, next to a bare Flask endpoint served the same way. The report gives the
median and 95th percentile in milliseconds, the ratio of each median to the bare endpoint's, and
the SQL statements each request sent. The database is dropped at the end unless --keep is given.
The cache is off (CACHE_URL=none:// unless set), so the figures are what the database and the
templates cost; benchmarks.production measures pages as served, cache included.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import create_engine, event, make_url

from planner import create_app
from planner.db import engine_of
from benchmarks.directory_data import RARE_WORD, generate
from planner.migrate import upgrade

PROTECTED_DATABASES = {"postgres", "template0", "template1"}


@dataclass
class Timing:
    """The figures for one address."""

    label: str
    path: str
    status: int
    median_ms: float
    p95_ms: float
    queries: float


def _server_admin(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def recreate_database(url: str) -> None:
    """Drop and create the database the URL names (never a system database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.database in PROTECTED_DATABASES or not parsed.database:
        raise SystemExit("give a PostgreSQL URL naming a throw-away database, e.g. …/planner_bench")
    admin = _server_admin(url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    admin.dispose()


def drop_database(url: str) -> None:
    """Drop the benchmark's database."""
    admin = _server_admin(url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    admin.dispose()


def fill(url: str, initiatives: int) -> dict[str, int]:
    """Migrate, then generate the data in one transaction."""
    upgrade(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        counts = generate(connection, initiatives)
    engine.dispose()
    return counts


def _timed(get: Callable[[], int], requests: int, warm_up: int = 3) -> tuple[int, list[float]]:
    status = 0
    for _ in range(warm_up):
        status = get()
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        durations.append((time.perf_counter() - started) * 1000)
    return status, durations


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(app: Flask, label: str, path: str, requests: int) -> Timing:
    """Request one address many times through the test client; count its SQL statements too."""
    client = app.test_client()
    statements = []
    listener = lambda *_args: statements.append(1)  # noqa: E731
    engine = engine_of(app) if "planner.engine" in app.extensions else None
    if engine is not None:
        event.listen(engine, "before_cursor_execute", listener)
    try:
        status, durations = _timed(lambda: client.get(path).status_code, requests)
    finally:
        if engine is not None:
            event.remove(engine, "before_cursor_execute", listener)
    per_request = len(statements) / (requests + 3)
    return Timing(label, path, status, statistics.median(durations), _percentile(durations, 0.95), per_request)


def bare_app() -> Flask:
    """A Flask app with one endpoint that does nothing: the yardstick."""
    app = Flask("bare")
    app.add_url_rule("/bare", "bare", lambda: "ok")
    return app


def planner_app(url: str) -> Flask:
    """The planner on the benchmark's database, plus an endpoint that runs its hooks but no SQL."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-only", "WTF_CSRF_ENABLED": False,
                      "CACHE_URL": os.environ.get("CACHE_URL", "none://")})
    app.add_url_rule("/_bare", "bare", lambda: "ok")
    return app


PAGES = [
    ("planner app, endpoint with no SQL", "/_bare"),
    ("/initiatives page 1", "/initiatives"),
    ("/initiatives sorted by name", "/initiatives?sort=name"),
    ("/initiatives filtered (theme + country)", "/initiatives?theme=youth&country=MA"),
    ("/initiatives filtered (audience + place)", "/initiatives?audience=refugees&locality=bench-place-3"),
    ("/initiatives deep page (400)", "/initiatives?page=400"),
    ("/initiatives?q= common word", "/initiatives?q=football"),
    ("/initiatives?q= rare word", f"/initiatives?q={RARE_WORD}"),
    ("/initiatives?q= + filter", "/initiatives?q=garden&country=JO"),
    ("/search?q= common word", "/search?q=football"),
    ("/ (home)", "/"),
    ("/initiatives/<slug>", "/initiatives/bench-initiative-4242"),
]


def report(timings: list[Timing], bare: Timing) -> str:
    """The figures as a table, each median also as a multiple of the bare endpoint's."""
    lines = [f"{'page':44} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'x bare':>8} {'queries':>8}",
             f"{'bare Flask endpoint':44} {bare.status:>6} {bare.median_ms:>10.2f} {bare.p95_ms:>8.2f} "
             f"{1:>8.1f} {0:>8}"]
    for t in timings:
        lines.append(f"{t.label:44} {t.status:>6} {t.median_ms:>10.2f} {t.p95_ms:>8.2f} "
                     f"{t.median_ms / bare.median_ms:>8.1f} {t.queries:>8.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Make the database, fill it, measure the directory's pages, report, clean up."""
    run(argv, __doc__, lambda initiatives: PAGES)


def run(argv: list[str] | None, description: str, pages_for, client_class=None) -> None:
    """The shared benchmark: make and fill the database, time each page beside bare Flask, clean up.

    `pages_for(initiatives)` gives the (label, path) pairs to time; `client_class` may replace the
    test client (to read streamed bodies to the end, say).
    """
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure an already generated database")
    args = parser.parse_args(argv)

    if not args.reuse:
        recreate_database(args.database_url)
        started = time.perf_counter()
        counts = fill(args.database_url, args.initiatives)
        print(f"generated {counts} in {time.perf_counter() - started:.1f} s")
    app = planner_app(args.database_url)
    if client_class is not None:
        app.test_client_class = client_class
    bare = measure(bare_app(), "bare Flask endpoint", "/bare", args.requests)
    timings = [measure(app, label, path, args.requests) for label, path in pages_for(args.initiatives)]
    print(report(timings, bare))
    engine_of(app).dispose()
    if not args.keep:
        drop_database(args.database_url)


if __name__ == "__main__":
    main()
