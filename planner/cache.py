"""A cache for what many requests read alike, shared by every process when it lives in Redis.

The store is Flask-Caching's: one process's memory by default (CACHE_URL=memory://, nothing to set
up), Redis with CACHE_URL=redis://host:6379/1, so that every process and machine reads and
invalidates the same entries.

Nothing waits for an entry to expire. Every key carries *data versions*, counters in the store that
move on after each commit that wrote to the database (the session's after_commit event, so no
reader can store older rows under the newer version). Entries of an older version are never read
again and expire on their own after ENTRY_SECONDS. A request reads the versions once.

There is a version per *area* of the data: what sign-ups, cancellations and check-ins change (the
shifts and their sign-ups), and the records (everything else a page shows). An entry carries the
versions of the areas it was made from, every area unless it says otherwise, so a storm of
sign-ups leaves the cached directory pages, which show no shift, alone.

Since a key holds the versions, what is stored under a key never changes: each process keeps copies
of the entries it read from Redis in its own memory (LocalCopies, the most recently used up to
LOCAL_COPY_BYTES), and asks Redis only for the versions. The versions also carry the store's
*epoch*, a random name the store is given when it has none, so that a Redis emptied or restarted,
whose versions count again from 0, can never bring a process's older copies back.

Writes that only touch what no cached answer shows (UNSHOWN_TABLES: messages waiting to be sent,
tokens, the audit log, reminders) leave the versions alone, so that the notification worker does not
empty the cache many times a minute. Login sessions have an area of their own (SIGN_INS), which only
the cached sign-ins carry (planner.accounts.sessions), so people signing in leave the pages alone; and since
a new login session and a session's last sighting are in no cached answer, they move no version at all (a
site where someone signs in every second keeps its cached sign-ins).

When many requests miss the same entry at once (a popular page whose key names the minute, when the
minute turns, or any page after a commit), one thread of each process builds it while the others
wait for that one (Flights) and then read what it stored, instead of all building the same thing.
"""
from __future__ import annotations

import logging
import pickle
import secrets
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from cachelib import RedisCache
from cachetools import LRUCache
from flask import Flask, current_app, g, has_app_context, has_request_context
from flask_caching import Cache
from redis.exceptions import RedisError
from sqlalchemy import event, inspect

T = TypeVar("T")
log = logging.getLogger(__name__)

cache = Cache()
VERSION_KEY = "data-version"  # one counter per area: data-version:records, data-version:shifts
EPOCH_KEY = "data-epoch"
ENTRY_SECONDS = 3600
LOCAL_COPY_BYTES = 32 * 1024 * 1024  # per process
LASTING_SECONDS = 100 * 365 * 24 * 3600
FLIGHT_WAIT_SECONDS = 5.0  # past this, a request stops waiting for another's build and builds for itself
_WROTE = "planner.cache.wrote"
_COUNTING = threading.Lock()
UNSHOWN_TABLES = frozenset({"notifications", "account_tokens", "recovery_codes", "audit_events",
                            "shift_reminders", "council_invitations", "programme_followers"})
RECORDS, SHIFTS, SIGN_INS = "records", "shifts", "sign-ins"
EVERY_AREA = (RECORDS, SHIFTS)  # what pages are made from
COUNTED_AREAS = (*EVERY_AREA, SIGN_INS)  # SIGN_INS: login sessions, which only the sign-in itself reads
SHIFT_TABLES = frozenset({"shifts", "signups", "shift_series", "certificates"})
# A new login session is in no cached answer (a sign-in is stored once found, and one not found is not stored),
# and when a session was last seen is shown by none: neither may make every signed-in reader's copy out of date.
NEW_ROWS_UNSHOWN = frozenset({"login_sessions"})
COLUMNS_UNSHOWN = {"login_sessions": frozenset({"last_seen_at"})}


def init_app(app: Flask) -> None:
    url = app.config.get("CACHE_URL", "memory://")
    cache.init_app(app, config=store_settings(url))
    shared = url.startswith(("redis://", "rediss://"))
    if shared:  # memory:// is this process's memory already
        app.extensions["planner.local_copies"] = LocalCopies(LOCAL_COPY_BYTES)
    app.extensions["planner.flights"] = Flights()
    # Sign-ins are cached only where every process sees every logout (planner.accounts.sessions): in a shared
    # store, or in memory when one process serves the app (the tests say so).
    app.config.setdefault("SIGN_IN_CACHE", shared)


class LocalCopies:
    """This process's copies of entries read from the shared store, kept pickled (each reader gets its own
    objects, as from Redis) and dropped least recently used first once they pass `max_bytes`."""

    def __init__(self, max_bytes: int):
        self._copies: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=len)
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            pickled = self._copies.get(key)
        return None if pickled is None else pickle.loads(pickled)

    def put(self, key: str, value: Any) -> None:
        pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(pickled) <= self._copies.maxsize:
            with self._lock:
                self._copies[key] = pickled


class Flights:
    """Builds under way in this process, one per key: the first thread to miss an entry leads its build, and
    the others that miss it meanwhile wait until the leader lands (or FLIGHT_WAIT_SECONDS pass)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._under_way: dict[str, threading.Event] = {}

    def lead_or_wait(self, key: str, seconds: float = FLIGHT_WAIT_SECONDS) -> bool:
        """True when the caller leads the build of `key` (it must call `land(key)` after, whatever happens);
        False once another thread's build of it has landed or the wait has run out."""
        with self._lock:
            build = self._under_way.get(key)
            if build is None:
                self._under_way[key] = threading.Event()
                return True
        build.wait(seconds)
        return False

    def land(self, key: str) -> None:
        """The build of `key` is over, stored or not: let those waiting for it go on."""
        with self._lock:
            build = self._under_way.pop(key, None)
        if build is not None:
            build.set()


def flights() -> Flights:
    return current_app.extensions["planner.flights"]


def stored(key: str) -> Any:
    """The entry stored under a versioned key (None if there is none): this process's copy, or the store's."""
    copies = current_app.extensions.get("planner.local_copies")
    found = copies.get(key) if copies is not None else None
    if found is None:
        found = cache.get(key)
        if found is not None and copies is not None:
            copies.put(key, found)
    return found


def store(key: str, value: Any) -> None:
    """Keep an entry under a versioned key, in the store and in this process's copies."""
    cache.set(key, value, timeout=ENTRY_SECONDS)
    copies = current_app.extensions.get("planner.local_copies")
    if copies is not None:
        copies.put(key, value)


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


def data_version(areas: tuple[str, ...] = EVERY_AREA) -> str | None:
    """The current version of these areas of the data, after the store's epoch (the store is read once per
    request); None when the store cannot answer."""
    versions = _versions()
    if versions is None:
        return None
    return ".".join((str(versions[EPOCH_KEY]), *(str(versions[area]) for area in areas)))


def _versions() -> dict[str, int | str] | None:
    if has_request_context() and "data_versions" in g:
        return g.data_versions
    try:
        epoch, *found = cache.get_many(EPOCH_KEY, *(_version_key(area) for area in COUNTED_AREAS))
        versions = {EPOCH_KEY: epoch or _new_epoch(),
                    **{area: int(value or 0) for area, value in zip(COUNTED_AREAS, found)}}
    except RedisError as error:
        log.warning("The cache cannot be reached (%s): reading from the database", error)
        versions = None
    if has_request_context():
        g.data_versions = versions
    return versions


def _version_key(area: str) -> str:
    return f"{VERSION_KEY}:{area}"


def _new_epoch() -> str:
    """Name the store's epoch if it has none (new, emptied or restarted); the first process to name it wins."""
    cache.add(EPOCH_KEY, secrets.token_hex(6), timeout=_lasting())
    return cache.get(EPOCH_KEY)


def _lasting() -> int:
    """The timeout of the epoch and the versions: none in Redis (so that a volatile-* eviction policy never
    drops them); in one process's memory a far one, since that store, when full, drops the nearest expiry
    first and counts "none" as the nearest."""
    return 0 if isinstance(cache.cache, RedisCache) else LASTING_SECONDS


def remember(name: str, load: Callable[[], T], *variant: str, areas: tuple[str, ...] = EVERY_AREA) -> T:
    """What `load` returns, from the cache while no commit has written to these areas since it was stored.

    `variant` names what else the answer depends on (the reader's language, an hour of the clock).
    Without a reachable store it simply loads.
    """
    version = data_version(areas)
    if version is None:
        return load()
    key = ":".join((name, version, *variant))
    found = stored(key)
    if found is not None:
        return found
    leading = flights().lead_or_wait(key)
    try:
        found = None if leading else stored(key)
        if found is None:
            found = load()
            store(key, found)
        return found
    finally:
        if leading:
            flights().land(key)


def move_on(areas: Iterable[str] = EVERY_AREA) -> None:
    """New versions of these areas: every entry stored from them so far is out of date.

    A version is meant to last (were it to start again from 0 under the same epoch, old entries could be read
    again). Redis counts atomically (INCR keeps a key without expiry); one process's memory counts under a lock.
    """
    backend = cache.cache
    for area in areas:
        key = _version_key(area)
        if isinstance(backend, RedisCache):
            backend.inc(key)
        else:
            with _COUNTING:
                backend.set(key, int(backend.get(key) or 0) + 1, timeout=_lasting())
    if has_request_context():
        g.pop("data_versions", None)


def area_of(table: str) -> str | None:
    """The area a write to this table changes, or None when no cached answer shows the table."""
    if table in UNSHOWN_TABLES:
        return None
    if table == "login_sessions":
        return SIGN_INS
    return SHIFTS if table in SHIFT_TABLES else RECORDS


def listen(session_class) -> None:
    """Move the versions of the areas a commit wrote to on after it (a rollback forgets the change).

    Both kinds of write count: records flushed by the session, and UPDATE, INSERT or DELETE statements it runs.
    """
    for name, hook in (("after_flush", _note_flush), ("do_orm_execute", _note_statement),
                       ("after_commit", _after_commit), ("after_rollback", _forget_write)):
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


def _note_flush(db_session, _flush_context) -> None:
    new = (record for record in db_session.new if _table(record) not in NEW_ROWS_UNSHOWN)
    changed = (record for record in db_session.dirty if _shown_change(record))
    _note(db_session, (_table(record) for record in (*new, *changed, *db_session.deleted)))


def _table(record) -> str | None:
    return getattr(type(record), "__tablename__", None)


def _shown_change(record) -> bool:
    """Whether the record's change touches a column some cached answer may show."""
    unshown = COLUMNS_UNSHOWN.get(_table(record))
    if unshown is None:
        return True
    return any(attribute.history.has_changes() for attribute in inspect(record).attrs if attribute.key not in unshown)


def _note_statement(execute_state) -> None:
    if execute_state.is_update or execute_state.is_delete or execute_state.is_insert:
        _note(execute_state.session, (execute_state.statement.table.name,))


def _note(db_session, tables: Iterable[str | None]) -> None:
    areas = {area_of(table) for table in tables if table} - {None}
    if areas:
        db_session.info.setdefault(_WROTE, set()).update(areas)


def _forget_write(db_session) -> None:
    db_session.info.pop(_WROTE, None)


def _after_commit(db_session) -> None:
    areas = db_session.info.pop(_WROTE, None)
    if areas and has_app_context():
        try:
            move_on(sorted(areas))
        except RedisError as error:  # the change is committed; cached pages may lag until their entries expire
            log.error("The cache cannot be reached (%s): the data versions did not move on after a commit", error)
