"""Two saves of one record at the same moment: the second waits for the first and is then held back, as if it had
come a minute later. Real commits on the live database, two threads; the first save pauses between its check and
its write until the second is seen waiting for the record (PostgreSQL) or a moment has passed (SQLite, where the
second cannot begin while the first writes)."""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from planner.db import engine_of, session
from planner.organisations.models import Organisation
from planner.records import views
from tests import factories
from tests.conftest import log_in
from tests.records.editing import WARNING, changed, form_as_shown, stored

pytestmark = pytest.mark.live

OPENED = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
PATIENCE = 3.0  # seconds the first save waits for the second to be seen waiting

ADDRESSES = {"the edit page": ("/organisations/{slug}/edit", "name"),
             "the languages page": ("/languages/organisation/{id}", "fr__name")}


def _someone_waits_for_a_lock(app) -> bool:
    if engine_of(app).dialect.name != "postgresql":
        return False
    with engine_of(app).connect() as connection:
        return bool(connection.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar())


def _pausing_first_save(monkeypatch, app, second_done: threading.Event) -> threading.Event:
    """Make the first save to reach its write wait there until the second is waiting, has answered, or PATIENCE
    has passed; returns the event set when the first save has been checked and waits."""
    first_checked = threading.Event()
    write = views.run

    def run_after_a_pause(action, form=None):
        if not first_checked.is_set():
            first_checked.set()
            deadline = time.monotonic() + PATIENCE
            while not (second_done.is_set() or _someone_waits_for_a_lock(app)) and time.monotonic() < deadline:
                time.sleep(0.02)
        return write(action, form)

    monkeypatch.setattr(views, "run", run_after_a_pause)
    return first_checked


@pytest.mark.parametrize("page", ADDRESSES)
def test_the_second_of_two_saves_at_the_same_moment_is_held_back(live_app, live_db, clock, monkeypatch, page):
    clock.set(OPENED)
    organisation = factories.organisation(name="Olive Grove Friends")
    editors = [factories.coordinator(organisation), factories.coordinator(organisation)]
    live_db.commit()
    address, field = ADDRESSES[page]
    path = address.format(slug=organisation.slug, id=organisation.id)
    clients = [live_app.test_client(), live_app.test_client()]
    for client, editor in zip(clients, editors, strict=True):
        log_in(client, editor)
    shown = [form_as_shown(client, path) for client in clients]  # both open the form before either saves
    clock.set(OPENED + timedelta(minutes=4))
    live_db.commit()  # this thread holds nothing (on SQLite a transaction here would keep both saves waiting)

    second_done = threading.Event()
    first_checked = _pausing_first_save(monkeypatch, live_app, second_done)
    answers: dict[str, object] = {}

    def save(who: int, value: str) -> None:
        answers[who] = clients[who].post(path, data=changed(shown[who], **{field: value}))

    first = threading.Thread(target=save, args=(0, "Saved by the first"))
    first.start()
    assert first_checked.wait(timeout=30)
    second = threading.Thread(target=lambda: (save(1, "Saved by the second"), second_done.set()))
    second.start()
    first.join(timeout=60)
    second.join(timeout=60)

    assert answers[0].status_code == 302, answers[0].get_data(as_text=True)
    held = answers[1].get_data(as_text=True)
    assert answers[1].status_code == 422 and WARNING in held and "Saved by the second" in held
    assert stored(live_db, Organisation, organisation.id, field) == "Saved by the first"
    session.remove()
