"""The shared cache: what a committed change touches is read fresh at once, in this process and, through Redis,
in every other; a rolled-back change moves nothing; without a reachable store the app reads the database; each
process keeps copies of what it read from Redis and asks Redis for the versions only, never bringing a copy back
after Redis was emptied."""
from __future__ import annotations

import secrets
import socket
import threading
import time

import pytest
from redis import Redis
from sqlalchemy import select

from planner import create_app
from planner.cache import cache, data_version, remember, store_settings
from planner.councils.models import Council
from planner.db import engine_of, session
from planner.notifications.models import Notification
from planner.vocab.choices import theme_choices
from planner.vocab.models import Theme
from tests import factories
from tests.conftest import TEST_SECRET_KEY, statements_sent


def theme_keys(app) -> set[str]:
    with app.test_request_context():
        return {key for key, _name in theme_choices()}


def add_theme(app, key: str) -> None:
    with app.app_context():
        session.add(Theme(key=key, name=key.title()))
        session.commit()
        session.remove()


def test_a_second_read_comes_from_the_cache_and_a_commit_makes_it_fresh(app, db):
    with statements_sent(app) as sent:
        first = theme_keys(app)
        assert sent, "the first read goes to the database"
        sent.clear()
        assert theme_keys(app) == first
        assert sent == [], "the second read should come from the cache"
    add_theme(app, "cache-fresh-theme")
    assert "cache-fresh-theme" in theme_keys(app)


def test_a_rolled_back_change_leaves_the_data_version_alone(app, db):
    with app.app_context():
        before = data_version()
        session.add(Theme(key="cache-rolled-back", name="Rolled back"))
        session.flush()
        session.rollback()
        assert data_version() == before
        session.remove()


def test_a_message_queued_for_sending_leaves_the_cache_as_it_was(app, db, make):
    person = make.user()
    db.commit()
    with app.app_context():
        before = data_version()
        session.add(Notification(user_id=person.id, to_address=person.email, kind="test.cache", subject="Hello",
                                 body="Nothing a page shows."))
        session.commit()
        assert data_version() == before, "the notification worker's writes would empty the cache"
        session.add(Theme(key="cache-shown-theme", name="Shown"))
        session.commit()
        assert data_version() != before
        session.remove()


def test_remember_keeps_variants_apart(app, db):
    with app.test_request_context():
        assert remember("cache-variant", lambda: "en text", "en") == "en text"
        assert remember("cache-variant", lambda: "ar text", "ar") == "ar text"
        assert remember("cache-variant", lambda: "never loaded", "en") == "en text"


def test_an_unknown_cache_address_is_refused_with_the_choices():
    with pytest.raises(RuntimeError, match="memory://, redis://"):
        store_settings("memcached://127.0.0.1")


# --- two processes' worth of apps over one database --------------------------------------------


def two_apps(database_url: str, cache_url: str, tmp_path):
    """Two apps over one database and one cache address, as two server processes would be."""
    return [create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET_KEY,
                        "CACHE_URL": cache_url, "INSTANCE_FOR_TESTS": str(tmp_path / name)})
            for name in ("first", "second")]


def test_through_redis_a_change_made_by_one_process_is_read_at_once_by_the_other(databases, redis_url, tmp_path):
    first, second = two_apps(databases.migrated("cache_redis"), redis_url, tmp_path)
    assert "cache-shared-theme" not in theme_keys(second)  # now in the shared cache
    with statements_sent(second) as sent:
        theme_keys(second)
        assert sent == [], "the second process reads the shared cache"
    add_theme(first, "cache-shared-theme")
    assert "cache-shared-theme" in theme_keys(second)
    for app in (first, second):
        engine_of(app).dispose()


def test_in_each_process_s_own_memory_the_other_process_would_not_know(databases, tmp_path):
    """Why production sets CACHE_URL to Redis: with memory:// each process keeps its own version."""
    first, second = two_apps(databases.migrated("cache_memory"), "memory://", tmp_path)
    theme_keys(second)
    add_theme(first, "cache-unshared-theme")
    assert "cache-unshared-theme" in theme_keys(first)
    assert "cache-unshared-theme" not in theme_keys(second)
    for app in (first, second):
        engine_of(app).dispose()


def test_without_a_reachable_store_pages_and_commits_still_work(databases, tmp_path, caplog):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app, _ = two_apps(databases.migrated("cache_unreachable"), f"redis://127.0.0.1:{closed_port}/0", tmp_path)
    add_theme(app, "cache-without-store")  # the commit cannot move the version on: it says so and goes on
    assert "cache-without-store" in theme_keys(app)
    with app.test_client() as client:
        assert client.get("/initiatives").status_code == 200
    assert "cache cannot be reached" in caplog.text
    engine_of(app).dispose()


# --- each process's copies of what it read from Redis -----------------------------------------


def _calls(redis_url: str) -> dict[str, int]:
    """How many times Redis has run each command so far."""
    stats = Redis.from_url(redis_url).info("commandstats")
    return {name.removeprefix("cmdstat_"): figures["calls"] for name, figures in stats.items()}


def _council_in(app, name: str) -> str:
    with app.app_context():
        council = factories.council(name=name)
        session.commit()
        slug = council.slug
        session.remove()
    return slug


def _rename(app, slug: str, name: str) -> None:
    with app.app_context():
        session.scalars(select(Council).where(Council.slug == slug)).one().name = name
        session.commit()
        session.remove()


def test_a_page_read_from_redis_once_is_kept_by_the_process_which_then_asks_redis_for_the_versions_only(
        databases, redis_url, tmp_path):
    first, second = two_apps(databases.migrated("cache_copies"), redis_url, tmp_path)
    slug = _council_in(first, "Kept Close Council")
    visitor = first.test_client()
    page = visitor.get(f"/councils/{slug}").get_data()
    before = _calls(redis_url)
    assert visitor.get(f"/councils/{slug}").get_data() == page
    after = _calls(redis_url)
    assert after.get("get", 0) == before.get("get", 0), "the stored page came from the process's own copy"
    assert after["mget"] == before["mget"] + 1, "one round trip: the versions"
    _rename(second, slug, "Renamed Elsewhere Council")  # through the other process
    assert "Renamed Elsewhere Council" in visitor.get(f"/councils/{slug}").get_data(as_text=True)
    for app in (first, second):
        engine_of(app).dispose()


def test_after_redis_is_emptied_a_process_never_serves_its_copy_again_though_the_versions_count_up_alike(
        databases, redis_url, tmp_path):
    app, _ = two_apps(databases.migrated("cache_epoch"), redis_url, tmp_path)
    Redis.from_url(redis_url).flushdb()
    slug = _council_in(app, "Before The Restart Council")
    visitor = app.test_client()
    assert "Before The Restart Council" in visitor.get(f"/councils/{slug}").get_data(as_text=True)
    with app.app_context():
        commits_so_far = int(cache.get("data-version:records"))
    Redis.from_url(redis_url).flushdb()  # a Redis restarted without its data: the versions count from 0 again
    for number in range(commits_so_far - 1):
        add_theme(app, f"cache-epoch-{number}")
    _rename(app, slug, "After The Restart Council")  # the records' version is back where it was
    with app.app_context():
        assert int(cache.get("data-version:records")) == commits_so_far
    assert "After The Restart Council" in visitor.get(f"/councils/{slug}").get_data(as_text=True)
    engine_of(app).dispose()


def test_a_full_memory_cache_drops_entries_before_the_versions(app, db):
    """SimpleCache, when full, drops the entries that expire soonest and counts "never" as soonest: the versions
    would go first and count again from 0, under which older entries could be read again."""
    with app.app_context():
        add_theme(app, "cache-full-theme")
        before = data_version()
        for number in range(5_200):  # past the store's 5,000 entries
            remember(f"cache-filler-{number}", lambda: "filler")
        assert data_version() == before


def test_threads_missing_the_same_entry_at_once_load_it_once(live_app):
    loads, start, answers = [], threading.Barrier(5), []
    name = f"crowded-entry-{secrets.token_hex(4)}"  # stored by no earlier run in this process

    def load() -> str:
        loads.append(1)
        time.sleep(0.2)
        return "the vocabularies"

    def read() -> None:
        with live_app.app_context():
            start.wait(timeout=10)
            answers.append(remember(name, load, "en"))

    readers = [threading.Thread(target=read) for _ in range(5)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=20)
    assert answers == ["the vocabularies"] * 5
    assert len(loads) == 1, f"loaded {len(loads)} times by threads that missed it at once"
