"""The read-only JSON API: the six directory lists and their records, council budgets, upcoming shifts, the
OpenAPI document.

Addresses: `/api/v1/<plural>` (filters as on the site, cursor pagination by id),
`/api/v1/<plural>/<id-or-slug>`, `/api/v1/councils/<id-or-slug>/budget/<year>`, `/api/v1/shifts` (the site's
list of shifts, soonest first), `/api/v1/shifts/changes` (the shifts changed since a moment, for a copy kept in
step) and `/api/openapi.json`.
The API is anonymous: it answers with public records only, whoever is signed in on the site, so
any web page may read it from its visitors' browsers (CORS, `planner.api.open_to_every_site`).
Errors are JSON (`planner.errors`): 400 for a parameter we cannot use, 404 for a record that is
not public or does not exist.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, request

from planner.api import open_to_every_site, represent
from planner.api.openapi import document
from planner.api.params import (
    LANGUAGE,
    PAGING,
    check_names,
    encode_cursor,
    encode_time_cursor,
    read_cursor,
    read_language,
    read_limit,
    read_list_query,
    read_changes_position,
    read_shift_filters,
    read_time_cursor,
)
from planner.api.queries import (KeysetPage, decisions_page, directory_page, is_listed_programme, shift_changes_page,
                                 shifts_page)
from planner.budgets.envelopes import envelope_for, valid_year
from planner.budgets.queries import budget_summary, has_public_decision
from planner.clock import utcnow
from planner.directory.kinds import KINDS
from planner.directory.lists import LISTINGS
from planner.permissions import Permission, can
from planner.pipeline import by_id_or_slug

bp = Blueprint("api", __name__, url_prefix="/api")
open_to_every_site(bp)


@bp.before_request
def _asked_language() -> None:
    """Every address takes `lang`: the language of the records' written fields (see represent.asked_language)."""
    g.api_language = read_language(request.args)


def _links(page: KeysetPage, args: dict[str, Any], limit: int, cursor=encode_cursor) -> dict[str, str | None]:
    """This page's address, and the next page's (the same parameters, the cursor moved on)."""
    following = None
    if page.next_after is not None:
        language = {LANGUAGE: g.api_language} if g.get("api_language") else {}
        following = represent.absolute(request.endpoint, **request.view_args, **args, **language, limit=limit,
                                       cursor=cursor(page.next_after))
    return {"self": request.url, "next": following}


def _public_record(kind_name: str, key: str):
    """The public record behind the key, or a 404 (drafts and archived records do not exist here)."""
    record = by_id_or_slug(KINDS[kind_name].model, key)
    if not can(None, Permission.RECORD_VIEW, record):
        abort(404)
    return record


def _published_envelope(council, year: int):
    """The year's envelope (None when only decisions were published); a 404 for a year with nothing public.

    The same years the budget page shows (`budgets.views`).
    """
    if not valid_year(year):
        abort(404)
    envelope = envelope_for(council.id, year)
    if envelope is None and not has_public_decision(council.id, year):
        abort(404)
    return envelope


def _list(kind_name: str):
    query = read_list_query(LISTINGS[kind_name], request.args, extra=(*PAGING, LANGUAGE))
    limit, after = read_limit(request.args), read_cursor(request.args)
    page = directory_page(kind_name, query, after, limit)
    item = represent.ITEMS[kind_name]
    return jsonify(
        data=[item(record).model_dump(mode="json") for record in page.items],
        links=_links(page, query.args(), limit),
        meta={"limit": limit, "count": len(page.items), "q": query.q or None, "filters": query.filters},
    )


def _detail(kind_name: str, key: str):
    check_names(request.args, (LANGUAGE,))
    record = _public_record(kind_name, key)
    return jsonify(data=represent.DETAILS[kind_name](record).model_dump(mode="json"))


@bp.get("/v1/councils")
def councils():
    """Public councils, filtered (q, country, locality), by id."""
    return _list("council")


@bp.get("/v1/centres")
def centres():
    """Public centres, filtered (q, country, locality, kind of service, audience), by id."""
    return _list("centre")


@bp.get("/v1/organisations")
def organisations():
    """Public organisations, filtered (q, country, locality, kind), by id."""
    return _list("organisation")


@bp.get("/v1/initiatives")
def initiatives():
    """Published initiatives, filtered (q, country, locality, theme, audience), by id."""
    return _list("initiative")


@bp.get("/v1/programmes")
def programmes():
    """Public programmes, filtered (q, country, locality, theme), by id."""
    return _list("programme")


@bp.get("/v1/partnerships")
def partnerships():
    """Public partnerships, filtered (q, country, locality, theme, kind), by id."""
    return _list("partnership")


@bp.get("/v1/shifts")
def shifts():
    """Upcoming shifts of public programmes, soonest first, filtered as on the site's list; every date of a series."""
    filters, given = read_shift_filters(request.args, is_listed_programme)
    limit, after = read_limit(request.args), read_time_cursor(request.args)
    page = shifts_page(filters, after, limit)
    return jsonify(
        data=[item.model_dump(mode="json") for item in represent.shift_items(page.items)],
        links=_links(page, given, limit, encode_time_cursor),
        meta={"limit": limit, "count": len(page.items), "q": None, "filters": given},
    )


@bp.get("/v1/shifts/changes")
def shift_changes():
    """The shifts of public programmes changed since an instant (`since`, on the first call) or since the last page
    (`cursor`), in the order of their last change; `links.next` always leads on, now or later."""
    check_names(request.args, ("since", *PAGING, LANGUAGE))
    limit, after = read_limit(request.args), read_changes_position(request.args)
    page = shift_changes_page(after, utcnow(), limit)
    reached = (page.items[-1].updated_at, page.items[-1].id) if page.items else after
    language = {LANGUAGE: g.api_language} if g.get("api_language") else {}
    return jsonify(
        data=[item.model_dump(mode="json") for item in represent.shift_changes(page.items, page.listed)],
        links={"self": request.url, "next": represent.absolute(request.endpoint, **language, limit=limit,
                                                               cursor=encode_time_cursor(reached))},
        meta={"limit": limit, "count": len(page.items), "more": page.next_after is not None},
    )


@bp.get("/v1/councils/<key>")
def council(key: str):
    """One public council with its centres, initiatives, partnerships and provenance."""
    return _detail("council", key)


@bp.get("/v1/centres/<key>")
def centre(key: str):
    """One public centre with its relations and provenance."""
    return _detail("centre", key)


@bp.get("/v1/organisations/<key>")
def organisation(key: str):
    """One public organisation with its relations and provenance."""
    return _detail("organisation", key)


@bp.get("/v1/initiatives/<key>")
def initiative(key: str):
    """One published initiative with its relations and provenance."""
    return _detail("initiative", key)


@bp.get("/v1/programmes/<key>")
def programme(key: str):
    """One public programme with its upcoming shifts and provenance."""
    return _detail("programme", key)


@bp.get("/v1/partnerships/<key>")
def partnership(key: str):
    """One public partnership with its parties, initiatives and provenance."""
    return _detail("partnership", key)


@bp.get("/v1/councils/<key>/budget/<int(min=1, max=9999):year>")
def council_budget(key: str, year: int):
    """A council's public budget for a year: totals, allocation by theme, one page of decisions."""
    check_names(request.args, ("cursor", "limit", LANGUAGE))
    limit, after = read_limit(request.args), read_cursor(request.args)
    record = _public_record("council", key)
    summary = budget_summary(record, year, _published_envelope(record, year))
    page = decisions_page(record.id, year, after, limit)
    return jsonify(
        data=represent.budget(record, year, summary, page.items).model_dump(mode="json"),
        links=_links(page, {}, limit),
        meta={"limit": limit, "count": len(page.items)},
    )


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document describing every /api/v1 address."""
    return jsonify(document())
