"""Storing what happens in the directory: initiatives, programmes with their shifts, partnerships.

As in store_directory, a new record also gets its related objects for the search index to read.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from planner.db import session, utcnow
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.partnerships.models import Partnership, PartnershipParty
from planner.seeding.upsert import existing, provenance, sync_collection, upsert
from planner.volunteering.models import Programme, Shift, programme_languages

PARTY_RECORDS = {"council": "councils", "centre": "centres", "organisation": "organisations", "country": "countries"}


def store_initiatives(seeds: list, records: dict, terms: dict) -> dict[str, Initiative]:
    """Initiatives by key, in their council's locality, with partners and audiences; no coordinator yet."""
    found = existing(Initiative, Initiative.slug, (seed.key for seed in seeds),
                     selectinload(Initiative.partners), selectinload(Initiative.audiences))
    stored = {}
    for seed in seeds:
        council, venue = records["councils"][seed.council], records["centres"].get(seed.venue)
        lead = records["organisations"][seed.lead]
        published_at = utcnow() if seed.status is InitiativeStatus.PUBLISHED else None
        initiative = upsert(Initiative, found.get(seed.key), {
            "slug": seed.key, "title": seed.title, "summary": seed.summary, "description": seed.description,
            "theme_key": seed.theme, "council_id": council.id, "locality_id": council.locality_id,
            "venue_centre_id": venue.id if venue else None, "lead_organisation_id": lead.id,
            "starts_on": seed.starts_on, "ends_on": seed.ends_on, "status": seed.status, **provenance(seed),
        }, on_create={"published_at": published_at, "theme": terms["themes"][seed.theme], "council": council,
                      "locality": council.locality, "venue": venue, "lead_organisation": lead}).record
        sync_collection(initiative, "partners", (records["organisations"][key] for key in seed.partners))
        sync_collection(initiative, "audiences", (terms["audiences"][key] for key in seed.audiences))
        stored[seed.key] = initiative
    session.flush()
    return stored


def store_programmes(seeds: list, records: dict, terms: dict) -> dict[str, Programme]:
    """Programmes by key, with their skills and languages."""
    found = existing(Programme, Programme.slug, (seed.key for seed in seeds), selectinload(Programme.skills))
    stored = {}
    for seed in seeds:
        owners = {"initiative": records["initiatives"].get(seed.initiative),
                  "organisation": records["organisations"].get(seed.organisation),
                  "centre": records["centres"].get(seed.centre)}
        programme = upsert(Programme, found.get(seed.key), {
            "slug": seed.key, "name": seed.name, "summary": seed.summary,
            **{f"{name}_id": owner.id if owner else None for name, owner in owners.items()}, **provenance(seed),
        }, on_create=owners).record
        sync_collection(programme, "skills", (terms["skills"][key] for key in seed.skills))
        stored[seed.key] = programme
    session.flush()
    _sync_languages({stored[seed.key].id: set(seed.languages) for seed in seeds})
    return stored


def _sync_languages(wanted: dict[int, set[str]]) -> None:
    """Make each programme's language rows exactly the wanted codes."""
    table = programme_languages
    current: dict[int, set[str]] = {programme_id: set() for programme_id in wanted}
    for programme_id, code in session.execute(select(table).where(table.c.programme_id.in_(wanted))):
        current[programme_id].add(code)
    missing = [{"programme_id": pid, "language_code": code} for pid, codes in wanted.items()
               for code in sorted(codes - current[pid])]
    if missing:
        session.execute(insert(table), missing)
    for programme_id, codes in wanted.items():
        if current[programme_id] - codes:
            session.execute(delete(table).where(table.c.programme_id == programme_id,
                                                table.c.language_code.in_(current[programme_id] - codes)))


def store_shifts(seeds: list, programmes: dict, records: dict) -> int:
    """Each programme's shifts by (programme, key): local times in the locality's zone, stored in UTC."""
    ids = [programme.id for programme in programmes.values()]
    found = {(shift.programme_id, shift.key): shift
             for shift in session.scalars(select(Shift).where(Shift.programme_id.in_(ids)))}
    count = 0
    for seed in seeds:
        programme = programmes[seed.key]
        for shift in seed.shifts:
            locality = records["localities"][shift.locality]
            starts_at = _utc(shift.starts_at, locality.timezone)
            cutoff = shift.signup_cutoff_hours
            upsert(Shift, found.get((programme.id, shift.key)), {
                "programme_id": programme.id, "key": shift.key, "title": shift.title, "starts_at": starts_at,
                "ends_at": _utc(shift.ends_at, locality.timezone),
                "signup_cutoff_at": starts_at - timedelta(hours=cutoff) if cutoff is not None else None,
                "locality_id": locality.id, "centre_id": records["centres"][shift.centre].id if shift.centre else None,
                "place": shift.place or "", "capacity": shift.capacity,
            })
            count += 1
    session.flush()
    return count


def _utc(local: datetime, timezone: str) -> datetime:
    """A wall-clock time in a zone as an aware UTC instant."""
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def store_partnerships(seeds: list, records: dict) -> dict[str, Partnership]:
    """Partnerships by key, with their parties and initiatives."""
    found = existing(Partnership, Partnership.slug, (seed.key for seed in seeds),
                     selectinload(Partnership.parties), selectinload(Partnership.initiatives))
    stored = {}
    for seed in seeds:
        partnership = upsert(Partnership, found.get(seed.key), {
            "slug": seed.key, "title": seed.title, "kind": seed.kind, "summary": seed.summary,
            "starts_on": seed.starts_on, "ends_on": seed.ends_on, **provenance(seed),
        }).record
        _sync_parties(partnership, [_party_columns(party, records) for party in seed.parties])
        sync_collection(partnership, "initiatives", (records["initiatives"][key] for key in seed.initiatives))
        stored[seed.key] = partnership
    session.flush()
    return stored


def _party_columns(party, records: dict) -> dict:
    """The party row's fields: party_key such as "council:3" or "country:JO", and the record it names."""
    record = records[PARTY_RECORDS[party.kind]][party.key]
    ident = record.code if party.kind == "country" else record.id
    return {"party_key": f"{party.kind}:{ident}", party.kind: record}


def _sync_parties(partnership: Partnership, wanted: list[dict]) -> None:
    """Keep the parties that stay, add the new ones, drop the others (only if the set differs)."""
    current = {party.party_key: party for party in partnership.parties}
    if set(current) == {columns["party_key"] for columns in wanted}:
        return
    partnership.parties = [current.get(columns["party_key"]) or PartnershipParty(**columns) for columns in wanted]
