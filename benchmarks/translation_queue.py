"""The translators' queue with many texts set aside: how long one page of it takes to read.

    python -m benchmarks.translation_queue --server postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Makes `planner_bench_queue` anew on that server (dropped at the end), migrates it, and bulk-inserts 100,000 future
shifts over 100 programmes of 50 organisations, three in five of them with their French set aside (so 60,000 rows
in the index of outdated texts), then a coordinator of one organisation (2,000 of those shifts are theirs), an
admin and a volunteer (who may translate none). It reads the first page of five (My planner), the first and the 50th page of twenty (the queue's own page)
as each of them, several times, and prints the median and the slowest in milliseconds with what each page held;
then the first page of the shifts not yet in Arabic (none has it), in French (two in five have none, the others
theirs set aside) and in English (every one is written in it: the whole of the reader's shifts read to find none),
and the same of the records of every kind (the list's first view).
Then it times one pass of the weekly e-mail (planner.languages.digest) two days on, with a coordinator for each
organisation: as many accounts as one pass looks at, each written to.
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import time
from datetime import timedelta

from sqlalchemy import insert, make_url, select, text

from benchmarks import databases
from planner import create_app
from planner.accounts.models import Role, RoleGrant, User
from planner.clock import utcnow
from planner.db import engine_of, session
from planner.languages import digest
from planner.languages.services import not_yet_in, texts_to_translate
from planner.migrate import upgrade
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.translated import OutdatedText
from planner.volunteering.models import Programme, Shift

DATABASE = "planner_bench_queue"
BATCH = 5000
PAGES = ((1, 5), (1, 20), (50, 20))  # (page, records a page): My planner's, the queue's first and its 50th


def fill(engine, shifts: int, now) -> dict[str, int]:
    """The programmes and shifts, the index rows of the shifts with texts set aside, and the two readers' ids."""
    with engine.begin() as connection:
        connection.execute(insert(Country).values(code="JO", name="Jordan"))
        place = connection.execute(insert(Locality).values(slug="bench", name="Bench", country_code="JO",
                                                           timezone="Asia/Amman")).inserted_primary_key[0]
        owners = [connection.execute(insert(Organisation).values(slug=f"bench-{n}", name=f"Bench {n}",
                                                                 kind="nonprofit", country_code="JO"))
                  .inserted_primary_key[0] for n in range(50)]
        programmes = [connection.execute(insert(Programme).values(slug=f"bench-{n}", name=f"Bench {n}",
                                                                  organisation_id=owners[n % 50]))
                      .inserted_primary_key[0] for n in range(100)]
        for first in range(0, shifts, BATCH):
            connection.execute(insert(Shift), [_shift(n, programmes[n % 100], place, now)
                                               for n in range(first, min(first + BATCH, shifts))])
        set_aside = connection.scalars(select(Shift.id).where(text("shifts.translations::text LIKE '%@outdated%'"))
                                       .order_by(Shift.id)).all()
        for first in range(0, len(set_aside), BATCH):
            connection.execute(insert(OutdatedText), [
                {"record_table": "shifts", "record_id": shift_id, "language": "fr", "since": now - timedelta(seconds=n)}
                for n, shift_id in enumerate(set_aside[first:first + BATCH], start=first)])
        readers = {"coordinator of one organisation": _reader(connection, "coordinator", Role.COORDINATOR,
                                                              owners[7], now),
                   "admin": _reader(connection, "admin", Role.ADMIN, None, now),
                   "volunteer (My planner asks for everyone)": _reader(connection, "volunteer", Role.VOLUNTEER,
                                                                       None, now)}
        connection.execute(text("ANALYZE"))
    return readers


def _shift(n: int, programme_id: int, place_id: int, now) -> dict:
    starts = now + timedelta(days=1 + n % 300, minutes=n % 600)
    return {"programme_id": programme_id, "title": f"Shift {n}", "starts_at": starts,
            "ends_at": starts + timedelta(hours=2), "locality_id": place_id, "capacity": 5,
            "translations": {"@outdated": {"fr": {"title": f"Créneau {n}"}}} if n % 5 < 3 else {}}


def _reader(connection, name: str, role: Role, organisation_id: int | None, now) -> int:
    """A user holding the role, with the second step set up (an admin's role counts only then)."""
    user_id = connection.execute(insert(User).values(
        email=f"{name}@example.org", email_canonical=f"{name}@example.org", name=name, password_hash="!",
        totp_secret="JBSWY3DPEHPK3PXP", totp_confirmed_at=now)).inserted_primary_key[0]
    connection.execute(insert(RoleGrant).values(user_id=user_id, role=role, organisation_id=organisation_id))
    return user_id


def measure(app, readers: dict[str, int], now, rounds: int) -> None:
    """Print each reader's pages: median and slowest time, and what the page held."""
    with app.test_request_context():
        for label, user_id in readers.items():
            user = session.get(User, user_id)
            for number, per_page in PAGES:
                times = []
                for _ in range(rounds):
                    started = time.perf_counter()
                    page = texts_to_translate(user, now, number, per_page)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{label}: page {number} of {per_page}: median {statistics.median(times):.1f} ms, "
                      f"slowest {max(times):.1f} ms; {len(page.items)} shown of {page.total} waiting")


def measure_not_yet(app, readers: dict[str, int], now, rounds: int) -> None:
    """Print each reader's first page of the shifts, and of the records of every kind (the page's first list),
    never given in each language: median and slowest time."""
    with app.test_request_context():
        for label, user_id in readers.items():
            user = session.get(User, user_id)
            for kind, language in ((kind, language) for kind in ("shift", None) for language in ("ar", "fr", "en")):
                times = []
                for _ in range(rounds):
                    started = time.perf_counter()
                    page = not_yet_in(user, kind, language, now)
                    times.append((time.perf_counter() - started) * 1000)
                print(f"{label}: {kind or 'records of every kind'} not yet in {language}: median "
                      f"{statistics.median(times):.1f} ms, slowest {max(times):.1f} ms; {len(page.items)} shown of "
                      f"{page.total} counted")


def measure_digest(app, now) -> None:
    """One pass of the weekly e-mail two days on (every text settled), with a coordinator of each organisation
    added; written and rolled back."""
    with app.test_request_context():
        owners = session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
        for n, owner in enumerate(owners):
            reader = User(email=f"translator-{n}@example.org", email_canonical=f"translator-{n}@example.org",
                          name=f"Translator {n}", password_hash="!")
            session.add(reader)
            session.flush()
            session.add(RoleGrant(user_id=reader.id, role=Role.COORDINATOR, organisation_id=owner))
        session.commit()
        started = time.perf_counter()
        written = digest.queue_digests(now + timedelta(days=2))
        session.flush()
        elapsed = (time.perf_counter() - started) * 1000
        session.rollback()
    print(f"weekly e-mail, one pass: {written} written (at most {digest.PER_PASS} accounts a pass) in "
          f"{elapsed:.0f} ms, {elapsed / max(written, 1):.1f} ms each")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="a PostgreSQL URL; the benchmark makes its own database there")
    parser.add_argument("--shifts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args(argv)
    url = make_url(options.server).set(database=DATABASE).render_as_string(hide_password=False)
    databases.recreate(url, DATABASE)
    try:
        upgrade(url)
        app = create_app({"SECRET_KEY": secrets.token_hex(16), "DATABASE_URL": url})
        now = utcnow()
        readers = fill(engine_of(app), options.shifts, now)
        print(f"{options.shifts:,} shifts, {options.shifts * 3 // 5:,} with their French set aside")
        measure(app, readers, now, options.rounds)
        measure_not_yet(app, readers, now, options.rounds)
        measure_digest(app, now)
        engine_of(app).dispose()
    finally:
        databases.drop(url, DATABASE)


if __name__ == "__main__":
    main()
