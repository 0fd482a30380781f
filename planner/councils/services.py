"""Creating, editing and archiving councils; every write is audited."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.audit.services import audit_edit, record_event
from planner.councils.models import Council
from planner.currencies import is_budget_currency
from planner.db import session
from planner.places.models import Locality
from planner.records.changes import apply_changes
from planner.records.errors import RecordError
from planner.records.slugs import add_with_slug
from planner.types import RecordStatus


def _check_locality(locality_id: int) -> None:
    if session.get(Locality, locality_id) is None:
        raise RecordError(_l("Choose a locality from the list."), "locality_id")


def _check_active(council: Council) -> None:
    if council.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This council is archived and can no longer be changed."))


def create_council(actor, *, name: str, locality_id: int, mandate: str,
                   currency: str, quorum: int | None) -> Council:
    """A new active council under a fresh slug."""
    _check_locality(locality_id)
    if not is_budget_currency(currency):
        raise RecordError(_l("Choose a currency from the list."), "currency")
    council = Council(name=name, locality_id=locality_id, mandate=mandate,
                      currency=currency, quorum=quorum)
    add_with_slug(council, name, "council")
    record_event(actor, "council.create", council, after={"name": name, "slug": council.slug, "currency": currency})
    return council


def edit_council(actor, council: Council, *, name: str, locality_id: int, mandate: str,
                 quorum: int | None) -> Council:
    """Change a council's details; its slug (and so its address) and currency stay as they were."""
    _check_active(council)
    _check_locality(locality_id)
    values = {"name": name, "locality_id": locality_id, "mandate": mandate,
              "quorum": quorum}
    before, after = apply_changes(council, values)
    session.flush()
    audit_edit(actor, "council.edit", council, before, after)
    return council


def archive_council(actor, council: Council) -> Council:
    """Take a council out of the public directory, keeping it for history."""
    _check_active(council)
    council.status = RecordStatus.ARCHIVED
    session.flush()
    record_event(actor, "council.archive", council, before={"status": "active"}, after={"status": "archived"})
    return council
