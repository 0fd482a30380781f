"""Initiatives: drafting and editing, and the life cycle a council reviews.

    draft ──submit──▶ submitted ──publish──▶ published ──archive──▶ archived
                        │    ▲
                  return│    │resubmit
                        ▼    │
                      returned

Drafts and returned initiatives may also be archived (withdrawn). Every transition is audited
in the same transaction, and publishing or returning tells the coordinator by email.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from planner.accounts.models import Role, RoleGrant, User
from planner.audit.services import audit_edit, record_event
from planner.centres.models import Centre
from planner.clock import utcnow
from planner.councils.models import Council
from planner.db import session
from planner.i18n import isolate, worded_for
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.notifications.services import queue_email
from planner.organisations.models import Organisation
from planner.permissions import Permission, can, coordinated_organisation_ids, reviewable
from planner.records.changes import apply_changes, keys_of
from planner.records.errors import RecordError
from planner.records.slugs import add_with_slug
from planner.translated import shown_name
from planner.types import RecordStatus
from planner.vocab.models import Audience, Theme

S = InitiativeStatus

STATUS_LABELS = {
    S.DRAFT: _l("Draft"),
    S.SUBMITTED: _l("Submitted for review"),
    S.RETURNED: _l("Returned for changes"),
    S.PUBLISHED: _l("Published"),
    S.ARCHIVED: _l("Archived"),
}

# action: (the states it may start from, the state it leads to)
TRANSITIONS = {
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
    "publish": ({S.SUBMITTED}, S.PUBLISHED),
    "return": ({S.SUBMITTED}, S.RETURNED),
    "archive": ({S.DRAFT, S.RETURNED, S.PUBLISHED}, S.ARCHIVED),
}

REFUSALS = {
    "submit": _l("Only a draft or a returned initiative can be submitted; this one is %(status)s."),
    "publish": _l("Only a submitted initiative can be published; this one is %(status)s."),
    "return": _l("Only a submitted initiative can be returned; this one is %(status)s."),
    "archive": _l("This initiative cannot be archived: it is %(status)s."),
}

EDITABLE = {S.DRAFT, S.RETURNED}

PERMISSION_FOR = {
    "edit": Permission.INITIATIVE_EDIT,
    "submit": Permission.INITIATIVE_SUBMIT,
    "publish": Permission.INITIATIVE_REVIEW,
    "return": Permission.INITIATIVE_REVIEW,
    "archive": Permission.INITIATIVE_ARCHIVE,
}


def status_label(status: InitiativeStatus) -> str:
    """The status in the reader's language."""
    return str(STATUS_LABELS[status])


# --- drafting ------------------------------------------------------------------------------


def _details(council_id: int, venue_centre_id: int | None, theme_key: str, partner_ids: list[int],
             audience_keys: list[str], lead_organisation_id: int) -> dict:
    """The related records the form names, checked: council, venue in its area, theme, partners, audiences."""
    council = session.get(Council, council_id)
    if council is None or council.status is not RecordStatus.ACTIVE:
        raise RecordError(_l("Choose a council from the list."), "council_id")
    venue = session.get(Centre, venue_centre_id) if venue_centre_id else None
    if venue_centre_id and (venue is None or venue.council_id != council.id):
        raise RecordError(_l("The venue must be a centre in the chosen council's area."), "venue_centre_id")
    if session.get(Theme, theme_key) is None:
        raise RecordError(_l("Choose a theme from the list."), "theme_key")
    if lead_organisation_id in partner_ids:
        raise RecordError(_l("The lead organisation cannot also be listed as a partner."), "partner_ids")
    partners = _all_of(Organisation, Organisation.id, partner_ids, "partner_ids")
    audiences = _all_of(Audience, Audience.key, audience_keys, "audience_keys")
    return {"council": council, "venue": venue, "partners": partners, "audiences": audiences}


def _all_of(model, column, keys: list, field: str) -> list:
    found = list(session.scalars(select(model).where(column.in_(keys)))) if keys else []
    if len(found) != len(set(keys)):
        raise RecordError(_l("Choose from the list."), field)
    return found


def create_initiative(actor: User, lead: Organisation, *, title: str, summary: str, description: str,
                      theme_key: str, council_id: int, venue_centre_id: int | None, partner_ids: list[int],
                      audience_keys: list[str], starts_on: date, ends_on: date | None) -> Initiative:
    """A new draft led by the organisation, with the actor as its coordinator."""
    if lead.status is not RecordStatus.ACTIVE:
        raise RecordError(_l("This organisation is archived; choose another."), "lead_organisation_id")
    found = _details(council_id, venue_centre_id, theme_key, partner_ids, audience_keys, lead.id)
    initiative = Initiative(
        title=title, summary=summary, description=description, theme_key=theme_key, council_id=council_id,
        locality_id=(found["venue"] or found["council"]).locality_id, venue_centre_id=venue_centre_id,
        lead_organisation_id=lead.id, coordinator_id=actor.id, starts_on=starts_on, ends_on=ends_on,
        status=S.DRAFT, partners=found["partners"], audiences=found["audiences"],
    )
    add_with_slug(initiative, title, "initiative")
    record_event(actor, "initiative.create", initiative,
                 after={"title": title, "slug": initiative.slug, "status": S.DRAFT.value, "lead": lead.id})
    return initiative


def open_to_changes(user, initiative: Initiative) -> bool:
    """Whether the initiative's state lets this user change it: drafts and returned initiatives; published ones
    only for those who may correct what is public (whether they may edit it at all is INITIATIVE_EDIT's question)."""
    return initiative.status in EDITABLE or (
        initiative.status is S.PUBLISHED and can(user, Permission.INITIATIVE_CORRECT, initiative))


def _check_editable(actor: User, initiative: Initiative) -> None:
    if open_to_changes(actor, initiative):
        return
    raise RecordError(_l("This initiative is %(status)s and cannot be changed now.",
                         status=status_label(initiative.status)))


def edit_initiative(actor: User, initiative: Initiative, *, partner_ids: list[int], audience_keys: list[str],
                    **fields) -> Initiative:
    """Change a draft or returned initiative (the fields of create_initiative); slug, lead and status stay."""
    _check_editable(actor, initiative)
    found = _details(fields["council_id"], fields["venue_centre_id"], fields["theme_key"], partner_ids,
                     audience_keys, initiative.lead_organisation_id)
    fields["locality_id"] = (found["venue"] or found["council"]).locality_id
    before, after = apply_changes(initiative, fields)
    for name in ("partners", "audiences"):
        old, new = keys_of(getattr(initiative, name)), keys_of(found[name])
        if old != new:
            before[name], after[name] = old, new
            setattr(initiative, name, found[name])
    session.flush()
    audit_edit(actor, "initiative.edit", initiative, before, after)
    return initiative


# --- the life cycle ------------------------------------------------------------------------


def _lock(initiative: Initiative) -> None:
    """Reload the initiative's row under a lock held until the commit (SQLite serialises writers anyway)."""
    statement = select(Initiative).where(Initiative.id == initiative.id).with_for_update(of=Initiative)
    session.scalars(statement.execution_options(populate_existing=True)).one()


def _move(actor: User, initiative: Initiative, action: str, comment: str = "") -> InitiativeStatus:
    """Move the initiative along one transition (the row locked against a simultaneous reviewer);
    returns the state it left. The audit event names "resubmit" when a returned one goes back."""
    _lock(initiative)
    sources, target = TRANSITIONS[action]
    before = initiative.status
    if before not in sources:
        raise RecordError(REFUSALS[action] % {"status": status_label(before)})
    initiative.status = target
    name = "resubmit" if action == "submit" and before is S.RETURNED else action
    record_event(actor, f"initiative.{name}", initiative, before={"status": before.value},
                 after={"status": target.value}, comment=comment)
    return before


def submit(actor: User, initiative: Initiative) -> Initiative:
    """Send a draft (or a revised, returned initiative) to its council for review."""
    _move(actor, initiative, "submit")
    initiative.submitted_at = utcnow()
    session.flush()
    return initiative


def publish(actor: User, initiative: Initiative, link: str = "") -> Initiative:
    """Make a submitted initiative public, and tell its coordinator."""
    _move(actor, initiative, "publish")
    initiative.published_at = utcnow()
    initiative.review_comment = ""
    session.flush()
    _tell_coordinators(initiative, "initiative.published", link)
    return initiative


def return_for_changes(actor: User, initiative: Initiative, comment: str, link: str = "") -> Initiative:
    """Send a submitted initiative back to its coordinator with the council's comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise RecordError(_l("Say what should change before the initiative can be published."), "comment")
    _move(actor, initiative, "return", comment)
    initiative.review_comment = comment
    session.flush()
    _tell_coordinators(initiative, "initiative.returned", link)
    return initiative


def archive(actor: User, initiative: Initiative) -> Initiative:
    """Withdraw a draft or returned initiative, or take a published one out of the directory."""
    _move(actor, initiative, "archive")
    session.flush()
    return initiative


def available_actions(user, initiative: Initiative) -> set[str]:
    """What this user may do to the initiative now: edit, submit, publish, return, archive."""
    if not getattr(user, "is_authenticated", False):
        return set()
    allowed = {action for action, (sources, _target) in TRANSITIONS.items() if initiative.status in sources}
    if open_to_changes(user, initiative):
        allowed.add("edit")
    return {action for action in allowed if can(user, PERMISSION_FOR[action], initiative)}


# --- telling the coordinator ----------------------------------------------------------------


def _recipients(initiative: Initiative) -> list[User]:
    """The coordinator who drafted it, or (if they are gone) the lead organisation's coordinators."""
    if initiative.coordinator is not None and initiative.coordinator.is_active:
        return [initiative.coordinator]
    grants = session.scalars(
        select(RoleGrant).options(joinedload(RoleGrant.user)).where(
            RoleGrant.role == Role.COORDINATOR, RoleGrant.organisation_id == initiative.lead_organisation_id,
            RoleGrant.revoked_at.is_(None),
        )
    )
    return [grant.user for grant in grants if grant.user.is_active]


def _tell_coordinators(initiative: Initiative, kind: str, link: str) -> None:
    for person in _recipients(initiative):
        with worded_for(person):
            subject, body = _message(initiative, kind)
            if link:
                body = f"{body}\n\n{link}"
            queue_email(person, kind, subject, body)


def _message(initiative: Initiative, kind: str) -> tuple[str, str]:
    title = isolate(shown_name(initiative))
    if kind == "initiative.published":
        return (gettext("Your initiative “%(title)s” is published", title=title),
                gettext("The council published “%(title)s”. Anyone can now find it in the directory.", title=title))
    return (
        gettext("Your initiative “%(title)s” was returned for changes", title=title),
        gettext("The council returned “%(title)s” with this comment:\n\n%(comment)s\n\n"
                "Please revise the initiative and submit it again.", title=title, comment=initiative.review_comment),
    )


# --- lists for the people who run and review initiatives ------------------------------------


def review_queue(user: User) -> Select:
    """Submitted initiatives the user may review (permissions.reviewable: their councils' initiatives, not
    their own organisation's; administrators: all), oldest first."""
    return (
        select(Initiative)
        .options(joinedload(Initiative.lead_organisation), joinedload(Initiative.council))
        .where(Initiative.status == S.SUBMITTED, reviewable(user, Initiative))
        .order_by(Initiative.submitted_at, Initiative.id)
    )


def my_initiatives(user: User) -> Select:
    """The initiatives of the organisations the user coordinates, in every state but archived, latest first."""
    return (
        select(Initiative)
        .options(joinedload(Initiative.lead_organisation), joinedload(Initiative.council))
        .where(Initiative.lead_organisation_id.in_(coordinated_organisation_ids(user)),
               Initiative.status.in_((S.DRAFT, S.SUBMITTED, S.RETURNED, S.PUBLISHED)))
        .order_by(Initiative.updated_at.desc(), Initiative.id.desc())
    )
