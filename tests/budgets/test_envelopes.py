"""The chair or treasurer sets the council's envelope; it can never drop below what is approved."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.audit.models import AuditEvent
from planner.budgets.models import BudgetEnvelope


def _envelope(db, council, year=2026):
    return db.scalars(select(BudgetEnvelope).where(BudgetEnvelope.council_id == council.id,
                                                   BudgetEnvelope.fiscal_year == year)).one_or_none()


@pytest.mark.parametrize("who", ["chair", "treasurer"])
def test_chair_or_treasurer_sets_a_new_envelope(client, login, scene, db, who):
    login(getattr(scene, who))
    response = client.post(f"/councils/{scene.council.slug}/budget/2027/envelope", data={"amount": "25000.50"})
    assert response.status_code == 302
    assert _envelope(db, scene.council, 2027).amount == Decimal("25000.50")
    assert _envelope(db, scene.council, 2027).currency == scene.council.currency
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "budget.envelope.set")).all()[-1]
    assert event.actor_id == getattr(scene, who).id


def test_plain_member_and_coordinator_may_not_set_the_envelope(client, login, scene, db):
    for person in (scene.members[0], scene.coordinator):
        login(person)
        assert client.post(f"/councils/{scene.council.slug}/budget/2026/envelope",
                           data={"amount": "1.00"}).status_code == 403
    assert _envelope(db, scene.council).amount == Decimal("10000.00")


def test_anonymous_visitor_is_sent_to_log_in(client, scene):
    response = client.get(f"/councils/{scene.council.slug}/budget/2026/envelope")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_raising_and_lowering_an_envelope_is_audited(client, login, scene, db):
    login(scene.chair)
    client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": "12000"})
    assert _envelope(db, scene.council).amount == Decimal("12000.00")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "budget.envelope.change")).all()[-1]
    assert event.before == {"amount": "10000.000"} and event.after["amount"] == "12000.000"


def test_envelope_cannot_be_lowered_below_what_is_approved(client, login, make, scene, db):
    scene.envelope.allocated = Decimal("6000.00")
    db.flush()
    login(scene.treasurer)
    response = client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": "5999.99"})
    assert response.status_code == 200
    assert "cannot be lower than" in response.get_data(as_text=True)
    assert "6,000.000" in response.get_data(as_text=True)
    db.expire_all()
    assert _envelope(db, scene.council).amount == Decimal("10000.00")
    # Down to exactly what is approved is fine.
    client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": "6000.00"})
    db.expire_all()
    assert _envelope(db, scene.council).amount == Decimal("6000.00")


@pytest.mark.parametrize("typed, message", [
    ("-5", "Number must be at least 0"),
    ("abc", "Enter a number such as 1500.00"),
    ("1,000", "Enter a number such as 1500.00"),
    ("NaN", "Enter a number such as 1500.00"),
    ("12.3456", "Amounts in JOD have at most 3 decimal places."),
    ("", "This field is required"),
    ("1" * 16, "too large"),
])
def test_bad_envelope_amounts_are_refused_with_a_message(client, login, scene, db, typed, message):
    login(scene.chair)
    response = client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": typed})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.expire_all()
    assert _envelope(db, scene.council).amount == Decimal("10000.00")


@pytest.mark.parametrize("path", ["/budget/1800/envelope", "/budget/99999999999999999999/envelope",
                                  "/budget/twenty/envelope"])
def test_impossible_years_are_not_found(client, login, scene, path):
    login(scene.chair)
    assert client.get(f"/councils/{scene.council.slug}{path}").status_code == 404


def test_database_refuses_allocated_above_amount(make, scene, db):
    """The CHECK constraint is the last line of defence."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.begin_nested():
            scene.envelope.allocated = Decimal("10000.01")
            db.flush()
