"""Bounded page-number pagination for lists: one count query, one page query."""
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
