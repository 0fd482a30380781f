"""Page-number pagination whose count stops early: we never serve more than MAX_PAGE pages, so counting
past MAX_PAGE × PAGE_SIZE rows would only cost time (a full scan of a large table for each list page).
A search counts to a lower bound of its own (SEARCH_BOUND, planner.directory.search).
"""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select

from planner.db import session
from planner.pagination import Page


@dataclass
class BoundedPage(Page):
    """A page whose `total` is exact up to `limit` rows; past it, `capped` says "more than this"."""

    limit: int = 0
    max_page: int = 0

    @property
    def capped(self) -> bool:
        """Whether there are more rows than we counted."""
        return self.total > self.limit

    @property
    def shown_total(self) -> int:
        """The number to print: exact, or the limit when there are more."""
        return min(self.total, self.limit)

    @property
    def pages(self) -> int:
        """How many pages we serve (never more than max_page)."""
        return max(min(ceil(self.total / self.per_page), self.max_page), 1)

    @property
    def too_deep(self) -> bool:
        """Asked for a page past the last one we serve, although there are rows there."""
        return self.number > self.max_page and self.capped


def counted_in_page(statement: Select, number: int, query_args: dict[str, Any],
                    limit: int | None = None) -> BoundedPage:
    """One page of a statement over a bounded set of rows (a search's candidates): the count rides along.

    `count(*) OVER ()` costs nothing more there, and saves matching the words twice. Only when the
    page is empty (past the end) is a separate count needed.
    """
    per_page, limit, max_page = _bounds(limit)
    if number > max_page:
        return bounded_paginate(statement, number, query_args, limit=limit)
    counted = statement.add_columns(func.count().over().label("total_rows"))
    rows = session.execute(counted.limit(per_page).offset((number - 1) * per_page)).unique().all()
    if not rows:
        return bounded_paginate(statement, number, query_args, limit=limit)
    return BoundedPage([row[0] for row in rows], number, per_page, rows[0].total_rows, query_args,
                       limit=limit, max_page=max_page)


def bounded_paginate(statement: Select, number: int, query_args: dict[str, Any],
                     limit: int | None = None) -> BoundedPage:
    """Count at most one row past the last page we serve, then fetch the page."""
    per_page, limit, max_page = _bounds(limit)
    window = statement.order_by(None).limit(limit + 1).subquery()
    total = session.scalar(select(func.count()).select_from(window)) or 0
    page = BoundedPage([], number, per_page, total, query_args, limit=limit, max_page=max_page)
    if page.beyond_end or page.too_deep:
        return page
    rows = statement.limit(per_page).offset((number - 1) * per_page)
    page.items = list(session.scalars(rows).unique())
    return page


def page_of_list(rows: list, number: int, query_args: dict[str, Any], limit: int) -> BoundedPage:
    """One page of rows already in hand (at most limit + 1 of them, in order)."""
    per_page, limit, max_page = _bounds(limit)
    page = BoundedPage([], number, per_page, len(rows), query_args, limit=limit, max_page=max_page)
    if not (page.beyond_end or page.too_deep):
        page.items = rows[(number - 1) * per_page:number * per_page]
    return page


def _bounds(limit: int | None) -> tuple[int, int, int]:
    """(rows per page, the most rows we count, the last page we serve): the lists' by default."""
    per_page = current_app.config["PAGE_SIZE"]
    limit = limit or per_page * current_app.config["MAX_PAGE"]
    return per_page, limit, ceil(limit / per_page)
