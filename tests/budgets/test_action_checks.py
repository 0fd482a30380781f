"""Every path that writes a vote, a comment, a recusal, a decision or a correction goes through one check of role,
state, recusal and quorum; whenever it refuses, the database is exactly as it was."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.budgets.models import (
    BudgetEnvelope,
    Decision,
    DecisionOutcome,
    Recusal,
    RecusalReason,
    RequestStatus,
    ReviewComment,
    Vote,
)
from tests.budgets.test_decisions import ready

ACTIONS = {
    # action: (path for the request and its decision, form data)
    "vote": (lambda r, d: f"/requests/{r}/vote", {"choice": "approve", "reason": "Good value."}),
    "comment": (lambda r, d: f"/requests/{r}/comment", {"body": "A question on the venue."}),
    "recuse": (lambda r, d: f"/requests/{r}/recuse", {"note": "My cousin runs it."}),
    "decide": (lambda r, d: f"/requests/{r}/decide", {"outcome": "approved", "reason": "Clear."}),
    "correct": (lambda r, d: f"/decisions/{d}/correct", {"outcome": "rejected", "reason": "Funds were withdrawn."}),
}
# who acts: (their role on the council, or none; how they stand towards the requesting organisation)
PEOPLE = {
    "chair": (Role.COUNCIL_CHAIR, None),
    "chair who coordinates the requester": (Role.COUNCIL_CHAIR, "coordinates"),
    "chair who declared a conflict": (Role.COUNCIL_CHAIR, "declared"),
    "member": (Role.COUNCIL_MEMBER, None),
    "member who coordinates the requester": (Role.COUNCIL_MEMBER, "coordinates"),
    "member who declared a conflict": (Role.COUNCIL_MEMBER, "declared"),
    "the requester's coordinator": (None, "coordinates"),
    "administrator": (Role.ADMIN, None),
    "volunteer": (None, None),
}
ALLOWED = {  # the chair has voted already (the quorum is in), and may no longer recuse
    ("chair", "vote"), ("chair", "comment"), ("chair", "decide"), ("chair", "correct"),
    ("member", "vote"), ("member", "comment"), ("member", "recuse"),
}
TABLES = (Vote, ReviewComment, Recusal, Decision, BudgetEnvelope)


def snapshot(db) -> dict:
    db.expire_all()
    return {model.__tablename__: sorted(repr(sorted((k, str(v)) for k, v in vars(row).items() if not k.startswith("_")))
                                        for row in db.scalars(select(model)))
            for model in TABLES}


def person(make, scene, db, who: str, request):
    role, stance = PEOPLE[who]
    if role is Role.COUNCIL_CHAIR:
        someone = scene.chair
    elif role is Role.COUNCIL_MEMBER:
        someone = scene.members[-1]
    else:
        someone = make.user()
        if role is Role.ADMIN:
            make.grant(someone, Role.ADMIN)
    if stance == "coordinates":
        someone = scene.coordinator if role is None else someone
        if role is not None:
            make.grant(someone, Role.COORDINATOR, organisation=scene.organisation)
    if stance == "declared":
        db.add(Recusal(request_id=request.id, member_id=someone.id, reason=RecusalReason.DECLARED, note="Related."))
    db.flush()
    return someone


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", PEOPLE)
def test_each_budget_action_is_checked_the_same_way_on_every_path(client, login, make, scene, db, who, action):
    request = ready(make, scene, db)
    decision = None
    if action == "correct":  # a decided request: approved earlier, its money allocated
        decision = make.decision(request, "2000.00", DecisionOutcome.APPROVED, decided_by=scene.chair)
        request.status = RequestStatus.DECIDED
        scene.envelope.allocated = decision.approved_amount
    actor = person(make, scene, db, who, request)
    db.commit()
    path, data = ACTIONS[action]
    url = path(request.id, decision.id if decision else None)
    before = snapshot(db)
    login(actor)
    response = client.post(url, data=data)
    after = snapshot(db)
    if (who, action) in ALLOWED:
        assert response.status_code == 302, (who, action, response.status_code)
        assert after != before
    else:
        assert response.status_code in (200, 302, 403, 404), (who, action, response.status_code)
        assert after == before, f"{who} could {action}"


@pytest.mark.parametrize("who", PEOPLE)
def test_opening_a_request_writes_nothing_even_for_a_member_with_a_new_conflict(client, login, make, scene, db, who):
    request = ready(make, scene, db)
    actor = person(make, scene, db, who, request)
    db.commit()
    url = f"/requests/{request.id}"
    before = snapshot(db)
    login(actor)
    page = client.get(url)
    assert page.status_code in (200, 403, 404)
    assert snapshot(db) == before
    if PEOPLE[who][1] == "coordinates" and PEOPLE[who][0] is not None:
        assert "You are recused from this request" in page.get_data(as_text=True)
