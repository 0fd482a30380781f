"""The six public lists: which filters and sorts each offers, and the statements that answer them.

Every filter becomes an indexed condition (a column or an `IN (subquery)`); search words take a
bounded set of candidates from the full-text index (planner.directory.search); relations shown on
the cards are loaded with `selectinload`, so a page costs the same few queries whatever its size.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import defer, selectinload

from planner.centres.models import Centre, centre_audiences, centre_services
from planner.councils.models import Council
from planner.db import session
from planner.directory import options
from planner.directory.filters import ListQuery
from planner.directory.kinds import KINDS, Kind
from planner.directory.models import SearchEntry
from planner.directory.public import published_initiative_ids, visible
from planner.directory.paging import BoundedPage, counted_in_page
from planner.directory.search import bound, candidates, matching_record_ids, terms_of
from planner.initiatives.models import Initiative, initiative_audiences
from planner.organisations.models import Organisation, OrganisationKind
from planner.partnerships.models import Partnership, PartnershipKind, PartnershipParty, partnership_initiatives
from planner.places.models import Locality
from planner.volunteering.models import Programme

Condition = Callable[[str], ColumnElement[bool]]


@dataclass(frozen=True)
class Listing:
    """One public list: its kind, the relations its cards show, its filters and its sorts."""

    kind: Kind
    eager: tuple = ()
    filters: dict[str, Condition] = field(default_factory=dict)
    orders: dict[str, tuple] = field(default_factory=dict)
    default_sort: str = "name"
    kind_choices: Callable | None = None
    kind_label: object = None  # what the "kind" filter means on this list
    indexed: tuple[str, ...] = ()  # filters the search index's own facets answer as well (INDEX_FACETS)
    narrow: tuple = ()  # columns a card never shows, left unread (and loud if a card ever reads them)

    @property
    def sorts(self) -> tuple[str, ...]:
        """The orders this list offers (best match only applies when there are search words)."""
        return ("relevance", *self.orders)


# --- conditions shared by several lists ---------------------------------------------------


def _locality_id(slug: str):
    return select(Locality.id).where(Locality.slug == slug).scalar_subquery()


def _localities_in(country_code: str):
    return select(Locality.id).where(Locality.country_code == country_code)


def _in_place(column) -> dict[str, Condition]:
    """Country and place filters for a model that points at a locality."""
    return {
        "country": lambda code: column.in_(_localities_in(code)),
        "locality": lambda slug: column == _locality_id(slug),
    }


def _indexed_facet(kind: str, column) -> Condition:
    """A filter read from the search index's facets (for records whose place is derived)."""
    model = KINDS[kind].model
    return lambda value: model.id.in_(select(SearchEntry.record_id).where(SearchEntry.kind == kind, column == value))


def _party_in(country_code: str | None = None, locality_slug: str | None = None) -> ColumnElement[bool]:
    """A partnership one of whose parties that agreed is in this country (or this place)."""
    if locality_slug is not None:
        place = _locality_id(locality_slug)
        in_place = {Council: Council.locality_id == place, Centre: Centre.locality_id == place,
                    Organisation: Organisation.locality_id == place}
        conditions = []
    else:
        places = _localities_in(country_code)
        in_place = {Council: Council.locality_id.in_(places), Centre: Centre.locality_id.in_(places),
                    Organisation: Organisation.country_code == country_code}
        conditions = [PartnershipParty.country_code == country_code]
    conditions += [
        PartnershipParty.council_id.in_(select(Council.id).where(in_place[Council])),
        PartnershipParty.centre_id.in_(select(Centre.id).where(in_place[Centre])),
        PartnershipParty.organisation_id.in_(select(Organisation.id).where(in_place[Organisation])),
    ]
    return Partnership.id.in_(select(PartnershipParty.partnership_id)
                              .where(or_(*conditions), PartnershipParty.agreed.is_(True)))


def _serves_theme(theme_key: str) -> ColumnElement[bool]:
    linked = (
        select(partnership_initiatives.c.partnership_id)
        .join(Initiative, Initiative.id == partnership_initiatives.c.initiative_id)
        .where(Initiative.theme_key == theme_key, Initiative.id.in_(published_initiative_ids()))
    )
    return Partnership.id.in_(linked)


# The search index keeps each record's country, place and theme (planner.directory.indexing), so a
# search filtered by them never reads the records' own table before the bound.
INDEX_FACETS: dict[str, Condition] = {
    "country": lambda code: SearchEntry.country_code == code,
    "locality": lambda slug: SearchEntry.locality_id == _locality_id(slug),
    "theme": lambda key: SearchEntry.theme_key == key,
}
PLACE = ("country", "locality")

# --- the six lists -----------------------------------------------------------------------

LISTINGS: dict[str, Listing] = {
    "council": Listing(
        KINDS["council"],
        filters=_in_place(Council.locality_id),
        orders={"name": (Council.name,), "newest": (Council.created_at.desc(),)},
        indexed=PLACE,
    ),
    "centre": Listing(
        KINDS["centre"],
        eager=(selectinload(Centre.council), selectinload(Centre.services), selectinload(Centre.audiences)),
        filters={
            **_in_place(Centre.locality_id),
            "kind": lambda key: Centre.id.in_(
                select(centre_services.c.centre_id).where(centre_services.c.service_key == key)
            ),
            "audience": lambda key: Centre.id.in_(
                select(centre_audiences.c.centre_id).where(centre_audiences.c.audience_key == key)
            ),
        },
        orders={"name": (Centre.name,), "newest": (Centre.created_at.desc(),)},
        kind_choices=options.services,
        kind_label=_l("Service offered"),
        indexed=PLACE,
    ),
    "organisation": Listing(
        KINDS["organisation"],
        eager=(selectinload(Organisation.locality),),
        filters={
            "country": lambda code: Organisation.country_code == code,
            "locality": lambda slug: Organisation.locality_id == _locality_id(slug),
            "kind": lambda kind: Organisation.kind == OrganisationKind(kind),
        },
        orders={"name": (Organisation.name,), "newest": (Organisation.created_at.desc(),)},
        kind_choices=options.organisation_kinds,
        kind_label=_l("Kind of organisation"),
        indexed=PLACE,
    ),
    "initiative": Listing(
        KINDS["initiative"],
        eager=(selectinload(Initiative.council), selectinload(Initiative.locality),
               selectinload(Initiative.lead_organisation)),
        filters={
            "country": lambda code: Initiative.country_code == code,
            "locality": lambda slug: Initiative.locality_id == _locality_id(slug),
            "theme": lambda key: Initiative.theme_key == key,
            "audience": lambda key: Initiative.id.in_(
                select(initiative_audiences.c.initiative_id).where(initiative_audiences.c.audience_key == key)
            ),
        },
        orders={"newest": (Initiative.starts_on.desc(),), "name": (Initiative.title,)},
        default_sort="newest",
        indexed=(*PLACE, "theme"),
        narrow=(defer(Initiative.description, raiseload=True), defer(Initiative.review_comment, raiseload=True)),
    ),
    "programme": Listing(
        KINDS["programme"],
        eager=(selectinload(Programme.initiative), selectinload(Programme.organisation),
               selectinload(Programme.centre)),
        filters={
            "country": _indexed_facet("programme", SearchEntry.country_code),
            "locality": lambda slug: _indexed_facet("programme", SearchEntry.locality_id)(_locality_id(slug)),
            "theme": _indexed_facet("programme", SearchEntry.theme_key),
        },
        orders={"name": (Programme.name,), "newest": (Programme.created_at.desc(),)},
        indexed=(*PLACE, "theme"),
    ),
    "partnership": Listing(
        KINDS["partnership"],
        eager=(selectinload(Partnership.parties).options(
            selectinload(PartnershipParty.council), selectinload(PartnershipParty.centre),
            selectinload(PartnershipParty.organisation), selectinload(PartnershipParty.country),
        ),),
        filters={
            "country": lambda code: _party_in(country_code=code),
            "locality": lambda slug: _party_in(locality_slug=slug),
            "theme": _serves_theme,
            "kind": lambda kind: Partnership.kind == PartnershipKind(kind),
        },
        orders={"newest": (Partnership.starts_on.desc().nulls_last(),), "name": (Partnership.title,)},
        default_sort="newest",
        kind_choices=options.partnership_kinds,
        kind_label=_l("Kind of partnership"),
    ),
}


def list_statement(listing: Listing, query: ListQuery) -> Select:
    """The public records of one list that match the filters and every search word, in the order asked for.

    Unranked and unbounded: the API walks it in id order. Pages that rank use `search_page`; pages
    of cards add `listing.narrow`.
    """
    model = listing.kind.model
    statement = select(model).where(visible(model), *_conditions(listing, query)).options(*listing.eager)
    if query.searching:
        statement = statement.where(model.id.in_(matching_record_ids(query.q, listing.kind.name)))
    return statement.order_by(*_order(listing, query.sort), model.id)


def search_page(listing: Listing, query: ListQuery) -> BoundedPage:
    """One page of the best candidates for the search words (planner.directory.search), in the order asked for.

    One statement matches the words, orders the candidates and counts them; a second loads the
    page's records. Ordered by relevance, the records' table is not read until then.
    """
    model = listing.kind.model
    hits = _hits(listing, query)
    if query.sort == "relevance":
        ids = select(hits.c.record_id).order_by(hits.c.score, hits.c.record_id)
    else:
        ids = (select(hits.c.record_id).join(model, model.id == hits.c.record_id)
               .order_by(*_order(listing, query.sort), model.id))
    page = counted_in_page(ids, query.page, query.args(), limit=bound())
    found = session.scalars(select(model).where(model.id.in_(page.items), visible(model))
                            .options(*listing.eager, *listing.narrow))
    by_id = {record.id: record for record in found}
    page.items = [by_id[record_id] for record_id in page.items if record_id in by_id]
    return page


def _conditions(listing: Listing, query: ListQuery) -> list[ColumnElement[bool]]:
    return [listing.filters[name](value) for name, value in query.filters.items()]


def _order(listing: Listing, sort: str) -> tuple:
    return listing.orders.get(sort) or listing.orders[listing.default_sort]


def _hits(listing: Listing, query: ListQuery):
    """The bounded candidates (record_id, score) of the search words that pass the filters.

    Filters the index's facets answer are read there; only the others join the records' table.
    """
    model = listing.kind.model
    facets = {name: value for name, value in query.filters.items() if name in listing.indexed}
    others = {name: value for name, value in query.filters.items() if name not in listing.indexed}
    base = select(SearchEntry.record_id).select_from(SearchEntry).where(
        SearchEntry.is_public.is_(True), *(INDEX_FACETS[name](value) for name, value in facets.items()))
    if others:
        base = base.join(model, model.id == SearchEntry.record_id).where(
            visible(model), *(listing.filters[name](value) for name, value in others.items()))
    return candidates(terms_of(query.q), listing.kind.name, base, "hits")
