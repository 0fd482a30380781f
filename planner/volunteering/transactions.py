"""Committing a unit of work, and running it again when the database asks for a retry."""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from planner.db import session

T = TypeVar("T")
ATTEMPTS = 5
log = logging.getLogger(__name__)


def is_retryable(error: DBAPIError) -> bool:
    """A deadlock or serialisation failure (PostgreSQL), or a busy database (SQLite): safe to run again."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in {"40001", "40P01"}:  # serialization_failure, deadlock_detected
        return True
    return "database is locked" in str(error.orig)


def commit_with_retry(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run work() and commit; on a retryable failure roll back, wait a little and run it again.

    Any other error rolls the transaction back and is raised, so nothing is half-saved.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            session.commit()
            return result
        except DBAPIError as error:
            session.rollback()
            if attempt == attempts or not is_retryable(error):
                raise
            log.info("retrying after %s (attempt %s)", type(error.orig).__name__, attempt)
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
        except Exception:
            session.rollback()
            raise
    raise AssertionError("unreachable")
