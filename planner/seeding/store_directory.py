"""Storing the directory's base records: countries, vocabularies, localities, councils, centres, organisations.

A new record also gets its related objects (not only their ids): the search index reads them
while the record is still being inserted, when they could not be loaded yet.
"""
from __future__ import annotations

from sqlalchemy.orm import selectinload

from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.provenance import SourceDocument
from planner.seeding.upsert import existing, provenance, sync_collection, upsert, written
from planner.vocab.models import Audience, Service, Skill, Theme

VOCABULARIES = {"themes": Theme, "services": Service, "audiences": Audience, "skills": Skill}


def store_countries(seeds: list) -> dict[str, Country]:
    """Countries by ISO code."""
    found = existing(Country, Country.code, (seed.code for seed in seeds))
    stored = {
        seed.code: upsert(Country, found.get(seed.code), {
            "code": seed.code, "name": seed.name, **provenance(seed),
        }).record
        for seed in seeds
    }
    session.flush()
    return stored


def store_sources(seeds: list) -> dict[str, SourceDocument]:
    """Source documents by file name, with the titles pages show instead of the file names."""
    found = existing(SourceDocument, SourceDocument.file, (seed.file for seed in seeds))
    stored = {seed.file: upsert(SourceDocument, found.get(seed.file), {"file": seed.file, "title": seed.title}).record
              for seed in seeds}
    session.flush()
    return stored


def store_terms(model, seeds: list) -> dict:
    """One vocabulary's terms by key."""
    found = existing(model, model.key, (seed.key for seed in seeds))
    stored = {
        seed.key: upsert(model, found.get(seed.key), {
            "key": seed.key, "name": seed.name, "names": dict(seed.names), "description": seed.description or "",
            **provenance(seed),
        }).record
        for seed in seeds
    }
    session.flush()
    return stored


def store_localities(seeds: list) -> dict[str, Locality]:
    """Localities by key (slug)."""
    found = existing(Locality, Locality.slug, (seed.key for seed in seeds))
    stored = {
        seed.key: upsert(Locality, found.get(seed.key), {
            "slug": seed.key, "name": seed.name, "name_local": seed.name_local, "names": dict(seed.names),
            "country_code": seed.country, "other_names": list(seed.other_names), "kind": seed.kind,
            "timezone": seed.timezone, **provenance(seed),
        }).record
        for seed in seeds
    }
    session.flush()
    return stored


def store_councils(seeds: list, localities: dict) -> dict[str, Council]:
    """Councils by key, each in its locality."""
    found = existing(Council, Council.slug, (seed.key for seed in seeds))
    stored = {
        seed.key: upsert(Council, found.get(seed.key), {
            "slug": seed.key, "name": seed.name,
            "locality_id": localities[seed.locality].id, "mandate": seed.mandate, "currency": seed.currency,
            "quorum": seed.quorum, **provenance(seed), **written(seed),
        }, on_create={"locality": localities[seed.locality]}).record
        for seed in seeds
    }
    session.flush()
    return stored


def store_centres(seeds: list, localities: dict, councils: dict, terms: dict) -> dict[str, Centre]:
    """Centres by key, with their services and audiences."""
    found = existing(Centre, Centre.slug, (seed.key for seed in seeds),
                     selectinload(Centre.services), selectinload(Centre.audiences))
    stored = {}
    for seed in seeds:
        change = upsert(Centre, found.get(seed.key), {
            "slug": seed.key, "name": seed.name,
            "locality_id": localities[seed.locality].id,
            "council_id": councils[seed.council].id if seed.council else None,
            "summary": seed.summary, "opening_hours": seed.opening_hours,
            "contact_email": seed.contact.email, "contact_phone": seed.contact.phone or "",
            "website": seed.contact.website or "", "address": seed.contact.address or "", **provenance(seed),
            **written(seed),
        }, on_create={"locality": localities[seed.locality], "council": councils.get(seed.council)})
        sync_collection(change, "services", (terms["services"][key] for key in seed.services))
        sync_collection(change, "audiences", (terms["audiences"][key] for key in seed.audiences))
        stored[seed.key] = change.record
    session.flush()
    return stored


def store_organisations(seeds: list, countries: dict, localities: dict) -> dict[str, Organisation]:
    """Organisations by key."""
    found = existing(Organisation, Organisation.slug, (seed.key for seed in seeds))
    stored = {
        seed.key: upsert(Organisation, found.get(seed.key), {
            "slug": seed.key, "name": seed.name, "kind": seed.kind,
            "country_code": seed.country, "locality_id": localities[seed.locality].id if seed.locality else None,
            "summary": seed.summary, "website": seed.website or "", **provenance(seed), **written(seed),
        }, on_create={"country": countries[seed.country], "locality": localities.get(seed.locality)}).record
        for seed in seeds
    }
    session.flush()
    return stored
