"""Recording partnerships between two or more parties (councils, centres, organisations, countries),
with the initiatives they serve; every write is audited.

A party named by someone who does not speak for it is asked: its coordinators or council members are e-mailed, and
agree (it is then named in public) or decline (it leaves the partnership). A partnership is public once AGREED_BY
of its parties have agreed."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from planner.accounts.models import User
from planner.audit.services import audit_edit, record_event
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.db import session
from planner.initiatives.models import Initiative
from planner.organisations.models import Organisation
from planner.i18n import isolate, worded_for
from planner.notifications.services import queue_email
from planner.partnerships.models import AGREED_BY, Partnership, PartnershipParty
from planner.permissions import Permission, agrees_by_naming, can, parties_answered_by, speak_for
from planner.places.models import Country
from planner.records.changes import apply_changes, keys_of
from planner.records.errors import RecordError
from planner.records.slugs import add_with_slug
from planner.translated import shown_name
from planner.types import RecordStatus
from planner.urls import absolute_url

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
    for party in parties:
        party.agreed = agrees_by_naming(actor, party)
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
    _settle(partnership)
    add_with_slug(partnership, details["title"], "partnership")
    record_event(actor, "partnership.create", partnership,
                 after={"title": partnership.title, "slug": partnership.slug,
                        "parties": [p.party_key for p in partnership.parties],
                        "asked": [p.party_key for p in partnership.parties if not p.agreed]})
    _ask(actor, partnership, [party for party in partnership.parties if not party.agreed])
    return partnership


def edit_partnership(actor, partnership: Partnership, **values) -> Partnership:
    """Change a partnership; parties kept stay as they are, others are added or removed."""
    if partnership.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This partnership is archived and can no longer be changed."))
    details, chosen, initiative_ids = _split(values)
    wanted = {party.party_key: party for party in _parties(actor, chosen)}
    initiatives = _initiatives(actor, initiative_ids)
    before, after = apply_changes(partnership, details)
    added = _replace_parties(partnership, wanted, before, after)
    if keys_of(partnership.initiatives) != keys_of(initiatives):
        before["initiatives"], after["initiatives"] = keys_of(partnership.initiatives), keys_of(initiatives)
        partnership.initiatives = initiatives
    _settle(partnership)
    session.flush()
    audit_edit(actor, "partnership.edit", partnership, before, after)
    _ask(actor, partnership, [party for party in added if not party.agreed])
    return partnership


def _replace_parties(partnership: Partnership, wanted: dict[str, PartnershipParty], before: dict,
                     after: dict) -> list[PartnershipParty]:
    """Remove the parties no longer wanted and add the new ones (flushing removals first, so a party
    removed and re-added never meets itself in the unique index); returns those added. A party kept keeps its
    answer."""
    current = sorted(party.party_key for party in partnership.parties)
    if current == sorted(wanted):
        return []
    before["parties"], after["parties"] = current, sorted(wanted)
    for party in [p for p in partnership.parties if p.party_key not in wanted]:
        partnership.parties.remove(party)
    session.flush()
    kept = {party.party_key for party in partnership.parties}
    added = [party for key, party in wanted.items() if key not in kept]
    partnership.parties.extend(added)
    return added


def _settle(partnership: Partnership) -> None:
    """Whether enough parties have agreed for the public to see the partnership (written even when unchanged, so
    that the search index takes up the parties it names now)."""
    partnership.is_agreed = len(partnership.agreed_parties) >= AGREED_BY
    flag_modified(partnership, "is_agreed")


# --- the parties' answers -------------------------------------------------------------------


def agree(actor, party_id: int) -> PartnershipParty:
    """The party agrees to be named: the public sees it among the parties (and the partnership, once enough
    have agreed). Whoever recorded the partnership is told."""
    party = _asked(party_id)
    party.agreed = True
    _settle(party.partnership)
    session.flush()
    record_event(actor, "partnership.agree", party.partnership, before={"asked": party.party_key},
                 after={"agreed": party.party_key})
    _tell_recorder(actor, party.partnership, party, agreed=True)
    return party


def decline(actor, party_id: int) -> PartnershipParty:
    """The party declines to be named: it leaves the partnership, and whoever recorded it is told."""
    party = _asked(party_id)
    partnership = party.partnership
    partnership.parties.remove(party)
    _settle(partnership)
    session.flush()
    record_event(actor, "partnership.decline", partnership, before={"asked": party.party_key}, after={})
    _tell_recorder(actor, partnership, party, agreed=False)
    return party


def _asked(party_id: int) -> PartnershipParty:
    """The party, its partnership's row held (two answers at once are taken in turn, each counting the other's),
    if it is still asked."""
    partnership = session.scalars(
        select(Partnership).where(Partnership.id.in_(select(PartnershipParty.partnership_id)
                                                     .where(PartnershipParty.id == party_id)))
        .with_for_update().options(selectinload(Partnership.parties)).execution_options(populate_existing=True)
    ).one_or_none()
    party = next((party for party in partnership.parties if party.id == party_id), None) if partnership else None
    if party is None:
        raise RecordError(_l("This party is no longer named in the partnership."))
    if partnership.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This partnership is archived and can no longer be changed."))
    if party.agreed:
        raise RecordError(_l("This party has answered already."))
    return party


# --- telling people -------------------------------------------------------------------------


def _ask(actor, partnership: Partnership, parties: list[PartnershipParty]) -> None:
    """E-mail the people who speak for each party asked, in their own language, with the page to answer on."""
    if not parties:
        return
    link = absolute_url("directory.partnership", key=partnership.slug)
    for party in parties:
        for person in session.scalars(select(User).where(speak_for(party), User.id != actor.id)):
            with worded_for(person):
                words = {"title": isolate(shown_name(partnership)), "party": isolate(party_name(party)),
                         "person": isolate(actor.name)}
                subject = _("Is %(party)s a party to “%(title)s”?", **words)
                body = _("%(person)s has recorded the partnership “%(title)s” and named %(party)s among its parties. "
                         "The directory shows %(party)s as a party only once one of its coordinators or members "
                         "agrees. Open the partnership to agree or decline:", **words)
            queue_email(person, "partnership.asked", subject, f"{body}\n\n{link}")


def _tell_recorder(actor, partnership: Partnership, party: PartnershipParty, agreed: bool) -> None:
    """Tell whoever recorded the partnership how a party answered (not themselves, nor a closed account)."""
    recorder = session.get(User, partnership.created_by_id) if partnership.created_by_id else None
    if recorder is None or not recorder.is_active or recorder.id == actor.id:
        return
    link = absolute_url("directory.partnership", key=partnership.slug)
    with worded_for(recorder):
        words = {"title": isolate(shown_name(partnership)), "party": isolate(party_name(party)),
                 "person": isolate(actor.name)}
        if agreed:
            subject = _("%(party)s agreed to be a party to “%(title)s”", **words)
            body = _("%(person)s agreed, for %(party)s, to be named among the parties to “%(title)s”.", **words)
        else:
            subject = _("%(party)s declined to be a party to “%(title)s”", **words)
            body = _("%(person)s declined, for %(party)s, to be named among the parties to “%(title)s”, so it is no "
                     "longer one of them.", **words)
    queue_email(recorder, "partnership.answered", subject, f"{body}\n\n{link}")


def party_name(party: PartnershipParty) -> str:
    """The party's name in the reader's language (a country's too)."""
    return party.country.shown_name if party.country_code else shown_name(party.record)


def asked_of(user, limit: int) -> list[PartnershipParty]:
    """The parties the user may agree or decline for, in active partnerships, the longest asked first."""
    return list(session.scalars(
        select(PartnershipParty).join(Partnership, Partnership.id == PartnershipParty.partnership_id)
        .where(parties_answered_by(user, PartnershipParty), PartnershipParty.agreed.is_(False),
               Partnership.status == RecordStatus.ACTIVE)
        .options(selectinload(PartnershipParty.partnership), selectinload(PartnershipParty.council),
                 selectinload(PartnershipParty.centre), selectinload(PartnershipParty.organisation))
        .order_by(PartnershipParty.id).limit(limit)))


def archive_partnership(actor, partnership: Partnership) -> Partnership:
    """Take a partnership out of the public directory, keeping it for history."""
    if partnership.status is RecordStatus.ARCHIVED:
        raise RecordError(_l("This partnership is already archived."))
    partnership.status = RecordStatus.ARCHIVED
    session.flush()
    record_event(actor, "partnership.archive", partnership, before={"status": "active"}, after={"status": "archived"})
    return partnership
