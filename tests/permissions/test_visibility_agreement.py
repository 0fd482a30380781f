"""One visibility rule per model: the per-record check and the SQL condition agree on the same data.

Each directory model's `is_public` is a hybrid: a bool on a loaded record (what `can` and the
detail pages use) and a condition in SQL (what the lists, search, API, CSV and feeds use).
These tests build records in every state and check that both forms give the same answer, and
that a shift is shown to exactly the people who may see its programme.
"""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from planner.accounts.models import Role
from planner.budgets.models import BudgetRequest, RequestStatus
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.directory.public import DIRECTORY_MODELS, visible
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.initiatives.services import review_queue
from planner.organisations.models import Organisation
from planner.permissions import Permission, acts_under, can, visible as visible_to, visible_requests
from planner.types import RecordStatus
from planner.volunteering.models import Programme
from tests import factories as make
from tests.conftest import log_in
from tests.permissions.world import ROLES, build_world


def _records_in_every_state() -> list:
    council = make.council()
    records = [council, make.council(status=RecordStatus.ARCHIVED),
               make.centre(in_council=council), make.centre(in_council=council, status=RecordStatus.ARCHIVED),
               make.organisation(), make.organisation(status=RecordStatus.ARCHIVED),
               make.partnership(parties=[council]),
               make.partnership(parties=[council], status=RecordStatus.ARCHIVED),
               make.partnership(parties=[make.organisation()], asked=[council])]  # one party agreed of two
    for status in InitiativeStatus:
        initiative = make.initiative(in_council=council, status=status)
        records.append(initiative)
        for programme_status in RecordStatus:
            records.append(make.programme(initiative_id=initiative.id, status=programme_status))
    records += [make.programme(status=status) for status in RecordStatus]  # no initiative
    return records


@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda model: model.__name__)
def test_the_record_check_and_the_query_agree(db, model):
    records = [record for record in _records_in_every_state() if isinstance(record, model)]
    db.flush()
    shown_by_query = set(db.scalars(select(model.id).where(visible(model), model.id.in_([r.id for r in records]))))
    anonymous = AnonymousUserMixin()
    for record in records:
        db.refresh(record)
        assert record.is_public == (record.id in shown_by_query) == can(anonymous, Permission.RECORD_VIEW, record), \
            (model.__name__, getattr(record, "status", None))
    assert shown_by_query and len(shown_by_query) < len(records)  # both kinds of record were there


def _world_in_every_state():
    """The permission world, plus records of A's and X's in every state, each kind tied to the roles."""
    world = build_world()
    a, x = world.org_a, world.council_x
    extra = [make.council(status=RecordStatus.ARCHIVED), make.centre(in_council=x, status=RecordStatus.ARCHIVED),
             make.organisation(status=RecordStatus.ARCHIVED),
             make.partnership(parties=[a, x], status=RecordStatus.ARCHIVED),
             make.partnership(parties=[world.org_b], status=RecordStatus.ARCHIVED), make.partnership(parties=[x]),
             make.partnership(parties=[world.org_b], asked=[a]), make.partnership(parties=[world.org_b], asked=[x]),
             make.partnership(parties=[a], asked=[world.org_b])]  # seen by those asked and those who agreed
    for status in InitiativeStatus:
        for lead, council in ((a, x), (world.org_b, x), (world.org_b, world.council_y)):
            initiative = make.initiative(in_council=council, lead=lead, status=status)
            extra += [initiative] + [make.programme(owner=world.org_b, initiative_id=initiative.id, status=state)
                                     for state in RecordStatus]
    extra += [make.programme(owner=a, status=RecordStatus.ARCHIVED), make.programme(centre_id=world.centre_x.id,
                                                                                    status=RecordStatus.ARCHIVED)]
    archived_seat = make.council(status=RecordStatus.ARCHIVED)
    archived_org = make.organisation(status=RecordStatus.ARCHIVED)
    make.grant(world.users["member_x"], Role.COUNCIL_MEMBER, council=archived_seat)
    make.grant(world.users["coordinator_a"], Role.COORDINATOR, organisation=archived_org)
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", DIRECTORY_MODELS, ids=lambda model: model.__name__)
def test_what_a_user_may_open_is_what_their_lists_hold(db, model, role):
    """can(user, RECORD_VIEW, record) and permissions.visible(user, Model) agree, for every model and role."""
    world = _world_in_every_state()
    db.flush()
    user = world.users[role] or AnonymousUserMixin()
    listed = set(db.scalars(select(model.id).where(visible_to(user, model))))
    every = db.scalars(select(model)).all()
    disagreements = [(record.id, getattr(record, "status", None)) for record in every
                     if can(user, Permission.RECORD_VIEW, record) != (record.id in listed)]
    assert disagreements == []
    assert listed, "the world should hold something each role may see"


@pytest.mark.parametrize("role", ROLES)
def test_a_shift_answers_as_its_programme_does(app, client, db, role):
    """Whoever may open a programme's page may open its shifts' pages, and no one else (200 or 404 on both)."""
    world = build_world()
    council = world.council_x
    pending = make.initiative(in_council=council, lead=world.org_a, status=InitiativeStatus.SUBMITTED)
    programmes = [make.programme(owner=world.org_a, initiative_id=pending.id), make.programme(owner=world.org_a),
                  make.programme(owner=world.org_a, status=RecordStatus.ARCHIVED)]
    pages = [(programme.slug, make.shift(of=programme).id) for programme in programmes]
    db.commit()
    if world.users[role] is not None:
        log_in(client, world.users[role])
    for slug, shift_id in pages:
        programme_page = client.get(f"/programmes/{slug}").status_code
        shift_page = client.get(f"/shifts/{shift_id}").status_code
        assert (programme_page, shift_page) in ((200, 200), (404, 404)), (role, slug)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_the_review_queue_holds_what_the_user_may_review(db, role):
    """Each submitted initiative is in a user's queue exactly when they may review it (a member never sees
    their own organisation's initiative there: they could not act on it)."""
    world = _world_in_every_state()
    user = world.users[role]
    make.grant(world.users["member_x"], Role.COORDINATOR, organisation=world.org_a)  # X's member also runs A
    db.flush()
    queued = set(db.scalars(review_queue(user).with_only_columns(Initiative.id)))
    submitted = db.scalars(select(Initiative).where(Initiative.status == InitiativeStatus.SUBMITTED)).all()
    assert {i.id for i in submitted if can(user, Permission.INITIATIVE_REVIEW, i)} == queued


@pytest.mark.parametrize("role", ROLES)
def test_budget_requests_a_user_may_open_are_the_ones_their_panels_list(db, role):
    """can(user, REQUEST_VIEW, request) and permissions.visible_requests agree, in every state, for every role."""
    world = build_world()
    for status in RequestStatus:
        for initiative in (world.initiative_a, world.initiative_b):
            make.budget_request(initiative, status=status)
    db.flush()
    user = world.users[role] or AnonymousUserMixin()
    listed = set(db.scalars(select(BudgetRequest.id).where(visible_requests(user, BudgetRequest))))
    every = db.scalars(select(BudgetRequest)).all()
    assert [r.id for r in every if can(user, Permission.REQUEST_VIEW, r) != (r.id in listed)] == []
    assert listed


# For each list of where a record may go, the roles of the world below that it offers somewhere.
OFFERED_SOMEWHERE = {
    (Permission.CENTRE_CREATE, Council): {"admin", "member_x", "chair_x"},
    (Permission.INITIATIVE_CREATE, Organisation): {"admin", "coordinator_a", "coordinator_b"},
    (Permission.PROGRAMME_CREATE, Organisation): {"admin", "coordinator_a", "coordinator_b"},
    (Permission.PROGRAMME_CREATE, Centre): {"admin", "coordinator_b"},
    (Permission.SHIFT_MANAGE, Programme): {"admin", "coordinator_a", "coordinator_b"},  # what a programme may share
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission, model", OFFERED_SOMEWHERE, ids=lambda value: getattr(value, "__name__", value))
def test_where_a_form_offers_to_create_is_where_the_user_may(db, role, permission, model):
    """A form's list of where a record may go (permissions.acts_under) holds exactly the records `can` allows."""
    world = build_world()
    make.grant(world.users["coordinator_b"], Role.COORDINATOR, centre=world.centre_x)  # B's coordinator runs X's centre
    make.grant(world.users["member_x"], Role.COUNCIL_MEMBER, council=make.council(status=RecordStatus.ARCHIVED))
    db.flush()
    user = world.users[role] or AnonymousUserMixin()
    offered = set(db.scalars(select(model.id).where(acts_under(user, permission, model))))
    every = db.scalars(select(model)).all()
    assert [record.id for record in every if can(user, permission, record) != (record.id in offered)] == []
    assert bool(offered) == (role in OFFERED_SOMEWHERE[permission, model])
