"""Creating, editing and archiving organisations; every write is audited."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.audit.services import audit_edit, record_event
from planner.db import session
from planner.organisations.models import Organisation, OrganisationKind
from planner.places.models import Country, Locality
from planner.records.changes import apply_changes
from planner.records.errors import RecordError
from planner.records.slugs import add_with_slug
from planner.types import RecordStatus


def _check_place(country_code: str, locality_id: int | None) -> None:
    if session.get(Country, country_code) is None:
        raise RecordError(_l("Choose a country from the list."), "country_code")
    if locality_id is None:
        return
    locality = session.get(Locality, locality_id)
    if locality is None or locality.country_code != country_code:
        raise RecordError(_l("Choose a locality in the organisation's country, or none."), "locality_id")


def _check_active(organisation: Organisation) -> None:
    if organisation.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This organisation is archived and can no longer be changed."))


def create_organisation(actor, *, name: str, kind: OrganisationKind, country_code: str,
                        locality_id: int | None, summary: str, website: str) -> Organisation:
    """A new active organisation under a fresh slug."""
    _check_place(country_code, locality_id)
    organisation = Organisation(name=name, kind=kind, country_code=country_code,
                                locality_id=locality_id, summary=summary, website=website)
    add_with_slug(organisation, name, "organisation")
    record_event(actor, "organisation.create", organisation, after={"name": name, "slug": organisation.slug})
    return organisation


def edit_organisation(actor, organisation: Organisation, **values) -> Organisation:
    """Change an organisation's details (the fields of create_organisation); its slug stays."""
    _check_active(organisation)
    _check_place(values["country_code"], values["locality_id"])
    before, after = apply_changes(organisation, values)
    session.flush()
    audit_edit(actor, "organisation.edit", organisation, before, after)
    return organisation


def archive_organisation(actor, organisation: Organisation) -> Organisation:
    """Take an organisation out of the public directory, keeping it for history."""
    _check_active(organisation)
    organisation.status = RecordStatus.ARCHIVED
    session.flush()
    record_event(actor, "organisation.archive", organisation, before={"status": "active"}, after={"status": "archived"})
    return organisation
