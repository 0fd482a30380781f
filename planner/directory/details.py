"""What a detail page shows around its record: the related public records, each list bounded.

Each function takes the record (already loaded and checked by the view) and returns the related
records the page lists, loaded in a fixed number of queries.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.db import session
from planner.directory.public import visible, visible_programme
from planner.initiatives.models import Initiative, initiative_partners
from planner.organisations.models import Organisation
from planner.partnerships.models import AGREED_BY, Partnership, PartnershipParty, partnership_initiatives
from planner.permissions import is_public
from planner.types import RecordStatus
from planner.volunteering.models import Programme, Shift, ShiftStatus, programme_languages

RELATED_LIMIT = 50


@dataclass
class Related:
    """Up to RELATED_LIMIT related records, and whether there were more."""

    items: list[Any]
    more: bool = False

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _related(statement: Select) -> Related:
    rows = list(session.scalars(statement.limit(RELATED_LIMIT + 1)).unique())
    return Related(rows[:RELATED_LIMIT], len(rows) > RELATED_LIMIT)


def _public(record):
    """The record if the public may see it, else None (a page never links to a hidden record)."""
    return record if record is not None and is_public(record) else None


def _initiatives(*conditions) -> Related:
    return _related(
        select(Initiative).where(visible(Initiative), *conditions)
        .options(selectinload(Initiative.lead_organisation), selectinload(Initiative.locality))
        .order_by(Initiative.starts_on.desc(), Initiative.id)
    )


def _programmes(*conditions) -> Related:
    return _related(select(Programme).where(*conditions).order_by(Programme.name, Programme.id))


def _partnerships(*conditions) -> Related:
    return _related(
        select(Partnership).where(visible(Partnership), *conditions).order_by(Partnership.title, Partnership.id)
    )


def _party_to(column, record_id: int):
    """The partnerships this record agreed to be named in."""
    return Partnership.id.in_(select(PartnershipParty.partnership_id)
                              .where(column == record_id, PartnershipParty.agreed.is_(True)))


def council_relations(council: Council) -> dict[str, Any]:
    """A council's centres, published initiatives and partnerships."""
    return {
        "centres": _related(
            select(Centre).where(Centre.council_id == council.id, visible(Centre)).order_by(Centre.name, Centre.id)
        ),
        "initiatives": _initiatives(Initiative.council_id == council.id),
        "partnerships": _partnerships(_party_to(PartnershipParty.council_id, council.id)),
    }


def centre_relations(centre: Centre) -> dict[str, Any]:
    """A centre's council, the initiatives it hosts, its programmes and partnerships."""
    return {
        "council": _public(centre.council),
        "initiatives": _initiatives(Initiative.venue_centre_id == centre.id),
        "programmes": _programmes(Programme.centre_id == centre.id, visible_programme()),
        "partnerships": _partnerships(_party_to(PartnershipParty.centre_id, centre.id)),
    }


def organisation_relations(organisation: Organisation) -> dict[str, Any]:
    """The initiatives an organisation leads and partners on, its programmes and partnerships."""
    partnered = select(initiative_partners.c.initiative_id).where(
        initiative_partners.c.organisation_id == organisation.id
    )
    return {
        "led": _initiatives(Initiative.lead_organisation_id == organisation.id),
        "partnered": _initiatives(Initiative.id.in_(partnered)),
        "programmes": _programmes(Programme.organisation_id == organisation.id, visible_programme()),
        "partnerships": _partnerships(_party_to(PartnershipParty.organisation_id, organisation.id)),
    }


def initiative_relations(initiative: Initiative) -> dict[str, Any]:
    """An initiative's council, venue, lead, partners, audiences, programmes and partnerships."""
    linked = select(partnership_initiatives.c.partnership_id).where(
        partnership_initiatives.c.initiative_id == initiative.id
    )
    return {
        "council": _public(initiative.council),
        "venue": _public(initiative.venue),
        "lead": _public(initiative.lead_organisation),
        "partners": [partner for partner in initiative.partners if is_public(partner)],
        # whoever may see the initiative may see its active programmes, even while it is a draft
        "programmes": _programmes(Programme.initiative_id == initiative.id, Programme.status == RecordStatus.ACTIVE),
        "partnerships": _partnerships(Partnership.id.in_(linked)),
    }


def programme_relations(programme: Programme) -> dict[str, Any]:
    """A programme's owners, the languages it works in, and its upcoming shifts."""
    languages = session.scalars(
        select(programme_languages.c.language_code)
        .where(programme_languages.c.programme_id == programme.id)
        .order_by(programme_languages.c.language_code)
    )
    shifts = _related(
        select(Shift)
        .where(Shift.programme_id == programme.id, Shift.status == ShiftStatus.SCHEDULED, Shift.ends_at > utcnow())
        .options(selectinload(Shift.locality), selectinload(Shift.centre), selectinload(Shift.series))
        .order_by(Shift.starts_at, Shift.id)
    )
    return {
        "initiative": programme.initiative,  # the view has checked the viewer may see it
        "organisation": _public(programme.organisation),
        "centre": _public(programme.centre),
        "languages": list(languages),
        "shifts": shifts,
    }


def partnership_relations(partnership: Partnership) -> dict[str, Any]:
    """A partnership's parties that agreed, those asked (for the page to show to whoever may see them), each with
    its record, and the published initiatives it serves."""
    parties = session.scalars(
        select(PartnershipParty)
        .where(PartnershipParty.partnership_id == partnership.id)
        .options(
            selectinload(PartnershipParty.council), selectinload(PartnershipParty.centre),
            selectinload(PartnershipParty.organisation), selectinload(PartnershipParty.country),
        )
        .order_by(PartnershipParty.id)
    )
    linked = select(partnership_initiatives.c.initiative_id).where(
        partnership_initiatives.c.partnership_id == partnership.id
    )
    parties = list(parties)
    return {"parties": [party for party in parties if party.agreed],
            "asked": [party for party in parties if not party.agreed], "agreed_by": AGREED_BY,
            "initiatives": _initiatives(Initiative.id.in_(linked))}

