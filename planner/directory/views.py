"""The public directory: home, the six lists, a detail page per record, and search across all kinds.

Addresses: `/`, `/search`, `/<plural>` and `/<plural>/<id-or-slug>`. A numeric id answers with a
permanent redirect to the slug's address. "new" is never a record's slug (`kinds.RESERVED_SLUGS`):
other features serve `/<plural>/new`.
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from planner.directory import details
from planner.directory.filters import parse_list_query
from planner.directory.highlights import latest_initiatives, open_shifts
from planner.directory.kinds import KINDS
from planner.directory.lists import LISTINGS, list_statement, search_page
from planner.directory.options import choices_for, record_kinds
from planner.directory.paging import BoundedPage
from planner.directory.site_search import SEARCH_FILTERS, search_directory
from planner.page_cache import shared_part
from planner.pagination import bounded_paginate
from planner.panels import panels_for
from planner.permissions import Permission, require
from planner.provenance import source_title
from planner.sharing import record_card, share_card
from planner.pipeline import by_id_or_slug

bp = Blueprint("directory", __name__)
SITE_DESCRIPTION = _l("One place for the civic life of a town: its local councils, community centres, organisations "
                      "and initiatives, the volunteer shifts that keep them going, and how each council spends its "
                      "budget.")


def _status(page: BoundedPage) -> int:
    """404 for a page that does not exist (past the end, or past the last page we serve)."""
    return 404 if page.beyond_end else 200


@bp.get("/")
def home():
    """What the planner is, a search box, the latest initiatives and open shifts."""
    about = str(SITE_DESCRIPTION)
    return render_template("directory/home.html", initiatives=latest_initiatives(), shifts=open_shifts(), about=about,
                           share=share_card(_("Community Planner"), about, "directory.home"))


@bp.get("/search")
def search():
    """Search every kind of record; without words, a page that explains how."""
    choices = choices_for(SEARCH_FILTERS, record_kinds)
    query = parse_list_query(request.args, choices)
    body, status = shared_part("search", lambda: _search_body(query, choices))
    return render_template("directory/search.html", query=query, body=body), status


def _search_body(query, choices) -> tuple[str, int]:
    results = search_directory(query) if query.searching else None
    body = render_template("directory/_search_body.html", query=query, choices=choices, results=results)
    return body, _status(results.page) if results else 200


# --- lists -------------------------------------------------------------------------------


def _list_page(kind_name: str):
    listing = LISTINGS[kind_name]
    body, status = shared_part(f"list:{kind_name}", lambda: _list_body(listing))
    return render_template("directory/list.html", listing=listing, body=body), status


def _list_body(listing) -> tuple[str, int]:
    """The filters and one page of results, as every reader of this address sees them."""
    choices = choices_for(listing.filters, listing.kind_choices)
    query = parse_list_query(request.args, choices, listing.sorts, listing.default_sort)
    if query.searching:
        page = search_page(listing, query)
    else:
        page = bounded_paginate(list_statement(listing, query).options(*listing.narrow), query.page, query.args())
    body = render_template("directory/_list_body.html", listing=listing, query=query, choices=choices, page=page)
    return body, _status(page)


@bp.get("/councils")
def councils():
    """The public councils, filtered, sorted and paginated."""
    return _list_page("council")


@bp.get("/centres")
def centres():
    """The public centres, filtered, sorted and paginated."""
    return _list_page("centre")


@bp.get("/organisations")
def organisations():
    """The public organisations, filtered, sorted and paginated."""
    return _list_page("organisation")


@bp.get("/initiatives")
def initiatives():
    """The public initiatives, filtered, sorted and paginated."""
    return _list_page("initiative")


@bp.get("/programmes")
def programmes():
    """The public programmes, filtered, sorted and paginated."""
    return _list_page("programme")


@bp.get("/partnerships")
def partnerships():
    """The public partnerships, filtered, sorted and paginated."""
    return _list_page("partnership")


# --- one record --------------------------------------------------------------------------


def _viewable(kind_name: str, key: str):
    """The record behind the address if this visitor may see it (a 404 otherwise; an id redirects)."""
    kind = KINDS[kind_name]
    record = by_id_or_slug(kind.model, key)
    require(Permission.RECORD_VIEW, record, hide=True)
    if key != record.slug:
        abort(redirect(url_for(kind.detail_endpoint, key=record.slug), 301))
    return record


def _detail_page(kind_name: str, record, relations: dict):
    kind = KINDS[kind_name]
    return render_template(f"directory/{kind_name}.html", record=record, kind=kind,
                           panels=panels_for(kind_name, record), source=source_title(record.source_document),
                           share=record_card(record, kind.detail_endpoint), **relations)


@bp.get("/councils/<key>")
def council(key: str):
    """One council, with its relations and provenance."""
    record = _viewable("council", key)
    return _detail_page("council", record, details.council_relations(record))


@bp.get("/centres/<key>")
def centre(key: str):
    """One centre, with its relations and provenance."""
    record = _viewable("centre", key)
    return _detail_page("centre", record, details.centre_relations(record))


@bp.get("/organisations/<key>")
def organisation(key: str):
    """One organisation, with its relations and provenance."""
    record = _viewable("organisation", key)
    return _detail_page("organisation", record, details.organisation_relations(record))


@bp.get("/initiatives/<key>")
def initiative(key: str):
    """One initiative, with its relations and provenance."""
    record = _viewable("initiative", key)
    return _detail_page("initiative", record, details.initiative_relations(record))


@bp.get("/programmes/<key>")
def programme(key: str):
    """One programme, with its relations and provenance."""
    record = _viewable("programme", key)
    return _detail_page("programme", record, details.programme_relations(record))


@bp.get("/partnerships/<key>")
def partnership(key: str):
    """One partnership, with its relations and provenance."""
    record = _viewable("partnership", key)
    return _detail_page("partnership", record, details.partnership_relations(record))
