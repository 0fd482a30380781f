"""The request pipeline: loading a view's record (a 404 when there is none), and the one place that commits.

A view loads its record (`by_id_or_slug`, `get_or_404`), checks access with `permissions.require`, validates its
form, then hands the service call to `run`: the call runs, and either everything it changed is committed (with a
retry when the database asks for one) or, when a rule refuses it, nothing is, and the refusal is shown beside the
form field it concerns or at the top of the next page. A preview hands it to `dry_run`, which always rolls it
back. Commands (seeding, the outbox worker) commit through `commit` too. No other module calls
`session.commit()`; a test keeps it so.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import abort, flash
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from wtforms import FieldList

from planner.db import Base, session
from planner.rules import RuleError
from planner.types import LARGEST_ID, SLUG_LENGTH

T = TypeVar("T")
ATTEMPTS = 5
log = logging.getLogger(__name__)


@dataclass
class Done(Generic[T]):
    """What `run` did: whether the change was saved, what the service returned, or the rule that refused it."""

    saved: bool
    value: T | None = None
    error: RuleError | None = None

    def __bool__(self) -> bool:
        return self.saved


def run(action: Callable[[], T], form=None, *, unplaced: str = "form", keep: bool = True) -> Done[T]:
    """Run a service call and commit it (or, keep=False, roll it back: see dry_run); on a broken rule roll back
    and show why (see show_refusal)."""
    try:
        value = _retried(action, commit if keep else session.rollback)
    except RuleError as error:
        show_refusal(error, form, unplaced)
        return Done(False, error=error)
    return Done(True, value)


def dry_run(action: Callable[[], T], form=None) -> Done[T]:
    """Run a service call to see what it would do, then roll everything it wrote back: a preview saves nothing.
    `saved` says whether the rules let it through."""
    return run(action, form, keep=False)


def show_refusal(error: RuleError, form=None, unplaced: str = "form") -> None:
    """Put a refusal beside the form field it names; otherwise at the top of the form, or ("flash", or no
    form: a button) in a message on the next page."""
    field = form._fields.get(error.field) if form is not None and error.field else None
    if field is not None and not isinstance(field, FieldList):
        field.errors = [*field.errors, error.message]
    elif form is not None and unplaced == "form":
        form.form_errors.append(error.message)
    else:
        flash(str(error.message), "error")


def commit() -> None:
    """Make the unit of work permanent (requests through `run`; commands directly)."""
    session.commit()


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
    return _retried(work, commit, attempts)


def _retried(work: Callable[[], T], finish: Callable[[], None], attempts: int = ATTEMPTS) -> T:
    """Run work() and finish the transaction (commit, or roll a preview back), again on a retryable failure."""
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            finish()
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


# --- loading the record a view works on ----------------------------------------------------


M = TypeVar("M", bound=Base)


def get_or_404(model: type[M], ident: Any) -> M:
    """The record with that primary key, or a 404 page."""
    record = session.get(model, ident)
    if record is None:
        abort(404)
    return record


def one_or_404(statement) -> Any:
    """The single row a select finds, or a 404 page."""
    record = session.scalars(statement.limit(1)).first()
    if record is None:
        abort(404)
    return record


def by_id_or_slug(model: type[M], key: str) -> M:
    """A record by its numeric id or its slug, or a 404 page."""
    if key.isascii() and key.isdigit():  # "²" and "١٢" are digits too, but not ids
        if len(key) > len(str(LARGEST_ID)) or int(key) > LARGEST_ID:
            abort(404)
        return get_or_404(model, int(key))
    if not could_be_slug(key):
        abort(404)
    return one_or_404(select(model).where(model.slug == key))


def could_be_slug(text: str) -> bool:
    """Whether the text could be some record's slug: no slug is longer, and none holds a NUL byte (which PostgreSQL
    refuses in any text it is given, so a query comparing one would fail rather than find nothing)."""
    return len(text) <= SLUG_LENGTH and "\x00" not in text
