"""The options coordinators pick from in programme and shift forms, loaded from the database and bounded."""
from __future__ import annotations

from sqlalchemy import select

from planner.centres.models import Centre
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.permissions import Permission, acts_under
from planner.places.models import Locality
from planner.types import RecordStatus
from planner.vocab.choices import skill_choices
from planner.volunteering.models import Programme

LIMIT = 300


def owners_for(user) -> dict[str, Organisation | Centre]:
    """The active organisations and centres the user may run a programme for, keyed as the owner field posts them."""
    owners: dict[str, Organisation | Centre] = {}
    for kind, model in (("organisation", Organisation), ("centre", Centre)):
        statement = (select(model).where(model.status == RecordStatus.ACTIVE,
                                         acts_under(user, Permission.PROGRAMME_CREATE, model))
                     .order_by(model.name).limit(LIMIT))
        owners.update((f"{kind}:{owner.id}", owner) for owner in session.scalars(statement))
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

