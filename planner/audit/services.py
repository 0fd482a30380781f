"""Writing audit events (called by the services that change budgets, decisions, roles, life cycles and records),
and saying who last saved a record."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from planner.audit.models import AuditEvent
from planner.db import session
from planner.records.changes import LastSave


def record_event(
    actor,
    action: str,
    record: Any,
    *,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
) -> AuditEvent:
    """Add an audit event to the current transaction (it commits or rolls back with the change)."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        record_type=_type_of(record),
        record_id=getattr(record, "id", None),
        before=_jsonable(before),
        after=_jsonable(after),
        comment=comment,
        ip_address=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    session.add(event)
    return event


def _type_of(record: Any) -> str:
    return getattr(type(record), "__tablename__", type(record).__name__)


def _jsonable(values: dict | None) -> dict | None:
    """Values as JSON can hold them: decimals, dates and enums as text."""
    if values is None:
        return None
    return {key: value if isinstance(value, (int, float, bool, type(None))) else str(value)
            for key, value in values.items()}


def audit_edit(actor, action: str, record: Any, before: dict, after: dict) -> None:
    """One audit event for an edit that changed something (a save with no change records nothing)."""
    if after:
        record_event(actor, action, record, before=before, after=after)


def newest_edit_since(record: Any, since: datetime) -> LastSave | None:
    """Who last saved the record through one of its edit forms after that moment (an event whose action ends in
    ".edit", or its languages page); None if nobody did, or the account is gone. Answers
    planner.records.changes.last_save_asked."""
    event = session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.record_type == _type_of(record), AuditEvent.record_id == record.id, AuditEvent.at > since,
               or_(AuditEvent.action.endswith(".edit"), AuditEvent.action == "record.languages"))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
    if event is None or event.actor is None:
        return None
    return LastSave(event.actor.id, event.actor.name, event.at)
