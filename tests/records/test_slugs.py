"""Slugs: from the name, unique with -2, -3…, never a reserved path, never all digits, kept on rename."""
from __future__ import annotations

from sqlalchemy import select

from planner.councils import services as councils
from planner.councils.models import Council
from planner.initiatives.models import Initiative
from planner.records.slugs import slug_base, unique_slug
from tests.records.test_initiative_forms import initiative_form


def new_council(world, name: str) -> Council:
    return councils.create_council(world.admin, name=name, locality_id=world.council_a.locality_id,
                                   mandate="m", currency="JOD", quorum=None)


def test_the_same_name_gets_a_numbered_slug(world, db):
    slugs = [new_council(world, "Old Town Council").slug for _ in range(3)]
    assert slugs == ["old-town-council", "old-town-council-2", "old-town-council-3"]


def test_reserved_words_and_numbers_are_never_slugs(world, db):
    assert new_council(world, "New").slug == "new-2"
    assert new_council(world, "Review").slug == "review-2"
    assert new_council(world, "2026").slug == "council-2026"
    assert new_council(world, "★★★").slug == "council"


def test_names_in_other_scripts_are_transliterated():
    assert slug_base("مجلس عمان", "council").isascii()
    assert slug_base("Beyoğlu Belediyesi", "council") == "beyoglu-belediyesi"


def test_a_slug_taken_only_as_a_prefix_is_free(world, db):
    new_council(world, "Harbour Council Extended")
    assert unique_slug(Council, "Harbour Council", "council") == "harbour-council"


def test_an_initiative_called_mine_does_not_hide_the_my_initiatives_page(client, login, world, db):
    login(world.coordinator_a)
    client.post("/initiatives/new", data=initiative_form(world, title="Mine"))
    initiative = db.scalars(select(Initiative).where(Initiative.title == "Mine")).one()
    assert initiative.slug == "mine-2"
    assert client.get("/initiatives/mine").status_code == 200
    assert client.get("/initiatives/mine-2").status_code == 200
