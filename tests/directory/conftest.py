"""Fixtures for the directory tests: a small world of public and hidden records, a query counter."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from planner.clock import utcnow
from planner.db import engine_of
from planner.initiatives.models import InitiativeStatus
from planner.organisations.models import OrganisationKind
from planner.partnerships.models import PartnershipKind
from planner.types import RecordStatus


@dataclass
class QueryCounter:
    """Counts the SELECT statements sent to the database while it listens."""

    statements: list[str] = field(default_factory=list)

    def __call__(self, _conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """count_queries(fn) → how many SELECTs fn() sent."""
    engine = engine_of(app)

    def run(action) -> int:
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            action()
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return counter.count

    return run


@pytest.fixture
def world(make, db):
    """Two places in two countries, with one record of each kind in each, and some hidden records.

    Place names are made-up words, so the seed data never matches them.
    """
    w = SimpleNamespace()
    w.youth, w.heritage = make.theme("youth"), make.theme("heritage")
    w.refugees, w.women = make.audience("refugees"), make.audience("women")
    w.language, w.safe_space = make.service("language-classes"), make.service("safe-space")
    w.ksarzed = make.locality("Ksarzed", "MA", "Africa/Casablanca")
    w.florabad = make.locality("Florabad", "TR", "Europe/Istanbul")

    w.council_a = make.council("Ksarzed Majlis", place=w.ksarzed, currency="MAD", source_document="000_test.txt",
                               source_section="Local Governance")
    w.council_b = make.council("Florabad Meclisi", place=w.florabad, currency="TRY")
    w.council_hidden = make.council("Ksarzed Old Majlis", place=w.ksarzed, status=RecordStatus.ARCHIVED)

    w.centre_a = make.centre("Ksarzed Welcome House", in_council=w.council_a, services=[w.language],
                             audiences=[w.refugees], opening_hours="Mon to Fri 9 to 17", contact_email="a@example.org")
    w.centre_b = make.centre("Florabad Women's Hall", in_council=w.council_b, services=[w.safe_space],
                             audiences=[w.women])
    w.centre_hidden = make.centre("Ksarzed Closed Hall", in_council=w.council_a, status=RecordStatus.ARCHIVED)

    w.org_a = make.organisation("Ksarzed Friends", "MA", kind=OrganisationKind.NONPROFIT, locality_id=w.ksarzed.id)
    w.org_b = make.organisation("Florabad Weavers", "TR", kind=OrganisationKind.COOPERATIVE, locality_id=w.florabad.id)
    w.org_hidden = make.organisation("Ksarzed Gone", "MA", status=RecordStatus.ARCHIVED)

    w.initiative_a = make.initiative("Ksarzed youth football", in_council=w.council_a, lead=w.org_a,
                                     theme_key="youth", venue_centre_id=w.centre_a.id, partners=[w.org_b],
                                     audiences=[w.refugees], source_document="002_test.txt",
                                     source_section="The Role of Community Engagement",
                                     published_at=utcnow() + timedelta(minutes=1))
    w.initiative_b = make.initiative("Florabad carpet heritage", in_council=w.council_b, lead=w.org_b,
                                     theme_key="heritage", audiences=[w.women])
    w.draft = make.initiative("Ksarzed secret draft", in_council=w.council_a, lead=w.org_a,
                              status=InitiativeStatus.DRAFT)

    w.programme_a = make.programme("Ksarzed coaches", owner=w.org_a, initiative_id=w.initiative_a.id,
                                   centre_id=w.centre_a.id)
    w.programme_b = make.programme("Florabad loom helpers", owner=w.org_b)
    w.programme_of_draft = make.programme("Ksarzed draft helpers", owner=w.org_a, initiative_id=w.draft.id)
    start = (utcnow() + timedelta(days=10)).replace(hour=8, minute=0, second=0, microsecond=0)
    w.shift = make.shift(of=w.programme_a, capacity=5, starts_at=start, place=w.ksarzed, confirmed_count=2,
                         title="Saturday training")

    w.partnership_a = make.partnership("Ksarzed and Florabad twinning", parties=(w.council_a, w.org_b),
                                       initiatives=(w.initiative_a,), kind=PartnershipKind.FUNDING)
    w.partnership_b = make.partnership("Florabad weaving exchange", parties=(w.org_b, make.country("TR")),
                                       kind=PartnershipKind.KNOWLEDGE_SHARING)
    w.partnership_hidden = make.partnership("Ksarzed ended pact", parties=(w.council_a, w.org_a),
                                            status=RecordStatus.ARCHIVED)
    db.commit()  # a savepoint: the test's outer transaction still rolls it all back
    return w
