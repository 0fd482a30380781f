"""Storing what happens in the directory: initiatives, programmes with their shifts and demo sign-ups,
partnerships, and the made-up volunteers of the demo.

As in store_directory, a new record also gets its related objects for the search index to read.
Dates were resolved against the load day when the files were read; they are written when a record
is created and never moved afterwards.
"""
from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import selectinload

from planner.accounts.models import User
from planner.accounts.passwords import hash_password
from planner.accounts.services import find_user, open_account
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.partnerships.models import Partnership, PartnershipParty
from planner.seeding.upsert import Change, existing, may_write, provenance, sync_collection, upsert, written
from planner.volunteering import series
from planner.volunteering.models import (
    HOLDS_A_PLACE,
    LoggedHours,
    LoggedHoursStatus,
    Programme,
    ProgrammeRequirement,
    RequirementMet,
    Shift,
    ShiftSeries,
    Signup,
    SignupStatus,
    programme_languages,
)

PARTY_RECORDS = {"council": "councils", "centre": "centres", "organisation": "organisations", "country": "countries"}


def store_initiatives(seeds: list, records: dict, terms: dict, now: datetime) -> dict[str, Initiative]:
    """Initiatives by key, in their council's locality, with partners and audiences; no coordinator yet."""
    found = existing(Initiative, Initiative.slug, (seed.key for seed in seeds),
                     selectinload(Initiative.partners), selectinload(Initiative.audiences))
    stored = {}
    for seed in seeds:
        council, venue = records["councils"][seed.council], records["centres"].get(seed.venue)
        lead = records["organisations"][seed.lead]
        published_at = now if seed.status is InitiativeStatus.PUBLISHED else None
        change = upsert(Initiative, found.get(seed.key), {
            "slug": seed.key, "title": seed.title, "summary": seed.summary, "description": seed.description,
            "theme_key": seed.theme, "council_id": council.id, "locality_id": council.locality_id,
            "venue_centre_id": venue.id if venue else None, "lead_organisation_id": lead.id,
            "status": seed.status, **provenance(seed), **written(seed),
        }, fixed={"starts_on": seed.starts_on, "ends_on": seed.ends_on},
            on_create={"published_at": published_at, "theme": terms["themes"][seed.theme], "council": council,
                       "locality": council.locality, "venue": venue, "lead_organisation": lead})
        sync_collection(change, "partners", (records["organisations"][key] for key in seed.partners))
        sync_collection(change, "audiences", (terms["audiences"][key] for key in seed.audiences))
        stored[seed.key] = change.record
    session.flush()
    return stored


def store_programmes(seeds: list, records: dict, terms: dict) -> dict[str, Programme]:
    """Programmes by key, with their skills and languages."""
    found = existing(Programme, Programme.slug, (seed.key for seed in seeds), selectinload(Programme.skills))
    stored, writable = {}, {}
    for seed in seeds:
        owners = {"initiative": records["initiatives"].get(seed.initiative),
                  "organisation": records["organisations"].get(seed.organisation),
                  "centre": records["centres"].get(seed.centre)}
        change = upsert(Programme, found.get(seed.key), {
            "slug": seed.key, "name": seed.name, "summary": seed.summary,
            **{f"{name}_id": owner.id if owner else None for name, owner in owners.items()}, **provenance(seed),
            **written(seed),
        }, on_create=owners)
        sync_collection(change, "skills", (terms["skills"][key] for key in seed.skills))
        stored[seed.key] = change.record
        writable[seed.key] = may_write(change)
    session.flush()
    _sync_languages({stored[seed.key].id: set(seed.languages) for seed in seeds if writable[seed.key]})
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


def store_volunteers(seeds: list) -> dict[str, User]:
    """The demo's volunteers by key: an account found by e-mail, or a new one with a password nobody knows."""
    stored, unknown_password = {}, None
    for seed in seeds:
        user = find_user(seed.email)
        if user is None:
            unknown_password = unknown_password or hash_password(secrets.token_urlsafe(32))  # kept by nobody
            user = open_account(seed.name, seed.email, unknown_password)
            user.languages = list(seed.languages)
        stored[seed.key] = user
    session.flush()
    return stored


def store_shifts(seeds: list, programmes: dict, records: dict, volunteers: dict, now: datetime) -> int:
    """Each programme's shifts by (programme, key), local times stored in UTC; a new shift gets its demo sign-ups.

    A weekly shift becomes a series (volunteering.series): its shifts are made up to the series'
    horizon, and a later load (or the worker) tops up the weeks ahead and leaves the earlier ones alone.
    """
    ids = [programme.id for programme in programmes.values()]
    found = {(shift.programme_id, shift.key): shift
             for shift in session.scalars(select(Shift).where(Shift.programme_id.in_(ids)))}
    count = 0
    for seed in seeds:
        programme = programmes[seed.key]
        for shift in seed.shifts:
            locality = records["localities"][shift.locality]
            if shift.repeats:
                count += _store_series(programme, shift, locality, records, now)
                continue
            for key, starts_at, ends_at in _occurrences(shift, locality.timezone, now):
                change = upsert(Shift, found.get((programme.id, key)), {
                    "programme_id": programme.id, "key": key, "title": shift.title, "locality_id": locality.id,
                    "centre_id": records["centres"][shift.centre].id if shift.centre else None,
                    "place": shift.place or "", "capacity": shift.capacity, **written(shift),
                }, fixed=_shift_times(shift, starts_at, ends_at))
                if change.created and shift.signups:
                    _store_signups(change.record, shift.signups, volunteers, now)
                count += 1
    session.flush()
    return count


def _occurrences(shift, timezone: str, now: datetime):
    """(key, start, end) of a one-off shift, in UTC."""
    yield shift.key, _utc(shift.starts_at, timezone), _utc(shift.ends_at, timezone)


def _store_series(programme, seed, locality, records: dict, now: datetime) -> int:
    """A weekly seed shift as a series, found again by its key; returns how many of its shifts exist."""
    found = session.scalars(select(ShiftSeries).where(ShiftSeries.programme_id == programme.id,
                                                      ShiftSeries.key == seed.key)).first()
    change = upsert(ShiftSeries, found, {
        "programme_id": programme.id, "key": seed.key, "title": seed.title, "locality_id": locality.id,
        "centre_id": records["centres"][seed.centre].id if seed.centre else None, "place": seed.place or "",
        "capacity": seed.capacity, "cutoff_hours": seed.signup_cutoff_hours or 0, "party_limit": 0, **written(seed),
        "minutes": int((seed.ends_at - seed.starts_at).total_seconds() // 60),
    }, fixed={"first_start_local": seed.starts_at, "rule": series.open_weekly_rule(seed.starts_at),
              "exceptions": []})
    session.flush()
    record = change.record
    _adopt_dated_shifts(record, programme, seed.key, locality.timezone)
    series.make_shifts(record, now)
    return session.scalar(select(func.count()).select_from(Shift).where(Shift.series_id == record.id)) or 0


def _adopt_dated_shifts(record: ShiftSeries, programme, key: str, timezone: str) -> None:
    """Weekly shifts loaded before series existed (keyed by date) join the series, so none is made twice."""
    for shift in session.scalars(select(Shift).where(Shift.programme_id == programme.id, Shift.series_id.is_(None),
                                                     Shift.key.like(f"{key}-%"))):
        shift.series_id = record.id
        shift.occurrence = shift.starts_at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    session.flush()


def _shift_times(shift, starts_at: datetime, ends_at: datetime) -> dict:
    cutoff = shift.signup_cutoff_hours
    return {"starts_at": starts_at, "ends_at": ends_at,
            "signup_cutoff_at": starts_at - timedelta(hours=cutoff) if cutoff is not None else None}


def _store_signups(shift: Shift, seeds: list, volunteers: dict, now: datetime) -> None:
    """The demo's sign-ups on a new shift, in their order; verified hours for attended ones; the place counter."""
    booked_at = min(shift.starts_at - timedelta(days=3), now)
    for position, seed in enumerate(seeds):
        status = SignupStatus(seed.status)
        verified_at = min(shift.ends_at + timedelta(days=1), now) if seed.hours is not None else None
        session.add(Signup(shift=shift, volunteer=volunteers[seed.volunteer], status=status,
                           hours=seed.hours, hours_verified_at=verified_at,
                           created_at=booked_at + timedelta(minutes=position)))
    shift.confirmed_count = sum(SignupStatus(seed.status) in HOLDS_A_PLACE for seed in seeds)


def store_logged_hours(seeds: list, programmes: dict, volunteers: dict, now: datetime) -> int:
    """The demo's hours logged outside the shifts (how many the seeds hold), written once: a volunteer who has
    logged any in a programme (on a first load, or since) gets none added there on a later load."""
    count = 0
    for seed in seeds:
        programme = programmes[seed.key]
        logged_before = set(session.scalars(select(LoggedHours.volunteer_id)
                                            .where(LoggedHours.programme_id == programme.id)))
        for entry in seed.logged_hours:
            volunteer = volunteers[entry.volunteer]
            count += 1
            if volunteer.id in logged_before:
                continue
            logged_at = min(datetime.combine(entry.worked_on, time(18), tzinfo=UTC), now)
            verified = entry.status == "verified"
            session.add(LoggedHours(
                volunteer_id=volunteer.id, programme_id=programme.id, worked_on=entry.worked_on, hours=entry.hours,
                description=entry.description, status=LoggedHoursStatus(entry.status), logged_at=logged_at,
                decided_at=min(logged_at + timedelta(days=1), now) if verified else None))
    session.flush()
    return count


def store_requirements(seeds: list, programmes: dict, volunteers: dict, now: datetime) -> int:
    """What the demo's programmes ask of their volunteers (how many the seeds hold), and who has it: a requirement
    is added once (a later load keeps it, and whatever the coordinators recorded since), each record likewise."""
    count = 0
    for seed in seeds:
        programme = programmes[seed.key]
        asked = {item.name: item for item in session.scalars(
            select(ProgrammeRequirement).where(ProgrammeRequirement.programme_id == programme.id))}
        for entry in seed.requirements:
            count += 1
            requirement = asked.get(entry.name)
            if requirement is None:
                requirement = ProgrammeRequirement(programme_id=programme.id, name=entry.name, created_at=now,
                                                   asking=[programme], **written(entry))
                session.add(requirement)
                session.flush()
            held = set(session.scalars(select(RequirementMet.volunteer_id)
                                       .where(RequirementMet.requirement_id == requirement.id)))
            session.add_all(RequirementMet(requirement_id=requirement.id, volunteer_id=volunteers[key].id,
                                           recorded_at=now) for key in entry.met_by if volunteers[key].id not in held)
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
        change = upsert(Partnership, found.get(seed.key), {
            "slug": seed.key, "title": seed.title, "kind": seed.kind, "summary": seed.summary, **provenance(seed),
            **written(seed),
        }, fixed={"starts_on": seed.starts_on, "ends_on": seed.ends_on})
        _sync_parties(change, [_party_columns(party, records) for party in seed.parties])
        sync_collection(change, "initiatives", (records["initiatives"][key] for key in seed.initiatives))
        stored[seed.key] = change.record
    session.flush()
    return stored


def _party_columns(party, records: dict) -> dict:
    """The party row's fields: party_key such as "council:3" or "country:JO", and the record it names."""
    record = records[PARTY_RECORDS[party.kind]][party.key]
    ident = record.code if party.kind == "country" else record.id
    return {"party_key": f"{party.kind}:{ident}", party.kind: record}


def _sync_parties(change: Change, wanted: list[dict]) -> None:
    """Keep the parties that stay, add the new ones, drop the others (only if the set differs)."""
    partnership = change.record
    current = {party.party_key: party for party in partnership.parties}
    if not may_write(change) or set(current) == {columns["party_key"] for columns in wanted}:
        return
    partnership.parties = [current.get(columns["party_key"]) or PartnershipParty(**columns) for columns in wanted]
