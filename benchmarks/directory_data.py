"""Generated directory data for the benchmark: many initiatives, inserted in bulk, and their index rows.

Rows go in through Core `insert()` in batches (no ORM objects, no flush hooks); the search index
rows of the initiatives are then written by one INSERT … SELECT on PostgreSQL.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Connection, func, insert, literal, select, text
from sqlalchemy.orm import Session

from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.directory.indexing import INDEXERS, upsert_documents
from planner.directory.models import SearchEntry
from planner.initiatives.models import Initiative, initiative_audiences
from planner.organisations.models import Organisation
from planner.places.models import Country, Locality
from planner.vocab.models import Audience, Theme

COUNTRIES = {"MA": ("Morocco", "Africa/Casablanca"), "JO": ("Jordan", "Asia/Amman"),
             "TR": ("Turkey", "Europe/Istanbul"), "DE": ("Germany", "Europe/Berlin"), "FR": ("France", "Europe/Paris")}
THEMES = ("youth", "heritage", "environment", "education", "safety", "humanitarian-aid", "immigrant-integration",
          "social-cohesion", "local-economy", "civic-participation")
AUDIENCES = ("youth", "refugees", "immigrants", "women", "families", "students", "general-public", "minorities")
SUBJECTS = ("football", "literacy", "garden", "water", "market", "coding", "mural", "kitchen", "library", "repair",
            "choir", "theatre", "first aid", "cycling", "sewing", "radio")
FORMATS = ("club", "circle", "workshop", "festival", "school", "network", "exchange", "clinic")
RARE_WORD = "zumurrud"  # appears in one initiative in ten thousand
BATCH = 10_000


def _insert(connection: Connection, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(insert(table), rows[start:start + BATCH])


def _places(connection: Connection, localities_per_country: int) -> list[dict]:
    _insert(connection, Country.__table__, [{"code": c, "name": n} for c, (n, _tz) in COUNTRIES.items()])
    localities = [
        {"id": index, "slug": f"bench-place-{index}", "name": f"{name} town {index}", "country_code": code,
         "kind": "city", "timezone": zone}
        for index, (code, (name, zone)) in enumerate(
            ((code, data) for code, data in COUNTRIES.items() for _ in range(localities_per_country)), start=1)
    ]
    _insert(connection, Locality.__table__, localities)
    return localities


def _vocabularies(connection: Connection) -> None:
    for table, keys in ((Theme.__table__, THEMES), (Audience.__table__, AUDIENCES)):
        _insert(connection, table, [{"key": k, "name": k.replace("-", " ").capitalize(), "description": ""}
                                    for k in keys])


def _councils_centres_organisations(connection: Connection, localities: list[dict], rng: random.Random,
                                    councils: int, organisations: int) -> tuple[list[dict], list[int]]:
    now = utcnow()
    council_rows = [
        {"id": i, "slug": f"bench-council-{i}", "name": f"Council {i} of {place['name']}", "locality_id": place["id"],
         "mandate": "Local services and a yearly community budget.", "currency": "EUR", "status": "active",
         "created_at": now, "updated_at": now}
        for i, place in ((i, localities[i % len(localities)]) for i in range(1, councils + 1))
    ]
    _insert(connection, Council.__table__, council_rows)
    _insert(connection, Centre.__table__, [
        {"id": c["id"], "slug": f"bench-centre-{c['id']}", "name": f"Centre {c['id']}", "locality_id": c["locality_id"],
         "council_id": c["id"], "summary": "A community centre.", "status": "active", "created_at": now,
         "updated_at": now}
        for c in council_rows
    ])
    organisation_rows = [
        {"id": i, "slug": f"bench-organisation-{i}", "name": f"Association {i}", "kind": "nonprofit",
         "country_code": place["country_code"], "locality_id": place["id"], "summary": "A local association.",
         "status": "active", "created_at": now, "updated_at": now}
        for i, place in ((i, rng.choice(localities)) for i in range(1, organisations + 1))
    ]
    _insert(connection, Organisation.__table__, organisation_rows)
    return council_rows, [row["id"] for row in organisation_rows]


def _initiative_row(number: int, council: dict, lead: int, rng: random.Random, places: dict) -> dict:
    subject, form = rng.choice(SUBJECTS), rng.choice(FORMATS)
    theme = rng.choice(THEMES)
    rare = f" {RARE_WORD}" if number % 10_000 == 1 else ""  # never a draft (every tenth one is)
    now = utcnow()
    return {
        "id": number, "slug": f"bench-initiative-{number}",
        "title": f"{subject.capitalize()} {form} {number} in {places[council['locality_id']]['name']}",
        "summary": f"A {theme.replace('-', ' ')} {form} about {subject} for the neighbourhood{rare}.",
        "description": "", "theme_key": theme, "council_id": council["id"], "locality_id": council["locality_id"],
        "country_code": places[council["locality_id"]]["country_code"],
        "lead_organisation_id": lead, "starts_on": date(2020, 1, 1) + timedelta(days=rng.randrange(2900)),
        "status": "draft" if number % 10 == 0 else "published", "created_at": now, "updated_at": now,
        "published_at": None if number % 10 == 0 else now - timedelta(minutes=number),
    }


def _initiatives(connection: Connection, count: int, councils: list[dict], organisations: list[int],
                 localities: list[dict], rng: random.Random) -> None:
    places = {place["id"]: place for place in localities}
    rows = [_initiative_row(n, rng.choice(councils), rng.choice(organisations), rng, places)
            for n in range(1, count + 1)]
    _insert(connection, Initiative.__table__, rows)
    _insert(connection, initiative_audiences, [
        {"initiative_id": row["id"], "audience_key": key}
        for row in rows for key in rng.sample(AUDIENCES, rng.randint(1, 2))
    ])


def _index_initiatives(connection: Connection) -> None:
    """One INSERT … SELECT writes every initiative's index row (PostgreSQL's concat_ws)."""
    body = func.concat_ws(" ", Initiative.summary, Initiative.description, Theme.name, Council.name,
                          Organisation.name, Locality.name, Country.name)
    rows = (
        select(literal("initiative"), Initiative.id, Initiative.title, body, Initiative.slug,
               Initiative.status == "published", Locality.country_code, Initiative.locality_id, Initiative.theme_key,
               func.now(), func.lower(Initiative.title), func.lower(body))  # the text is ASCII: folding is lower()
        .join(Theme, Theme.key == Initiative.theme_key)
        .join(Council, Council.id == Initiative.council_id)
        .join(Organisation, Organisation.id == Initiative.lead_organisation_id)
        .join(Locality, Locality.id == Initiative.locality_id)
        .join(Country, Country.code == Locality.country_code)
    )
    columns = ["kind", "record_id", "title", "body", "url_key", "is_public", "country_code", "locality_id",
               "theme_key", "updated_at", "title_search", "body_search"]
    connection.execute(insert(SearchEntry).from_select(columns, rows))


def _index_the_rest(connection: Connection) -> None:
    """The few councils, centres and organisations go through the ordinary indexers."""
    with Session(bind=connection) as db_session:
        for model in (Council, Centre, Organisation):
            upsert_documents(connection, (INDEXERS[model](obj) for obj in db_session.scalars(select(model))))


def _restart_sequences(connection: Connection) -> None:
    for table in ("localities", "councils", "centres", "organisations", "initiatives"):
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        ))


def generate(connection: Connection, initiatives: int, seed: int = 7) -> dict[str, int]:
    """Fill an empty, migrated PostgreSQL database; returns how many rows of each kind were made."""
    rng = random.Random(seed)
    localities = _places(connection, localities_per_country=10)
    _vocabularies(connection)
    councils, organisations = _councils_centres_organisations(connection, localities, rng, councils=200,
                                                              organisations=2_000)
    _initiatives(connection, initiatives, councils, organisations, localities, rng)
    _index_initiatives(connection)
    _index_the_rest(connection)
    _restart_sequences(connection)
    connection.execute(text("ANALYZE"))
    return {"localities": len(localities), "councils": len(councils), "centres": len(councils),
            "organisations": len(organisations), "initiatives": initiatives}
