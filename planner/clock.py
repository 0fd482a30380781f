"""The one clock the planner reads: every "now" in the app comes from here (tests move it with time-machine)."""
from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)
