"""The options coordinators pick from in programme and shift forms, loaded from the database and bounded."""
from __future__ import annotations

from sqlalchemy import select

from planner.centres.models import Centre
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.permissions import coordinated_centre_ids, coordinated_organisation_ids, is_admin
from planner.places.models import Locality
from planner.types import RecordStatus
from planner.vocab.choices import skill_choices
from planner.volunteering.models import Programme

LIMIT = 300


def owners_for(user) -> dict[str, Organisation | Centre]:
    """The organisations and centres the user coordinates (an administrator: any), keyed as the owner field posts them."""
    owners: dict[str, Organisation | Centre] = {}
    anyone = is_admin(user)
    organisation_ids, centre_ids = coordinated_organisation_ids(user), coordinated_centre_ids(user)
    if organisation_ids or anyone:
        query = select(Organisation).where(Organisation.status == RecordStatus.ACTIVE).order_by(Organisation.name)
        if not anyone:
            query = query.where(Organisation.id.in_(organisation_ids))
        for organisation in session.scalars(query.limit(LIMIT)):
            owners[f"organisation:{organisation.id}"] = organisation
    if centre_ids or anyone:
        query = select(Centre).where(Centre.status == RecordStatus.ACTIVE).order_by(Centre.name)
        if not anyone:
            query = query.where(Centre.id.in_(centre_ids))
        for centre in session.scalars(query.limit(LIMIT)):
            owners[f"centre:{centre.id}"] = centre
    return owners


def initiatives_for(organisation_ids: set[int], keep: Initiative | None = None) -> dict[str, Initiative]:
    """Initiatives these organisations lead (not archived), keyed by id; `keep` is always offered."""
    found: dict[str, Initiative] = {}
    if organisation_ids:
        for initiative in session.scalars(
            select(Initiative).where(Initiative.lead_organisation_id.in_(organisation_ids),
                                     Initiative.status != InitiativeStatus.ARCHIVED)
            .order_by(Initiative.title).limit(LIMIT)
        ):
            found[str(initiative.id)] = initiative
    if keep is not None:
        found.setdefault(str(keep.id), keep)
    return found


def skill_options() -> list[tuple[str, str]]:
    """(key, name) of every skill, for the skills field."""
    return skill_choices()


def programme_country(programme: Programme) -> str | None:
    """The country a programme works in: its organisation's, or its centre's, or its initiative's."""
    if programme.organisation is not None:
        return programme.organisation.country_code
    if programme.centre is not None:
        return programme.centre.locality.country_code
    if programme.initiative is not None:
        return programme.initiative.locality.country_code
    return None


def localities_for(programme: Programme, keep: Locality | None = None) -> dict[str, Locality]:
    """Localities in the programme's country, keyed by id; `keep` is always offered."""
    country = programme_country(programme)
    query = select(Locality).order_by(Locality.name).limit(LIMIT)
    if country:
        query = query.where(Locality.country_code == country)
    found = {str(place.id): place for place in session.scalars(query)}
    if keep is not None:
        found.setdefault(str(keep.id), keep)
    return found


def centres_for(programme: Programme, keep: Centre | None = None) -> dict[str, Centre]:
    """Active centres in the programme's country, keyed by id; `keep` is always offered."""
    country = programme_country(programme)
    query = select(Centre).join(Centre.locality).order_by(Centre.name).limit(LIMIT)
    if country:
        query = query.where(Locality.country_code == country)
    found = {str(centre.id): centre for centre in session.scalars(query)}
    if keep is not None:
        found.setdefault(str(keep.id), keep)
    return found

