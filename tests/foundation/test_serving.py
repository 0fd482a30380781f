"""On CPython 3.11 a served app collects garbage only between requests (the threaded SIGSEGV of issue 9).

The crash itself is shown by `benchmarks/threaded_load.py`, which CI runs against gunicorn on
PostgreSQL; these tests pin down the middleware's promises with a plain WSGI app.
"""
from __future__ import annotations

import gc
import threading
import time

import pytest

from planner import create_app, serving
from planner.serving import CollectBetweenRequests


@pytest.fixture
def collector_restored():
    """Each test leaves the collector as it found it: enabled, nothing frozen, default thresholds."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    gc.enable()


class HeldApp:
    """A WSGI app whose requests wait until the test lets them answer."""

    def __init__(self):
        self.release = {}
        self.started = {}

    def __call__(self, environ, start_response):
        name = environ["PATH_INFO"]
        self.started[name].set()
        self.release[name].wait(timeout=10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    def expect(self, name):
        self.release[name], self.started[name] = threading.Event(), threading.Event()


def _request(wsgi, name):
    body = wsgi({"PATH_INFO": name}, lambda status, headers: None)
    list(body)
    body.close()


def _make_young_garbage(rounds: int) -> None:
    """Enough reference cycles to pass the youngest generation's threshold `rounds` times."""
    for _ in range(gc.get_threshold()[0] * rounds):
        cycle = []
        cycle.append(cycle)


def _start(app, wsgi, name) -> threading.Thread:
    app.expect(name)
    thread = threading.Thread(target=_request, args=(wsgi, name))
    thread.start()
    assert app.started[name].wait(timeout=10)
    return thread


def test_serving_turns_automatic_collection_off_and_collects_once_no_request_is_in_flight(collector_restored):
    app = HeldApp()
    wsgi = CollectBetweenRequests(app)
    first = _start(app, wsgi, "/first")
    assert not gc.isenabled()

    second = _start(app, wsgi, "/second")
    _make_young_garbage(2)
    app.release["/second"].set()
    second.join(timeout=10)
    assert wsgi.collections == 0, "a request was still in flight"

    app.release["/first"].set()
    first.join(timeout=10)
    assert wsgi.collections == 1
    assert gc.get_count()[0] < gc.get_threshold()[0]


class WakesLate(threading.Condition):
    """A condition whose waits always report a timeout, as one does when the notice lands just after it."""

    def wait(self, timeout=None):
        super().wait(timeout)
        return False


@pytest.mark.parametrize("condition", [threading.Condition, WakesLate])
def test_new_requests_wait_while_piled_up_garbage_is_collected_once(condition, collector_restored):
    app = HeldApp()
    wsgi = CollectBetweenRequests(app, pile_up_factor=3)
    wsgi._state = condition()  # a waiting request may wake by a timeout that ends just after the collection
    first = _start(app, wsgi, "/first")
    second = _start(app, wsgi, "/second")
    _make_young_garbage(4)
    app.release["/second"].set()
    second.join(timeout=10)

    app.expect("/third")
    third = threading.Thread(target=_request, args=(wsgi, "/third"))
    third.start()
    assert not app.started["/third"].wait(timeout=0.5), "the new request should wait for the collection"
    assert wsgi.in_flight == 1

    app.release["/first"].set()
    first.join(timeout=10)
    assert app.started["/third"].wait(timeout=10)
    assert wsgi.collections == 1, "the collection that ended the wait is the only one"
    app.release["/third"].set()
    third.join(timeout=10)


def test_a_request_that_raises_is_no_longer_counted_in_flight(collector_restored):
    def broken(environ, start_response):
        raise RuntimeError("the app failed")

    wsgi = CollectBetweenRequests(broken)
    with pytest.raises(RuntimeError):
        wsgi({"PATH_INFO": "/"}, lambda status, headers: None)
    assert wsgi.in_flight == 0


def test_a_process_that_serves_nothing_keeps_automatic_collection(collector_restored):
    CollectBetweenRequests(HeldApp())
    assert gc.isenabled()


@pytest.mark.parametrize("testing", [False, True])
def test_the_app_is_guarded_only_where_the_interpreter_needs_it(monkeypatch, testing, collector_restored):
    for needs_it in (False, True):
        monkeypatch.setattr(serving, "COLLECTOR_IS_THREAD_SAFE", not needs_it)
        app = create_app({"TESTING": testing, "DATABASE_URL": "sqlite://"})
        guarded = isinstance(app.wsgi_app, CollectBetweenRequests)
        assert guarded == (needs_it and not testing)


def _answer(app, wsgi, name) -> threading.Thread:
    """A whole request that the app answers at once, in a thread of its own; returns once it is done (or stuck)."""
    app.expect(name)
    app.release[name].set()
    thread = threading.Thread(target=_request, args=(wsgi, name))
    thread.start()
    thread.join(timeout=10)
    return thread


def test_a_response_never_closed_by_a_thread_that_has_ended_does_not_hold_requests_back(collector_restored):
    """Werkzeug's development server leaves a response unclosed when the client hangs up at the wrong moment.

    The request that waits runs in a new thread, which the system may give the ended thread's ident:
    that must not keep the unclosed response counted."""
    app = HeldApp()
    wsgi = CollectBetweenRequests(app, pile_up_factor=3)

    def answered_but_never_closed():
        list(wsgi({"PATH_INFO": "/dropped"}, lambda status, headers: None))

    app.expect("/dropped")
    app.release["/dropped"].set()
    dropped = threading.Thread(target=answered_but_never_closed)
    dropped.start()
    dropped.join(timeout=10)
    assert wsgi.in_flight == 1  # it still looks in flight

    _make_young_garbage(4)
    app.expect("/quick")
    app.release["/quick"].set()
    _request(wsgi, "/quick")  # on this thread; its end finds garbage piled up and a request "in flight"
    started = time.monotonic()
    following = _answer(app, wsgi, "/next")
    assert not following.is_alive(), "a request waited for good on a response nobody will close"
    assert time.monotonic() - started < serving.DRAIN_PATIENCE_SECONDS, "the ended thread should stop counting"
    assert wsgi.collections == 1 and wsgi.in_flight == 0


def test_a_thread_whose_earlier_response_was_never_closed_does_not_wait_for_itself(collector_restored):
    app = HeldApp()
    wsgi = CollectBetweenRequests(app, pile_up_factor=3)
    app.expect("/dropped")
    app.release["/dropped"].set()
    list(wsgi({"PATH_INFO": "/dropped"}, lambda status, headers: None))  # answered here, never closed
    other = _start(app, wsgi, "/other")
    _make_young_garbage(4)
    app.release["/other"].set()
    other.join(timeout=10)  # its end finds garbage piled up and this thread's old response "in flight"

    started = time.monotonic()
    app.expect("/next")
    app.release["/next"].set()
    _request(wsgi, "/next")
    assert time.monotonic() - started < serving.DRAIN_PATIENCE_SECONDS, "this thread's old response is over"
    assert wsgi.collections == 1 and wsgi.in_flight == 0


def test_new_requests_stop_waiting_for_a_collection_when_a_request_is_stuck(collector_restored, monkeypatch):
    monkeypatch.setattr(serving, "DRAIN_PATIENCE_SECONDS", 0.3)
    app = HeldApp()
    wsgi = CollectBetweenRequests(app, pile_up_factor=3)
    stuck = _start(app, wsgi, "/stuck")
    _make_young_garbage(4)
    _answer(app, wsgi, "/quick")
    app.expect("/next")
    waiting = threading.Thread(target=_request, args=(wsgi, "/next"))
    waiting.start()
    assert app.started["/next"].wait(timeout=5), "the new request should go ahead once patience runs out"
    assert wsgi.collections == 0  # the stuck request is still in flight: no collection yet
    app.release["/next"].set()
    waiting.join(timeout=10)
    app.release["/stuck"].set()
    stuck.join(timeout=10)
    assert wsgi.collections >= 1  # the quiet moment came
