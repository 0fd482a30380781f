"""Keeping the search index in step: every flush re-indexes the searchable records it touched."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, event, inspect, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import MANYTOONE, Session

from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.directory.models import SearchEntry
from planner.folding import for_index
from planner.names import country_names, place_names, term_names
from planner.initiatives.models import Initiative, initiative_partners
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership, PartnershipParty
from planner.places.models import Locality
from planner.translated import all_texts
from planner.volunteering.models import Programme


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds for one record."""

    kind: str
    record_id: int
    title: str
    body: str
    url_key: str
    is_public: bool
    country_code: str | None = None
    locality_id: int | None = None
    theme_key: str | None = None
    other_titles: str = ""  # the title in the record's other languages: searched as a title, never shown

    def as_row(self) -> dict:
        row = {name: value for name, value in self.__dict__.items() if name != "other_titles"}
        return {**row, "title_search": for_index(_words(self.title, self.other_titles)),
                "body_search": for_index(self.body), "updated_at": utcnow()}


def _words(*parts: object) -> str:
    return " ".join(str(part) for part in parts if part)


def _all(record, *fields: str) -> str:
    """The record's own fields in every language it has them in."""
    return _words(*(text for field in fields for text in all_texts(record, field)))


def _others(record, field: str) -> str:
    """The field in the record's languages other than its original."""
    return _words(*all_texts(record, field)[1:])


def _terms(*terms) -> str:
    """Vocabulary terms in every language they are named in, so a word in any of them finds the record."""
    return _words(*(name for term in terms if term is not None for name in term_names(term)))


def _country(country) -> str:
    """A country in every language of the interface (CLDR names), so "Maroc" and "المغرب" both find Morocco."""
    return _words(*country_names(country.code, country.name)) if country is not None else ""


def _place(locality: Locality | None) -> tuple[str, str | None, int | None]:
    if locality is None:
        return "", None, None
    words = _words(*place_names(locality), _country(locality.country))
    return words, locality.country_code, locality.id


def council_document(council: Council) -> SearchDocument:
    place, country, locality_id = _place(council.locality)
    return SearchDocument(
        "council", council.id, council.name, _words(_all(council, "mandate"), place),
        council.slug, council.is_public, country, locality_id, other_titles=_others(council, "name"),
    )


def centre_document(centre: Centre) -> SearchDocument:
    place, country, locality_id = _place(centre.locality)
    tags = _terms(*centre.services, *centre.audiences)
    return SearchDocument(
        "centre", centre.id, centre.name, _words(_all(centre, "summary"), tags, place),
        centre.slug, centre.is_public, country, locality_id, other_titles=_others(centre, "name"),
    )


def organisation_document(organisation: Organisation) -> SearchDocument:
    place, _code, locality_id = _place(organisation.locality)
    return SearchDocument(
        "organisation", organisation.id, organisation.name,
        _words(_all(organisation, "summary"), organisation.kind.value, _country(organisation.country), place),
        organisation.slug, organisation.is_public, organisation.country_code, locality_id,
        other_titles=_others(organisation, "name"),
    )


def initiative_document(initiative: Initiative) -> SearchDocument:
    place, country, locality_id = _place(initiative.locality)
    people = _words(_all(initiative.lead_organisation, "name"), *(_all(p, "name") for p in initiative.partners))
    audiences = _terms(*initiative.audiences)
    return SearchDocument(
        "initiative", initiative.id, initiative.title,
        _words(_all(initiative, "summary", "description"), _terms(initiative.theme),
               _all(initiative.council, "name"), people, audiences, place),
        initiative.slug, initiative.is_public, country, locality_id, initiative.theme_key,
        other_titles=_others(initiative, "title"),
    )


def programme_document(programme: Programme) -> SearchDocument:
    initiative = programme.initiative
    locality = programme.centre.locality if programme.centre else initiative.locality if initiative else None
    if locality is None and programme.organisation is not None:
        locality = programme.organisation.locality
    place, country, locality_id = _place(locality)
    owner = _words(*(_all(record, record.TRANSLATED[0])
                     for record in (initiative, programme.organisation, programme.centre) if record is not None))
    public = programme.is_public
    return SearchDocument(
        "programme", programme.id, programme.name,
        _words(_all(programme, "summary"), owner, _terms(*programme.skills), place),
        programme.slug, public, country, locality_id, initiative.theme_key if initiative else None,
        other_titles=_others(programme, "name"),
    )


def partnership_document(partnership: Partnership) -> SearchDocument:
    parties = _words(*(_party_name(p.record) for p in partnership.agreed_parties))
    return SearchDocument(
        "partnership", partnership.id, partnership.title,
        _words(_all(partnership, "summary"), partnership.kind.value.replace("_", " "), parties),
        partnership.slug, partnership.is_public, other_titles=_others(partnership, "title"),
    )


def _party_name(record) -> str:
    if hasattr(record, "TRANSLATED"):
        return _all(record, "name")
    return getattr(record, "name", "") or ""


INDEXERS: dict[type, Callable[[object], SearchDocument]] = {
    Council: council_document,
    Centre: centre_document,
    Organisation: organisation_document,
    Initiative: initiative_document,
    Programme: programme_document,
    Partnership: partnership_document,
}

KIND_OF = {model: indexer.__name__.removesuffix("_document") for model, indexer in INDEXERS.items()}


def upsert_documents(connection, documents: Iterable[SearchDocument]) -> None:
    """Insert or refresh the index rows for these documents."""
    rows = [document.as_row() for document in documents]
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SearchEntry)
    refreshed = {name: statement.excluded[name] for name in rows[0] if name not in ("kind", "record_id")}
    connection.execute(
        statement.on_conflict_do_update(index_elements=["kind", "record_id"], set_=refreshed), rows
    )


PENDING_KEY = "planner.directory.to_index"


def _stale_relationships(obj) -> list[str]:
    """Many-to-one relationships still holding the old record although their foreign key changed."""
    state = inspect(obj)
    stale = []
    for relationship in state.mapper.relationships:
        if relationship.direction is not MANYTOONE or relationship.key not in state.dict:
            continue
        columns_changed = any(
            state.attrs[state.mapper.get_property_by_column(column).key].history.has_changes()
            for column in relationship.local_columns
        )
        if columns_changed and not state.attrs[relationship.key].history.has_changes():
            stale.append(relationship.key)
    return stale


def _after_flush(flush_session: Session, _context) -> None:
    """Note what to index; relations of new records can only be loaded once the flush is over."""
    changed = [(obj, _stale_relationships(obj)) for obj in (*flush_session.new, *flush_session.dirty)
               if type(obj) in INDEXERS]
    removed = [(KIND_OF[type(obj)], obj.id) for obj in flush_session.deleted if type(obj) in INDEXERS]
    # Attribute history is gone after the flush, so what other rows must follow is decided now.
    renamed = {obj for obj in flush_session.dirty if type(obj) in INDEXERS and _renamed(obj)}
    renamed |= {obj for obj in flush_session.dirty if isinstance(obj, Initiative)}  # programmes follow it
    flush_session.info[PENDING_KEY] = (changed, removed, renamed)  # this flush's own lists, read by its postexec


NAMED_IN_OTHERS = ("name", "title", "translations", "status")


def _renamed(obj) -> bool:
    """Whether a change to this record alters what other records' index rows say about it."""
    state = inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in NAMED_IN_OTHERS)


def _ids(records: list, model: type) -> list[int]:
    return [obj.id for obj in records if isinstance(obj, model)]


def _dependents(flush_session: Session, renamed: list) -> list:
    """Records whose index rows name one of these (a lead, a council, a venue, a party, an initiative)."""
    organisations, councils, centres = _ids(renamed, Organisation), _ids(renamed, Council), _ids(renamed, Centre)
    initiatives = _ids(renamed, Initiative)
    found: list = []
    if organisations or councils or centres:
        partnered = select(initiative_partners.c.initiative_id).where(
            initiative_partners.c.organisation_id.in_(organisations))
        found += flush_session.scalars(select(Initiative).where(or_(
            Initiative.lead_organisation_id.in_(organisations), Initiative.id.in_(partnered),
            Initiative.council_id.in_(councils), Initiative.venue_centre_id.in_(centres))))
        parties = select(PartnershipParty.partnership_id).where(or_(
            PartnershipParty.organisation_id.in_(organisations), PartnershipParty.council_id.in_(councils),
            PartnershipParty.centre_id.in_(centres)))
        found += flush_session.scalars(select(Partnership).where(Partnership.id.in_(parties)))
    initiatives += [obj.id for obj in found if isinstance(obj, Initiative)]
    if initiatives or organisations or centres:
        found += flush_session.scalars(select(Programme).where(or_(
            Programme.initiative_id.in_(initiatives), Programme.organisation_id.in_(organisations),
            Programme.centre_id.in_(centres))))
    return found


def _after_flush_postexec(flush_session: Session, _context) -> None:
    """Write the index rows of what the flush added, changed or removed."""
    changed, removed, renamed_before = flush_session.info.pop(PENDING_KEY, ([], [], set()))
    if not changed and not removed:
        return
    for obj, stale in changed:
        if stale:
            flush_session.expire(obj, stale)
    records = {id(obj): obj for obj, _stale in changed if not inspect(obj).deleted and not inspect(obj).detached}
    renamed = [obj for obj, _stale in changed if id(obj) in records and obj in renamed_before]
    for dependent in _dependents(flush_session, renamed):
        records.setdefault(id(dependent), dependent)
    connection = flush_session.connection()
    upsert_documents(connection, (INDEXERS[type(obj)](obj) for obj in records.values()))
    for kind, record_id in removed:
        connection.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id == record_id))


def listen(session_class) -> None:
    """Index every flush made through sessions of this class."""
    for name, hook in (("after_flush", _after_flush), ("after_flush_postexec", _after_flush_postexec)):
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


def reindex_all(db_session: Session, batch_size: int = 500) -> int:
    """Rebuild every index row from the records (after bulk loads); returns how many were written."""
    written = 0
    for model, indexer in INDEXERS.items():
        for batch in db_session.scalars(select(model).execution_options(yield_per=batch_size)).partitions():
            upsert_documents(db_session.connection(), (indexer(obj) for obj in batch))
            written += len(batch)
    return written
