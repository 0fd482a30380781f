"""What a request cost in CPU, by process: the app's gunicorn workers, PostgreSQL, Redis and the load client.

A rate beside /healthz says how much slower a request is, not where its time goes. Read around a run from
Linux's /proc (user and system time of each process), the CPU per request splits that: on two cores
shared by all four, the one that costs most sets the rate. Elsewhere than Linux nothing is measured.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

PROC = Path("/proc")
GROUPS = ("app", "PostgreSQL", "Redis", "client")
T = TypeVar("T")


def _ticks_per_second() -> int:
    return os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process(pid: str) -> tuple[int, str, float] | None:
    """The process's parent, command line and CPU seconds so far; None once it has gone."""
    try:
        stat = (PROC / pid / "stat").read_text()
        command = (PROC / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
    return int(fields[1]), command, (int(fields[11]) + int(fields[12])) / _ticks_per_second()


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by each group: the server's master and workers, PostgreSQL's and Redis's
    processes, and this process (the load client)."""
    used = dict.fromkeys(GROUPS, 0.0)
    if not PROC.is_dir():
        return used
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or (found := _process(entry.name)) is None:
            continue
        parent, command, seconds = found
        pid, program = int(entry.name), command.split(" ", 1)[0].rsplit("/", 1)[-1]
        if pid == server_pid or parent == server_pid:
            used["app"] += seconds
        elif program.startswith("postgres"):  # the server ("postgres") and its backends ("postgres: 15/main: …")
            used["PostgreSQL"] += seconds
        elif program.startswith("redis-server"):
            used["Redis"] += seconds
        elif pid == os.getpid():
            used["client"] += seconds
    return used


def per_request(server_pid: int, requests: int, run: Callable[[], T]) -> tuple[T, dict[str, float]]:
    """Run the load; return what it returned and each group's CPU milliseconds per request."""
    before = cpu_seconds(server_pid)
    result = run()
    after = cpu_seconds(server_pid)
    return result, {group: (after[group] - before[group]) * 1000 / requests for group in GROUPS}


def described(milliseconds: dict[str, float]) -> str:
    """Each group's CPU milliseconds, as "app 10.30, PostgreSQL 2.83, …", or that nothing was measured."""
    if not any(milliseconds.values()):
        return "not measured here (no /proc)"
    return ", ".join(f"{group} {value:.2f}" for group, value in milliseconds.items())
