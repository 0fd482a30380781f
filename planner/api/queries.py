"""The API's reads: the directory's own list statements and the budget page's decisions, walked by id, and the
site's list of upcoming shifts, walked by start.

Keyset pagination: each page is `id > last id ORDER BY id LIMIT n + 1` (the extra row only says
whether there is a next page), so a deep page costs what the first one does and nothing is counted.
Shifts, soonest first, continue after the last one's (start, id) the same way.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from planner.budgets.models import Decision
from planner.budgets.queries import public_decisions
from planner.db import session
from planner.directory.filters import ListQuery
from planner.directory.lists import LISTINGS, list_statement
from planner.initiatives.models import Initiative
from planner.pipeline import could_be_slug
from planner.volunteering.models import Programme, Shift
from planner.volunteering.queries import ShiftFilters, programme_is_public, upcoming_shifts

# The feed of changed shifts serves changes this old and older: a change is stamped as it is written and seen by
# others once its transaction commits, a moment later, and must not then fall behind a cursor already past it.
SETTLING = timedelta(seconds=10)
# Relations the API shows for each list item beyond what the HTML cards already load.
EXTRA_EAGER = {
    "initiative": (selectinload(Initiative.venue), selectinload(Initiative.partners),
                   selectinload(Initiative.audiences)),
    "programme": (selectinload(Programme.skills),),
}
CSV_BATCH = 500


@dataclass
class KeysetPage:
    """Some items in id order, and the last id to continue after (None on the last page)."""

    items: list[Any]
    next_after: Any  # the last id, or what else the list is ordered by; None on the last page


def keyset_page(statement: Select, id_column, after: int | None, limit: int, scalars: bool = True) -> KeysetPage:
    """Up to `limit` rows of the statement with an id above `after`, in id order."""
    if after is not None:
        statement = statement.where(id_column > after)
    window = statement.order_by(None).order_by(id_column).limit(limit + 1)
    result = session.scalars(window).unique() if scalars else session.execute(window)
    rows = list(result)
    items = rows[:limit]
    return KeysetPage(items, items[-1].id if len(rows) > limit else None)


def directory_statement(kind_name: str, query: ListQuery) -> Select:
    """The public records of one kind matching the words and filters, with every relation the API shows."""
    return list_statement(LISTINGS[kind_name], query).options(*EXTRA_EAGER.get(kind_name, ()))


def directory_page(kind_name: str, query: ListQuery, after: int | None, limit: int) -> KeysetPage:
    """One page of a directory list, in id order."""
    model = LISTINGS[kind_name].kind.model
    return keyset_page(directory_statement(kind_name, query), model.id, after, limit)


def directory_in_batches(kind_name: str, query: ListQuery, batch: int | None = None) -> Iterator[Any]:
    """Every matching record, fetched a batch at a time (for a CSV of any size in bounded memory)."""
    batch, after = batch or CSV_BATCH, None
    while True:
        page = directory_page(kind_name, query, after, batch)
        yield from page.items
        if page.next_after is None:
            return
        after = page.next_after  # the session's identity map holds rows weakly: written batches go


def decisions_page(council_id: int, year: int, after: int | None, limit: int) -> KeysetPage:
    """One page of a council's published decisions for a year, in the order they were made (by id)."""
    return keyset_page(public_decisions(council_id, year), Decision.id, after, limit, scalars=False)


def shifts_page(filters: ShiftFilters, after: tuple[datetime, int] | None, limit: int) -> KeysetPage:
    """One page of upcoming shifts of public programmes, soonest first (ties by id), after the given start and id."""
    return _shifts_in_time_order(upcoming_shifts(filters), Shift.starts_at, after, limit)


@dataclass
class ChangesPage(KeysetPage):
    """A page of the feed of changed shifts, and which of its shifts the public sees (the others are withdrawn)."""

    listed: frozenset[int] = frozenset()


def shift_changes_page(after: tuple[datetime, int], now: datetime, limit: int) -> ChangesPage:
    """One page of the shifts last changed after the given instant and id (ties by id), and at least SETTLING ago,
    whatever their status, start or programme, in the order of their last change; with the ids of those whose
    programme is public (a shift of another is listed withdrawn, with nothing of it shown)."""
    statement = (select(Shift).where(Shift.updated_at < now - SETTLING).order_by(Shift.updated_at, Shift.id)
                 .options(joinedload(Shift.programme), joinedload(Shift.locality), joinedload(Shift.centre)))
    page = _shifts_in_time_order(statement, Shift.updated_at, after, limit)
    ids = [record.id for record in page.items]
    listed = session.scalars(select(Shift.id).join(Shift.programme).where(Shift.id.in_(ids), programme_is_public()))
    return ChangesPage(page.items, page.next_after, frozenset(listed))


def _shifts_in_time_order(statement: Select, column, after: tuple[datetime, int] | None, limit: int) -> KeysetPage:
    """One page of shifts ordered by an instant column and then id, after the given instant and id."""
    if after is not None:
        at, last_id = after
        # the first condition alone lets the index on the instant skip what came before; the second breaks ties by id
        statement = statement.where(column >= at, or_(column > at, and_(column == at, Shift.id > last_id)))
    rows = list(session.scalars(statement.limit(limit + 1)).unique())
    items = rows[:limit]
    return KeysetPage(items, (getattr(items[-1], column.key), items[-1].id) if len(rows) > limit else None)


def is_listed_programme(slug: str) -> bool:
    """Whether a public programme has this slug (the shifts' filter names programmes by slug, as the site does)."""
    return could_be_slug(slug) and session.scalar(
        select(Programme.id).where(Programme.slug == slug, Programme.is_public)) is not None
