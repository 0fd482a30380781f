"""Page-number pagination whose count stops early: we never serve more than MAX_PAGE pages, so counting
past MAX_PAGE × PAGE_SIZE rows would only cost time (a full scan of a large table for each list page).
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


def counted_in_page(statement: Select, number: int, query_args: dict[str, Any]) -> BoundedPage:
    """One page of a statement whose order already reads every row (relevance): the count rides along.

    `count(*) OVER ()` costs nothing more there, and saves running the full-text match twice.
    Only when the page is empty (past the end) is a separate count needed.
    """
    per_page = current_app.config["PAGE_SIZE"]
    if number > current_app.config["MAX_PAGE"]:
        return bounded_paginate(statement, number, query_args)
    counted = statement.add_columns(func.count().over().label("total_rows"))
    rows = session.execute(counted.limit(per_page).offset((number - 1) * per_page)).unique().all()
    if not rows:
        return bounded_paginate(statement, number, query_args)
    page = bounded_paginate(statement, number, query_args, total=rows[0].total_rows, fetch=False)
    page.items = [row[0] for row in rows]
    return page


def bounded_paginate(statement: Select, number: int, query_args: dict[str, Any], scalars: bool = True,
                     total: int | None = None, fetch: bool = True) -> BoundedPage:
    """Count at most one row past the last page we serve (unless the total is known), then fetch the page."""
    per_page, max_page = current_app.config["PAGE_SIZE"], current_app.config["MAX_PAGE"]
    limit = per_page * max_page
    if total is None:
        window = statement.order_by(None).limit(limit + 1).subquery()
        total = session.scalar(select(func.count()).select_from(window)) or 0
    page = BoundedPage([], number, per_page, total, query_args, limit=limit, max_page=max_page)
    if page.beyond_end or page.too_deep or not fetch:
        return page
    rows = statement.limit(per_page).offset((number - 1) * per_page)
    page.items = list(session.scalars(rows).unique() if scalars else session.execute(rows))
    return page
