"""The search index follows the records: created, changed, and removed with them."""
from sqlalchemy import select

from planner.directory.models import SearchEntry
from planner.directory.search import matching_record_ids
from planner.initiatives.models import InitiativeStatus


def _entry(db, kind, record_id):
    return db.scalars(select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id == record_id)).first()


def test_new_records_are_indexed_with_their_relations(db, make):
    organisation = make.organisation(name="Crescent Water Cooperative")
    entry = _entry(db, "organisation", organisation.id)
    assert entry.title == "Crescent Water Cooperative"
    assert entry.country_code == "JO"


def test_an_edit_reaches_the_index_and_the_full_text_engine(db, make):
    initiative = make.initiative(title="Riverside clean-up", status=InitiativeStatus.DRAFT)
    assert _entry(db, "initiative", initiative.id).is_public is False
    initiative.title = "Riverside gardens"
    initiative.status = InitiativeStatus.PUBLISHED
    db.flush()
    entry = _entry(db, "initiative", initiative.id)
    assert (entry.title, entry.is_public) == ("Riverside gardens", True)
    assert initiative.id in set(db.scalars(matching_record_ids("gardens", "initiative")))
    assert initiative.id not in set(db.scalars(matching_record_ids("clean", "initiative")))


def test_a_deleted_record_leaves_the_index(db, make):
    organisation = make.organisation(name="Short-lived Society")
    record_id = organisation.id
    db.delete(organisation)
    db.flush()
    assert _entry(db, "organisation", record_id) is None


def test_renaming_an_organisation_refreshes_the_records_that_name_it(db, make):
    lead = make.organisation(name="Old Lantern Society")
    partner = make.organisation(name="Quiet Partner Guild")
    initiative = make.initiative(title="Evening lantern walks", lead=lead, partners=[partner])
    programme = make.programme(name="Lantern stewards", owner=lead)
    partnership = make.partnership("Lantern pact", parties=(lead, partner))
    lead.name = "Brightwater Lantern Society"
    partner.name = "Lanternmakers Guild"
    db.flush()
    for kind, record in (("initiative", initiative), ("programme", programme), ("partnership", partnership)):
        assert record.id in set(db.scalars(matching_record_ids("Brightwater", kind)))
    assert initiative.id in set(db.scalars(matching_record_ids("Lanternmakers", "initiative")))
