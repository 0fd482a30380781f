"""The search index follows the records: created, changed, and removed with them."""
from sqlalchemy import select

from planner.directory.models import SearchEntry
from planner.directory.search import matches
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
    hits = db.execute(matches("gardens")).all()
    assert entry.id in {hit.entry_id for hit in hits}
    assert entry.id not in {hit.entry_id for hit in db.execute(matches("clean")).all()}


def test_a_deleted_record_leaves_the_index(db, make):
    organisation = make.organisation(name="Short-lived Society")
    record_id = organisation.id
    db.delete(organisation)
    db.flush()
    assert _entry(db, "organisation", record_id) is None
