"""An initiative carries its place's country, so the list filters by country in one index; the copy never drifts."""
from __future__ import annotations

import html

from planner.initiatives.models import Initiative


def _listed(client, country: str) -> str:
    return html.unescape(client.get(f"/initiatives?country={country}").get_data(as_text=True))


def test_a_new_initiative_takes_its_places_country(db, make):
    place = make.locality("Irbid (test)", country_code="JO")
    initiative = make.initiative("Olive harvest days", locality=place)
    assert db.get(Initiative, initiative.id).country_code == "JO"


def test_moving_an_initiative_moves_it_between_countries_in_the_list(client, db, make):
    jordan, morocco = make.locality("Zarqa (test)", "JO"), make.locality("Fes (test)", "MA", "Africa/Casablanca")
    initiative = make.initiative("Travelling library", locality=jordan)
    db.commit()
    assert "Travelling library" in _listed(client, "JO")
    initiative = db.get(Initiative, initiative.id)  # a request ends the test's session
    initiative.locality = db.get(type(morocco), morocco.id)
    db.commit()
    assert db.get(Initiative, initiative.id).country_code == "MA"
    assert "Travelling library" in _listed(client, "MA")
    assert "Travelling library" not in _listed(client, "JO")


def test_a_place_corrected_to_another_country_takes_its_initiatives(client, db, make):
    place = make.locality("Borderland (test)", "JO")
    initiative = make.initiative("Border market", locality=place)
    make.country("MA")
    db.commit()
    place.country_code = "MA"
    db.commit()
    db.expire_all()  # the copy is written beside the ORM, as a correction of many rows at once
    assert db.get(Initiative, initiative.id).country_code == "MA"
    assert "Border market" in _listed(client, "MA")
