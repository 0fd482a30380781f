"""A council with members, a chair and a treasurer, an initiative with its coordinator, and an envelope."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from planner.accounts.models import Role


@dataclass
class BudgetScene:
    council: object
    organisation: object
    initiative: object
    coordinator: object
    chair: object
    treasurer: object
    members: list = field(default_factory=list)
    envelope: object = None

    @property
    def voters(self) -> list:
        """Everyone who may vote: the chair, the treasurer and the plain members."""
        return [self.chair, self.treasurer, *self.members]


def build_scene(make, members: int = 3, envelope: str | None = "10000.00", quorum: int | None = None,
                currency: str = "JOD") -> BudgetScene:
    make.theme("youth")
    council = make.council(quorum=quorum, currency=currency)
    organisation = make.organisation()
    coordinator = make.user(name="Coordinator Cora")
    make.grant(coordinator, Role.COORDINATOR, organisation=organisation)
    initiative = make.initiative(in_council=council, lead=organisation, theme_key="youth")
    scene = BudgetScene(
        council=council, organisation=organisation, initiative=initiative, coordinator=coordinator,
        chair=make.council_member(council, Role.COUNCIL_CHAIR, name="Chair Chadia"),
        treasurer=make.council_member(council, Role.COUNCIL_TREASURER, name="Treasurer Tariq"),
        members=[make.council_member(council, name=f"Member {n}") for n in range(1, members + 1)],
    )
    if envelope is not None:
        scene.envelope = make.envelope(council, 2026, envelope)
    return scene


@pytest.fixture
def scene(make) -> BudgetScene:
    return build_scene(make)
