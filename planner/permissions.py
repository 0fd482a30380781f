"""Who may do what, on which record: the one place that decides. Anything not granted here is denied.

Permissions are named `<resource>:<action>`. A rule takes the user (never anonymous: anonymous
visitors get only what `PUBLIC` lists) and the exact record, and answers yes or no from the
user's live role grants in effect: a grant of a role that needs two-step verification (see
accounts.models.TWO_FACTOR_ROLES) counts only once the user has set it up.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, false, or_, select, true

from planner.accounts.models import COUNCIL_ROLES, TWO_FACTOR_ROLES, Role, RoleGrant, User
from planner.extensions import login_manager
from planner.types import RecordStatus


class Permission(enum.StrEnum):
    """Every action the planner guards."""

    RECORD_VIEW = "record:view"  # a directory record, public or not (drafts, archived)
    RECORD_TRANSLATE = "record:translate"  # give a record's written fields in other languages (see TRANSLATE_AS)
    COUNCIL_CREATE = "council:create"
    COUNCIL_EDIT = "council:edit"
    COUNCIL_ARCHIVE = "council:archive"
    COUNCIL_MEMBERS_MANAGE = "council:members-manage"
    CENTRE_CREATE = "centre:create"
    CENTRE_EDIT = "centre:edit"
    CENTRE_ARCHIVE = "centre:archive"
    ORGANISATION_CREATE = "organisation:create"
    ORGANISATION_EDIT = "organisation:edit"
    ORGANISATION_ARCHIVE = "organisation:archive"
    INITIATIVE_CREATE = "initiative:create"  # record: the lead organisation
    INITIATIVE_EDIT = "initiative:edit"
    INITIATIVE_CORRECT = "initiative:correct"  # change a published initiative (administrators only)
    INITIATIVE_SUBMIT = "initiative:submit"
    INITIATIVE_REVIEW = "initiative:review"  # publish or return
    INITIATIVE_ARCHIVE = "initiative:archive"
    PROGRAMME_CREATE = "programme:create"  # record: the owning organisation or centre
    PROGRAMME_EDIT = "programme:edit"
    SHIFT_MANAGE = "shift:manage"  # record: the programme (shifts, roster, attendance, hours)
    VOLUNTEER_HOURS_VIEW = "hours:view"  # record: an organisation, a centre or an initiative (its programmes' hours)
    SIGNUP_CREATE = "signup:create"  # record: the shift
    SIGNUP_CANCEL = "signup:cancel"  # record: the sign-up
    SIGNUP_NOTE = "signup:note"  # record: the sign-up (change the note left for the coordinator)
    CHECK_IN_SELF = "signup:check-in-self"  # record: the shift (the service finds the user's own place)
    PROGRAMME_FOLLOW = "programme:follow"  # be e-mailed the shifts added to a public programme
    HOURS_LOG = "hours:log"  # record: the public programme the hours were given to outside its shifts
    HOURS_LOG_WITHDRAW = "hours:withdraw"  # record: the logged hours (one's own, while they wait)
    HOURS_LOG_DECIDE = "hours:decide"  # record: the logged hours (verify or decline another volunteer's)
    CERTIFICATE_OWN = "certificate:own"  # record: the certificate (download it, revoke it)
    PARTNERSHIP_CREATE = "partnership:create"
    PARTNERSHIP_PARTIES = "partnership:parties"  # record: the parties a partnership is to have (one must be one's own)
    PARTNERSHIP_EDIT = "partnership:edit"
    PARTNERSHIP_ANSWER = "partnership:answer"  # record: a party asked whether it agrees to be named
    PARTNERSHIP_SEE_ASKED = "partnership:see-asked"  # the parties asked and not yet answered
    # --- record forms and the initiative life cycle (records feature) ---
    PARTNERSHIP_ARCHIVE = "partnership:archive"
    ENVELOPE_SET = "envelope:set"  # record: the council
    REQUEST_CREATE = "request:create"  # record: the initiative
    REQUEST_EDIT = "request:edit"  # draft, submit, withdraw, revise
    REQUEST_VIEW = "request:view"
    REQUEST_REVIEW = "request:review"  # comment and vote
    REQUEST_DECIDE = "request:decide"
    # budgets: a council's review queue of budget requests (record: the council)
    REQUEST_QUEUE_VIEW = "request:queue-view"
    # budgets: an organisation's own list of its budget requests, drafts included (record: the organisation)
    REQUEST_LIST_OWN = "request:list-own"
    ROLE_GRANT = "role:grant"  # record: a GrantScope
    AUDIT_VIEW = "audit:view"
    NOTIFICATION_VIEW = "notification:view"  # the messages the outbox worker gave up on
    ACCOUNT_SELF = "account:self"  # one's own profile, password, hours, calendar
    # accounts feature: the administrators' list of accounts and their grants
    USER_ADMINISTER = "user:administer"


# --- facts about a user ------------------------------------------------------------------


def grants_in_effect(user: User) -> list[RoleGrant]:
    """The user's live grants that count: those needing two-step verification only once it is set up."""
    if user.has_two_factor:
        return user.grants
    return [grant for grant in user.grants if grant.role not in TWO_FACTOR_ROLES]


def is_admin(user: User) -> bool:
    return any(grant.role is Role.ADMIN for grant in grants_in_effect(user))


def coordinated_organisation_ids(user: User) -> set[int]:
    return {g.organisation_id for g in grants_in_effect(user) if g.role is Role.COORDINATOR and g.organisation_id}


def coordinated_centre_ids(user: User) -> set[int]:
    return {g.centre_id for g in grants_in_effect(user) if g.role is Role.COORDINATOR and g.centre_id}


def council_roles(user: User, council_id: int | None) -> set[Role]:
    return {g.role for g in grants_in_effect(user) if g.council_id == council_id and g.role in COUNCIL_ROLES}


def sits_on(user: User, council_id: int | None) -> bool:
    return bool(council_roles(user, council_id))


def chairs(user: User, council_id: int | None) -> bool:
    return Role.COUNCIL_CHAIR in council_roles(user, council_id)


def is_coordinator(user: User) -> bool:
    return bool(coordinated_organisation_ids(user) or coordinated_centre_ids(user))


# --- who runs a record -------------------------------------------------------------------


def runs_organisation(user: User, organisation) -> bool:
    return organisation is not None and organisation.id in coordinated_organisation_ids(user)


def runs_centre(user: User, centre) -> bool:
    return centre is not None and centre.id in coordinated_centre_ids(user)


def runs_owner(user: User, owner) -> bool:
    """Whether the user coordinates this organisation or centre. Told apart by their table, not only their id: an
    organisation and a centre may have the same one."""
    kind = getattr(owner, "__tablename__", "")
    if kind == "centres":
        return runs_centre(user, owner)
    return kind == "organisations" and runs_organisation(user, owner)


def runs_initiative(user: User, initiative) -> bool:
    return initiative.lead_organisation_id in coordinated_organisation_ids(user)


def runs_owner_or_initiative(user: User, record) -> bool:
    """Whether the user coordinates this organisation or centre, or the lead organisation of this initiative."""
    if getattr(record, "__tablename__", "") == "initiatives":
        return runs_initiative(user, record)
    return runs_owner(user, record)


def runs_programme(user: User, programme) -> bool:
    organisations = coordinated_organisation_ids(user)
    if programme.organisation_id in organisations or programme.centre_id in coordinated_centre_ids(user):
        return True
    return programme.initiative is not None and programme.initiative.lead_organisation_id in organisations


def run_by(programme) -> ColumnElement[bool]:
    """The people `runs_programme` lets run this programme, as a WHERE condition on users (its twin the other way
    round, to tell them what happens on it): coordinators of its organisation, of its centre, or of its
    initiative's lead organisation."""
    organisations = {programme.organisation_id, programme.initiative.lead_organisation_id if programme.initiative
                     else None} - {None}
    owners = [RoleGrant.organisation_id.in_(organisations)] if organisations else []
    if programme.centre_id:
        owners.append(RoleGrant.centre_id == programme.centre_id)
    if not owners:
        return false()
    return and_(User.is_active.is_(True), User.grants.any(and_(RoleGrant.role == Role.COORDINATOR, or_(*owners))))


def speaks_for_a_party(user: User, parties) -> bool:
    """Whether the user coordinates or sits on one of these parties (countries have no spokespeople)."""
    organisations, centres = coordinated_organisation_ids(user), coordinated_centre_ids(user)
    return any(
        party.organisation_id in organisations or party.centre_id in centres or sits_on(user, party.council_id)
        for party in parties
        if party.organisation_id or party.centre_id or party.council_id
    )


def party_to(user: User, partnership) -> bool:
    """Whether the user recorded the partnership, or coordinates or sits on one of the parties that agreed to it."""
    return partnership.created_by_id == user.id or speaks_for_a_party(user, partnership.agreed_parties)


def named_in(user: User, partnership) -> bool:
    """party_to, or speaks for a party still asked whether it agrees (who sees the partnership to answer)."""
    return partnership.created_by_id == user.id or speaks_for_a_party(user, partnership.parties)


def _answer_for_party(user: User, party) -> bool:
    """Whether the user may agree or decline for this party (while it is asked): they speak for it."""
    return speaks_for_a_party(user, [party])


def agrees_by_naming(user: User, party) -> bool:
    """Whether naming this party in a partnership is its agreement: the user speaks for it; it is a country, which
    has no spokespeople; or the user is an administrator, who records for the directory as the seeds do."""
    return party.country_code is not None or is_admin(user) or speaks_for_a_party(user, [party])


def speak_for(party) -> ColumnElement[bool]:
    """The people `speaks_for_a_party` lets speak for this party, as a WHERE condition on users (to ask them): a live
    grant scoped to it (a party's key is written as a grant's scope is)."""
    return and_(User.is_active.is_(True), User.grants.any(RoleGrant.scope_key == party.party_key))


def parties_answered_by(user, party_model) -> ColumnElement[bool]:
    """The parties the user may agree or decline for (PARTNERSHIP_ANSWER), as a WHERE condition: its twin."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return false()
    return or_(_among(party_model.organisation_id, coordinated_organisation_ids(user)),
               _among(party_model.centre_id, coordinated_centre_ids(user)),
               _among(party_model.council_id, _council_ids(user)))


# --- the rules ---------------------------------------------------------------------------


def _view_programme(user: User, programme) -> bool:
    """Its coordinators; a live programme of a private initiative also to whoever may see that initiative."""
    live_under_initiative = programme.initiative is not None and programme.status is RecordStatus.ACTIVE
    return runs_programme(user, programme) or (live_under_initiative and _view_record(user, programme.initiative))


# Who sees a record that is not public, by its table (the public rule is each model's own is_public).
PRIVATE_VIEW: dict[str, Callable[[User, Any], bool]] = {
    # Council members see an initiative once it has been submitted to them, never a mere draft.
    "initiatives": lambda user, r: runs_initiative(user, r) or (sits_on(user, r.council_id) and r.was_submitted),
    "councils": lambda user, r: sits_on(user, r.id),
    "centres": lambda user, r: runs_centre(user, r) or sits_on(user, r.council_id),
    "organisations": lambda user, r: runs_organisation(user, r),
    "partnerships": named_in,
    "programmes": _view_programme,
}


def _view_record(user: User, record) -> bool:
    """Public records to everyone; a draft or archived one to the people who run or oversee it."""
    if is_public(record):
        return True
    rule = PRIVATE_VIEW.get(getattr(record, "__tablename__", ""))
    return rule is not None and rule(user, record)


# --- the same view rules, as SQL conditions (for lists, queues and counts) ----------------


def visible(user, model) -> ColumnElement[bool]:
    """The records of this model the user may see (RECORD_VIEW), as a WHERE condition.

    The twin of `can(user, Permission.RECORD_VIEW, record)`; a test checks for every model and
    role that both give the same answer on the same rows.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return model.is_public
    if is_admin(user):
        return true()
    private = PRIVATE_VIEW_SQL.get(model.__tablename__)
    return or_(model.is_public, private(user, model)) if private else model.is_public


def visible_requests(user, model) -> ColumnElement[bool]:
    """The budget requests the user may see (REQUEST_VIEW), as a WHERE condition: the twin of _request_view."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return model.is_public
    if is_admin(user):
        return true()
    return or_(model.organisation_id.in_(coordinated_organisation_ids(user)),
               and_(model.council_id.in_(_council_ids(user)), ~model.is_draft), model.is_public)


def reviewable(user: User, model) -> ColumnElement[bool]:
    """The initiatives the user may review (INITIATIVE_REVIEW), as a WHERE condition: the twin of
    _initiative_review (their councils' initiatives, except their own organisation's)."""
    if is_admin(user):
        return true()
    return and_(model.council_id.in_(_council_ids(user)),
                model.lead_organisation_id.not_in(coordinated_organisation_ids(user)))


def acts_under(user, permission: Permission, model) -> ColumnElement[bool]:
    """The records of this model under which the user may do this (the councils for CENTRE_CREATE, the
    organisations for INITIATIVE_CREATE, the organisations and centres for PROGRAMME_CREATE, the programmes for
    SHIFT_MANAGE), as a WHERE condition: the twin of `can(user, permission, record)` for the forms' lists of where
    a record may go, which a test holds to the same answers. Anything not in UNDER or UNDER_SQL is none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return false()
    if is_admin(user) and permission not in ADMIN_EXCLUDED:
        return true()
    if rule := UNDER_SQL.get((permission, model.__tablename__)):
        return rule(user, model)
    ids_of = UNDER.get((permission, model.__tablename__))
    return model.id.in_(ids_of(user)) if ids_of else false()


def _related(model, relation: str):
    """The class at the other end of one of the model's relations (so this module imports no feature)."""
    return getattr(model, relation).property.mapper.class_


def _council_ids(user: User) -> set[int]:
    return {g.council_id for g in grants_in_effect(user) if g.role in COUNCIL_ROLES and g.council_id}


def _initiatives_seen_privately(user: User, model) -> ColumnElement[bool]:
    return or_(model.lead_organisation_id.in_(coordinated_organisation_ids(user)),
               and_(model.council_id.in_(_council_ids(user)), model.was_submitted))


def _partnerships_seen_privately(user: User, model) -> ColumnElement[bool]:
    party = _related(model, "parties")
    spoken_for = model.parties.any(or_(party.organisation_id.in_(coordinated_organisation_ids(user)),
                                       party.centre_id.in_(coordinated_centre_ids(user)),
                                       party.council_id.in_(_council_ids(user))))
    return or_(model.created_by_id == user.id, spoken_for)


def _programmes_seen_privately(user: User, model) -> ColumnElement[bool]:
    under_a_seen_initiative = and_(model.status == RecordStatus.ACTIVE,
                                   model.initiative.has(visible(user, _related(model, "initiative"))))
    return or_(_programmes_run(user, model), under_a_seen_initiative)


PRIVATE_VIEW_SQL: dict[str, Callable[[User, Any], ColumnElement[bool]]] = {
    "initiatives": _initiatives_seen_privately,
    "councils": lambda user, model: model.id.in_(_council_ids(user)),
    "centres": lambda user, model: or_(model.id.in_(coordinated_centre_ids(user)),
                                       model.council_id.in_(_council_ids(user))),
    "organisations": lambda user, model: model.id.in_(coordinated_organisation_ids(user)),
    "partnerships": _partnerships_seen_privately,
    "programmes": _programmes_seen_privately,
}


def _sits_on_any_council(user: User) -> bool:
    return any(g.role in COUNCIL_ROLES for g in grants_in_effect(user))


def _centre_create(user: User, council=None) -> bool:
    """In a council one sits on; with no council given: whether one may create a centre anywhere."""
    return _sits_on_any_council(user) if council is None else sits_on(user, council.id)


def _initiative_create(user: User, organisation=None) -> bool:
    """For an organisation one coordinates; with none given: whether one coordinates any."""
    return bool(coordinated_organisation_ids(user)) if organisation is None else runs_organisation(user, organisation)


def _initiative_review(user: User, initiative=None) -> bool:
    """Members of the initiative's council, except for their own organisation's initiatives
    (the same conflict of interest that makes them recuse on budgets); no initiative: any seat."""
    if initiative is None:
        return _sits_on_any_council(user)
    return sits_on(user, initiative.council_id) and not runs_initiative(user, initiative)


def _initiative_archive(user: User, initiative) -> bool:
    """Its coordinators; members of its council only once it is public (they never saw the draft)."""
    return runs_initiative(user, initiative) or (sits_on(user, initiative.council_id) and initiative.is_public)


def _request_view(user: User, request) -> bool:
    """The requesting coordinators always; the council once it is submitted (drafts stay private); all once decided."""
    return (
        request.organisation_id in coordinated_organisation_ids(user)
        or (sits_on(user, request.council_id) and not request.is_draft)
        or is_public(request)
    )


def _role_grant(user: User, scope) -> bool:
    """Chairs manage the member, treasurer and chair grants of their own council; admins all grants."""
    return scope.role in COUNCIL_ROLES and scope.council_id is not None and chairs(user, scope.council_id)


# Who may give a record's text in other languages: whoever may change that text (on the record itself, or
# on the record named second: a shift's programme, a decision's request).
TRANSLATE_AS: dict[str, tuple[Permission, str | None]] = {
    "councils": (Permission.COUNCIL_EDIT, None),
    "centres": (Permission.CENTRE_EDIT, None),
    "organisations": (Permission.ORGANISATION_EDIT, None),
    "initiatives": (Permission.INITIATIVE_EDIT, None),
    "programmes": (Permission.PROGRAMME_EDIT, None),
    "partnerships": (Permission.PARTNERSHIP_EDIT, None),
    "shifts": (Permission.SHIFT_MANAGE, "programme"),
    "shift_series": (Permission.SHIFT_MANAGE, "programme"),
    "programme_requirements": (Permission.SHIFT_MANAGE, "programme"),
    "budget_requests": (Permission.REQUEST_EDIT, None),
    "budget_decisions": (Permission.REQUEST_DECIDE, "request"),
}


def translatable(user, model) -> ColumnElement[bool]:
    """The records of this model whose text the user may give in other languages (RECORD_TRANSLATE), as a WHERE
    condition: the twin of `can(user, Permission.RECORD_TRANSLATE, record)`, which a test holds to the same answers
    (the translators' queue lists by it)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return false()
    if is_admin(user):
        return true()
    rule = TRANSLATE_SQL.get(model.__tablename__)
    return rule(user, model) if rule else false()


def may_translate_some(recorded: list) -> ColumnElement[bool]:
    """The active accounts that may translate some record, as a WHERE condition on users: a wider net than
    `translatable`, which decides record by record (a test holds every translator inside it). Every role but
    volunteering lets one translate some kind of record, and a volunteer may translate only what they recorded
    (`recorded`: the models with a `created_by_id` whose recorder may translate them, partnerships)."""
    roles = select(RoleGrant.user_id).where(RoleGrant.role != Role.VOLUNTEER, RoleGrant.revoked_at.is_(None))
    return and_(User.is_active.is_(True), or_(User.id.in_(roles),
                                              *(User.id.in_(select(model.created_by_id)) for model in recorded)))


def _chaired_ids(user: User) -> set[int]:
    return {g.council_id for g in grants_in_effect(user) if g.role is Role.COUNCIL_CHAIR and g.council_id}


def _among(column, ids: set[int]) -> ColumnElement[bool]:
    """column IN ids, or plain false for no ids, which the database drops before reading a row."""
    return column.in_(ids) if ids else false()


def _programmes_run(user: User, model) -> ColumnElement[bool]:
    """The twin of runs_programme."""
    organisations, centres = coordinated_organisation_ids(user), coordinated_centre_ids(user)
    if not (organisations or centres):
        return false()
    initiative = _related(model, "initiative")
    return or_(_among(model.organisation_id, organisations), _among(model.centre_id, centres),
               model.initiative.has(_among(initiative.lead_organisation_id, organisations)))


def _of_programmes_run(user: User, model) -> ColumnElement[bool]:
    """The shifts, series or requirements of programmes the user runs."""
    if not is_coordinator(user):
        return false()
    return model.programme.has(_programmes_run(user, _related(model, "programme")))


def _partnerships_spoken_for(user: User, model) -> ColumnElement[bool]:
    """The twin of party_to: the parties that agreed."""
    party = _related(model, "parties")
    organisations, centres, councils = (coordinated_organisation_ids(user), coordinated_centre_ids(user),
                                        _council_ids(user))
    if not (organisations or centres or councils):
        return model.created_by_id == user.id
    return or_(model.created_by_id == user.id, model.parties.any(and_(party.agreed.is_(True), or_(
        _among(party.organisation_id, organisations), _among(party.centre_id, centres),
        _among(party.council_id, councils)))))


# TRANSLATE_AS's rules as SQL conditions, by table.
TRANSLATE_SQL: dict[str, Callable[[User, Any], ColumnElement[bool]]] = {
    "councils": lambda user, model: _among(model.id, _chaired_ids(user)),
    "centres": lambda user, model: or_(_among(model.id, coordinated_centre_ids(user)),
                                       _among(model.council_id, _council_ids(user))),
    "organisations": lambda user, model: _among(model.id, coordinated_organisation_ids(user)),
    "initiatives": lambda user, model: _among(model.lead_organisation_id, coordinated_organisation_ids(user)),
    "programmes": _programmes_run,
    "partnerships": _partnerships_spoken_for,
    "shifts": _of_programmes_run,
    "shift_series": _of_programmes_run,
    "programme_requirements": _of_programmes_run,
    "budget_requests": lambda user, model: _among(model.organisation_id, coordinated_organisation_ids(user)),
    "budget_decisions": lambda user, model: (model.request.has(_related(model, "request").council_id.in_(chaired))
                                             if (chaired := _chaired_ids(user)) else false()),
}


def _translate(user: User, record) -> bool:
    permission, through = TRANSLATE_AS.get(getattr(record, "__tablename__", ""), (None, None))
    if permission is None:
        return False
    return can(user, permission, getattr(record, through) if through else record)


def _anyone(user: User, record=None) -> bool:
    return True


def _own_signup(user: User, signup) -> bool:
    """The volunteer's own sign-up (no one else may act on it, administrators included)."""
    return signup.volunteer_id == user.id


def _decides_logged_hours(user: User, entry) -> bool:
    """Whoever runs the programme (administrators too) verifies or declines what a volunteer logged, but never their
    own hours."""
    return entry.volunteer_id != user.id and (is_admin(user) or runs_programme(user, entry.programme))


def _nobody(user: User, record=None) -> bool:
    return False


RULES: dict[Permission, Callable[[User, Any], bool]] = {
    Permission.RECORD_VIEW: _view_record,
    Permission.RECORD_TRANSLATE: _translate,
    Permission.COUNCIL_CREATE: _nobody,
    Permission.COUNCIL_EDIT: lambda u, council: chairs(u, council.id),
    Permission.COUNCIL_ARCHIVE: _nobody,
    Permission.COUNCIL_MEMBERS_MANAGE: lambda u, council: chairs(u, council.id),
    Permission.CENTRE_CREATE: _centre_create,
    Permission.CENTRE_EDIT: lambda u, centre: runs_centre(u, centre) or sits_on(u, centre.council_id),
    Permission.CENTRE_ARCHIVE: lambda u, centre: sits_on(u, centre.council_id),
    Permission.ORGANISATION_CREATE: _nobody,
    Permission.ORGANISATION_EDIT: runs_organisation,
    Permission.ORGANISATION_ARCHIVE: _nobody,
    Permission.INITIATIVE_CREATE: _initiative_create,
    Permission.INITIATIVE_EDIT: runs_initiative,
    Permission.INITIATIVE_CORRECT: _nobody,  # administrators only
    Permission.INITIATIVE_SUBMIT: runs_initiative,
    Permission.INITIATIVE_REVIEW: _initiative_review,
    Permission.INITIATIVE_ARCHIVE: _initiative_archive,
    Permission.PROGRAMME_CREATE: runs_owner,
    Permission.PROGRAMME_EDIT: runs_programme,
    Permission.SHIFT_MANAGE: runs_programme,
    Permission.VOLUNTEER_HOURS_VIEW: runs_owner_or_initiative,
    Permission.SIGNUP_CREATE: _anyone,
    Permission.SIGNUP_CANCEL: _own_signup,
    Permission.SIGNUP_NOTE: _own_signup,
    Permission.CHECK_IN_SELF: _anyone,
    Permission.PROGRAMME_FOLLOW: lambda u, programme: is_public(programme),
    Permission.HOURS_LOG: lambda u, programme: is_public(programme),
    Permission.HOURS_LOG_WITHDRAW: lambda u, entry: entry.volunteer_id == u.id,
    Permission.HOURS_LOG_DECIDE: _decides_logged_hours,
    Permission.CERTIFICATE_OWN: lambda u, certificate: certificate.volunteer_id == u.id,
    Permission.PARTNERSHIP_CREATE: lambda u, record=None: is_coordinator(u) or _sits_on_any_council(u),
    Permission.PARTNERSHIP_PARTIES: speaks_for_a_party,
    Permission.PARTNERSHIP_EDIT: party_to,
    Permission.PARTNERSHIP_ANSWER: _answer_for_party,
    Permission.PARTNERSHIP_SEE_ASKED: named_in,
    Permission.PARTNERSHIP_ARCHIVE: party_to,
    Permission.ENVELOPE_SET: lambda u, council: bool(
        council_roles(u, council.id) & {Role.COUNCIL_CHAIR, Role.COUNCIL_TREASURER}
    ),
    Permission.REQUEST_CREATE: runs_initiative,
    Permission.REQUEST_EDIT: lambda u, request: request.organisation_id in coordinated_organisation_ids(u),
    Permission.REQUEST_VIEW: _request_view,
    Permission.REQUEST_REVIEW: lambda u, request: sits_on(u, request.council_id),
    Permission.REQUEST_DECIDE: lambda u, request: chairs(u, request.council_id),
    Permission.REQUEST_QUEUE_VIEW: lambda u, council: sits_on(u, council.id),
    Permission.REQUEST_LIST_OWN: runs_organisation,
    Permission.ROLE_GRANT: _role_grant,
    Permission.AUDIT_VIEW: _nobody,
    Permission.NOTIFICATION_VIEW: _nobody,  # administrators only
    Permission.ACCOUNT_SELF: _anyone,
    # accounts feature
    Permission.USER_ADMINISTER: _nobody,  # administrators only
}

# For acts_under: the ids of the records of a table under which a user may create, by permission.
UNDER: dict[tuple[Permission, str], Callable[[User], set[int]]] = {
    (Permission.CENTRE_CREATE, "councils"): _council_ids,
    (Permission.INITIATIVE_CREATE, "organisations"): coordinated_organisation_ids,
    (Permission.PROGRAMME_CREATE, "organisations"): coordinated_organisation_ids,
    (Permission.PROGRAMME_CREATE, "centres"): coordinated_centre_ids,
}

# ... and those told by a condition rather than a set of ids (a programme's requirements shared with another of the
# programmes the coordinator runs).
UNDER_SQL: dict[tuple[Permission, str], Callable[[User, Any], ColumnElement[bool]]] = {
    (Permission.SHIFT_MANAGE, "programmes"): _programmes_run,
}

# What an anonymous visitor may do: only look at public records.
PUBLIC = {
    Permission.RECORD_VIEW: lambda record: is_public(record),
    Permission.REQUEST_VIEW: lambda record: is_public(record),  # budgets: decided requests are public
}

# Administrators may do everything except act as someone else's volunteer, vote in a council, verify their own
# hours (those rules hold for them as for anyone, HOURS_LOG_DECIDE letting them decide on anyone else's), or agree
# for a party to a partnership that they do not speak for.
ADMIN_EXCLUDED = {Permission.PARTNERSHIP_ANSWER,
                  Permission.SIGNUP_CANCEL, Permission.SIGNUP_NOTE, Permission.CERTIFICATE_OWN,
                  Permission.REQUEST_REVIEW, Permission.REQUEST_DECIDE,
                  Permission.HOURS_LOG, Permission.HOURS_LOG_WITHDRAW, Permission.HOURS_LOG_DECIDE}


def is_public(record) -> bool:
    """Whether anyone may see this record without logging in: the record's own `is_public` rule (else no)."""
    return bool(getattr(record, "is_public", False))


def can(user, permission: Permission, record: Any = None) -> bool:
    """Whether this user may do this to this record. Unknown permissions are denied."""
    if user is None or not getattr(user, "is_authenticated", False):
        rule = PUBLIC.get(permission)
        return bool(rule and rule(record))
    if not user.is_active:
        return False
    if is_admin(user) and permission not in ADMIN_EXCLUDED:
        return True
    rule = RULES.get(permission)
    return bool(rule and rule(user, record))


def require(permission: Permission, record: Any = None, *, hide: bool = False) -> None:
    """Stop the request unless the current user may: 403, or 404 when the record's existence is private."""
    if can(current_user, permission, record):
        return
    # A record one may not see is "not found" for everyone, signed in or not: a 403 would confirm
    # that a draft (or an archived record) exists at that address.
    if hide or permission is Permission.RECORD_VIEW:
        abort(404)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)
