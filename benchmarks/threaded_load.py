"""Serve the app the way production does (gunicorn, threaded, PostgreSQL) under load, and fail on any crash.

    .venv/bin/python -m benchmarks.threaded_load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/planner_load

It recreates that database (its name must start with "planner_load"), migrates it and loads the
demo seeds, then serves the app with gunicorn (2 workers × 4 threads, PLANNER_ENV=production) and
sends requests from 32 client threads for --seconds, over the public lists and detail pages that
load related records. It prints each page's request count and p50/p99 latency, and exits 1 if a
worker process died (SIGSEGV or any other signal), a request failed or any answer was not 2xx.
This is a check for crashes, not a timed test: the figures are for reading, never for passing.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from benchmarks import databases
from benchmarks.http_load import percentile_ms

ROOT = Path(__file__).resolve().parents[1]
LIST_PAGES = ("/", "/initiatives", "/programmes", "/organisations", "/centres", "/councils", "/partnerships",
              "/shifts", "/search?q=youth")
DETAIL_LINK = re.compile(r'href="(/(?:initiatives|programmes|organisations|centres|councils)/[a-z0-9-]+)"')
DETAILS_PER_LIST = 3
WORKER_DIED = re.compile(r"Worker \(pid:\d+\) was sent|Worker with pid \d+ was terminated|Fatal Python error")


def main() -> int:
    args = _arguments()
    prepare_database(args.database_url)
    log_path = Path(tempfile.mkstemp(prefix="threaded-load-", suffix=".log")[1])
    server = start_server(args, log_path)
    try:
        paths = discover_paths(args.port)
        latencies, failures = run_load(args.port, paths, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    deaths = [line for line in log_path.read_text(errors="replace").splitlines() if WORKER_DIED.search(line)]
    report(args, latencies, failures, deaths, log_path)
    return 1 if deaths or failures else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/planner_load"))
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8171)
    return parser.parse_args()


def prepare_database(url: str) -> None:
    """A new database of that name, migrated, with the demo loaded as of today."""
    databases.recreate(url, "planner_load")
    env = {**os.environ, "DATABASE_URL": url}
    for command in ("db-upgrade", "seed"):
        subprocess.run([sys.executable, "-m", "flask", "--app", "planner", command], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)


def start_server(args: argparse.Namespace, log_path: Path) -> subprocess.Popen:
    """gunicorn, threaded, in production mode; returns once /healthz answers."""
    env = {**os.environ, "DATABASE_URL": args.database_url, "PLANNER_ENV": "production",
           "SECRET_KEY": "load-check-only", "PLANNER_BASE_URL": f"http://127.0.0.1:{args.port}",
           "PYTHONFAULTHANDLER": "1"}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads),
               "--worker-class", "gthread", "--bind", f"127.0.0.1:{args.port}", "planner:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _status(args.port, "/healthz") == 200:
            return server
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"the server did not start; see {log_path}")


def _status(port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None


def discover_paths(port: int) -> list[str]:
    """The list pages, and the first few detail pages each of them links to."""
    paths = list(LIST_PAGES)
    for page in LIST_PAGES[1:6]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", page)
        body = connection.getresponse().read().decode()
        paths += list(dict.fromkeys(DETAIL_LINK.findall(body)))[:DETAILS_PER_LIST]
    return paths


def run_load(port: int, paths: list[str], clients: int, seconds: int):
    """Each client walks the paths in turn on a kept-alive connection until time is up."""
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        step = offset
        while time.monotonic() < stop_at:
            path = paths[step % len(paths)]
            step += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                problem = None if response.status < 300 else f"{path}: {response.status}"
            except (OSError, http.client.HTTPException) as error:
                problem = f"{path}: {type(error).__name__} {error}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                latencies[path].append(time.perf_counter() - started)
                if problem:
                    failures.append(problem)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


def report(args, latencies, failures, deaths, log_path: Path) -> None:
    total = sum(len(times) for times in latencies.values())
    print(f"python {sys.version.split()[0]}; gunicorn {args.workers} workers × {args.threads} threads; "
          f"{args.clients} clients for {args.seconds} s: {total} requests, {total / args.seconds:.0f} per second")
    print(f"{'page':<48} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for path, times in sorted(latencies.items()):
        print(f"{path:<48} {len(times):>8} {percentile_ms(times, 50):>8.0f} {percentile_ms(times, 99):>8.0f}")
    print(f"worker deaths: {len(deaths)}; failed requests: {len(failures)}")
    for line in (deaths + failures)[:10]:
        print("  " + line)
    if deaths:
        print(f"the server's log: {log_path}")


if __name__ == "__main__":
    sys.exit(main())
