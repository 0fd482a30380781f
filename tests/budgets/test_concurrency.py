"""Simultaneous decisions never pass the envelope: a database guarantee, checked with real threads and commits."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.accounts.models import User
from planner.budgets.decisions import DecisionData, current_decision_filter, decide
from planner.budgets.envelopes import set_envelope
from planner.budgets.errors import BudgetError
from planner.budgets.models import (
    BudgetEnvelope,
    BudgetRequest,
    Decision,
    DecisionOutcome,
    RequestStatus,
    Vote,
    VoteChoice,
)
from planner.councils.models import Council
from planner.db import session
from tests import factories
from tests.budgets.conftest import build_scene

pytestmark = pytest.mark.live

REQUESTS = 8
EACH = "2500.00"  # eight requests of 2,500 against an envelope of 10,000: twice the envelope


def _ready_requests(scene, count: int, amount: str) -> list[int]:
    """Submitted requests on which the quorum has voted; returns their ids."""
    ids = []
    for _number in range(count):
        pending = factories.budget_request(scene.initiative, items=[("venue", "Hall", "1", amount)],
                                           status=RequestStatus.SUBMITTED, created_by=scene.coordinator)
        for member in scene.voters:
            session.add(Vote(request_id=pending.id, version_number=1, member_id=member.id,
                             choice=VoteChoice.APPROVE, reason="Yes."))
        ids.append(pending.id)
    session.flush()
    return ids


def _all_at_once(live_app, actions) -> list[str]:
    """Run each action in its own thread, request context and session, released together by a barrier."""
    barrier = threading.Barrier(len(actions), timeout=60)
    results: list[str] = [""] * len(actions)

    def run(index: int, action) -> None:
        with live_app.test_request_context("/"):
            try:
                barrier.wait()
                action()
                session.commit()
                results[index] = "done"
            except BudgetError as error:
                session.rollback()
                results[index] = f"refused: {error.message}"
            except Exception as error:  # noqa: BLE001 - the test reports what went wrong
                session.rollback()
                results[index] = f"error: {error!r}"
            finally:
                session.remove()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _decision(request_id: int, chair_id: int, outcome=DecisionOutcome.APPROVED, amount=None, reason=""):
    def action():
        decide(session.get(BudgetRequest, request_id), session.get(User, chair_id),
               DecisionData(outcome, amount, reason))
    return action


def _money_state(council_id: int) -> tuple[Decimal, Decimal, Decimal]:
    """(envelope, allocated, sum of current approved amounts) as the database holds them now."""
    session.expire_all()
    envelope = session.scalars(select(BudgetEnvelope).where(BudgetEnvelope.council_id == council_id,
                                                            BudgetEnvelope.fiscal_year == 2026)).one()
    approved = session.scalar(select(func.coalesce(func.sum(Decision.approved_amount), 0)).where(
        Decision.council_id == council_id, Decision.fiscal_year == 2026, current_decision_filter()))
    return envelope.amount, envelope.allocated, Decimal(approved)


def test_simultaneous_decisions_totalling_twice_the_envelope(live_app, live_db):
    scene = build_scene(factories, members=2)
    ids = _ready_requests(scene, REQUESTS, EACH)
    council_id, chair_id = scene.council.id, scene.chair.id
    session.commit()

    results = _all_at_once(live_app, [_decision(request_id, chair_id) for request_id in ids])

    assert not [r for r in results if r.startswith("error")], results
    assert results.count("done") == 4, results
    assert all("exceeds the remaining envelope" in r for r in results if r != "done")
    envelope, allocated, approved = _money_state(council_id)
    assert approved <= envelope
    assert allocated == approved == Decimal("10000.00")
    undecided = session.scalar(select(func.count()).select_from(BudgetRequest).where(
        BudgetRequest.id.in_(ids), BudgetRequest.status == RequestStatus.SUBMITTED))
    assert undecided == REQUESTS - 4  # refused decisions left nothing behind


def test_simultaneous_partial_approvals_of_uneven_amounts(live_app, live_db):
    scene = build_scene(factories, members=2, envelope="1000.00")
    ids = _ready_requests(scene, 6, "400.00")  # 2,400 asked of 1,000; each partly approved at 333.33
    council_id, chair_id = scene.council.id, scene.chair.id
    session.commit()

    results = _all_at_once(live_app, [
        _decision(i, chair_id, DecisionOutcome.PARTIALLY_APPROVED, Decimal("333.33"), "A third.") for i in ids])

    assert results.count("done") == 3, results
    envelope, allocated, approved = _money_state(council_id)
    assert allocated == approved == Decimal("999.99") <= envelope


def test_one_request_decided_by_two_simultaneous_posts_is_decided_once(live_app, live_db):
    scene = build_scene(factories, members=2)
    [request_id] = _ready_requests(scene, 1, EACH)
    council_id, chair_id = scene.council.id, scene.chair.id
    session.commit()

    results = _all_at_once(live_app, [_decision(request_id, chair_id) for _twice in range(2)])

    assert sorted(results)[0] == "done" and sorted(results)[1].startswith("refused"), results
    assert session.scalar(select(func.count()).select_from(Decision).where(Decision.request_id == request_id)) == 1
    assert _money_state(council_id)[1] == Decimal(EACH)


def test_lowering_the_envelope_while_deciding_never_leaves_allocated_above_it(live_app, live_db):
    scene = build_scene(factories, members=2)
    ids = _ready_requests(scene, 4, EACH)
    council_id, chair_id, treasurer_id = scene.council.id, scene.chair.id, scene.treasurer.id
    session.commit()

    def lower():
        set_envelope(session.get(Council, council_id), 2026, Decimal("5000.00"), session.get(User, treasurer_id))

    results = _all_at_once(live_app, [lower, *[_decision(i, chair_id) for i in ids]])

    assert not [r for r in results if r.startswith("error")], results
    envelope, allocated, approved = _money_state(council_id)
    assert allocated == approved <= envelope
