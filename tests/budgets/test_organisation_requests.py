"""An organisation's coordinators find all its budget requests on one page, drafts included, by status."""
from datetime import UTC, datetime

from planner.accounts.models import Role
from planner.budgets.models import RequestStatus


def requests_page(client, scene, query: str = "") -> str:
    response = client.get(f"/organisations/{scene.organisation.slug}/requests{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_coordinators_see_their_requests_latest_changed_first_and_by_status(client, login, make, scene, clock):
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False)
    make.budget_request(scene.initiative, title="Spring draft", created_by=scene.coordinator)
    clock.set(datetime(2026, 3, 9, 9, tzinfo=UTC), tick=False)
    make.budget_request(scene.initiative, title="Returned kit", status=RequestStatus.RETURNED)
    clock.set(datetime(2026, 3, 16, 9, tzinfo=UTC), tick=False)
    make.budget_request(scene.initiative, title="Awaiting hall", status=RequestStatus.SUBMITTED)
    make.budget_request(make.initiative(in_council=scene.council), title="Someone else's")
    login(scene.coordinator)

    page = requests_page(client, scene)
    assert page.index("Awaiting hall") < page.index("Returned kit") < page.index("Spring draft")
    assert "Someone else&#39;s" not in page and "Someone else's" not in page
    assert "Returned for changes" in page and "Draft" in page

    returned = requests_page(client, scene, "?status=returned")
    assert "Returned kit" in returned and "Spring draft" not in returned and "Awaiting hall" not in returned
    assert "No requests here." in requests_page(client, scene, "?status=withdrawn")
    assert "Spring draft" in requests_page(client, scene, "?status=nonsense&page=abc")  # all of them, no error


def test_my_planner_counts_lead_to_the_list(client, login, make, scene, clock):
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    make.budget_request(scene.initiative, title="Returned kit", status=RequestStatus.RETURNED)
    login(scene.coordinator)
    planner = client.get("/me").get_data(as_text=True)
    listed = f"/organisations/{scene.organisation.slug}/requests"
    assert f'href="{listed}?status=returned">Returned for changes: 1' in planner
    assert f'href="{listed}">All requests' in planner
    organisation_page = client.get(f"/organisations/{scene.organisation.slug}").get_data(as_text=True)
    assert f'href="/organisations/{scene.organisation.slug}/requests"' in organisation_page


def test_only_the_organisations_coordinators_see_the_list(client, login, make, scene, clock):
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    make.budget_request(scene.initiative, title="Spring draft")
    address = f"/organisations/{scene.organisation.slug}/requests"
    assert client.get(address).status_code == 302  # to log in
    login(scene.chair)  # the council sees submitted requests on its own queue, never the organisation's drafts
    assert client.get(address).status_code == 403
    assert f'href="{address}"' not in client.get(f"/organisations/{scene.organisation.slug}").get_data(as_text=True)
    other = make.user()
    make.grant(other, Role.COORDINATOR, organisation=make.organisation())
    login(other)
    assert client.get(address).status_code == 403


def test_an_organisation_without_requests_is_told_where_they_start(client, login, scene):
    login(scene.coordinator)
    assert "A request starts from the page of one of its initiatives" in requests_page(client, scene)
