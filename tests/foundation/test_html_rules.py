"""HTML rules the validator holds pages to: ids unique with several forms on a page, and `required` only on a
list that starts with an empty choice."""
from __future__ import annotations

import re
from collections import Counter

from planner.budgets.models import RequestStatus
from tests.budgets.conftest import build_scene


def _repeated_ids(page: str) -> list[str]:
    return [value for value, count in Counter(re.findall(r'\sid="([^"]+)"', page)).items() if count > 1]


def test_a_request_page_with_a_members_several_forms_repeats_no_id(client, login, make, csrf_on):
    scene = build_scene(make)
    request = make.budget_request(for_initiative=scene.initiative, status=RequestStatus.SUBMITTED)
    login(scene.members[0])
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 2  # the vote, the comment, the recusal…
    assert _repeated_ids(page) == []


def test_a_required_list_that_starts_with_a_real_choice_is_not_marked_required(client, login, make):
    organisation = make.organisation(name="Atlas Weavers")
    login(make.coordinator(of=organisation))
    page = client.get("/programmes/new").get_data(as_text=True)
    owner = re.search(r"<select[^>]*\bid=\"owner\"[^>]*>", page).group(0)
    assert "required" not in owner  # HTML: `required` needs an empty first option; the server checks it still
    assert f'value="organisation:{organisation.id}"' in page
