"""Keeping the search index in step: every flush re-indexes the searchable records it touched."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import RecordStatus, utcnow
from planner.directory.models import SearchEntry
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from planner.places.models import Locality
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

    def as_row(self) -> dict:
        return {**self.__dict__, "updated_at": utcnow()}


def _words(*parts: object) -> str:
    return " ".join(str(part) for part in parts if part)


def _place(locality: Locality | None) -> tuple[str, str | None, int | None]:
    if locality is None:
        return "", None, None
    return _words(locality.name, locality.name_local, locality.country.name), locality.country_code, locality.id


def council_document(council: Council) -> SearchDocument:
    place, country, locality_id = _place(council.locality)
    return SearchDocument(
        "council", council.id, council.name, _words(council.name_local, council.mandate, place),
        council.slug, council.status is RecordStatus.ACTIVE, country, locality_id,
    )


def centre_document(centre: Centre) -> SearchDocument:
    place, country, locality_id = _place(centre.locality)
    tags = _words(*(s.name for s in centre.services), *(a.name for a in centre.audiences))
    return SearchDocument(
        "centre", centre.id, centre.name, _words(centre.name_local, centre.summary, tags, place),
        centre.slug, centre.status is RecordStatus.ACTIVE, country, locality_id,
    )


def organisation_document(organisation: Organisation) -> SearchDocument:
    place, _country, locality_id = _place(organisation.locality)
    return SearchDocument(
        "organisation", organisation.id, organisation.name,
        _words(organisation.name_local, organisation.summary, organisation.kind.value, organisation.country.name, place),
        organisation.slug, organisation.status is RecordStatus.ACTIVE, organisation.country_code, locality_id,
    )


def initiative_document(initiative: Initiative) -> SearchDocument:
    place, country, locality_id = _place(initiative.locality)
    people = _words(initiative.lead_organisation.name, *(p.name for p in initiative.partners))
    audiences = _words(*(a.name for a in initiative.audiences))
    return SearchDocument(
        "initiative", initiative.id, initiative.title,
        _words(initiative.summary, initiative.description, initiative.theme.name, initiative.council.name,
               people, audiences, place),
        initiative.slug, initiative.status is InitiativeStatus.PUBLISHED, country, locality_id, initiative.theme_key,
    )


def programme_document(programme: Programme) -> SearchDocument:
    initiative = programme.initiative
    locality = programme.centre.locality if programme.centre else initiative.locality if initiative else None
    if locality is None and programme.organisation is not None:
        locality = programme.organisation.locality
    place, country, locality_id = _place(locality)
    owner = _words(initiative.title if initiative else "", programme.organisation.name if programme.organisation else "",
                   programme.centre.name if programme.centre else "")
    public = programme.status is RecordStatus.ACTIVE and (initiative is None or initiative.is_public)
    return SearchDocument(
        "programme", programme.id, programme.name,
        _words(programme.summary, owner, *(s.name for s in programme.skills), place),
        programme.slug, public, country, locality_id, initiative.theme_key if initiative else None,
    )


def partnership_document(partnership: Partnership) -> SearchDocument:
    parties = _words(*(_party_name(p.record) for p in partnership.parties))
    return SearchDocument(
        "partnership", partnership.id, partnership.title,
        _words(partnership.summary, partnership.kind.value.replace("_", " "), parties),
        partnership.slug, partnership.status is RecordStatus.ACTIVE,
    )


def _party_name(record) -> str:
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


PENDING_KEY = "planner.index_pending"


def _after_flush(flush_session: Session, _context) -> None:
    # New records are still "pending" here and would not load their relations (an organisation's
    # country, an initiative's theme), so they are indexed in _after_flush_postexec instead.
    touched = (*flush_session.new, *flush_session.dirty)
    flush_session.info[PENDING_KEY] = [obj for obj in touched if type(obj) in INDEXERS]
    removed = [obj for obj in flush_session.deleted if type(obj) in INDEXERS]
    connection = flush_session.connection()
    for obj in removed:
        connection.execute(
            delete(SearchEntry).where(SearchEntry.kind == KIND_OF[type(obj)], SearchEntry.record_id == obj.id)
        )


def _after_flush_postexec(flush_session: Session, _context) -> None:
    changed = flush_session.info.pop(PENDING_KEY, [])
    upsert_documents(flush_session.connection(), (INDEXERS[type(obj)](obj) for obj in changed))


def listen(session_class) -> None:
    """Index every flush made through sessions of this class."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "after_flush_postexec", _after_flush_postexec)


def reindex_all(db_session: Session, batch_size: int = 500) -> int:
    """Rebuild every index row from the records (after bulk loads); returns how many were written."""
    written = 0
    for model, indexer in INDEXERS.items():
        for batch in db_session.scalars(select(model).execution_options(yield_per=batch_size)).partitions():
            upsert_documents(db_session.connection(), (indexer(obj) for obj in batch))
            written += len(batch)
    return written
