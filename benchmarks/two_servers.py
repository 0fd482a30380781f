"""Two app processes on different ports, over one PostgreSQL and one Redis, behave as one.

    .venv/bin/python -m benchmarks.two_servers --database-url postgresql+psycopg://postgres@127.0.0.1:5432/planner_two

It uses the Redis at --redis-url (.ci/run starts Debian's redis-server), or else starts one of its
own on a free port; it makes the database anew
(its name must start with planner_two) and serves the app twice with gunicorn, as two machines
would, both with RATELIMIT_STORAGE_URI and CACHE_URL in that Redis. Then:

1. the shared cache: B's shift list is read (its places go into the cache); a coordinator adds a
   shift in a new place through A; B's list offers that place on the very next request;
2. failed sign-ins: wrong passwords for one account, alternating between A and B, are counted
   together: the sixth is refused (429) whichever process it reaches;
3. a sign-up storm spread over both: half the volunteers through A, half through B, at once; no
   shift is overbooked (benchmarks.signups.check).

Exits 1 if any of these fails. `.ci/run` runs it. Traffic goes only to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import http.client
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from urllib.parse import urlencode

from redis import Redis
from sqlalchemy import insert, select

from benchmarks import databases
from benchmarks.signups import (
    CSRF_FIELD, Volunteer, _request, _session_cookie, build_data, check, load_form, run_clients, sign_in, sign_up,
    start_server,
)
from planner.accounts.models import Role, RoleGrant, User
from planner.accounts.passwords import hash_password
from planner.clock import utcnow
from planner.db import make_engine
from planner.migrate import upgrade
from planner.places.models import Locality
from planner.volunteering.models import Programme

WRONG_PASSWORDS_ALLOWED = 5  # LOGIN_ACCOUNT_LIMIT's default: 5 per 15 minutes
PASSWORD = "two servers share one redis"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis() -> tuple[subprocess.Popen, int]:
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("redis-server is missing: apt-get install redis-server (make test installs it)")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                               "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                return server, port
        time.sleep(0.05)
    server.terminate()
    raise SystemExit("redis-server did not start")


def shared_store(redis_url: str | None) -> tuple[subprocess.Popen | None, dict[str, str]]:
    """The throttle's and the cache's settings in one Redis: the one at redis_url (its databases 14 and 15,
    emptied first, so that no entry of an earlier run is read), or a redis-server of our own."""
    server = None
    if not redis_url:
        server, port = start_redis()
        redis_url = f"redis://127.0.0.1:{port}"
    base = redis_url.rstrip("/")
    settings = {"RATELIMIT_STORAGE_URI": f"{base}/14", "CACHE_URL": f"{base}/15"}
    for url in settings.values():
        Redis.from_url(url).flushdb()
    return server, settings


def make_database(url: str) -> None:
    databases.recreate(url, "planner_two")
    upgrade(url)


def add_people(engine, programme_id: int) -> tuple[int, str, str]:
    """A coordinator of the programme's organisation, a second place in its country, and an account to
    fail to sign in to; returns (coordinator id, the new place's name, the account's address). The place's
    address name is its name in lower case, with a hyphen for the space."""
    tag = secrets.token_hex(3)
    with engine.begin() as connection:
        organisation_id = connection.scalar(select(Programme.organisation_id).where(Programme.id == programme_id))
        place = f"Second-town {tag}"
        connection.execute(insert(Locality).values(slug=place.lower().replace(" ", "-"), name=place, country_code="JO",
                                                    timezone="Asia/Amman"))
        people = connection.execute(insert(User).returning(User.id), [
            {"email": f"{who}-{tag}@example.org", "email_canonical": f"{who}-{tag}@example.org", "name": who.title(),
             "password_hash": hash_password(PASSWORD), "email_verified_at": utcnow()}
            for who in ("coordinator", "target")]).scalars().all()
        connection.execute(insert(RoleGrant).values(user_id=people[0], role=Role.COORDINATOR,
                                                    organisation_id=organisation_id,
                                                    scope_key=RoleGrant.scope_key_for(organisation_id=organisation_id)))
    return people[0], place, f"target-{tag}@example.org"


def page(port: int, path: str, cookie: str = "") -> tuple[int, str, str]:
    """GET a page: (status, HTML, the session cookie it leaves)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    response = _request(connection, "GET", path, cookie=cookie)
    body = response.read().decode()
    connection.close()
    return response.status, body, _session_cookie(response, cookie)


def post(port: int, path: str, fields: dict, cookie: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    response = _request(connection, "POST", path, body=urlencode(fields), cookie=cookie)
    response.read()
    connection.close()
    return response.status


def shared_cache(ports: tuple[int, int], coordinator_cookie: str, programme_slug: str, place: str) -> list[str]:
    first, second = ports
    offered = f'<option value="{place.lower().replace(" ", "-")}">'  # in the list's "Place" filter (cached)
    status, before, _ = page(second, "/shifts")
    if status != 200 or offered in before:
        return [f"B's shift list could not be read first (status {status})"]
    _, form, cookie = page(first, f"/programmes/{programme_slug}/shifts/new", coordinator_cookie)
    token = CSRF_FIELD.search(form)
    place_id = re.search(rf'<option value="(\d+)">{re.escape(place)}</option>', form)
    if not (token and place_id):
        return ["A did not offer the coordinator the new shift form with the new place"]
    start = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    status = post(first, f"/programmes/{programme_slug}/shifts/new", {
        "csrf_token": token.group(1), "title": "Shift in the second town", "starts_at": start,
        "ends_at": start.replace("T10:00", "T12:00"), "locality": place_id.group(1), "centre": "", "place": "",
        "capacity": "5", "signup_cutoff_hours": "0", "party_limit": "0", "repeat": "", "ends": "count",
        "count": "10", "nth": "1"}, cookie)
    if status != 302:
        return [f"A refused the new shift (status {status})"]
    _, after, _ = page(second, "/shifts")
    return [] if offered in after else ["B's shift filter did not offer the place of a shift just added through A"]


def shared_throttle(ports: tuple[int, int], email: str) -> list[str]:
    statuses = []
    for attempt in range(WRONG_PASSWORDS_ALLOWED + 1):
        port = ports[attempt % 2]
        _, form, cookie = page(port, "/login")
        if not (token := CSRF_FIELD.search(form)):
            return [f"the login page on port {port} carried no form token"]
        statuses.append(post(port, "/login", {"csrf_token": token.group(1), "email": email, "password": "not it"},
                             cookie))
    print(f"  wrong passwords, alternating A and B: statuses {statuses}")
    if statuses[-1] != 429 or 429 in statuses[:-1]:
        return [f"failed sign-ins were not counted across both processes: {statuses}"]
    return []


def sign_up_storm(ports: tuple[int, int], engine, volunteers, clients: int) -> list[str]:
    halves = (volunteers[0::2], volunteers[1::2])
    for port, half in zip(ports, halves):
        run_clients(port, clients // 2, half, load_form)
    if any(not volunteer.csrf for volunteer in volunteers):
        return ["some volunteers got no sign-up form"]
    answers = {}
    runners = [threading.Thread(target=lambda p=port, h=half: answers.__setitem__(p, run_clients(p, clients // 2, h,
                                                                                                  sign_up)))
               for port, half in zip(ports, halves)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    for port, timings in answers.items():
        print(f"  sign-ups through port {port}: {sum(timings.statuses.values())} in {timings.seconds:.2f} s, "
              f"statuses {timings.statuses}")
    return check(engine, volunteers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/planner_two")
    parser.add_argument("--volunteers", type=int, default=400)
    parser.add_argument("--shifts", type=int, default=4)
    parser.add_argument("--capacity", type=int, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--redis-url", help="a running Redis (such as .ci/run's) instead of one of our own")
    parser.add_argument("--each-in-its-own-memory", action="store_true",
                        help="leave the throttle and the cache in each process's memory, to see the checks fail")
    args = parser.parse_args(argv)

    make_database(args.database_url)
    engine = make_engine(args.database_url)
    volunteers = build_data(engine, args.volunteers, args.shifts, args.capacity)
    with engine.connect() as connection:
        programme_id, programme_slug = connection.execute(
            select(Programme.id, Programme.slug).order_by(Programme.id.desc()).limit(1)).one()
    coordinator_id, place, target_email = add_people(engine, programme_id)
    secret = secrets.token_hex(32)
    sign_in(args.database_url, secret, volunteers)
    coordinator_cookie = session_cookie_for(args.database_url, secret, coordinator_id)

    redis, settings = shared_store(args.redis_url)
    if args.each_in_its_own_memory:
        settings = {"RATELIMIT_STORAGE_URI": "memory://", "CACHE_URL": "memory://"}
    ports = (free_port(), free_port())
    servers = [start_server(args.database_url, secret, port, 1, 4, settings) for port in ports]
    problems: list[str] = []
    try:
        print(f"two gunicorn processes on ports {ports[0]} (A) and {ports[1]} (B), one PostgreSQL, one Redis")
        for name, check_it in (
            ("a change through A is read at once through B's cache",
             lambda: shared_cache(ports, coordinator_cookie, programme_slug, place)),
            ("failed sign-ins count across both", lambda: shared_throttle(ports, target_email)),
            ("a sign-up storm over both overbooks nothing",
             lambda: sign_up_storm(ports, engine, volunteers, args.clients)),
        ):
            found = check_it()
            print(f"{name}: {'OK' if not found else '; '.join(found)}")
            problems += found
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        engine.dispose()
    return 1 if problems else 0


def session_cookie_for(url: str, secret: str, user_id: int) -> str:
    """The session cookie the login form would give this user (the coordinator needs no second step)."""
    holder = Volunteer(user_id, "", 0)
    sign_in(url, secret, [holder])
    return holder.cookie


if __name__ == "__main__":
    sys.exit(main())
