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

from planner.db import RecordStatus
from planner.directory.public import DIRECTORY_MODELS, visible
from planner.initiatives.models import InitiativeStatus
from planner.permissions import Permission, can
from tests import factories as make
from tests.conftest import log_in
from tests.permissions.world import ROLES, build_world


def _records_in_every_state() -> list:
    council = make.council()
    records = [council, make.council(status=RecordStatus.ARCHIVED),
               make.centre(in_council=council), make.centre(in_council=council, status=RecordStatus.ARCHIVED),
               make.organisation(), make.organisation(status=RecordStatus.ARCHIVED),
               make.partnership(parties=[council]),
               make.partnership(parties=[council], status=RecordStatus.ARCHIVED)]
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
