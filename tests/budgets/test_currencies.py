"""Money in each currency's own minor units (ISO 4217): JOD has three places, EUR two, JPY none."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.budgets.envelopes import set_envelope
from planner.budgets.errors import BudgetError
from planner.budgets.models import BudgetEnvelope, Decision
from planner.currencies import MINOR_UNITS, budget_currencies, minor_digits
from tests.budgets.conftest import build_scene
from tests.budgets.test_decisions import ready

# currency, an amount it can hold, how the English page writes it, the API's string, one place too many, the refusal
CURRENCIES = [
    ("JOD", "180000.125", "JOD\u00a0180,000.125", "180000.125", "180000.1255", "Amounts in JOD have at most 3 decimal places."),
    ("EUR", "1500.25", "€1,500.25", "1500.25", "1500.255", "Amounts in EUR have at most 2 decimal places."),
    ("JPY", "20000", "¥20,000", "20000", "20000.5", "Amounts in JPY are whole numbers: leave out the decimal places."),
]


def _envelope(db, council, year=2027):
    return db.scalars(select(BudgetEnvelope).where(BudgetEnvelope.council_id == council.id,
                                                   BudgetEnvelope.fiscal_year == year)).one_or_none()


@pytest.mark.parametrize("currency, amount, shown, api_text, too_precise, refusal", CURRENCIES)
def test_an_envelope_is_kept_and_shown_in_the_currencys_own_units(client, login, make, db, currency, amount, shown,
                                                                  api_text, too_precise, refusal):
    scene = build_scene(make, currency=currency, envelope=None)
    login(scene.chair)
    response = client.post(f"/councils/{scene.council.slug}/budget/2027/envelope", data={"amount": amount})
    assert response.status_code == 302
    assert _envelope(db, scene.council).amount == Decimal(amount)
    db.commit()

    page = client.get(f"/councils/{scene.council.slug}/budget/2027").get_data(as_text=True)
    assert f'data-figure="envelope">{shown}<' in page
    answer = client.get(f"/api/v1/councils/{scene.council.slug}/budget/2027").get_json()["data"]
    assert answer["envelope"] == api_text and answer["currency"] == currency


@pytest.mark.parametrize("currency, amount, shown, api_text, too_precise, refusal", CURRENCIES)
def test_an_amount_finer_than_the_currency_is_refused_and_nothing_changes(client, login, make, db, currency, amount,
                                                                          shown, api_text, too_precise, refusal):
    scene = build_scene(make, currency=currency)
    login(scene.treasurer)
    response = client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": too_precise})
    assert response.status_code == 200
    assert refusal in response.get_data(as_text=True)
    assert _envelope(db, scene.council, 2026).amount == Decimal("10000")

    with pytest.raises(BudgetError, match=refusal.split(":")[0]):  # the service refuses on its own too
        set_envelope(scene.council, 2026, Decimal(too_precise), scene.treasurer)


@pytest.mark.parametrize("currency, amount, shown, api_text, too_precise, refusal", CURRENCIES)
def test_line_items_and_partial_approvals_follow_the_currency(client, login, make, db, currency, amount, shown,
                                                              api_text, too_precise, refusal):
    scene = build_scene(make, currency=currency)
    login(scene.coordinator)
    form = {"title": "Chairs", "fiscal_year": "2026", "justification": "Worn out.",
            "items-0-category": "equipment", "items-0-description": "Chairs", "items-0-quantity": "3",
            "items-0-unit_cost": too_precise}
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=form)
    assert refusal in response.get_data(as_text=True)

    pending = ready(make, scene, db, [("equipment", "Chairs", "3", "1000")])
    login(scene.chair)
    finer = "999." + "5" * (minor_digits(currency) + 1)
    response = client.post(f"/requests/{pending.id}/decide", data={
        "outcome": "partially_approved", "approved_amount": finer, "reason": "Part."})
    assert refusal in response.get_data(as_text=True)
    assert db.scalars(select(Decision).where(Decision.request_id == pending.id)).all() == []


def test_fils_add_up_exactly_in_the_envelope(client, login, make, db):
    """Three partial approvals with fils: allocated is their exact sum, and what remains is exact too."""
    scene = build_scene(make, currency="JOD", envelope="1000.000")
    granted = ["100.125", "200.250", "0.005"]
    for amount in granted:
        pending = ready(make, scene, db, [("equipment", "Chairs", "1", "500")])
        login(scene.chair)
        client.post(f"/requests/{pending.id}/decide", data={
            "outcome": "partially_approved", "approved_amount": amount, "reason": "Part."})
    db.expire_all()
    envelope = _envelope(db, scene.council, 2026)
    assert envelope.allocated == sum(map(Decimal, granted)) == Decimal("300.380")
    assert envelope.remaining == Decimal("699.620")


@pytest.mark.parametrize("language, shown", [
    ("en", "JOD\u00a0180,000.125"),
    ("fr", "180\u202f000,125\u00a0JOD"),
    ("tr", "JOD\u00a0180.000,125"),
    ("ar", "180,000.125\u00a0د.أ.\u200f"),
])
def test_the_locale_decides_separators_and_where_the_symbol_goes(client, make, db, language, shown):
    scene = build_scene(make, currency="JOD", envelope="180000.125")
    db.commit()
    page = client.get(f"/councils/{scene.council.slug}/budget/2026", headers={"Accept-Language": language})
    assert shown in page.get_data(as_text=True)


def test_the_currency_list_offers_real_currencies_with_iso_minor_units():
    offered = {currency.alpha_3 for currency in budget_currencies()}
    assert {"JOD", "TRY", "MAD", "EUR", "USD", "JPY", "IQD"} <= offered
    assert not offered & {"XAU", "XDR", "XTS", "CLF", "USN"}
    assert {code: MINOR_UNITS[code] for code in ("JOD", "KWD", "BHD", "OMR", "TND", "LYD", "IQD", "JPY")} == {
        "JOD": 3, "KWD": 3, "BHD": 3, "OMR": 3, "TND": 3, "LYD": 3, "IQD": 3, "JPY": 0}
    assert minor_digits("TRY") == minor_digits("EUR") == 2


def test_the_audit_log_writes_amounts_in_the_currencys_places(client, login, make, db):
    from planner.audit.models import AuditEvent

    scene = build_scene(make, currency="EUR", envelope="10000")
    login(scene.chair)
    client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": "12000.5"})
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "budget.envelope.change")).all()[-1]
    assert (event.before, event.after["amount"]) == ({"amount": "10000.00"}, "12000.50")
