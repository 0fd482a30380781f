"""Recording partnerships between two or more parties (councils, centres, organisations, countries),
with the initiatives they serve; every write is audited."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from planner.audit.services import audit_edit, record_event
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.partnerships.models import Partnership, PartnershipParty
from planner.permissions import Permission, can
from planner.places.models import Country
from planner.records.changes import apply_changes, keys_of
from planner.records.errors import RecordError
from planner.records.slugs import add_with_slug
from planner.types import RecordStatus

# Which column of a party each kind of record fills, and the form field that names it.
PARTY_KINDS = (
    ("council", Council, Council.id, "council_ids"),
    ("centre", Centre, Centre.id, "centre_ids"),
    ("organisation", Organisation, Organisation.id, "organisation_ids"),
    ("country", Country, Country.code, "country_codes"),
)


def _parties(actor, chosen: dict[str, list]) -> list[PartnershipParty]:
    """Unsaved parties for the chosen records: all must exist, at least two, one of them the actor's."""
    parties = []
    for kind, model, column, field in PARTY_KINDS:
        keys = set(chosen[field])
        rows = session.scalars(select(model).where(column.in_(keys))) if keys else []
        found = {getattr(row, column.key) for row in rows}
        if found != keys:
            raise RecordError(_l("Choose from the list."), field)
        column_name = "country_code" if kind == "country" else f"{kind}_id"
        parties += [PartnershipParty(party_key=f"{kind}:{key}", **{column_name: key}) for key in sorted(found, key=str)]
    if len(parties) < 2:
        raise RecordError(_l("A partnership needs at least two different parties."), "parties")
    if not can(actor, Permission.PARTNERSHIP_PARTIES, parties):
        raise RecordError(_l("Include a council, centre or organisation you represent among the parties."), "parties")
    return parties


def _initiatives(actor, initiative_ids: list[int]) -> list[Initiative]:
    """The initiatives the partnership serves; the actor must be able to see each of them."""
    found = list(session.scalars(select(Initiative).where(Initiative.id.in_(initiative_ids)))) if initiative_ids else []
    if len(found) != len(set(initiative_ids)) or not all(can(actor, Permission.RECORD_VIEW, i) for i in found):
        raise RecordError(_l("Choose from the list."), "initiative_ids")
    return sorted(found, key=lambda initiative: initiative.id)


def _split(values: dict) -> tuple[dict, dict[str, list], list[int]]:
    """The form's values as (the partnership's own fields, the chosen parties, the initiative ids)."""
    details = dict(values)
    chosen = {field: details.pop(field) or [] for _kind, _model, _column, field in PARTY_KINDS}
    return details, chosen, details.pop("initiative_ids") or []


def create_partnership(actor, **values) -> Partnership:
    """A new active partnership recorded by the actor (title, kind, summary, dates, parties, initiatives)."""
    details, chosen, initiative_ids = _split(values)
    partnership = Partnership(created_by_id=actor.id, parties=_parties(actor, chosen),
                              initiatives=_initiatives(actor, initiative_ids), **details)
    add_with_slug(partnership, details["title"], "partnership")
    record_event(actor, "partnership.create", partnership,
                 after={"title": partnership.title, "slug": partnership.slug,
                        "parties": [p.party_key for p in partnership.parties]})
    return partnership


def edit_partnership(actor, partnership: Partnership, **values) -> Partnership:
    """Change a partnership; parties kept stay as they are, others are added or removed."""
    if partnership.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This partnership is archived and can no longer be changed."))
    details, chosen, initiative_ids = _split(values)
    wanted = {party.party_key: party for party in _parties(actor, chosen)}
    initiatives = _initiatives(actor, initiative_ids)
    before, after = apply_changes(partnership, details)
    _replace_parties(partnership, wanted, before, after)
    if keys_of(partnership.initiatives) != keys_of(initiatives):
        before["initiatives"], after["initiatives"] = keys_of(partnership.initiatives), keys_of(initiatives)
        partnership.initiatives = initiatives
    session.flush()
    audit_edit(actor, "partnership.edit", partnership, before, after)
    return partnership


def _replace_parties(partnership: Partnership, wanted: dict[str, PartnershipParty], before: dict, after: dict) -> None:
    """Remove the parties no longer wanted and add the new ones (flushing removals first, so a party
    removed and re-added never meets itself in the unique index)."""
    current = sorted(party.party_key for party in partnership.parties)
    if current == sorted(wanted):
        return
    before["parties"], after["parties"] = current, sorted(wanted)
    for party in [p for p in partnership.parties if p.party_key not in wanted]:
        partnership.parties.remove(party)
    session.flush()
    kept = {party.party_key for party in partnership.parties}
    partnership.parties.extend(party for key, party in wanted.items() if key not in kept)


def archive_partnership(actor, partnership: Partnership) -> Partnership:
    """Take a partnership out of the public directory, keeping it for history."""
    if partnership.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This partnership is already archived."))
    partnership.status = RecordStatus.ARCHIVED
    session.flush()
    record_event(actor, "partnership.archive", partnership, before={"status": "active"}, after={"status": "archived"})
    return partnership


def partnerships_of(record) -> Select:
    """Active partnerships a council, centre, organisation or country is party to, newest first, with
    every party loaded (for "partners" on the record's directory page; paginate it)."""
    column = {
        Council: PartnershipParty.council_id, Centre: PartnershipParty.centre_id,
        Organisation: PartnershipParty.organisation_id, Country: PartnershipParty.country_code,
    }[type(record)]
    key = record.code if isinstance(record, Country) else record.id
    parties = selectinload(Partnership.parties)
    return (
        select(Partnership)
        .where(Partnership.status == RecordStatus.ACTIVE,
               Partnership.id.in_(select(PartnershipParty.partnership_id).where(column == key)))
        .options(parties.selectinload(PartnershipParty.council), parties.selectinload(PartnershipParty.centre),
                 parties.selectinload(PartnershipParty.organisation), parties.selectinload(PartnershipParty.country))
        .order_by(Partnership.created_at.desc(), Partnership.id.desc())
    )
