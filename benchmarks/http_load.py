"""Real HTTP load from several client processes: kept-alive connections, each request timed.

One Python process cannot send more than a few thousand requests a second, so the connections
are spread over a few processes (threads in each), which start and stop at the same moment.
"""
from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

PROCESSES = 4


@dataclass
class Load:
    """What one run of load gave: how many answers in how long, each one's latency, and their statuses."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent: int) -> float:
        return percentile_ms(self.latencies, percent)

    @property
    def failed(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 400)


def percentile_ms(latencies: list[float], percent: int) -> float:
    """The given percentile of latencies in seconds, in milliseconds."""
    if len(latencies) < 2:
        return latencies[0] * 1000 if latencies else 0.0
    return statistics.quantiles(latencies, n=100, method="inclusive")[percent - 1] * 1000


def run(port: int, paths: list[str], connections: int, seconds: float, cookie: str = "") -> Load:
    """GET the paths in turn from `connections` kept-alive connections for `seconds`."""
    processes = min(PROCESSES, connections)
    start_at = time.time() + 0.5  # every process starts together
    shares = [connections // processes + (1 if n < connections % processes else 0) for n in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        parts = list(pool.map(_process, [port] * processes, [paths] * processes, shares, [start_at] * processes,
                              [seconds] * processes, [cookie] * processes, range(processes)))
    load = Load(seconds)
    for latencies, statuses in parts:
        load.latencies += latencies
        load.statuses.update(statuses)
    return load


def visit_each(port: int, paths: list[str], cookie: str = "") -> Counter:
    """GET every path once from one connection, in turn (untimed): how a site that has been up a while has been read."""
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    statuses: Counter = Counter()
    for path in paths:
        status = _get(connection, path, headers)
        if status is None:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        statuses[status or 0] += 1
    connection.close()
    return statuses


def _process(port: int, paths: list[str], threads: int, start_at: float, seconds: float, cookie: str,
             offset: int) -> tuple[list[float], Counter]:
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    headers = {"Cookie": f"session={cookie}"} if cookie else {}

    def client(step: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(max(start_at - time.time(), 0))
        stop_at = time.perf_counter() + seconds
        mine, counts = [], Counter()
        while (started := time.perf_counter()) < stop_at:
            status = _get(connection, paths[step % len(paths)], headers)
            if status is None:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - started)
            counts[status or 0] += 1
            step += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(counts)

    workers = [threading.Thread(target=client, args=(offset * threads + n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, statuses


def _get(connection: http.client.HTTPConnection, path: str, headers: dict) -> int | None:
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
