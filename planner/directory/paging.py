"""The directory's pages over rows it has counted already: a search's candidates, whose count rides along with
the page, and rows in hand (the bounded count itself is planner.pagination.bounded_paginate). A search counts to
a lower bound of its own (SEARCH_BOUND, planner.directory.search).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func

from planner.db import session
from planner.pagination import BoundedPage, bounded_paginate, bounds


def counted_in_page(statement: Select, number: int, query_args: dict[str, Any],
                    limit: int | None = None) -> BoundedPage:
    """One page of a statement over a bounded set of rows (a search's candidates): the count rides along.

    `count(*) OVER ()` costs nothing more there, and saves matching the words twice. Only when the
    page is empty (past the end) is a separate count needed.
    """
    per_page, limit, max_page = bounds(limit)
    if number > max_page:
        return bounded_paginate(statement, number, query_args, limit=limit)
    counted = statement.add_columns(func.count().over().label("total_rows"))
    rows = session.execute(counted.limit(per_page).offset((number - 1) * per_page)).unique().all()
    if not rows:
        return bounded_paginate(statement, number, query_args, limit=limit)
    return BoundedPage([row[0] for row in rows], number, per_page, rows[0].total_rows, query_args,
                       limit=limit, max_page=max_page)


def page_of_list(rows: list, number: int, query_args: dict[str, Any], limit: int) -> BoundedPage:
    """One page of rows already in hand (at most limit + 1 of them, in order)."""
    per_page, limit, max_page = bounds(limit)
    page = BoundedPage([], number, per_page, len(rows), query_args, limit=limit, max_page=max_page)
    if not (page.beyond_end or page.too_deep):
        page.items = rows[(number - 1) * per_page:number * per_page]
    return page
