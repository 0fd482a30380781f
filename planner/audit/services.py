"""Writing audit events: called by the services that change budgets, decisions, roles, life cycles."""
from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from planner.audit.models import AuditEvent
from planner.db import session


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
        record_type=type(record).__tablename__ if hasattr(type(record), "__tablename__") else type(record).__name__,
        record_id=getattr(record, "id", None),
        before=_jsonable(before),
        after=_jsonable(after),
        comment=comment,
        ip_address=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    session.add(event)
    return event


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
