"""Serving from threads safely: on CPython 3.11 the cyclic garbage collector runs only between requests.

CPython 3.11 can start a collection on any allocation, in whichever thread allocates. While
another request's thread waits on the database in the middle of a generator (SQLAlchemy's
result loading does this when a relation is loaded "selectin"), that collection can walk frames
whose state is half-written, and the process dies with SIGSEGV. 3.12 collects only at safe
points in the interpreter loop, and the crash does not happen there; issue 9's note has the
measurements.

So on 3.11 a served app turns automatic collection off and collects itself when no request is in
flight. At its first request it also freezes what start-up built (`gc.freeze`), so that the
oldest generation's collections stay short. If garbage keeps piling up because requests never stop
overlapping, new requests wait a moment while the ones in flight finish, and the collection runs then.

A request counts as in flight from the moment it reaches the app until its response is closed, by the
thread that serves it. A server may fail to close a response (Werkzeug's development server skips it
when the client hangs up during the last read), so a waiting request looks again every
DRAIN_CHECK_SECONDS: threads that have ended no longer count, and after DRAIN_PATIENCE_SECONDS it stops
waiting, leaving the collection for the next quiet moment. Nothing can hold requests back for good.
Threads are counted as `Thread` objects, not by ident: the system gives a new thread the ident of one
that has ended, and the new one must not keep the old one's unclosed response alive.
"""
from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wsgi import ClosingIterator

COLLECTOR_IS_THREAD_SAFE = sys.version_info >= (3, 12)
PILE_UP_FACTOR = 20  # draining starts once this many rounds of young garbage wait uncollected
DRAIN_CHECK_SECONDS = 0.1
DRAIN_PATIENCE_SECONDS = 2.0


class CollectBetweenRequests:
    """WSGI middleware: the cyclic collector runs only while no request of this process is in flight."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], pile_up_factor: int = PILE_UP_FACTOR):
        self.wsgi_app = wsgi_app
        self.pile_up_factor = pile_up_factor
        self.collections = 0
        self._state = threading.Condition()
        self._in_flight: set[threading.Thread] = set()  # the threads answering a request now
        self._draining = False
        self._serving = False

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        thread = threading.current_thread()
        self._enter(thread)
        try:
            body = self.wsgi_app(environ, start_response)
        except BaseException:
            self._leave(thread)
            raise
        return ClosingIterator(body, [lambda: self._leave(thread)])

    @property
    def in_flight(self) -> int:
        """How many requests are being answered now."""
        return len(self._in_flight)

    def _enter(self, thread: threading.Thread) -> None:
        with self._state:
            if not self._serving:  # here, not at start-up: only a process that serves gives up automatic collection
                gc.disable()
                gc.freeze()
                self._serving = True
            self._in_flight.discard(thread)  # a thread answers one request at a time: an unclosed earlier one is over
            self._wait_for_drain()
            self._in_flight.add(thread)

    def _wait_for_drain(self) -> None:
        """While a collection waits for the requests in flight, wait too; look again now and then, since a thread
        whose response was never closed may have ended, and give up waiting after DRAIN_PATIENCE_SECONDS."""
        waited = 0.0
        while self._draining:
            woken = self._state.wait(timeout=DRAIN_CHECK_SECONDS)
            if woken or not self._draining:  # a wait can time out just as the collection ends: it is over all the same
                continue
            waited += DRAIN_CHECK_SECONDS
            self._in_flight = {thread for thread in self._in_flight if thread.is_alive()}
            if not self._in_flight:
                self._collect()
            elif waited >= DRAIN_PATIENCE_SECONDS:
                self._draining = False  # something is slow or stuck: collect at the next quiet moment instead

    def _leave(self, thread: threading.Thread) -> None:
        with self._state:
            self._in_flight.discard(thread)
            if not _young_garbage_due():
                return
            if not self._in_flight:
                self._collect()
            elif _young_garbage_rounds() >= self.pile_up_factor:
                self._draining = True

    def _collect(self) -> None:
        gc.collect(_generation_due())
        self.collections += 1
        self._draining = False
        self._state.notify_all()


def _young_garbage_rounds() -> float:
    """How many times over the youngest generation's threshold its allocations have gone."""
    return gc.get_count()[0] / max(gc.get_threshold()[0], 1)


def _young_garbage_due() -> bool:
    return _young_garbage_rounds() >= 1


def _generation_due() -> int:
    """The oldest generation whose own count has reached its threshold, as the automatic collector picks."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    return max((generation for generation in (1, 2) if counts[generation] >= thresholds[generation]), default=0)


def guard_threaded_collection(app) -> None:
    """Wrap the app's WSGI callable where the interpreter needs it (CPython before 3.12), unless testing."""
    if COLLECTOR_IS_THREAD_SAFE or app.config.get("TESTING"):
        return
    app.wsgi_app = CollectBetweenRequests(app.wsgi_app)
