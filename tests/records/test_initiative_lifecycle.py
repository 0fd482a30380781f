"""The initiative life cycle: submit, publish or return with a comment, resubmit, archive; who may,
what is refused, the audit trail, the coordinator's email and what the public can see."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.directory.models import SearchEntry
from planner.initiatives import services
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.notifications.models import Notification
from planner.permissions import Permission, can
from planner.records.errors import RecordError
from tests.records.conftest import count, events, snapshot

S = InitiativeStatus


@pytest.fixture
def draft(world, db, make):
    """A draft of organisation A in council A, drafted by coordinator A."""
    initiative = make.initiative("Courtyard Gardens Zephyr", in_council=world.council_a, lead=world.organisation_a,
                                 status=S.DRAFT, coordinator_id=world.coordinator_a.id)
    db.commit()
    return initiative


def status_of(db, initiative) -> InitiativeStatus:
    db.expire_all()
    return db.get(Initiative, initiative.id).status


def search_entry(db, initiative) -> SearchEntry:
    db.expire_all()
    return db.scalars(select(SearchEntry).where(SearchEntry.kind == "initiative",
                                                SearchEntry.record_id == initiative.id)).one()


def test_the_coordinator_submits_a_draft(client, login, world, db, draft):
    login(world.coordinator_a)
    response = client.post(f"/initiatives/{draft.slug}/submit", data={"next": "/initiatives/mine"})
    assert response.status_code == 302 and response.headers["Location"] == "/initiatives/mine"
    initiative = db.get(Initiative, draft.id)
    assert initiative.status is S.SUBMITTED and initiative.submitted_at is not None
    event = events(db, "initiative.submit")[-1]
    assert (event.record_id, event.actor_id) == (draft.id, world.coordinator_a.id)
    assert event.before == {"status": "draft"} and event.after == {"status": "submitted"}


def test_the_queues_date_a_submission_on_the_calendar_of_the_councils_place(client, login, world, db, draft, clock):
    clock.set(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))  # 01:30 on 1 January in Amman, where the council is
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    assert "submitted Jan 1, 2027" in client.get("/initiatives/mine").get_data(as_text=True)
    login(world.member_a)
    assert "submitted Jan 1, 2027" in client.get("/initiatives/review").get_data(as_text=True)


def test_a_council_member_publishes_and_the_coordinator_is_told(client, login, world, db, draft):
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    assert search_entry(db, draft).is_public is False
    login(world.member_a)
    response = client.post(f"/initiatives/{draft.slug}/publish")
    assert response.status_code == 302 and response.headers["Location"] == "/initiatives/review"
    initiative = db.get(Initiative, draft.id)
    assert initiative.status is S.PUBLISHED and initiative.published_at is not None
    event = events(db, "initiative.publish")[-1]
    assert event.actor_id == world.member_a.id and event.after == {"status": "published"}
    mail = db.scalars(select(Notification).where(Notification.kind == "initiative.published")).one()
    assert mail.user_id == world.coordinator_a.id and "“\u2068Courtyard Gardens Zephyr\u2069”" in mail.subject
    assert f"/initiatives/{draft.slug}" in mail.body
    assert search_entry(db, draft).is_public is True


def test_the_coordinator_s_link_names_no_language_whatever_the_reviewer_reads(client, login, world, db, draft):
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    answer = client.post(f"/initiatives/{draft.slug}/publish?lang=ar")
    assert answer.headers["Location"] == "/initiatives/review?lang=ar"
    mail = db.scalars(select(Notification).where(Notification.kind == "initiative.published")).one()
    assert mail.body.endswith(f"/initiatives/{draft.slug}")  # read in the coordinator's own language, not "?lang=ar"


def test_the_coordinator_reads_the_initiative_s_title_in_their_own_language(client, login, world, db, draft):
    world.coordinator_a.locale = "fr"
    draft.translations = {"fr": {"title": "Jardins de la cour Zéphyr"}}
    db.commit()
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    client.post(f"/initiatives/{draft.slug}/publish")
    mail = db.scalars(select(Notification).where(Notification.kind == "initiative.published")).one()
    assert "\u2068Jardins de la cour Zéphyr\u2069" in mail.subject and "Courtyard" not in mail.subject


def test_a_form_offers_councils_and_centres_by_their_names_in_the_reader_s_language(client, login, world, db):
    world.council_a.translations = {"fr": {"name": "Conseil d’Amman-Est"}}
    world.centre_a.translations = {"fr": {"name": "Centre Alpha"}}
    db.commit()
    login(world.coordinator_a)
    page = client.get("/initiatives/new", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    councils = page.split('id="council_id"')[1].split("</select>")[0]
    council_options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', councils)
    assert council_options == ["Conseil d’Amman-Est", "Zarqa Test Council"]  # by the names shown
    assert "Centre Alpha (Conseil d’Amman-Est)" in page and "Amman East Test Council" not in page


def test_a_council_member_returns_it_with_a_comment_and_the_coordinator_resubmits(client, login, world, db, draft):
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    assert client.get(f"/initiatives/{draft.slug}/return").status_code == 200
    response = client.post(f"/initiatives/{draft.slug}/return", data={"comment": "Please name the venue."})
    assert response.status_code == 302
    initiative = db.get(Initiative, draft.id)
    assert initiative.status is S.RETURNED and initiative.review_comment == "Please name the venue."
    event = events(db, "initiative.return")[-1]
    assert event.comment == "Please name the venue." and event.before == {"status": "submitted"}
    mail = db.scalars(select(Notification).where(Notification.kind == "initiative.returned")).one()
    assert mail.user_id == world.coordinator_a.id and "Please name the venue." in mail.body

    login(world.coordinator_a)
    page = client.get("/initiatives/mine").get_data(as_text=True)
    assert "Please name the venue." in page and "Submit again for review" in page
    assert client.post(f"/initiatives/{draft.slug}/submit").status_code == 302
    assert status_of(db, draft) is S.SUBMITTED
    resubmitted = events(db, "initiative.resubmit")[-1]
    assert resubmitted.before == {"status": "returned"} and resubmitted.after == {"status": "submitted"}


def test_returning_needs_a_comment(client, login, world, db, draft):
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    response = client.post(f"/initiatives/{draft.slug}/return", data={"comment": "   "})
    assert response.status_code == 422
    assert 'id="comment-error"' in response.get_data(as_text=True)
    assert status_of(db, draft) is S.SUBMITTED
    assert events(db, "initiative.return") == []
    assert count(db, Notification) == 0


def test_the_service_refuses_an_empty_comment_too(world, db, draft):
    draft.status = S.SUBMITTED
    db.flush()
    with pytest.raises(RecordError) as refused:
        services.return_for_changes(world.member_a, draft, "")
    assert refused.value.field == "comment"


@pytest.mark.parametrize(
    ("start", "action", "actor"),
    [
        (S.DRAFT, "publish", "admin"),  # never submitted
        (S.RETURNED, "publish", "admin"),  # must be resubmitted first
        (S.PUBLISHED, "publish", "admin"),  # already public
        (S.DRAFT, "return", "admin"),
        (S.PUBLISHED, "submit", "coordinator_a"),
        (S.SUBMITTED, "submit", "coordinator_a"),  # already waiting
        (S.SUBMITTED, "archive", "coordinator_a"),  # the council must decide first
        (S.ARCHIVED, "archive", "admin"),
        (S.ARCHIVED, "submit", "coordinator_a"),
    ],
)
def test_invalid_transitions_are_refused_with_a_message(client, login, world, db, make, start, action, actor):
    initiative = make.initiative(in_council=world.council_a, lead=world.organisation_a, status=start)
    db.commit()
    login(getattr(world, action and actor))
    before = snapshot(db, Initiative, initiative.id)
    data = {"comment": "Why not"} if action == "return" else {}
    response = client.post(f"/initiatives/{initiative.slug}/{action}", data=data, follow_redirects=True)
    assert response.status_code in (200, 422)
    assert "cannot" in response.get_data(as_text=True) or "Only" in response.get_data(as_text=True)
    assert snapshot(db, Initiative, initiative.id) == before
    assert count(db, Notification) == 0
    assert [e for e in events(db, f"initiative.{action}") if e.record_id == initiative.id] == []


def test_the_coordinator_archives_a_published_initiative(client, login, world, db, make):
    published = make.initiative(in_council=world.council_a, lead=world.organisation_a, status=S.PUBLISHED)
    db.commit()
    login(world.coordinator_a)
    assert client.post(f"/initiatives/{published.slug}/archive").status_code == 302
    assert status_of(db, published) is S.ARCHIVED
    assert events(db, "initiative.archive")[-1].before == {"status": "published"}
    assert search_entry(db, published).is_public is False


def test_a_council_member_archives_a_published_initiative_but_not_a_draft(client, login, world, db, make, draft):
    published = make.initiative(in_council=world.council_a, lead=world.organisation_a, status=S.PUBLISHED)
    db.commit()
    login(world.member_a)
    assert client.post(f"/initiatives/{draft.slug}/archive").status_code == 404
    assert status_of(db, draft) is S.DRAFT
    assert client.post(f"/initiatives/{published.slug}/archive").status_code == 302
    assert status_of(db, published) is S.ARCHIVED


def test_only_members_of_the_initiatives_council_may_publish(client, login, world, db, draft):
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_b)  # sits on another council: cannot even see it
    assert client.post(f"/initiatives/{draft.slug}/publish").status_code == 404
    login(world.coordinator_a)  # may see it, may not review it
    assert client.post(f"/initiatives/{draft.slug}/publish").status_code == 403
    login(world.nobody)
    assert client.post(f"/initiatives/{draft.slug}/return", data={"comment": "x"}).status_code == 404
    assert status_of(db, draft) is S.SUBMITTED


def test_a_member_may_not_publish_their_own_organisations_initiative(client, login, world, db, make, draft):
    make.grant(world.member_a, Role.COORDINATOR, organisation=world.organisation_a)
    db.commit()
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    assert client.post(f"/initiatives/{draft.slug}/publish").status_code == 403
    assert status_of(db, draft) is S.SUBMITTED
    login(world.chair_a)
    assert client.post(f"/initiatives/{draft.slug}/publish").status_code == 302


def test_an_administrator_may_publish_anywhere(client, login, world, db, draft):
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.admin)
    assert client.post(f"/initiatives/{draft.slug}/publish").status_code == 302
    assert status_of(db, draft) is S.PUBLISHED


def test_a_mere_draft_stays_hidden_from_its_council_until_submitted(client, login, world, db, draft):
    assert not can(world.member_a, Permission.RECORD_VIEW, draft)
    login(world.member_a)
    assert client.get(f"/initiatives/{draft.slug}").status_code == 404
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    assert client.get(f"/initiatives/{draft.slug}").status_code == 200


def test_only_published_initiatives_are_public(client, login, world, db, draft):
    assert client.get(f"/initiatives/{draft.id}").status_code == 404
    assert client.get(f"/initiatives/{draft.slug}").status_code == 404
    login(world.coordinator_a)
    client.post(f"/initiatives/{draft.slug}/submit")
    login(world.member_a)
    client.post(f"/initiatives/{draft.slug}/publish")
    client.post("/logout")
    page = client.get(f"/initiatives/{draft.slug}")
    assert page.status_code == 200 and "Courtyard Gardens Zephyr" in page.get_data(as_text=True)
    assert "Publish" not in page.get_data(as_text=True)


def test_the_review_queue_lists_submitted_initiatives_of_the_members_councils(client, login, world, db, make):
    mine = make.initiative("Queue Item Alpha", in_council=world.council_a, lead=world.organisation_b,
                           status=S.SUBMITTED)
    make.initiative("Queue Item Beta", in_council=world.council_b, lead=world.organisation_b, status=S.SUBMITTED)
    make.initiative("Queue Item Draft", in_council=world.council_a, lead=world.organisation_b, status=S.DRAFT)
    db.commit()
    login(world.member_a)
    page = client.get("/initiatives/review").get_data(as_text=True)
    assert "Queue Item Alpha" in page and "Queue Item Beta" not in page and "Queue Item Draft" not in page
    assert f"/initiatives/{mine.slug}/publish" in page and f"/initiatives/{mine.slug}/return" in page
    login(world.admin)
    page = client.get("/initiatives/review").get_data(as_text=True)
    assert "Queue Item Alpha" in page and "Queue Item Beta" in page
    login(world.coordinator_a)
    assert client.get("/initiatives/review").status_code == 403


def test_the_review_queue_is_paginated(client, login, world, db, make):
    for number in range(23):
        make.initiative(f"Waiting {number:02d}", in_council=world.council_a, lead=world.organisation_b,
                        status=S.SUBMITTED)
    db.commit()
    login(world.member_a)
    first = client.get("/initiatives/review").get_data(as_text=True)
    second = client.get("/initiatives/review?page=2").get_data(as_text=True)
    assert first.count('class="queue-item"') == 20 and second.count('class="queue-item"') == 3
    assert "Page 1 of 2" in first
    assert client.get("/initiatives/review?page=abc").status_code == 200


def test_my_initiatives_lists_the_users_organisations_initiatives_in_every_state(client, login, world, db, make):
    for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.PUBLISHED):
        make.initiative(f"Ours {status.value}", in_council=world.council_a, lead=world.organisation_a, status=status)
    make.initiative("Theirs draft", in_council=world.council_a, lead=world.organisation_b, status=S.DRAFT)
    db.commit()
    login(world.coordinator_a)
    page = client.get("/initiatives/mine").get_data(as_text=True)
    for shown in ("Ours draft", "Ours submitted", "Ours returned", "Ours published"):
        assert shown in page  # a published initiative stays in the list, marked as published
    assert "Status: Published" in page and "Theirs draft" not in page
    assert 'href="/programmes/new"' in page  # and creating a programme is one click away
    login(world.member_a)
    assert client.get("/initiatives/mine").status_code == 403


def test_a_new_programme_is_linked_from_the_initiative_with_its_owner_and_initiative_chosen(client, login, world, db,
                                                                                         make):
    initiative = make.initiative("Ours to staff", in_council=world.council_a, lead=world.organisation_a)
    db.commit()
    login(world.coordinator_a)
    page = client.get(f"/initiatives/{initiative.slug}").get_data(as_text=True)
    link = f"/programmes/new?owner=organisation:{world.organisation_a.id}&amp;initiative={initiative.id}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="organisation:{world.organisation_a.id}">' in form
    assert f'<option selected value="{initiative.id}">' in form
    organisation_page = client.get(f"/organisations/{world.organisation_a.slug}").get_data(as_text=True)
    assert f"/programmes/new?owner=organisation:{world.organisation_a.id}" in organisation_page
