"""A cache for what many requests read alike, shared by every process when it lives in Redis.

The store is Flask-Caching's: one process's memory by default (CACHE_URL=memory://, nothing to set
up), Redis with CACHE_URL=redis://host:6379/1, so that every process and machine reads and
invalidates the same entries.

Nothing waits for an entry to expire. Every key carries the *data version*, a counter in the store
that moves on after each commit that wrote to the database (the session's after_commit event, so no
reader can store older rows under the newer version). Entries of an older version are never read
again and expire on their own after ENTRY_SECONDS. A request reads the version once.

Writes that only touch what no cached answer shows (UNSHOWN_TABLES: messages waiting to be sent,
sign-in sessions and tokens, the audit log, reminders) leave the version alone, so that the
notification worker and people signing in do not empty the cache many times a minute.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, g, has_app_context, has_request_context
from cachelib import RedisCache
from flask_caching import Cache
from redis.exceptions import RedisError
from sqlalchemy import event

T = TypeVar("T")
log = logging.getLogger(__name__)

cache = Cache()
VERSION_KEY = "data-version"
ENTRY_SECONDS = 3600
_WROTE = "planner.cache.wrote"
_COUNTING = threading.Lock()
UNSHOWN_TABLES = frozenset({"notifications", "login_sessions", "account_tokens", "recovery_codes", "audit_events",
                            "shift_reminders", "council_invitations"})


def init_app(app: Flask) -> None:
    cache.init_app(app, config=store_settings(app.config.get("CACHE_URL", "memory://")))


def store_settings(url: str) -> dict:
    """Flask-Caching's settings for a CACHE_URL: memory://, redis://… (or rediss://), or none:// (no cache)."""
    if url.startswith(("redis://", "rediss://")):
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": "planner:",
                "CACHE_DEFAULT_TIMEOUT": ENTRY_SECONDS}
    if url.startswith("none"):
        return {"CACHE_TYPE": "NullCache"}
    if url.startswith("memory"):
        return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 5000, "CACHE_DEFAULT_TIMEOUT": ENTRY_SECONDS}
    raise RuntimeError(f"CACHE_URL must be memory://, redis://host:port/db or none://, not {url!r}")


def shared_cache_warning(workers: int, url: str) -> str | None:
    """What to say loudly when several worker processes would each keep a cache of their own (None if fine):
    a change made through one would not reach the pages the others have cached."""
    if workers > 1 and url.startswith("memory"):
        return (f"{workers} workers keep the cache in their own memory (CACHE_URL={url}): a change made through one "
                "is not seen by the others until their entries expire. Set CACHE_URL to a shared store such as "
                "redis://127.0.0.1:6379/1.")
    return None


def data_version() -> int | None:
    """The current data version (read from the store once per request); None when the store cannot answer."""
    if has_request_context() and "data_version" in g:
        return g.data_version
    try:
        version = int(cache.get(VERSION_KEY) or 0)
    except RedisError as error:
        log.warning("The cache cannot be reached (%s): reading from the database", error)
        version = None
    if has_request_context():
        g.data_version = version
    return version


def remember(name: str, load: Callable[[], T], *variant: str) -> T:
    """What `load` returns, from the cache while no commit has written since it was stored.

    `variant` names what else the answer depends on (the reader's language, an hour of the clock).
    Without a reachable store it simply loads.
    """
    version = data_version()
    if version is None:
        return load()
    key = ":".join((name, str(version), *variant))
    found = cache.get(key)
    if found is None:
        found = load()
        cache.set(key, found, timeout=ENTRY_SECONDS)
    return found


def move_on() -> None:
    """A new data version: every entry stored so far is out of date.

    The version itself never expires (were it to start again from 0, old entries could be read again).
    Redis counts atomically (INCR keeps a key without expiry); one process's memory counts under a lock.
    """
    store = cache.cache
    if isinstance(store, RedisCache):
        store.inc(VERSION_KEY)
    else:
        with _COUNTING:
            store.set(VERSION_KEY, int(store.get(VERSION_KEY) or 0) + 1, timeout=0)
    if has_request_context():
        g.pop("data_version", None)


def listen(session_class) -> None:
    """Move the data version on after every commit that flushed a change (a rollback forgets the change)."""
    for name, hook in (("after_flush", _note_write), ("after_commit", _after_commit),
                       ("after_rollback", _forget_write)):
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


def _note_write(db_session, _flush_context) -> None:
    flushed = (*db_session.new, *db_session.dirty, *db_session.deleted)
    if any(getattr(type(record), "__tablename__", None) not in UNSHOWN_TABLES for record in flushed):
        db_session.info[_WROTE] = True


def _forget_write(db_session) -> None:
    db_session.info.pop(_WROTE, None)


def _after_commit(db_session) -> None:
    if db_session.info.pop(_WROTE, False) and has_app_context():
        try:
            move_on()
        except RedisError as error:  # the change is committed; cached pages may lag until their entries expire
            log.error("The cache cannot be reached (%s): the data version did not move on after a commit", error)
