"""Who may translate a record: the per-record check and the SQL condition the translators' queue lists by agree.

`can(user, RECORD_TRANSLATE, record)` decides on one record (its languages page);
`permissions.translatable(user, Model)` picks the same records in SQL (the queue on My planner). The world holds
records of every kind that may be translated, under organisations A and B, councils X and Y and centre X, and
each role must get the same answer from both on every record.
"""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from planner.accounts.models import Role
from planner.budgets.models import RequestStatus
from planner.languages.services import KINDS
from planner.permissions import Permission, can, translatable
from tests import factories as make
from tests.permissions.world import ROLES, build_world


def _world_of_every_kind():
    """The permission world, with partnerships, a centre's programme with its shift and requirement, a programme of
    an initiative run by another organisation, budget requests and decisions in both councils, and a centre run by a
    coordinator."""
    world = build_world()
    a, b, x, y = world.org_a, world.org_b, world.council_x, world.council_y
    make.partnership(parties=[a, y])
    make.partnership(parties=[b, y])
    make.partnership(parties=[x, b])
    make.partnership(parties=[world.centre_x, b])
    make.partnership(parties=[b, make.organisation()], created_by=world.users["coordinator_a"])
    make.centre(in_council=y)
    centre_programme = make.programme(centre_id=world.centre_x.id)
    make.shift(of=centre_programme)
    make.requirement(centre_programme, "First aid course")
    make.series(of=make.programme(owner=b, initiative_id=world.initiative_a.id))
    for initiative in (world.initiative_a, world.initiative_b):
        make.decision(make.budget_request(initiative, status=RequestStatus.DECIDED))
        make.budget_request(initiative)
    centre_runner = make.user(name="Cyd of Centre X")
    make.grant(centre_runner, Role.COORDINATOR, centre=world.centre_x)
    world.users["centre_x"] = centre_runner
    return world


@pytest.mark.parametrize("role", (*ROLES, "centre_x"))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_whoever_may_translate_a_record_finds_it_in_the_query(db, kind, role):
    world = _world_of_every_kind()
    db.flush()
    model = KINDS[kind]
    user = world.users[role] or AnonymousUserMixin()
    listed = set(db.scalars(select(model.id).where(translatable(user, model))))
    every = db.scalars(select(model)).all()
    assert len(every) >= 2
    assert [record.id for record in every if can(user, Permission.RECORD_TRANSLATE, record) != (record.id in listed)] \
        == []
    if role == "admin":
        assert listed == {record.id for record in every}
    if role in ("anonymous", "volunteer"):
        assert listed == set()


def test_every_translator_is_among_the_accounts_the_weekly_e_mail_looks_at(db):
    """The digest looks only at `may_translate_some`'s accounts: none who may translate a record is left out, and a
    volunteer who recorded nothing is not looked at."""
    from planner.accounts.models import User
    from planner.partnerships.models import Partnership
    from planner.permissions import may_translate_some

    world = _world_of_every_kind()
    recorder = make.user(name="Rima, who recorded a partnership")
    make.partnership(parties=[world.org_a, make.organisation()], created_by=recorder)
    db.flush()
    looked_at = set(db.scalars(select(User.id).where(may_translate_some([Partnership]))))
    translators = {user.id for user in db.scalars(select(User)) for model in KINDS.values()
                   if db.scalar(select(model.id).where(translatable(user, model)).limit(1)) is not None}

    assert recorder.id in translators and translators - looked_at == set()
    assert world.users["volunteer"].id not in looked_at
