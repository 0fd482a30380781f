"""The header leads coordinators to their initiatives and council members to what awaits review."""
from planner.accounts.models import Role


def _nav(client) -> str:
    return client.get("/").get_data(as_text=True).split("</nav>")[0]


def test_each_role_finds_its_own_work_in_the_header(client, login, make):
    organisation, council = make.organisation(), make.council()
    coordinator = make.coordinator(of=organisation)
    member = make.council_member(council)
    volunteer = make.user()
    make.grant(volunteer, Role.VOLUNTEER)

    login(coordinator)
    assert "/initiatives/mine" in _nav(client) and "/initiatives/review" not in _nav(client)
    login(member)
    assert "/initiatives/review" in _nav(client) and "/initiatives/mine" not in _nav(client)
    login(volunteer)
    assert "/initiatives/mine" not in _nav(client) and "/initiatives/review" not in _nav(client)
