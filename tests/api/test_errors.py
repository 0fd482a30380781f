"""Bad input is a 400 in JSON that names the problem; a missing or private record is a 404 in JSON.

Never a 500, and nothing in the database changes.
"""
from __future__ import annotations

import base64

import pytest

from planner.accounts.models import Role


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# query string on /api/v1/<list>, and a word the message must contain
BAD_LIST_QUERIES = [
    ("councils?limit=0", "limit"),
    ("councils?limit=101", "limit"),
    ("councils?limit=-1", "limit"),
    ("councils?limit=1.5", "limit"),
    ("councils?limit=abc", "limit"),
    ("councils?limit=%EF%BC%95", "limit"),  # a full-width digit five
    ("councils?limit=", "limit"),
    ("councils?cursor=not-a-cursor", "cursor"),
    ("councils?cursor=%00", "cursor"),
    ("councils?cursor=" + _cursor("after:abc"), "cursor"),
    ("councils?cursor=" + _cursor("after:99999999999"), "cursor"),  # beyond any id
    ("councils?cursor=" + _cursor("before:3"), "cursor"),
    ("councils?cursor=" + "A" * 200, "cursor"),
    ("councils?country=ZZ", "country"),
    ("councils?country=Jordan", "country"),
    ("councils?locality=nowhere-at-all", "locality"),
    ("councils?theme=youth", "theme"),  # councils have no theme
    ("councils?sort=name", "sort"),  # the API lists by id only
    ("councils?page=2", "page"),
    ("councils?contry=JO", "contry"),  # a typo must not widen the result
    ("councils?country=JO&country=MA", "country"),
    ("organisations?kind=bank", "kind"),
    ("partnerships?kind=" + "x" * 500, "kind"),
    ("centres?audience=martians", "audience"),
    ("initiatives?theme=%00", "theme"),
    ("initiatives?q=!!!", "q"),  # no word to look for
    ("initiatives?q=" + "word " * 60, "q"),  # longer than a search may be
]


@pytest.mark.parametrize(("query", "named"), BAD_LIST_QUERIES)
def test_a_bad_parameter_is_a_400_that_names_it_and_changes_nothing(client, world, table_counts, query, named):
    before = table_counts()
    response = client.get(f"/api/v1/{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == "Bad Request" and body["status"] == 400
    assert named in body["message"]
    assert table_counts() == before


BAD_OTHER = [
    "/api/v1/councils/{council}?limit=3",  # a record takes no parameters
    "/api/v1/councils/{council}/budget/2026?limit=0",
    "/api/v1/councils/{council}/budget/2026?cursor=nonsense",
    "/api/v1/councils/{council}/budget/2026?country=JO",
]


@pytest.mark.parametrize("path", BAD_OTHER)
def test_records_and_budgets_refuse_bad_parameters_too(client, world, make, path):
    make.envelope(world.council_a, 2026)
    response = client.get(path.format(council=world.council_a.slug))
    assert response.status_code == 400
    assert response.get_json()["message"]


NOT_FOUND = [
    "/api/v1/councils/no-such-council",
    "/api/v1/councils/99999999",
    "/api/v1/councils/99999999999999999999",  # beyond an INTEGER column
    "/api/v1/councils/" + "x" * 300,
    "/api/v1/councils/%00",
    "/api/v1/councils/{council_hidden}",  # archived
    "/api/v1/centres/{centre_hidden}",
    "/api/v1/organisations/{org_hidden}",
    "/api/v1/initiatives/{draft}",  # a draft
    "/api/v1/programmes/{programme_of_draft}",  # a programme of a draft is as private as the draft
    "/api/v1/partnerships/{partnership_hidden}",
    "/api/v1/councils/{council_a}/budget/2026",  # no envelope, nothing published
    "/api/v1/councils/{council_a}/budget/1066",  # a year the planner cannot hold
    "/api/v1/councils/{council_a}/budget/99999999999",
    "/api/v1/councils/{council_a}/budget/this-year",
    "/api/v1/councils/{council_hidden}/budget/2026",
    "/api/v1/nothing-here",
    "/api/v2/councils",
]


@pytest.mark.parametrize("path", NOT_FOUND)
def test_a_missing_or_private_record_is_a_404_in_json(client, world, make, path):
    make.envelope(world.council_hidden, 2026)
    keys = {name: getattr(world, name).slug for name in (
        "council_a", "council_hidden", "centre_hidden", "org_hidden", "draft", "programme_of_draft",
        "partnership_hidden")}
    response = client.get(path.format(**keys))
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"


@pytest.mark.parametrize("role", [Role.ADMIN, "coordinator"])
def test_the_api_hides_drafts_even_from_those_who_may_see_them_on_the_site(client, world, make, login, role):
    viewer = make.admin() if role is Role.ADMIN else make.coordinator(of=world.org_a)
    login(viewer)
    assert client.get(f"/initiatives/{world.draft.slug}").status_code == 200  # the site shows it to them
    assert client.get(f"/api/v1/initiatives/{world.draft.slug}").status_code == 404
    listed = client.get("/api/v1/initiatives?limit=100&country=MA").get_json()["data"]
    assert world.draft.slug not in [item["slug"] for item in listed]


def test_the_api_only_reads(client, world):
    for method in (client.post, client.put, client.delete):
        assert method("/api/v1/councils").status_code == 405
