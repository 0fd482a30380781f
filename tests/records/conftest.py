"""A small world for the record-form tests: two councils, two organisations, their people."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent


@pytest.fixture
def world(db, make):
    """Council A (a member, a chair) with a centre; council B (a member); organisation A and B, each with
    a coordinator; an administrator; a person with no role. Committed, so requests see it."""
    make.theme("youth")
    make.theme("heritage")
    make.audience("youth")
    make.audience("refugees")
    make.service("language-classes")
    council_a, council_b = make.council("Amman East Test Council"), make.council("Zarqa Test Council")
    organisation_a, organisation_b = make.organisation("Organisation Alpha"), make.organisation("Organisation Beta")
    people = SimpleNamespace(
        council_a=council_a,
        council_b=council_b,
        centre_a=make.centre("Alpha Community Centre", in_council=council_a),
        centre_b=make.centre("Beta Community Centre", in_council=council_b),
        organisation_a=organisation_a,
        organisation_b=organisation_b,
        admin=make.admin(name="Ada Admin"),
        member_a=make.council_member(council_a, name="Mona Member"),
        chair_a=make.council_member(council_a, Role.COUNCIL_CHAIR, name="Chadi Chair"),
        member_b=make.council_member(council_b, name="Basma Member"),
        coordinator_a=make.coordinator(organisation_a, name="Karim Coordinator"),
        coordinator_b=make.coordinator(organisation_b, name="Lina Coordinator"),
        nobody=make.user(name="Nadia Nobody"),
    )
    db.commit()
    return people


def count(db, model, *conditions) -> int:
    """How many rows of the model match."""
    return db.scalar(select(func.count()).select_from(model).where(*conditions))


def events(db, action: str) -> list[AuditEvent]:
    """The audit events of one action, oldest first."""
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def snapshot(db, model, record_id: int) -> dict:
    """A row's column values, to compare before and after a refused request."""
    db.expire_all()
    row = db.get(model, record_id)
    return {column.key: getattr(row, column.key) for column in model.__table__.columns}
