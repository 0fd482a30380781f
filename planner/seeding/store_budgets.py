"""Storing council budgets: envelopes, requests (version 1 and its line items), decisions, allocations.

Every budget record the loader creates or changes gets an audit event, as any write to budgets does.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from planner.audit.services import record_event
from planner.budgets.models import (
    BudgetEnvelope,
    BudgetRequest,
    Decision,
    DecisionOutcome,
    LineItem,
    RequestStatus,
    RequestVersion,
)
from planner.budgets.money import ZERO
from planner.db import session
from planner.seeding.upsert import (
    Change,
    existing,
    may_write,
    provenance,
    updating_existing_records,
    upsert,
    written,
)


def store_budgets(envelopes: list, requests: list, records: dict) -> dict[str, int]:
    """Envelopes, requests and decisions; then each envelope's allocated sum. Returns counts by kind."""
    councils = records["councils"]
    changes = [*_store_envelopes(envelopes, councils)]
    stored_envelopes = {(change.record.council_id, change.record.fiscal_year): change.record for change in changes}
    session.flush()
    request_changes = _store_requests(requests, records)
    changes += request_changes
    session.flush()
    decision_changes = _store_decisions(requests, {c.record.key: c.record for c in request_changes}, records,
                                        stored_envelopes)
    changes += decision_changes
    session.flush()
    changes += _update_allocations(stored_envelopes.values())
    session.flush()
    _audit(changes)
    return {"budget_envelopes": len(envelopes), "budget_requests": len(requests),
            "budget_decisions": len(decision_changes)}


def _store_envelopes(seeds: list, councils: dict) -> list[Change]:
    ids = [councils[seed.council].id for seed in seeds]
    found = {(envelope.council_id, envelope.fiscal_year): envelope
             for envelope in session.scalars(select(BudgetEnvelope).where(BudgetEnvelope.council_id.in_(ids)))}
    changes = []
    for seed in seeds:
        council = councils[seed.council]
        changes.append(upsert(BudgetEnvelope, found.get((council.id, seed.year)), {
            "council_id": council.id, "fiscal_year": seed.year, "amount": seed.amount,
            "currency": council.currency, **provenance(seed),
        }))
    return changes


def _request_status(seed) -> RequestStatus:
    """Open without a decision; returned when sent back; decided otherwise."""
    if seed.decision is None:
        return RequestStatus.SUBMITTED
    if seed.decision.outcome is DecisionOutcome.RETURNED:
        return RequestStatus.RETURNED
    return RequestStatus.DECIDED


def _store_requests(seeds: list, records: dict) -> list[Change]:
    found = existing(BudgetRequest, BudgetRequest.key, (seed.key for seed in seeds),
                     selectinload(BudgetRequest.versions).selectinload(RequestVersion.items))
    changes = []
    for seed in seeds:
        initiative, council = records["initiatives"][seed.initiative], records["councils"][seed.council]
        change = upsert(BudgetRequest, found.get(seed.key), {
            "key": seed.key, "initiative_id": initiative.id, "council_id": council.id,
            "organisation_id": initiative.lead_organisation_id, "title": seed.title,
            "status": _request_status(seed), "version_number": 1, "total": seed.total_in(council.currency),
            "currency": council.currency,
            **provenance(seed), **written(seed),
        }, fixed={"fiscal_year": seed.year, "submitted_at": seed.submitted})
        if may_write(change):
            _store_first_version(change.record, seed, council.currency)
        changes.append(change)
    return changes


def _store_first_version(request: BudgetRequest, seed, currency: str) -> None:
    """Version 1 of the request, its line items by position (amount = quantity × unit cost)."""
    found = next((version for version in request.versions if version.number == 1), None)
    version = upsert(RequestVersion, found, {
        "number": 1, "justification": seed.justification, "expected_outcomes": seed.expected_outcomes or "",
        "total": seed.total_in(currency),
    }, fixed={"submitted_at": seed.submitted}).record
    if found is None:
        request.versions.append(version)
    items = {item.position: item for item in version.items}
    wanted = [
        upsert(LineItem, items.get(position), {
            "position": position, "category": item.category, "description": item.description,
            "quantity": item.quantity, "unit_cost": item.unit_cost, "amount": item.amount_in(currency),
            **written(item),
        }).record
        for position, item in enumerate(seed.items, start=1)
    ]
    if version.items != wanted:
        version.items = wanted


def _store_decisions(seeds: list, requests: dict, records: dict, envelopes: dict) -> list[Change]:
    """The seeded decision of each decided request (never a correction)."""
    decided = [seed for seed in seeds if seed.decision is not None]
    ids = [requests[seed.key].id for seed in decided]
    found = {decision.request_id: decision for decision in session.scalars(
        select(Decision).where(Decision.request_id.in_(ids), Decision.corrects_id.is_(None)).order_by(Decision.id)
    )} if ids else {}
    changes = []
    for seed in decided:
        request, council = requests[seed.key], records["councils"][seed.council]
        envelope = envelopes.get((council.id, request.fiscal_year))
        changes.append(upsert(Decision, found.get(request.id), {
            "request_id": request.id, "version_number": 1, "council_id": council.id,
            "outcome": seed.decision.outcome, "approved_amount": seed.decision.amount or ZERO,
            "currency": council.currency, "reason": seed.decision.reason,
            "theme_key": records["initiatives"][seed.initiative].theme_key, **provenance(seed),
            **written(seed.decision),
        }, fixed={"fiscal_year": request.fiscal_year, "decided_at": seed.decision.decided,
                  "envelope_id": envelope.id if envelope else None}))
    return changes


def _update_allocations(envelopes) -> list[Change]:
    """Each envelope's allocated = the approved amounts of its decisions still in force."""
    envelopes = list(envelopes)
    correction = aliased(Decision)
    in_force = ~select(correction.id).where(correction.corrects_id == Decision.id).exists()
    totals = dict(session.execute(
        select(Decision.envelope_id, func.sum(Decision.approved_amount))
        .where(Decision.envelope_id.in_([envelope.id for envelope in envelopes]), in_force)
        .group_by(Decision.envelope_id)
    ).all())
    with updating_existing_records():  # derived from the decisions in force, never edited by hand
        return [upsert(BudgetEnvelope, envelope, {"allocated": totals.get(envelope.id) or ZERO})
                for envelope in envelopes]


def _audit(changes: list[Change]) -> None:
    """One audit event per budget record the seed run created or changed (a record's changes merged)."""
    merged: dict[int, Change] = {}
    for change in changes:
        if not change.changed:
            continue
        into = merged.setdefault(id(change.record), Change(change.record))
        into.created = into.created or change.created
        into.before = {**change.before, **into.before}
        into.after = {**into.after, **change.after}
    for change in merged.values():
        action = "seed.create" if change.created else "seed.update"
        record_event(None, action, change.record, before=None if change.created else change.before, after=change.after)
