"""The planner served as production serves it, beside a bare Flask page served the same way.

    .venv/bin/python -m benchmarks.production                  # 100,000 initiatives, three interleaved rounds
    .venv/bin/python -m benchmarks.production --growth 10000 100000 1000000

It makes the database planner_production anew on the local PostgreSQL with generated data
(benchmarks.directory_data: initiatives, their places, councils and organisations; a council with
10,000 budget decisions, benchmarks.budgets; volunteers and shifts, benchmarks.signups), takes a
Redis (--redis-url, or one of its own), and serves with gunicorn (2 workers × 4 threads, gthread) both the planner
(PLANNER_ENV=production, cache and throttle in that Redis) and a bare Flask page rendering 50 items
(benchmarks.bare_page). Then, for each round, it loads the bare page and each of the planner's
pages in turn with real HTTP from 32 kept-alive connections, and prints per page the requests per
second, p50 and p99, and the ratio of its requests per second to the bare page's in the same round
(medians over rounds; read the ratios, since the machine may be shared). Anonymous visitors' pages
come from the shared cache; "signed in" pages are built for each request.

Sign-ups: volunteers signed in beforehand post the sign-up form from 32 connections, spread over
30 shifts and then all onto one hot shift, beside /healthz on the same server; no shift may be
overbooked (benchmarks.signups.check), or the run exits 1. Then the same volunteers post to
benchmarks.bare_signed_in, the least a signed-in post can cost in the same libraries, beside its own
/healthz: the ceiling for the sign-ups' ratio. Last, visitors load /initiatives from 24
connections while volunteers sign up from 8 others: what is left of the cache during a storm of sign-ups.

With --growth, each size gets a database of its own (planner_production_growth_<size>, dropped
afterwards) and a planner served with no cache at all; one connection times the list, the filtered
list, ?q= a common word and /search at every size in turn, in short slices, and prints the p50 at
each size and the ratio of the largest to the smallest. Figures only: nothing here passes or fails
on time.
"""
from __future__ import annotations

import argparse
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import create_engine, make_url, select, text

from benchmarks import budgets, cpu, databases, directory_data, http_load
from benchmarks.signups import (Timings, build_data, check, health, load_form, refused_sign_up, run_clients, sign_in,
                                sign_up, start_server)
from benchmarks.two_servers import free_port, session_cookie_for, shared_store
from planner import create_app
from planner.db import engine_of, make_engine
from planner.initiatives.models import Initiative
from planner.migrate import upgrade

COMMON = "football"  # one subject in sixteen: about 6% of initiatives
FILTERED = "/initiatives?theme=youth&country=MA"
BUDGET_PAGE = f"/councils/{budgets.COUNCIL_SLUG}/budget/{budgets.YEAR}"
WORKERS, THREADS = 2, 4
STORM_CONNECTIONS = 8  # of the 32, volunteers signing up while visitors read


@dataclass(frozen=True)
class Endpoint:
    """A page to load: what the table calls it, its addresses (taken in turn), who asks, and its target."""

    label: str
    paths: tuple[str, ...]
    signed_in: bool = False
    target: float = 0.5  # requests per second, as a fraction of the bare page's


def endpoints(detail_paths: tuple[str, ...]) -> list[Endpoint]:
    """The issue's pages, as a visitor sees them (cached) and, for the lists, signed in (built each time)."""
    lists = (("/initiatives", ("/initiatives",)), ("filtered by theme and country", (FILTERED,)),
             ("?q= a common word", (f"/initiatives?q={COMMON}",)),
             ("/search?q= a common word", (f"/search?q={COMMON}",)))
    return [
        Endpoint("/initiatives", ("/initiatives",)),
        Endpoint("filtered by theme and country", (FILTERED,)),
        Endpoint("?q= a rare word", (f"/initiatives?q={directory_data.RARE_WORD}",)),
        Endpoint("?q= a common word", (f"/initiatives?q={COMMON}",), target=0.25),
        Endpoint("/search?q= a common word", (f"/search?q={COMMON}",), target=0.25),
        Endpoint("initiative detail", detail_paths[:1]),
        Endpoint("initiative detail, 200 pages in turn", detail_paths),
        Endpoint("home", ("/",)),
        Endpoint("budget page, 10,000 decisions", (BUDGET_PAGE,)),
        *(Endpoint(f"{label}, signed in", paths, signed_in=True, target=0.2) for label, paths in lists),
    ]


@dataclass
class Figures:
    """One endpoint's rounds."""

    per_second: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)
    failed: int = 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    redis, store = shared_store(args.redis_url)
    try:
        problems = measure_serving(args, store)
        if args.growth:
            measure_growth(args, args.growth)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
    return 1 if problems else 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/planner_production")
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5.0, help="of load per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--signups", type=int, default=3_000)
    parser.add_argument("--redis-url", help="a running Redis (such as .ci/run's) instead of one of our own")
    parser.add_argument("--growth", type=int, nargs="*", default=[], help="sizes to time one connection at")
    parser.add_argument("--growth-seconds", type=float, default=10.0, help="of one connection per page and size")
    return parser.parse_args(argv)


# --- data ---------------------------------------------------------------------------------


def make_database(url: str, initiatives: int, decisions: int) -> None:
    """The database made anew and filled, then vacuumed so that index-only reads can be used."""
    started = time.perf_counter()
    databases.recreate(url, "planner_production")
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        directory_data.generate(connection, initiatives)
    engine.dispose()
    if decisions:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-only", "CACHE_URL": "none://"})
        with app.app_context():
            budgets.generate(decisions, random.Random(5))
        engine_of(app).dispose()
    vacuum = create_engine(url, isolation_level="AUTOCOMMIT")
    with vacuum.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    vacuum.dispose()
    print(f"database: {initiatives:,} initiatives, {decisions:,} budget decisions, "
          f"made in {time.perf_counter() - started:.0f} s")


def _detail_paths(url: str, count: int = 200) -> tuple[str, ...]:
    engine = create_engine(url)
    with engine.connect() as connection:
        slugs = connection.scalars(select(Initiative.slug).where(Initiative.is_public).order_by(Initiative.id)
                                   .limit(count)).all()
    engine.dispose()
    return tuple(f"/initiatives/{slug}" for slug in slugs)


# --- pages --------------------------------------------------------------------------------


def measure_serving(args: argparse.Namespace, store: dict[str, str]) -> list[str]:
    """Both servers up, every page loaded in interleaved rounds, then the sign-ups; returns the problems."""
    make_database(args.database_url, args.initiatives, args.decisions)
    engine = make_engine(args.database_url)
    spread = build_data(engine, args.signups, 30, 100)
    hot = build_data(engine, args.signups // 3, 1, 100)
    storm = build_data(engine, args.signups, 30, 100)
    reader = build_data(engine, 1, 1, 1)[0]
    secret = secrets.token_hex(32)
    sign_in(args.database_url, secret, spread + hot + storm)
    reader_cookie = session_cookie_for(args.database_url, secret, reader.user_id)

    ours, bare = free_port(), free_port()
    settings = {"PLANNER_ENV": "production", "PLANNER_BASE_URL": f"http://127.0.0.1:{ours}", **store}
    servers = [start_server(args.database_url, secret, ours, WORKERS, THREADS, settings),
               start_server(args.database_url, secret, bare, WORKERS, THREADS, app="benchmarks.bare_page:app")]
    try:
        print(f"gunicorn {WORKERS} workers × {THREADS} threads each (planner on {ours}, bare page on {bare}); "
              f"{args.connections} connections; {args.rounds} rounds of {args.seconds:.0f} s per page")
        figures = _rounds(args, ours, bare, endpoints(_detail_paths(args.database_url)), reader_cookie)
        print_pages(figures)
        problems = measure_signups(ours, servers[0].pid, engine, args.connections, spread, hot)
        measure_least_signed_in_post(args.database_url, secret, args.connections, spread)
        problems += measure_visitors_during_signups(ours, bare, engine, args, storm)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        engine.dispose()
    return problems + [f"{endpoint.label}: {numbers.failed} failed requests"
                       for endpoint, numbers in figures.items() if numbers.failed]


def _rounds(args, ours: int, bare: int, pages: list[Endpoint], cookie: str) -> dict[Endpoint, Figures]:
    figures = {endpoint: Figures() for endpoint in [None, *pages]}
    for endpoint in pages:  # untimed: every page asked for once and more, so the cache holds the visitors' pages,
        reader = cookie if endpoint.signed_in else ""  # as it would on a site that has been up a while
        http_load.visit_each(ours, list(endpoint.paths), reader)
        http_load.run(ours, list(endpoint.paths), 4, 0.5, reader)
    for _round in range(args.rounds):
        for endpoint in pages:
            yardstick = http_load.run(bare, ["/"], args.connections, args.seconds)
            load = http_load.run(ours, list(endpoint.paths), args.connections, args.seconds,
                                 cookie if endpoint.signed_in else "")
            _note(figures[None], yardstick, yardstick)
            _note(figures[endpoint], load, yardstick)
    return figures


def _note(numbers: Figures, load: http_load.Load, yardstick: http_load.Load) -> None:
    numbers.per_second.append(load.per_second)
    numbers.p50.append(load.percentile_ms(50))
    numbers.p99.append(load.percentile_ms(99))
    numbers.ratio.append(load.per_second / yardstick.per_second)
    numbers.failed += load.failed


def print_pages(figures: dict) -> None:
    print(f"\n{'page':<42} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'× bare':>7} {'target':>7}")
    for endpoint, numbers in figures.items():
        label = "bare Flask page, 50 items" if endpoint is None else endpoint.label
        target = "" if endpoint is None else f"{endpoint.target:.2f}"
        met = endpoint is not None and statistics.median(numbers.ratio) >= endpoint.target
        mark = "" if endpoint is None else ("  met" if met else "  MISSED")
        print(f"{label:<42} {statistics.median(numbers.per_second):>7.0f} {statistics.median(numbers.p50):>7.1f} "
              f"{statistics.median(numbers.p99):>7.1f} {statistics.median(numbers.ratio):>7.2f} {target:>7}{mark}")


# --- sign-ups -----------------------------------------------------------------------------


def measure_signups(port: int, server_pid: int, engine, connections: int, spread: list, hot: list) -> list[str]:
    """Sign-ups per second over 30 shifts, then onto one hot shift, each beside /healthz; the capacity check.

    Over 30 shifts it first times the same POSTs refused by the form (too many guests): everything a sign-up
    request costs but the sign-up itself, the floor under the sign-ups' rate. Each line is followed by the CPU
    each request cost the app, PostgreSQL, Redis and the load client (benchmarks.cpu), which says why."""
    print()
    problems = []
    timed = _Timed(port, server_pid, connections)
    for name, volunteers in (("30 shifts of 100 places", spread), ("one hot shift of 100 places", hot)):
        run_clients(port, connections, volunteers, load_form)
        if any(not volunteer.csrf for volunteer in volunteers):
            return [f"{name}: some volunteers got no sign-up form"]
        if volunteers is spread:
            refused = timed.beside_health("the same POSTs refused by the form (all but the sign-up)", volunteers,
                                          refused_sign_up)
            if refused.statuses.get(302, 0) != len(volunteers):
                problems.append("a refused sign-up was not redirected")
        signups = timed.beside_health(f"sign-ups, {name}", volunteers, sign_up)
        if signups.statuses.get(302, 0) != len(volunteers):
            problems.append(f"{name}: not every sign-up was answered with a redirect")
    overbooked = check(engine, spread + hot)
    print("capacity check:", "OK, nothing overbooked" if not overbooked else "; ".join(overbooked))
    return problems + overbooked


@dataclass
class _Timed:
    """Runs the sign-up POSTs and then /healthz as many times, and prints both rates, their ratio and the CPU."""

    port: int
    server_pid: int
    connections: int

    def beside_health(self, label: str, volunteers: list, job) -> Timings:
        posts, posts_cpu = self._run(volunteers, job)
        health_checks, health_cpu = self._run(list(range(len(volunteers))), health)
        per_second, health_per_second = len(volunteers) / posts.seconds, len(volunteers) / health_checks.seconds
        print(f"{label}: {per_second:.0f}/s (statuses {dict(posts.statuses)}); /healthz {health_per_second:.0f}/s; "
              f"ratio {per_second / health_per_second:.2f}")
        print(f"    CPU ms per request: {cpu.described(posts_cpu)}; /healthz {cpu.described(health_cpu)}")
        return posts

    def _run(self, work: list, job) -> tuple[Timings, dict[str, float]]:
        return cpu.per_request(self.server_pid, len(work), lambda: run_clients(self.port, self.connections, work, job))


def measure_least_signed_in_post(url: str, secret: str, connections: int, volunteers: list) -> None:
    """The same volunteers post to benchmarks.bare_signed_in, beside its own /healthz: the ratio no sign-up
    through these libraries can pass (the least a signed-in post costs), for reading the sign-ups' ratios."""
    port = free_port()
    server = start_server(url, secret, port, WORKERS, THREADS, app="benchmarks.bare_signed_in:app")
    try:
        run_clients(port, connections, volunteers, load_form)
        posts = _Timed(port, server.pid, connections).beside_health(
            "the least a signed-in post costs (bare Flask, Flask-Login, Flask-WTF, one UPDATE)", volunteers, sign_up)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if posts.statuses.get(302, 0) != len(volunteers):
        print(f"    (not every post was answered with a redirect: {dict(posts.statuses)})")


def measure_visitors_during_signups(port: int, bare: int, engine, args: argparse.Namespace,
                                    storm: list) -> list[str]:
    """Visitors load /initiatives while volunteers sign up on 8 other connections: how much of the cache stays."""
    run_clients(port, STORM_CONNECTIONS, storm, load_form)
    yardstick = http_load.run(bare, ["/"], args.connections, args.seconds)
    http_load.run(port, ["/initiatives"], 4, 0.5)  # stored before the storm, as it would be
    done: list = []
    signing_up = threading.Thread(target=lambda: done.append(run_clients(port, STORM_CONNECTIONS, storm, sign_up)))
    signing_up.start()
    time.sleep(0.5)
    visitors = http_load.run(port, ["/initiatives"], args.connections - STORM_CONNECTIONS, args.seconds)
    storm_still_on = signing_up.is_alive()
    signing_up.join()
    signups = done[0]
    print(f"/initiatives for visitors during {len(storm) / signups.seconds:.0f} sign-ups/s: "
          f"{visitors.per_second:.0f}/s, p50 {visitors.percentile_ms(50):.1f} ms, p99 {visitors.percentile_ms(99):.1f} "
          f"ms, {visitors.per_second / yardstick.per_second:.2f} × bare"
          + ("" if storm_still_on else " (the sign-ups ended before the visitors did)"))
    problems = check(engine, storm)
    if visitors.failed or signups.statuses.get(302, 0) != len(storm):
        problems.append(f"during the sign-up storm: {dict(visitors.statuses)} {dict(signups.statuses)}")
    return problems


# --- growth -------------------------------------------------------------------------------

GROWTH_PAGES = (("list", "/initiatives"), ("filtered", FILTERED), ("?q=common", f"/initiatives?q={COMMON}"),
                ("/search?q=common", f"/search?q={COMMON}"))
GROWTH_SLICES = 5  # each page's time at each size, in slices taken in turn across the sizes


def measure_growth(args: argparse.Namespace, sizes: list[int]) -> None:
    """Single-connection p50 of the uncached pages at each size (no cache: what the database must do).

    Every size has its own database and server, all up at once, and each page's time is cut into slices
    taken in turn across the sizes, so that a moment when the machine is busy falls on every size alike
    rather than on whichever was being timed."""
    servers: dict[int, tuple[int, subprocess.Popen]] = {}
    latencies: dict[tuple[int, str], list[float]] = {}
    try:
        for size in sizes:
            url = _growth_database(args.database_url, size)
            make_database(url, size, 0)
            port = free_port()
            settings = {"PLANNER_ENV": "production", "PLANNER_BASE_URL": f"http://127.0.0.1:{port}",
                        "CACHE_URL": "none://"}
            servers[size] = port, start_server(url, secrets.token_hex(16), port, 1, 1, settings)
        for label, path in GROWTH_PAGES:
            for size, (port, _server) in servers.items():
                http_load.run(port, [path], 1, 1.0)  # warm
            for _slice in range(GROWTH_SLICES):
                for size, (port, _server) in servers.items():
                    load = http_load.run(port, [path], 1, args.growth_seconds / GROWTH_SLICES)
                    if load.failed:
                        raise SystemExit(f"{path} failed at {size:,} initiatives: {dict(load.statuses)}")
                    latencies.setdefault((size, label), []).extend(load.latencies)
    finally:
        for _port, server in servers.values():
            server.terminate()
            server.wait(timeout=30)
        for size in sizes:
            databases.drop(_growth_database(args.database_url, size), "planner_production")
        databases.recreate(args.database_url, "planner_production")  # emptied, as the serving figures are done
    _print_growth(sizes, {key: http_load.percentile_ms(values, 50) for key, values in latencies.items()})


def _growth_database(url: str, size: int) -> str:
    """The database that holds `size` initiatives for the growth figures, beside the main one."""
    target = make_url(url)
    return target.set(database=f"{target.database}_growth_{size}").render_as_string(hide_password=False)


def _print_growth(sizes: list[int], p50: dict[tuple[int, str], float]) -> None:
    print(f"\n{'p50 ms, one connection, no cache':<34}" + "".join(f"{size:>11,}" for size in sizes)
          + f"{'largest ÷ smallest':>20}")
    for label, _path in GROWTH_PAGES:
        row = [p50[size, label] for size in sizes]
        print(f"{label:<34}" + "".join(f"{value:>11.1f}" for value in row) + f"{row[-1] / row[0]:>20.2f}")

if __name__ == "__main__":
    sys.exit(main())
