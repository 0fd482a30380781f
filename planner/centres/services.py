"""Creating, editing and archiving community centres; every write is audited."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from planner.audit.services import audit_edit, record_event
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.records.changes import apply_changes, keys_of
from planner.records.errors import RecordError
from planner.records.slugs import add_with_slug
from planner.types import RecordStatus
from planner.vocab.models import Audience, Service


def _terms(model, keys: list[str], field: str) -> list:
    """The vocabulary terms with these keys; every key must exist."""
    terms = list(session.scalars(select(model).where(model.key.in_(keys)).order_by(model.name))) if keys else []
    if len(terms) != len(set(keys)):
        raise RecordError(_l("Choose from the list."), field)
    return terms


def _check_active(centre: Centre) -> None:
    if centre.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This centre is archived and can no longer be changed."))


def create_centre(actor, council: Council, *, service_keys: list[str], audience_keys: list[str], **details) -> Centre:
    """A new active centre in the council's area (and its locality), under a fresh slug."""
    if council.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This council is archived; choose another."), "council_id")
    centre = Centre(council_id=council.id, locality_id=council.locality_id, **details)
    centre.services = _terms(Service, service_keys, "service_keys")
    centre.audiences = _terms(Audience, audience_keys, "audience_keys")
    add_with_slug(centre, details["name"], "centre")
    record_event(actor, "centre.create", centre,
                 after={"name": centre.name, "slug": centre.slug, "council_id": council.id})
    return centre


def edit_centre(actor, centre: Centre, *, service_keys: list[str], audience_keys: list[str], **details) -> Centre:
    """Change a centre's details, services and audiences; its council, place and slug stay."""
    _check_active(centre)
    services = _terms(Service, service_keys, "service_keys")
    audiences = _terms(Audience, audience_keys, "audience_keys")
    before, after = apply_changes(centre, details)
    for name, terms in (("services", services), ("audiences", audiences)):
        if keys_of(getattr(centre, name)) != keys_of(terms):
            before[name], after[name] = keys_of(getattr(centre, name)), keys_of(terms)
            setattr(centre, name, terms)
    session.flush()
    audit_edit(actor, "centre.edit", centre, before, after)
    return centre


def archive_centre(actor, centre: Centre) -> Centre:
    """Take a centre out of the public directory, keeping it for history."""
    _check_active(centre)
    centre.status = RecordStatus.ARCHIVED
    session.flush()
    record_event(actor, "centre.archive", centre, before={"status": "active"}, after={"status": "archived"})
    return centre
