"""Sign-ups per second through the real web stack, and a check that no shift was overbooked.

    python -m benchmarks.signups --database-url postgresql+psycopg://postgres@127.0.0.1:5432/planner_bench

Serves the app with gunicorn (two worker processes) on the given
database, signs many distinct volunteers up for a few shifts from many client threads at once
(each client first loads the shift page for its CSRF token, as a browser would; only the POSTs
are timed), then reads the database: every shift must have exactly min(capacity, sign-ups)
confirmed places, its counter must equal its confirmed rows, and the rest must be waitlisted.
For scale it also times /healthz (no sign-up work) with the same clients. Exits 1 on any
violation. Traffic goes only to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, make_url, select
from sqlalchemy.engine import Engine

from benchmarks import cpu
from planner import create_app
from planner.accounts.models import User
from planner.accounts.sessions import start_session
from planner.clock import utcnow
from planner.db import engine_of, make_engine, session
from planner.migrate import upgrade
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.volunteering.models import HOLDS_A_PLACE, Programme, Shift, Signup, SignupStatus

ROOT = Path(__file__).resolve().parents[1]
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')  # in any order of the attributes


@dataclass
class Volunteer:
    """One simulated volunteer: who, which shift, and what their browser holds."""

    user_id: int
    token: str
    shift_id: int
    cookie: str = ""
    csrf: str = ""


@dataclass
class Timings:
    """How long a run took, each request's latency, and how many of each status came back."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it does not exist yet."""
    target = make_url(url)
    if target.get_backend_name() != "postgresql":
        return
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                            (target.database,)).scalar()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    admin.dispose()


def build_data(engine: Engine, volunteers: int, shifts: int, capacity: int) -> list[Volunteer]:
    """A programme with `shifts` shifts of `capacity` places, and `volunteers` volunteers spread over them."""
    tag = secrets.token_hex(4)
    now = utcnow()
    with engine.begin() as connection:
        if connection.scalar(select(Country.code).where(Country.code == "JO")) is None:
            connection.execute(insert(Country).values(code="JO", name="Jordan"))
        place = connection.execute(insert(Locality).values(
            slug=f"bench-{tag}", name=f"Bench {tag}", country_code="JO", timezone="Asia/Amman")).inserted_primary_key[0]
        owner = connection.execute(insert(Organisation).values(
            slug=f"bench-{tag}", name=f"Bench {tag}", kind="nonprofit", country_code="JO")).inserted_primary_key[0]
        programme = connection.execute(insert(Programme).values(slug=f"bench-{tag}", name=f"Bench {tag}",
                                                                organisation_id=owner)).inserted_primary_key[0]
        shift_ids = []
        for number in range(shifts):
            start = now + timedelta(days=30, hours=3 * number)
            shift_ids.append(connection.execute(insert(Shift).values(
                programme_id=programme, title=f"Bench shift {number}", starts_at=start,
                ends_at=start + timedelta(hours=2), locality_id=place, capacity=capacity)).inserted_primary_key[0])
        users = [{"email": f"bench-{tag}-{n}@example.org", "email_canonical": f"bench-{tag}-{n}@example.org",
                  "name": f"Bench volunteer {n}", "password_hash": "!benchmark-no-login"} for n in range(volunteers)]
        connection.execute(insert(User), users)
        ids = connection.scalars(select(User.id).where(User.email.like(f"bench-{tag}-%")).order_by(User.id)).all()
    return [Volunteer(user_id, "", shift_ids[n % shifts]) for n, user_id in enumerate(ids)]


def sign_in(url: str, secret: str, volunteers: list[Volunteer]) -> None:
    """Open a login session for each volunteer and make the cookie the login form would set."""
    app = create_app({"SECRET_KEY": secret, "DATABASE_URL": url})
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        users = {user.id: user for user in session.scalars(
            select(User).where(User.id.in_([v.user_id for v in volunteers])))}
        for volunteer in volunteers:
            volunteer.token = start_session(users[volunteer.user_id])
            volunteer.cookie = serializer.dumps({"_user_id": volunteer.token, "_fresh": True})
        session.commit()
        session.remove()
    engine_of(app).dispose()


def start_server(url: str, secret: str, port: int, workers: int, threads: int,
                 settings: dict[str, str] | None = None, app: str = "planner:create_app()") -> subprocess.Popen:
    """gunicorn serving the app on 127.0.0.1:port (with any further settings); returns once /healthz answers."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secret, "PLANNER_ENV": "development", **(settings or {})}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
               "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


def _session_cookie(response: http.client.HTTPResponse, fallback: str) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("session="):
            return value.split(";", 1)[0].removeprefix("session=")
    return fallback


def run_clients(port: int, clients: int, work: list, job) -> Timings:
    """Run job(connection, item) for every item from `clients` threads released together."""
    items: queue.Queue = queue.Queue()
    for item in work:
        items.put(item)
    timings = Timings()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        barrier.wait()
        while True:
            try:
                item = items.get_nowait()
            except queue.Empty:
                break
            started = time.perf_counter()
            status = job(connection, item)
            elapsed = time.perf_counter() - started
            with lock:
                timings.latencies.append(elapsed)
                timings.statuses[status] = timings.statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    timings.seconds = time.perf_counter() - started
    return timings


def _request(connection, method: str, path: str, body: str = "", cookie: str = "") -> http.client.HTTPResponse:
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        return connection.getresponse()
    except (http.client.HTTPException, OSError):
        connection.close()
        connection.request(method, path, body=body or None, headers=headers)
        return connection.getresponse()


def load_form(connection, volunteer: Volunteer) -> int:
    """GET the shift page as the volunteer: keep the session cookie and the form's CSRF token."""
    response = _request(connection, "GET", f"/shifts/{volunteer.shift_id}", cookie=volunteer.cookie)
    page = response.read().decode()
    volunteer.cookie = _session_cookie(response, volunteer.cookie)
    match = CSRF_FIELD.search(page)
    volunteer.csrf = match.group(1) if match else ""
    return response.status


def sign_up(connection, volunteer: Volunteer, fields: str = "") -> int:
    """POST the sign-up form; the app answers with a redirect (302) on success or refusal."""
    response = _request(connection, "POST", f"/shifts/{volunteer.shift_id}/signup",
                        body=f"csrf_token={volunteer.csrf}{fields}", cookie=volunteer.cookie)
    response.read()
    return response.status


def refused_sign_up(connection, volunteer: Volunteer) -> int:
    """POST the sign-up form asking for more guests than the shift takes: the same request (sign-in, shift, rights,
    CSRF, form, message, redirect) but for the sign-up itself, which the form refuses before it is tried."""
    return sign_up(connection, volunteer, "&guests=99")


def health(connection, _item) -> int:
    """GET /healthz: the same server's cost for a request that does no sign-up work."""
    response = _request(connection, "GET", "/healthz")
    response.read()
    return response.status


def check(engine: Engine, volunteers: list[Volunteer]) -> list[str]:
    """Every shift: confirmed == min(capacity, sign-ups) == counter, the rest waitlisted."""
    attempts: dict[int, int] = {}
    for volunteer in volunteers:
        attempts[volunteer.shift_id] = attempts.get(volunteer.shift_id, 0) + 1
    problems = []
    with engine.connect() as connection:
        for shift_id, tried in sorted(attempts.items()):
            capacity, counter = connection.execute(
                select(Shift.capacity, Shift.confirmed_count).where(Shift.id == shift_id)).one()
            counts = dict(connection.execute(select(Signup.status, func.count()).where(Signup.shift_id == shift_id)
                                             .group_by(Signup.status)).all())
            held = sum(counts.get(status, 0) for status in HOLDS_A_PLACE)
            waiting = counts.get(SignupStatus.WAITLISTED, 0)
            print(f"  shift {shift_id}: capacity {capacity}, sign-ups {tried}, confirmed {held} "
                  f"(counter {counter}), waitlisted {waiting}")
            if not (held == counter == min(capacity, tried) and waiting == tried - held):
                problems.append(f"shift {shift_id} is inconsistent")
    return problems


def _summary(name: str, timings: Timings, count: int) -> None:
    ordered = sorted(timings.latencies) or [0.0]
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{name}: {count} requests in {timings.seconds:.2f} s = {count / timings.seconds:.0f}/s; "
          f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; statuses {timings.statuses}")


def main(argv: list[str] | None = None) -> int:
    """Build the data, serve the app, run the clients, check the shifts; 0 when every shift is consistent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--shifts", type=int, default=10)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=5077)
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    upgrade(args.database_url)
    engine = make_engine(args.database_url)
    volunteers = build_data(engine, args.volunteers, args.shifts, args.capacity)
    secret = secrets.token_hex(32)
    sign_in(args.database_url, secret, volunteers)

    server = start_server(args.database_url, secret, args.port, args.workers, args.threads)
    try:
        print(f"gunicorn: {args.workers} workers × {args.threads} threads; {args.clients} clients; "
              f"{args.volunteers} volunteers over {args.shifts} shifts of {args.capacity} places")
        run_clients(args.port, args.clients, volunteers, load_form)
        missing = sum(1 for v in volunteers if not v.csrf)
        if missing:
            print(f"{missing} clients got no form (were they signed in?)")
            return 1
        signups, signup_cpu = cpu.per_request(server.pid, len(volunteers),
                                              lambda: run_clients(args.port, args.clients, volunteers, sign_up))
        baseline, health_cpu = cpu.per_request(server.pid, len(volunteers), lambda: run_clients(
            args.port, args.clients, list(range(len(volunteers))), health))
    finally:
        server.terminate()
        server.wait(timeout=30)

    _summary("sign-ups (POST /shifts/<id>/signup)", signups, len(volunteers))
    _summary("baseline (GET /healthz)", baseline, len(volunteers))
    print(f"CPU ms per request: sign-ups {cpu.described(signup_cpu)}; /healthz {cpu.described(health_cpu)}")
    problems = check(engine, volunteers)
    engine.dispose()
    if signups.statuses.get(302, 0) != len(volunteers):
        problems.append(f"not every sign-up was answered with a redirect: {signups.statuses}")
    print("capacity check:", "OK" if not problems else "; ".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
