"""A small world for permission tests: two organisations, two councils, one user per role."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from planner.accounts.models import Role, User
from planner.clock import utcnow
from planner.initiatives.models import InitiativeStatus
from tests import factories as make

ROLES = ("anonymous", "volunteer", "coordinator_a", "coordinator_b", "member_x", "chair_x", "admin")


@dataclass
class World:
    """Records A/B (organisations) and X/Y (councils), and who holds which role where."""

    users: dict[str, User | None] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.records[name]
        except KeyError as missing:
            raise AttributeError(name) from missing


def build_world() -> World:
    """Councils X and Y, organisations A and B with initiatives in X and Y, and the role holders."""
    world = World()
    council_x, council_y = make.council(name="Council X"), make.council(name="Council Y")
    org_a, org_b = make.organisation(name="Organisation A"), make.organisation(name="Organisation B")
    centre_x = make.centre(name="Centre X", in_council=council_x)
    world.records.update(
        council_x=council_x, council_y=council_y, org_a=org_a, org_b=org_b, centre_x=centre_x,
        initiative_a=make.initiative(title="Initiative A", in_council=council_x, lead=org_a),
        draft_a=make.initiative(title="Draft A", in_council=council_x, lead=org_a, status=InitiativeStatus.DRAFT),
        initiative_b=make.initiative(title="Initiative B", in_council=council_y, lead=org_b),
        draft_b=make.initiative(title="Draft B", in_council=council_y, lead=org_b, status=InitiativeStatus.DRAFT),
    )
    world.records["programme_a"] = make.programme(name="Programme A", owner=org_a)
    world.records["programme_b"] = make.programme(name="Programme B", owner=org_b)
    world.records["shift_a"] = make.shift(of=world.programme_a)
    world.records["shift_b"] = make.shift(of=world.programme_b)
    world.records["series_a"] = make.series(of=world.programme_a)

    world.users["anonymous"] = None
    world.users["volunteer"] = make.user(name="Vera Volunteer")
    make.grant(world.users["volunteer"], Role.VOLUNTEER)
    world.records["certificate_v"] = make.certificate(world.users["volunteer"])
    world.records["logged_v"] = make.logged_hours(world.users["volunteer"], world.programme_a)
    world.records["requirement_a"] = make.requirement(world.programme_a)
    world.records["met_v"] = make.requirement_met(  # holding on shift A's day, and lapsing within a month
        world.requirement_a, world.users["volunteer"], valid_until=(utcnow() + timedelta(days=20)).date())
    make.requirement_met(make.requirement(world.programme_b, "First aid course"), world.users["volunteer"])  # what
    # programme A's page offers the administrator to share (and B's volunteers need: the volunteer has it for good)
    world.users["coordinator_a"] = make.user(name="Cora of A")
    make.grant(world.users["coordinator_a"], Role.COORDINATOR, organisation=org_a)
    world.users["coordinator_b"] = make.user(name="Cody of B")
    make.grant(world.users["coordinator_b"], Role.COORDINATOR, organisation=org_b)
    world.users["member_x"] = make.user(name="Mona Member of X")
    make.grant(world.users["member_x"], Role.COUNCIL_MEMBER, council=council_x)
    world.users["chair_x"] = make.user(name="Chad Chair of X")
    make.grant(world.users["chair_x"], Role.COUNCIL_CHAIR, council=council_x)
    world.users["admin"] = make.user(name="Ada Admin")
    make.grant(world.users["admin"], Role.ADMIN)
    return world
