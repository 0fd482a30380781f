"""Shared fixtures: fresh databases, the app, a per-test rolled-back transaction, clients, login.

The suite runs on SQLite unless TEST_DATABASE_URL names a PostgreSQL server, e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres; each run then makes its own fresh
databases there (planner_test_<purpose>_<tag>) and drops nothing it did not make.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, update
from werkzeug.serving import make_server

from planner import create_app
from planner.accounts.models import User
from planner.accounts.sessions import start_session
from planner.cache import COUNTED_AREAS, cache, move_on
from planner.db import engine_of, session
from planner.extensions import limiter
from planner.migrate import upgrade
from tests import factories

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
# Each run, and each of its pytest-xdist workers (gw0, gw1, …), makes databases of its own.
RUN_TAG = "_".join(filter(None, (os.environ.get("PLANNER_TEST_TAG", str(os.getpid())),
                                 os.environ.get("PYTEST_XDIST_WORKER"))))
_MOVED_CLOCK = pytest.StashKey()
pytest_plugins = ["tests.smtp"]


def pytest_addoption(parser):
    parser.addoption(
        "--days-ahead", type=int, default=int(os.environ.get("PLANNER_TEST_DAYS_AHEAD", "0")),
        help="run the whole suite with the clock moved this many days ahead (env PLANNER_TEST_DAYS_AHEAD)",
    )
    parser.addoption(
        "--clock-at", type=datetime.fromisoformat, default=None,
        help="run the whole suite with the clock starting at this UTC instant, e.g. 2027-12-31T23:55",
    )
    parser.addoption(
        "--sweep", action="store_true", default=False,
        help="run tests/sweep: axe-core and the Nu HTML Checker over every page (make sweep); left out otherwise",
    )


def pytest_ignore_collect(collection_path, config):
    """The page sweep runs on its own (make sweep, once in .ci/run), not with every run of the suite."""
    if collection_path.name == "sweep" and collection_path.parent.name == "tests":
        return not config.getoption("--sweep")
    return None


def pytest_configure(config):
    """With --days-ahead or --clock-at, every clock the suite and the app read (datetime, date, time) starts
    there and runs on; Chromium keeps the real clock, so only moves ahead keep its cookies valid."""
    start = config.getoption("--clock-at")
    days = config.getoption("--days-ahead")
    if start is None and days:
        start = datetime.now(UTC) + timedelta(days=days)
    if start is not None:
        config.stash[_MOVED_CLOCK] = time_machine.travel(start.replace(tzinfo=start.tzinfo or UTC), tick=True)
        config.stash[_MOVED_CLOCK].start()


def pytest_unconfigure(config):
    if moved := config.stash.get(_MOVED_CLOCK, None):
        moved.stop()


def pytest_report_header(config):
    backend = make_url(SERVER_URL).get_backend_name() if SERVER_URL else "sqlite"
    return [f"planner database backend: {backend}", f"planner clock: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"]


class Clock:
    """The one clock a test sets: `clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))`, then time runs on from there."""

    def __init__(self):
        self._travel = None

    def set(self, instant: datetime, tick: bool = True) -> datetime:
        self.stop()
        self._travel = time_machine.travel(instant, tick=tick)
        self._travel.start()
        return instant

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Set "now" for one test (the app reads it through planner.clock.utcnow); it is put back afterwards."""
    fixed = Clock()
    yield fixed
    fixed.stop()


class DatabaseFactory:
    """Makes fresh, empty databases on the backend under test."""

    def __init__(self, tmp_dir: Path):
        self.tmp_dir = tmp_dir
        self.made: list[str] = []

    @property
    def backend(self) -> str:
        return "postgresql" if SERVER_URL else "sqlite"

    def fresh(self, purpose: str) -> str:
        """The URL of a new, empty database for one purpose."""
        if not SERVER_URL:
            return f"sqlite:///{self.tmp_dir / f'{purpose}.db'}"
        name = f"planner_test_{purpose}_{RUN_TAG}"
        admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self.made.append(name)
        return make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)

    def migrated(self, purpose: str) -> str:
        """A new database with every migration applied."""
        url = self.fresh(purpose)
        upgrade(url)
        return url

    def drop_all(self) -> None:
        if not SERVER_URL:
            return
        admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.made:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


TEST_SECRET_KEY = "test-secret-key-not-for-production"


def _make_app(url: str, tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": TEST_SECRET_KEY,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": None,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SIGN_IN_CACHE": True,  # one process: its memory sees every logout
            "INSTANCE_FOR_TESTS": str(tmp_path),
        }
    )


def _load_baseline(app: Flask) -> None:
    """Load what every test may rely on, once, committed: countries, vocabularies and places.

    The demo records (councils, initiatives, shifts, budgets) are not part of it: each test builds the
    records it reads, and the seeds' own tests under tests/seeding load them.
    """
    from planner.seeding.loader import load_reference_data

    with app.app_context():
        load_reference_data(Path(__file__).resolve().parent.parent / "seeds")
        session.commit()


@pytest.fixture(scope="session")
def app(databases, tmp_path_factory) -> Iterator[Flask]:
    """The app on a migrated database holding the reference data (countries, vocabularies, places)."""
    application = _make_app(databases.migrated("main"), tmp_path_factory.mktemp("instance"))
    _load_baseline(application)
    yield application
    engine_of(application).dispose()


@pytest.fixture
def db(app) -> Iterator:
    """A transaction around the whole test, rolled back at the end; the app's commits become savepoints.

    No app context stays pushed, so each test request gets its own (and its own `g`), as in production.
    """
    connection = engine_of(app).connect()
    transaction = connection.begin()
    session.remove()
    session.configure(bind=connection)
    try:
        yield session
    finally:
        session.remove()
        session.configure(bind=None)
        if transaction.is_active:
            transaction.rollback()
        connection.close()
        with app.app_context():
            cache.clear()  # what the test committed is rolled back, without a commit to move the version on


class ArrangedDataClient(FlaskClient):
    """A test client that first saves what the test arranged, as if it were already in the database.

    The test and the app share one scoped session; a request that ends without committing closes it
    and would otherwise roll back the records a test made with `make` (they were only flushed).
    Committing here only releases a savepoint: the whole test is still rolled back at the end.
    The shared cache's data version moves on too, as a commit inside the app would move it.
    """

    def open(self, *args, **kwargs):
        session.commit()
        with self.application.app_context():
            move_on(COUNTED_AREAS)  # the arranged records are new to the shared cache too (a test commits outside the app)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app, db) -> FlaskClient:
    limiter.reset()  # throttle counters (failed logins) must not carry over from another test
    app.test_client_class = ArrangedDataClient
    return app.test_client()


@pytest.fixture
def csrf_on(app) -> Iterator[None]:
    """Turn CSRF protection on for one test, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def log_in(client: FlaskClient, user: User) -> str:
    """Sign the test client in as this user, as the login form would; returns the session token."""
    token = start_session(user)
    session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = token
        cookie["_fresh"] = True
    return token


@contextmanager
def statements_sent(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine sends while the block runs."""
    sent: list[str] = []

    def note(_connection, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine_of(app), "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine_of(app), "before_cursor_execute", note)


@pytest.fixture
def login(client):
    """login(user) signs the test client in."""
    return lambda user: log_in(client, user)


@pytest.fixture
def make(db):
    """Record builders for tests (see tests/factories.py)."""
    return factories


# --- a real server for browser and concurrency tests --------------------------------------


@pytest.fixture(scope="session")
def live_app(databases, tmp_path_factory) -> Iterator[Flask]:
    """A second app on its own committed database, for tests that need real commits."""
    application = _make_app(databases.migrated("live"), tmp_path_factory.mktemp("live-instance"))
    _load_baseline(application)
    yield application
    engine_of(application).dispose()


class LiveServer:
    """The live app served over HTTP on a free local port, in a thread."""

    def __init__(self, app: Flask):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def live_db(live_app) -> Iterator:
    """The live app's session in an app context; what a test commits stays committed."""
    with live_app.app_context():
        yield session
        session.remove()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]  # a test camera


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # as long as an action may wait: a busy machine answers slowly, never wrongly
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


# --- the second step of signing in ---------------------------------------------------------


def current_code(email: str) -> str:
    """The test authenticator's code now (factories.TOTP_SECRET); the account's last used step is forgotten
    first, so that signing in twice within 30 seconds works as it would half a minute apart."""
    import pyotp

    from tests.factories import TOTP_SECRET

    session.execute(update(User).where(User.email_canonical == email.strip().lower()).values(totp_last_step=None))
    session.commit()
    return pyotp.TOTP(TOTP_SECRET).now()


def answer_code_step(tab, email: str) -> None:
    """In a browser, once the login form is answered: if it asked for a code, type the current one."""
    tab.wait_for_url(lambda address: urlsplit(address).path != "/login")  # the answer to the password, not the form
    if not urlsplit(tab.url).path.endswith("/login/code"):
        return
    tab.get_by_label("Code").fill(current_code(email))
    tab.get_by_role("button", name="Continue").click()
    tab.wait_for_url(lambda address: urlsplit(address).path != "/login/code")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis server of the test's own, on a free port (Debian's redis-server; `make test` installs it)."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `make test` installs it (apt-get install redis-server)"
    for _attempt in range(5):
        server, port = _start_redis(binary)
        if server.poll() is None:  # listening, and ours: not one a parallel worker started on the same port
            break
    assert server.poll() is None, "redis-server could not start on a free port (five tries)"
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _start_redis(binary: str) -> tuple[subprocess.Popen, int]:
    """redis-server on a port that was free a moment ago, once something answers there (or the server has ended:
    the port was taken meanwhile)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                time.sleep(0.05)  # a server that found the port taken ends at once
                break
        if server.poll() is not None:
            break
        time.sleep(0.05)
    return server, port
