"""Bounded page-number pagination for lists: one count query, one page query.

`bounded_paginate` also stops its count early: we never serve more than MAX_PAGE pages, so counting past
MAX_PAGE × PAGE_SIZE rows would only cost time (a full scan of a large table for each page of a public list).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func, select

from planner.db import session
from planner.digits import typed_whole_number


@dataclass
class Page:
    """One page of results and what the page links need."""

    items: list[Any]
    number: int
    per_page: int
    total: int
    query_args: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def beyond_end(self) -> bool:
        """Asked for a page past the last one (the page is then empty)."""
        return self.number > self.pages

    def args_for(self, number: int) -> dict[str, Any]:
        """The query string of another page of the same list."""
        return {**self.query_args, "page": number}


def requested_page() -> int:
    """The page number in the query string; anything that is not a positive whole number means 1."""
    return typed_whole_number(request.args.get("page"), most_digits=6) or 1


def paginate(statement: Select, number: int | None = None, per_page: int | None = None,
             query_args: dict[str, Any] | None = None, scalars: bool = True) -> Page:
    """Count the statement's rows, then fetch one page of it (none if the page is past the end)."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    number = number or requested_page()
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page = Page([], number, per_page, total or 0, query_args or {})
    if page.beyond_end or number > current_app.config["MAX_PAGE"]:
        return page
    window = statement.limit(per_page).offset((number - 1) * per_page)
    page.items = list(session.scalars(window).unique() if scalars else session.execute(window))
    return page


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


def bounded_paginate(statement: Select, number: int, query_args: dict[str, Any],
                     limit: int | None = None, per_page: int | None = None) -> BoundedPage:
    """Count at most one row past the last page we serve, then fetch the page."""
    per_page, limit, max_page = bounds(limit, per_page)
    window = statement.order_by(None).limit(limit + 1).subquery()
    total = session.scalar(select(func.count()).select_from(window)) or 0
    page = BoundedPage([], number, per_page, total, query_args, limit=limit, max_page=max_page)
    if page.beyond_end or page.too_deep:
        return page
    rows = statement.limit(per_page).offset((number - 1) * per_page)
    page.items = list(session.scalars(rows).unique())
    return page


def count_up_to(statement: Select, bound: int) -> int:
    """How many rows the statement finds, counting no further than the bound (a runaway table costs no full count)."""
    return session.scalar(select(func.count()).select_from(statement.order_by(None).limit(bound).subquery())) or 0


def bounds(limit: int | None, per_page: int | None = None) -> tuple[int, int, int]:
    """(rows per page, the most rows we count, the last page we serve): the lists' by default."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    limit = limit or per_page * current_app.config["MAX_PAGE"]
    return per_page, limit, ceil(limit / per_page)
