"""Council members review: conflicts recuse automatically, votes need a reason, the quorum gates the chair."""

import pytest
from sqlalchemy import func, select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.budgets.models import Decision, Recusal, RecusalReason, RequestStatus, ReviewComment, Vote


def submitted(make, scene, **fields):
    return make.budget_request(scene.initiative, status=RequestStatus.SUBMITTED, created_by=scene.coordinator,
                               **fields)


def vote(client, login, member, request_id, choice="approve", reason="Good value."):
    login(member)
    return client.post(f"/requests/{request_id}/vote", data={"choice": choice, "reason": reason})


def votes_on(db, request_id) -> int:
    return db.scalar(select(func.count()).select_from(Vote).where(Vote.request_id == request_id))


def test_member_who_coordinates_the_requesting_organisation_is_recused(client, login, make, scene, db):
    conflicted = scene.members[0]
    make.grant(conflicted, Role.COORDINATOR, organisation=scene.organisation)
    login(scene.coordinator)
    draft = make.budget_request(scene.initiative, created_by=scene.coordinator)
    client.post(f"/requests/{draft.id}/submit")
    recusal = db.scalars(select(Recusal).where(Recusal.request_id == draft.id)).one()  # recorded at submission
    assert (recusal.member_id, recusal.reason) == (conflicted.id, RecusalReason.COORDINATES_ORGANISATION)

    login(conflicted)
    page = client.get(f"/requests/{draft.id}").get_data(as_text=True)
    assert "You are recused from this request" in page
    assert f"you coordinate \u2068{scene.organisation.name}\u2069" in page
    assert "Cast my vote" not in page

    response = client.post(f"/requests/{draft.id}/vote", data={"choice": "approve", "reason": "Mine."})
    assert response.status_code == 403
    assert f"you coordinate \u2068{scene.organisation.name}\u2069" in response.get_data(as_text=True)
    assert votes_on(db, draft.id) == 0
    response = client.post(f"/requests/{draft.id}/comment", data={"body": "Please approve."})
    assert response.status_code == 403
    assert db.scalars(select(ReviewComment).where(ReviewComment.request_id == draft.id)).all() == []

    login(scene.members[1])
    page = client.get(f"/requests/{draft.id}").get_data(as_text=True)
    assert f"<bdi>{conflicted.name}</bdi> — coordinates the requesting organisation" in page
    assert "Cast my vote" in page


def test_member_who_coordinates_the_initiative_is_recused_when_the_request_is_submitted(client, login, make, scene,
                                                                                        db):
    coordinator_member = scene.members[1]
    scene.initiative.coordinator_id = coordinator_member.id
    draft = make.budget_request(scene.initiative, created_by=scene.coordinator)
    login(scene.coordinator)
    assert client.post(f"/requests/{draft.id}/submit").status_code == 302
    pending = draft
    login(coordinator_member)
    page = client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert "you coordinate the initiative “\u2068%s\u2069”" % scene.initiative.title in page
    recusal = db.scalars(select(Recusal).where(Recusal.request_id == pending.id)).one()
    assert recusal.reason is RecusalReason.COORDINATES_INITIATIVE
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "budget.recusal",
                                                                        AuditEvent.record_id == recusal.id)) == 1
    assert vote(client, login, coordinator_member, pending.id).status_code == 403
    assert votes_on(db, pending.id) == 0


def test_recused_member_is_refused_even_before_opening_the_page(client, login, make, scene, db):
    """A forced POST from a conflicted member who never opened the request is refused too."""
    make.grant(scene.treasurer, Role.COORDINATOR, organisation=scene.organisation)
    pending = submitted(make, scene)
    response = vote(client, login, scene.treasurer, pending.id)
    assert response.status_code == 403 and "You are recused" in response.get_data(as_text=True)
    assert votes_on(db, pending.id) == 0


def test_members_vote_with_a_reason_and_may_change_their_vote(client, login, make, scene, db):
    pending = submitted(make, scene)
    response = vote(client, login, scene.members[0], pending.id, "reject", "Too costly.")
    assert response.status_code == 302
    vote(client, login, scene.members[0], pending.id, "abstain", "On reflection, I abstain.")
    cast = db.scalars(select(Vote).where(Vote.request_id == pending.id)).one()
    assert (cast.choice.value, cast.reason, cast.version_number) == ("abstain", "On reflection, I abstain.", 1)
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "budget_requests",
                                                         AuditEvent.record_id == pending.id)
                         .order_by(AuditEvent.id)).all()
    assert actions == ["budget.vote", "budget.vote.change"]
    page = client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert "On reflection, I abstain." in page


@pytest.mark.parametrize("data, message", [
    ({"choice": "approve", "reason": ""}, "This field is required."),
    ({"choice": "maybe", "reason": "Hmm."}, "Not a valid choice"),
    ({"reason": "No choice."}, "This field is required."),
])
def test_bad_votes_are_refused(client, login, make, scene, db, data, message):
    pending = submitted(make, scene)
    login(scene.members[0])
    response = client.post(f"/requests/{pending.id}/vote", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert votes_on(db, pending.id) == 0


def test_only_members_of_that_council_vote_and_admins_do_not(client, login, make, scene, db):
    pending = submitted(make, scene)
    other_council_member = make.council_member(make.council())
    admin = make.user()
    make.grant(admin, Role.ADMIN)
    for outsider in (other_council_member, admin, scene.coordinator):
        assert vote(client, login, outsider, pending.id).status_code == 403
    assert votes_on(db, pending.id) == 0


def test_votes_close_once_a_request_is_decided(client, login, make, scene, db):
    closed = make.budget_request(scene.initiative, status=RequestStatus.DECIDED)
    response = vote(client, login, scene.members[0], closed.id)
    assert response.status_code == 403 and "the review is closed" in response.get_data(as_text=True)


def test_comments_are_seen_by_the_council_and_the_requester_not_the_public(client, login, make, scene, db):
    pending = submitted(make, scene)
    login(scene.members[0])
    assert client.post(f"/requests/{pending.id}/comment", data={"body": "Could the venue be cheaper?"}).status_code == 302
    assert db.scalars(select(ReviewComment.body).where(ReviewComment.request_id == pending.id)).one() == \
        "Could the venue be cheaper?"
    login(scene.coordinator)
    assert "Could the venue be cheaper?" in client.get(f"/requests/{pending.id}").get_data(as_text=True)
    db.get(type(pending), pending.id).status = RequestStatus.DECIDED
    db.commit()
    client.post("/logout")
    page = client.get(f"/requests/{pending.id}")
    assert page.status_code == 200 and "Could the venue be cheaper?" not in page.get_data(as_text=True)


def test_member_may_declare_a_conflict_and_stand_aside(client, login, make, scene, db):
    pending = submitted(make, scene)
    login(scene.members[2])
    response = client.post(f"/requests/{pending.id}/recuse", data={"note": "My brother runs the venue."})
    assert response.status_code == 302
    recusal = db.scalars(select(Recusal).where(Recusal.request_id == pending.id)).one()
    assert (recusal.reason, recusal.note) == (RecusalReason.DECLARED, "My brother runs the venue.")
    page = client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert "You recused yourself from this request: \u2068My brother runs the venue.\u2069" in page
    assert vote(client, login, scene.members[2], pending.id).status_code == 403


def test_quorum_is_a_majority_of_non_recused_members_by_default(client, login, make, scene, db):
    """Five voters, one recused: three of the other four must vote before the chair may decide."""
    make.grant(scene.members[0], Role.COORDINATOR, organisation=scene.organisation)
    pending = submitted(make, scene)
    decide = {"outcome": "approved", "reason": ""}
    for number, member in enumerate([scene.members[1], scene.members[2]], start=1):
        vote(client, login, member, pending.id)
        login(scene.chair)
        page = client.get(f"/requests/{pending.id}/decide").get_data(as_text=True)
        assert f"{number} of the 3 votes needed" in page
        response = client.post(f"/requests/{pending.id}/decide", data=decide)
        assert "The quorum has not voted yet" in response.get_data(as_text=True)
        assert db.scalars(select(Decision).where(Decision.request_id == pending.id)).all() == []
    vote(client, login, scene.chair, pending.id)
    login(scene.chair)
    assert client.post(f"/requests/{pending.id}/decide", data=decide).status_code == 302
    assert db.scalars(select(Decision.outcome).where(Decision.request_id == pending.id)).one().value == "approved"


def test_a_council_may_set_its_own_quorum(client, login, make, db):
    from tests.budgets.conftest import build_scene

    scene = build_scene(make, members=3, quorum=4)
    pending = submitted(make, scene)
    for member in scene.members:
        vote(client, login, member, pending.id)
    login(scene.chair)
    response = client.post(f"/requests/{pending.id}/decide", data={"outcome": "approved"})
    assert "3 of 4 votes" in response.get_data(as_text=True)
    vote(client, login, scene.treasurer, pending.id)
    login(scene.chair)
    assert client.post(f"/requests/{pending.id}/decide", data={"outcome": "approved"}).status_code == 302
    assert db.get(type(pending), pending.id).status is RequestStatus.DECIDED


def test_a_conflicted_chair_cannot_decide(client, login, make, scene, db):
    scene.initiative.coordinator_id = scene.chair.id
    pending = submitted(make, scene)
    for member in (scene.treasurer, *scene.members):
        vote(client, login, member, pending.id)
    login(scene.chair)
    response = client.post(f"/requests/{pending.id}/decide", data={"outcome": "approved"})
    assert "You are recused from this request" in response.get_data(as_text=True)
    assert db.get(type(pending), pending.id).status is RequestStatus.SUBMITTED


def test_review_queue_lists_requests_awaiting_the_council(client, login, make, scene, db):
    pending = submitted(make, scene, title="Awaiting one")
    make.budget_request(scene.initiative, title="Still a draft")
    vote(client, login, scene.members[0], pending.id)
    page = client.get(f"/councils/{scene.council.slug}/requests").get_data(as_text=True)
    assert "Awaiting one" in page and "Voted" in page and "Still a draft" not in page
    assert client.get(f"/councils/{scene.council.slug}/requests?status=draft").status_code == 200
    assert "Still a draft" not in client.get(f"/councils/{scene.council.slug}/requests?status=draft").get_data(as_text=True)
    login(scene.coordinator)
    assert client.get(f"/councils/{scene.council.slug}/requests").status_code == 403


def test_the_chair_is_told_how_many_votes_are_missing(client, login, make, scene, db):
    pending = submitted(make, scene)  # five voters: three votes needed
    vote(client, login, scene.members[0], pending.id)
    login(scene.chair)
    assert "once 2 more members have voted" in client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert "2 more votes are needed" in client.get(f"/requests/{pending.id}/decide").get_data(as_text=True)
    vote(client, login, scene.members[1], pending.id)
    login(scene.chair)
    assert "once 1 more member has voted" in client.get(f"/requests/{pending.id}").get_data(as_text=True)


def test_a_role_given_during_review_stores_the_recusal_at_once(make, scene, db):
    """A member who becomes a coordinator of the requesting organisation is recused then, not at the next submission."""
    from planner.accounts.services import GrantScope, grant_role

    pending = make.budget_request(scene.initiative, status=RequestStatus.SUBMITTED, created_by=scene.coordinator)
    member = scene.members[0]
    assert db.scalars(select(Recusal).where(Recusal.member_id == member.id)).all() == []
    grant_role(None, member, GrantScope(Role.COORDINATOR, organisation_id=scene.organisation.id))
    stored = db.scalars(select(Recusal).where(Recusal.member_id == member.id)).all()
    assert [(r.request_id, r.reason) for r in stored] == [(pending.id, RecusalReason.COORDINATES_ORGANISATION)]
