"""An organisation and a centre may share an id: a rule about one never answers for the other."""
from __future__ import annotations

from planner.permissions import Permission, can


def test_coordinating_an_organisation_gives_nothing_on_the_centre_with_the_same_id(client, login, db, make):
    organisation = make.organisation(id=9001)
    centre = make.centre(id=9001)
    coordinator = make.coordinator(of=organisation)
    db.commit()
    assert can(coordinator, Permission.PROGRAMME_CREATE, organisation)
    assert not can(coordinator, Permission.PROGRAMME_CREATE, centre)
    login(coordinator)
    page = client.get(f"/centres/{centre.slug}").get_data(as_text=True)
    assert "New volunteer programme" not in page and f"owner=centre:{centre.id}" not in page
    assert "New volunteer programme" in client.get(f"/organisations/{organisation.slug}").get_data(as_text=True)


def test_coordinating_a_centre_gives_nothing_on_the_organisation_with_the_same_id(db, make):
    organisation = make.organisation(id=9002)
    centre = make.centre(id=9002)
    coordinator = make.coordinator(centre=centre)
    db.commit()
    assert can(coordinator, Permission.PROGRAMME_CREATE, centre)
    assert not can(coordinator, Permission.PROGRAMME_CREATE, organisation)
