"""Loading the real seed folder: every record arrives with its provenance, and a second load changes nothing
unless asked to update; then only what the files changed, never a date."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.budgets.models import BudgetEnvelope, BudgetRequest, Decision, RequestStatus
from planner.db import Base, session
from planner.partnerships.models import Partnership
from planner.places.models import Country
from planner.seeding.loader import load_seeds
from planner.types import ProvenanceMixin
from planner.vocab.models import Audience, Service, Skill, Theme
from planner.volunteering.models import Programme, Shift, ShiftSeries
from tests.seeding.conftest import LOADED_AT, SEEDS

EXPECTED_COUNTS = {
    "sources": 5, "countries": 7, "themes": 15, "services": 14, "audiences": 10, "skills": 18, "localities": 12, "councils": 6,
    "centres": 8, "organisations": 20, "initiatives": 19, "programmes": 13, "volunteers": 11,
    "shifts": 30 + 4 * 12,  # 30 one-off shifts, and four weekly series made twelve weeks ahead of LOADED_AT
    "logged_hours": 2, "requirements": 1,
    "partnerships": 11, "budget_envelopes": 12, "budget_requests": 21, "budget_decisions": 18,
}
TABLES = {**{kind: kind for kind in EXPECTED_COUNTS}, "volunteers": "users", "sources": "source_documents",
          "requirements": "programme_requirements"}
SOURCE_FILES = ("000_c79fbff8447726f4.txt", "001_09bb0def24f33b46.txt", "002_c716a055c55bfe44.txt",
                "003_35e1a4d930e082a2.txt", "004_6e58d90fe5ef9135.txt")


@pytest.fixture(scope="module")
def fresh(demo_app):
    """The demo app's database loaded once with the seeds as of LOADED_AT (and committed)."""
    with demo_app.app_context():
        counts = load_seeds(SEEDS, now=LOADED_AT)
        session.commit()
    with demo_app.app_context():
        yield counts
        session.remove()


def provenance_models():
    return [mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, ProvenanceMixin)]


def test_a_first_load_creates_every_record_and_reports_counts_by_kind(fresh):
    assert fresh == EXPECTED_COUNTS
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    for kind, expected in EXPECTED_COUNTS.items():
        table = tables[TABLES[kind]]
        assert session.scalar(select(func.count()).select_from(table)) == expected, kind


def test_every_seeded_record_names_its_document_and_section(fresh):
    for model in provenance_models():
        assert session.scalar(select(func.count()).select_from(model).where(
            (model.source_document.is_(None)) | (model.source_section.is_(None)))) == 0, model.__name__


def test_each_of_the_five_documents_is_the_source_of_at_least_five_records(fresh):
    per_document = {file: 0 for file in SOURCE_FILES}
    for model in provenance_models():
        for document, count in session.execute(
            select(model.source_document, func.count()).group_by(model.source_document)
        ):
            per_document[document] = per_document.get(document, 0) + count
    assert set(per_document) == set(SOURCE_FILES)
    assert all(count >= 5 for count in per_document.values()), per_document


def test_records_named_by_the_documents_are_not_illustrative(fresh):
    partnership = session.scalars(select(Partnership).where(Partnership.slug == "cooperative-society-system")).one()
    assert partnership.is_illustrative is False
    assert {party.party_key for party in partnership.parties} == {"country:JO", "country:MA"}
    assert session.get(Country, "JO").source_section == "Community Engagement"


def test_shift_times_are_local_to_the_locality_and_stored_in_utc(fresh):
    shift = session.scalars(
        select(Shift).join(Programme).where(Programme.slug == "civic-voices-facilitators",
                                            Shift.key == "petition-workshop")
    ).one()
    # "next Saturday at 10:00" from Wednesday 10 March 2027: 10:00 in Amman (UTC+3 all year) is 07:00 UTC
    # on the 13th; sign-up closes 24 hours before.
    assert shift.starts_at == datetime(2027, 3, 13, 7, 0, tzinfo=UTC)
    assert shift.ends_at == datetime(2027, 3, 13, 10, 0, tzinfo=UTC)
    assert shift.signup_cutoff_at == datetime(2027, 3, 12, 7, 0, tzinfo=UTC)


def test_a_weekly_shift_is_a_series_made_twelve_weeks_ahead(fresh):
    walk = session.scalars(select(ShiftSeries).join(Programme).where(
        Programme.slug == "zarqa-street-mediators", ShiftSeries.key == "evening-walk")).one()
    assert walk.rule == "RRULE:FREQ=WEEKLY;BYDAY=TH"
    walks = session.scalars(select(Shift).where(Shift.series_id == walk.id).order_by(Shift.starts_at)).all()
    # Thursdays at 17:00 in Zarqa (14:00 UTC), from the 11th of March to the last one before 2 June
    assert [shift.starts_at.date() for shift in walks] == [date(2027, 3, 11) + timedelta(weeks=n) for n in range(12)]
    assert {shift.starts_at.hour for shift in walks} == {14}


def test_every_vocabulary_term_is_named_in_every_language(fresh):
    for model in (Theme, Service, Audience, Skill):
        terms = session.scalars(select(model)).all()
        assert terms and all(set(term.names) == {"ar", "fr", "tr"} and all(term.names.values()) for term in terms)


def test_budget_figures_are_computed_exactly(fresh):
    request = session.scalars(select(BudgetRequest).where(BudgetRequest.key == "amman-civic-voices-2026")).one()
    assert request.fiscal_year == 2027  # "this year" as of LOADED_AT
    items = request.versions[0].items
    assert [item.amount for item in items] == [Decimal("4500.00"), Decimal("750.00"), Decimal("360.00")]
    assert request.total == request.versions[0].total == Decimal("5610.00")
    assert (request.status, request.currency, request.version_number) == (RequestStatus.DECIDED, "JOD", 1)
    decision = session.scalars(select(Decision).where(Decision.request_id == request.id)).one()
    assert (decision.approved_amount, decision.currency, decision.theme_key) == (
        Decimal("5610.00"), "JOD", "civic-participation")
    assert decision.decided_by_id is None


def test_each_envelope_has_allocated_the_sum_of_its_approved_decisions(fresh):
    for envelope in session.scalars(select(BudgetEnvelope)):
        approved = session.scalar(select(func.coalesce(func.sum(Decision.approved_amount), 0))
                                  .where(Decision.envelope_id == envelope.id))
        assert envelope.allocated == Decimal(approved).quantize(Decimal("0.01"))
        assert envelope.allocated <= envelope.amount
    assert sum(envelope.allocated > 0 for envelope in session.scalars(select(BudgetEnvelope))) >= 6


def test_open_requests_stay_submitted_without_a_decision(fresh):
    open_requests = session.scalars(select(BudgetRequest).where(BudgetRequest.status == RequestStatus.SUBMITTED)).all()
    assert open_requests
    assert not session.scalars(select(Decision).where(Decision.request_id.in_([r.id for r in open_requests]))).all()
