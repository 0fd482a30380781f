"""The chair's decisions: in full, in part, rejected, returned; never edited, only corrected; within the envelope."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEvent
from planner.budgets.models import (
    BudgetEnvelope,
    BudgetRequest,
    Decision,
    DecisionOutcome,
    RequestStatus,
    Vote,
    VoteChoice,
)
from planner.notifications.models import Notification

TWO_THOUSAND = [("staff", "Facilitator (months)", "4", "500.00")]


def ready(make, scene, db, items=TWO_THOUSAND, year=2026):
    """A submitted request on which the quorum (three of five voters) has voted."""
    pending = make.budget_request(scene.initiative, year=year, items=items, status=RequestStatus.SUBMITTED,
                                  created_by=scene.coordinator)
    for member in scene.voters[:3]:
        db.add(Vote(request_id=pending.id, version_number=1, member_id=member.id, choice=VoteChoice.APPROVE,
                    reason="Fine."))
    db.flush()
    return pending


def decide(client, login, scene, request_id, **data):
    login(scene.chair)
    return client.post(f"/requests/{request_id}/decide", data=data)


def allocated(db, scene, year=2026) -> Decimal:
    db.expire_all()
    return db.scalars(select(BudgetEnvelope.allocated).where(BudgetEnvelope.council_id == scene.council.id,
                                                             BudgetEnvelope.fiscal_year == year)).one()


def decisions_of(db, request_id) -> list[Decision]:
    db.expire_all()
    return db.scalars(select(Decision).where(Decision.request_id == request_id).order_by(Decision.id)).all()


def test_chair_approves_in_full(client, login, make, scene, db):
    pending = ready(make, scene, db)
    assert decide(client, login, scene, pending.id, outcome="approved").status_code == 302
    [decision] = decisions_of(db, pending.id)
    assert (decision.outcome, decision.approved_amount, decision.currency) == (
        DecisionOutcome.APPROVED, Decimal("2000.00"), scene.council.currency)
    assert decision.theme_key == "youth" and decision.decided_by_id == scene.chair.id
    assert decision.envelope_id == scene.envelope.id
    assert db.get(BudgetRequest, pending.id).status is RequestStatus.DECIDED
    assert allocated(db, scene) == Decimal("2000.00")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "budget.decision",
                                                AuditEvent.record_id == decision.id)).one()
    assert event.actor_id == scene.chair.id and event.after["approved_amount"] == "2000.000"
    mail = db.scalars(select(Notification).where(Notification.user_id == scene.coordinator.id)).one()
    assert mail.kind == "budget.decided" and "was decided" in mail.subject


def test_chair_approves_part_with_a_reason(client, login, make, scene, db):
    pending = ready(make, scene, db)
    response = decide(client, login, scene, pending.id, outcome="partially_approved", approved_amount="1500",
                      reason="The venue is free.")
    assert response.status_code == 302
    [decision] = decisions_of(db, pending.id)
    assert (decision.outcome, decision.approved_amount, decision.reason) == (
        DecisionOutcome.PARTIALLY_APPROVED, Decimal("1500.00"), "The venue is free.")
    assert allocated(db, scene) == Decimal("1500.00")
    mail = db.scalars(select(Notification).where(Notification.user_id == scene.coordinator.id)).one()
    assert "Reason: \u2068The venue is free.\u2069" in mail.body  # the council's words isolated in the sentence


@pytest.mark.parametrize("data, message", [
    ({"approved_amount": "1500"}, "Give the reason for this decision"),
    ({"approved_amount": "", "reason": "Less."}, "Enter the amount approved."),
    ({"approved_amount": "2000.00", "reason": "All of it."}, "less than the JOD\u00a02,000.000 requested"),
    ({"approved_amount": "0", "reason": "Nothing."}, "more than zero"),
    ({"approved_amount": "12.3456", "reason": "Odd."}, "Amounts in JOD have at most 3 decimal places."),
])
def test_a_partial_approval_needs_a_reason_and_an_amount_below_the_total(client, login, make, scene, db, data, message):
    pending = ready(make, scene, db)
    response = decide(client, login, scene, pending.id, outcome="partially_approved", **data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert decisions_of(db, pending.id) == []
    assert allocated(db, scene) == Decimal("0.00")
    assert db.get(BudgetRequest, pending.id).status is RequestStatus.SUBMITTED


def test_chair_rejects_with_a_reason(client, login, make, scene, db):
    pending = ready(make, scene, db)
    assert "Give the reason" in decide(client, login, scene, pending.id, outcome="rejected").get_data(as_text=True)
    decide(client, login, scene, pending.id, outcome="rejected", reason="Outside our mandate.")
    [decision] = decisions_of(db, pending.id)
    assert (decision.outcome, decision.approved_amount) == (DecisionOutcome.REJECTED, Decimal("0.00"))
    assert allocated(db, scene) == Decimal("0.00")


def test_chair_returns_for_changes_and_the_coordinator_is_told(client, login, make, scene, db):
    pending = ready(make, scene, db)
    decide(client, login, scene, pending.id, outcome="returned", reason="Split the venue costs.")
    assert db.get(BudgetRequest, pending.id).status is RequestStatus.RETURNED
    mail = db.scalars(select(Notification).where(Notification.user_id == scene.coordinator.id)).one()
    assert mail.kind == "budget.returned" and "Split the venue costs." in mail.body
    # A return is not a published decision: it never reaches the public page.
    client.post("/logout")
    page = client.get(f"/councils/{scene.council.slug}/budget/2026").get_data(as_text=True)
    assert "Split the venue costs." not in page


def test_a_request_cannot_be_decided_twice(client, login, make, scene, db):
    pending = ready(make, scene, db)
    decide(client, login, scene, pending.id, outcome="approved")
    response = decide(client, login, scene, pending.id, outcome="approved")
    assert response.status_code == 302
    assert len(decisions_of(db, pending.id)) == 1 and allocated(db, scene) == Decimal("2000.00")


def test_only_the_chair_decides(client, login, make, scene, db):
    pending = ready(make, scene, db)
    for person in (scene.treasurer, scene.members[0], scene.coordinator):
        login(person)
        assert client.post(f"/requests/{pending.id}/decide", data={"outcome": "approved"}).status_code == 403
    assert decisions_of(db, pending.id) == []


def test_approval_needs_an_envelope(client, login, make, scene, db):
    pending = ready(make, scene, db, year=2030)
    response = decide(client, login, scene, pending.id, outcome="approved")
    assert "No envelope is set for 2030" in response.get_data(as_text=True)
    assert decisions_of(db, pending.id) == []


def test_sequential_decisions_never_pass_the_envelope(client, login, make, scene, db):
    """Envelope 10,000: 6,000 fits, then 6,000 more does not, then 4,000 does, exactly."""
    six = [("venue", "Hall", "1", "6000.00")]
    first, second = ready(make, scene, db, six), ready(make, scene, db, six)
    third = ready(make, scene, db, [("venue", "Hall", "1", "4000.00")])
    decide(client, login, scene, first.id, outcome="approved")
    response = decide(client, login, scene, second.id, outcome="approved")
    assert "This exceeds the remaining envelope (JOD\u00a04,000.000 remaining)." in response.get_data(as_text=True)
    assert decisions_of(db, second.id) == [] and db.get(BudgetRequest, second.id).status is RequestStatus.SUBMITTED
    # Partly approving the second within what remains works.
    decide(client, login, scene, second.id, outcome="partially_approved", approved_amount="4000.01", reason="Most.")
    assert decisions_of(db, second.id) == []
    decide(client, login, scene, third.id, outcome="approved")
    assert allocated(db, scene) == Decimal("10000.00")


# --- immutability and corrections ---------------------------------------------------------------


def test_there_is_no_way_to_edit_a_published_decision(client, login, make, scene, db):
    pending = ready(make, scene, db)
    decide(client, login, scene, pending.id, outcome="approved")
    decision_id = decisions_of(db, pending.id)[0].id
    for method in ("get", "post", "put", "patch"):
        assert getattr(client, method)(f"/decisions/{decision_id}/edit").status_code in (404, 405)
        assert getattr(client, method)(f"/decisions/{decision_id}").status_code in (404, 405)
    assert decide(client, login, scene, pending.id, outcome="rejected", reason="Changed my mind").status_code == 302
    assert [d.outcome for d in decisions_of(db, pending.id)] == [DecisionOutcome.APPROVED]


def test_a_correction_is_a_new_linked_decision_and_allocated_moves_by_the_difference(client, login, make, scene, db):
    pending = ready(make, scene, db)
    decide(client, login, scene, pending.id, outcome="approved")
    [original] = decisions_of(db, pending.id)
    login(scene.chair)
    assert client.get(f"/decisions/{original.id}/correct").status_code == 200
    response = client.post(f"/decisions/{original.id}/correct", data={
        "outcome": "partially_approved", "approved_amount": "1200.00", "reason": "Typo: one month was counted twice."})
    assert response.status_code == 302
    first, correction = decisions_of(db, pending.id)
    first_id, correction_id = first.id, correction.id
    assert (first.outcome, first.approved_amount) == (DecisionOutcome.APPROVED, Decimal("2000.00"))  # unchanged
    assert correction.corrects_id == first.id and correction.approved_amount == Decimal("1200.00")
    assert allocated(db, scene) == Decimal("1200.00")
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "budget.decision.correct")).one().before[
        "approved_amount"] == "2000.000"

    # The corrected decision cannot be corrected again; the correction can.
    response = client.post(f"/decisions/{original.id}/correct", data={"outcome": "approved", "reason": "x"})
    assert response.status_code == 302 and len(decisions_of(db, pending.id)) == 2
    client.post(f"/decisions/{correction_id}/correct", data={"outcome": "rejected", "reason": "Withdrawn by the group."})
    assert allocated(db, scene) == Decimal("0.00")
    assert [d.corrects_id for d in decisions_of(db, pending.id)] == [None, first_id, correction_id]

    page = client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert f"This corrects decision {first_id}." in page and "Replaced by a later correction." in page


def test_a_correction_must_fit_the_envelope_and_give_a_reason(client, login, make, scene, db):
    pending = ready(make, scene, db, [("venue", "Hall", "1", "9000.00")])
    decide(client, login, scene, pending.id, outcome="partially_approved", approved_amount="1000", reason="Some.")
    other = ready(make, scene, db, [("venue", "Hall", "1", "8500.00")])
    decide(client, login, scene, other.id, outcome="approved")
    [partial] = decisions_of(db, pending.id)
    login(scene.chair)
    response = client.post(f"/decisions/{partial.id}/correct", data={"outcome": "approved", "reason": "All."})
    assert "This exceeds the remaining envelope (JOD\u00a0500.000 remaining)." in response.get_data(as_text=True)
    response = client.post(f"/decisions/{partial.id}/correct", data={"outcome": "rejected", "reason": ""})
    assert "Give the reason" in response.get_data(as_text=True)
    response = client.post(f"/decisions/{partial.id}/correct", data={"outcome": "returned", "reason": "Back."})
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert len(decisions_of(db, pending.id)) == 1 and allocated(db, scene) == Decimal("9500.00")


def test_allocated_always_equals_the_sum_of_current_approved_amounts(client, login, make, scene, db):
    from planner.budgets.decisions import current_decision_filter

    first, second = ready(make, scene, db), ready(make, scene, db)
    decide(client, login, scene, first.id, outcome="approved")
    decide(client, login, scene, second.id, outcome="partially_approved", approved_amount="750", reason="Part.")
    [decision] = decisions_of(db, first.id)
    login(scene.chair)
    client.post(f"/decisions/{decision.id}/correct", data={"outcome": "partially_approved", "approved_amount": "10",
                                                           "reason": "Fix."})
    current = db.scalar(select(func.sum(Decision.approved_amount)).where(
        Decision.council_id == scene.council.id, current_decision_filter()))
    assert current == allocated(db, scene) == Decimal("760.00")
