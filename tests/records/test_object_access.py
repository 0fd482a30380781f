"""Object-level access: a coordinator of organisation A changing an id in the URL or the form reaches
nothing of organisation B, and the database is the same afterwards."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEvent
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership
from tests.records.conftest import count, snapshot
from tests.records.test_initiative_forms import initiative_form

S = InitiativeStatus


@pytest.fixture
def theirs(world, db, make):
    """Organisation B's draft and published initiatives (council A)."""
    draft = make.initiative("Beta Private Draft", in_council=world.council_a, lead=world.organisation_b, status=S.DRAFT)
    published = make.initiative("Beta Public Work", in_council=world.council_a, lead=world.organisation_b,
                                status=S.PUBLISHED)
    db.commit()
    return {"draft": (draft.id, draft.slug), "published": (published.id, published.slug)}


def audit_count(db) -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("which", ["draft", "published"])
@pytest.mark.parametrize("by", ["slug", "id"])
@pytest.mark.parametrize(
    ("method", "action", "refused_with"),
    [
        ("get", "", {"draft": 404, "published": 200}),  # the page itself: the draft does not exist for A
        ("get", "/edit", {"draft": 404, "published": 403}),
        ("post", "/edit", {"draft": 404, "published": 403}),
        ("post", "/submit", {"draft": 404, "published": 403}),
        ("post", "/archive", {"draft": 404, "published": 403}),
        ("post", "/publish", {"draft": 404, "published": 403}),
        ("get", "/return", {"draft": 404, "published": 403}),
    ],
)
def test_a_coordinator_of_a_reaches_nothing_of_b(client, login, world, db, theirs, which, by, method, action,
                                                 refused_with):
    ident, slug = theirs[which]
    key = slug if by == "slug" else str(ident)
    login(world.coordinator_a)
    before, events_before = snapshot(db, Initiative, ident), audit_count(db)
    data = initiative_form(world, title="Taken over") if action == "/edit" else {}
    response = getattr(client, method)(f"/initiatives/{key}{action}", data=data, follow_redirects=True)
    assert response.status_code == refused_with[which]
    assert snapshot(db, Initiative, ident) == before
    assert audit_count(db) == events_before


def test_posting_organisation_bs_id_as_lead_changes_nothing(client, login, world, db):
    login(world.coordinator_a)
    before = count(db, Initiative)
    data = initiative_form(world, lead_organisation_id=str(world.organisation_b.id), partner_ids=[])
    assert client.post("/initiatives/new", data=data).status_code == 422
    assert count(db, Initiative) == before


def test_the_coordinator_of_a_cannot_edit_or_archive_organisation_b(client, login, world, db):
    login(world.coordinator_a)
    before = snapshot(db, Organisation, world.organisation_b.id)
    for key in (world.organisation_b.slug, str(world.organisation_b.id)):
        assert client.post(f"/organisations/{key}/edit", data={"name": "Mine now", "kind": "nonprofit",
                                                               "country_code": "JO"}).status_code == 403
        assert client.post(f"/organisations/{key}/archive").status_code == 403
    assert snapshot(db, Organisation, world.organisation_b.id) == before


def test_bs_draft_cannot_be_linked_to_a_partnership(client, login, world, db, theirs):
    login(world.coordinator_a)
    draft_id, _slug = theirs["draft"]
    response = client.post("/partnerships/new", data={
        "title": "Sneaky link", "kind": "cooperative", "organisation_ids": [str(world.organisation_a.id),
                                                                            str(world.organisation_b.id)],
        "initiative_ids": [str(draft_id)],
    })
    assert response.status_code == 422
    assert 'id="initiative_ids-error"' in response.get_data(as_text=True)
    assert count(db, Partnership, Partnership.title == "Sneaky link") == 0


def test_bs_draft_is_not_in_the_lists_a_sees(client, login, world, theirs):
    login(world.coordinator_a)
    assert "Beta Private Draft" not in client.get("/initiatives/mine").get_data(as_text=True)
    assert "Beta Private Draft" not in client.get("/partnerships/new").get_data(as_text=True)
