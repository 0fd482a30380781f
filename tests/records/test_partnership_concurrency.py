"""Parties answering a partnership at the same moment: each answer counts the others', on real connections."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from planner.accounts.models import User
from planner.db import session
from planner.partnerships import services
from planner.partnerships.models import Partnership
from tests import factories
from tests.volunteering.test_concurrency import run_together

pytestmark = pytest.mark.live


def test_one_party_declining_as_another_agrees_leaves_the_partnership_public(live_app, live_db):
    """A recorded it naming B and C; B declines as C agrees. A and C have agreed: the directory shows it. Without the
    partnership's row held, the decline could count C as still asked and, committing last, hide it."""
    a, b, c = factories.organisation(), factories.organisation(), factories.organisation()
    recorder = factories.coordinator(a)
    partnership = factories.partnership(parties=[a], asked=[b, c], created_by=recorder)
    speaker_b, speaker_c = factories.coordinator(b), factories.coordinator(c)
    live_db.commit()
    party_of = {party.organisation_id: party.id for party in partnership.parties}

    def answer(action, person_id: int, party_id: int) -> Callable[[], object]:
        return lambda: action(session.get(User, person_id), party_id)

    results = run_together(live_app, [answer(services.decline, speaker_b.id, party_of[b.id]),
                                      answer(services.agree, speaker_c.id, party_of[c.id])])

    assert not [result for result in results if isinstance(result, Exception)], results
    live_db.expire_all()
    saved = live_db.get(Partnership, partnership.id)
    assert sorted(party.organisation_id for party in saved.parties) == sorted([a.id, c.id])
    assert saved.is_agreed and all(party.agreed for party in saved.parties)
