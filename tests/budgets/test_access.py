"""Who may open which budget page (role × page), CSRF on every form, and the audit trail of a whole review."""
import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.budgets.models import RequestStatus, ReviewComment

ROLES = ("anonymous", "outsider", "coordinator", "member", "treasurer", "chair", "admin")
LOGIN = 302  # an anonymous visitor is sent to the login page

# page → expected status for each role, in the order of ROLES
MATRIX = {
    "/councils/{council}/budget/2026": (200, 200, 200, 200, 200, 200, 200),  # public
    "/councils/{council}/budget/2026/envelope": (LOGIN, 403, 403, 403, 200, 200, 200),
    "/councils/{council}/requests": (LOGIN, 403, 403, 200, 200, 200, 200),  # the review queue
    "/initiatives/{initiative}/requests/new": (LOGIN, 403, 200, 403, 403, 403, 200),
    "/requests/{draft}": (LOGIN, 403, 200, 403, 403, 403, 200),  # drafts stay with their coordinators
    "/requests/{submitted}": (LOGIN, 403, 200, 200, 200, 200, 200),
    "/requests/{submitted}/edit": (LOGIN, 403, 302, 403, 403, 403, 302),  # not editable once submitted
    "/requests/{draft}/edit": (LOGIN, 403, 200, 403, 403, 403, 200),
    "/requests/{submitted}/decide": (LOGIN, 403, 403, 403, 403, 200, 403),  # admins do not decide
    "/requests/{decided}": (200, 200, 200, 200, 200, 200, 200),  # decided requests are public
}


@pytest.fixture
def people(make, scene):
    outsider, admin = make.user(), make.user()
    make.grant(admin, Role.ADMIN)
    records = {
        "council": scene.council.slug, "initiative": scene.initiative.slug,
        "draft": make.budget_request(scene.initiative).id,
        "submitted": make.budget_request(scene.initiative, status=RequestStatus.SUBMITTED).id,
        "decided": make.budget_request(scene.initiative, status=RequestStatus.DECIDED).id,
    }
    users = {"anonymous": None, "outsider": outsider, "coordinator": scene.coordinator, "member": scene.members[0],
             "treasurer": scene.treasurer, "chair": scene.chair, "admin": admin}
    return users, records


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, login, db, people, page, role):
    users, records = people
    if users[role] is None:
        db.commit()
    else:
        login(users[role])
    expected = MATRIX[page][ROLES.index(role)]
    assert client.get(page.format(**records)).status_code == expected


def test_every_budget_form_carries_a_csrf_token_and_posts_without_one_are_refused(
        client, login, make, scene, db, csrf_on):
    pending = make.budget_request(scene.initiative, status=RequestStatus.SUBMITTED)
    login(scene.chair)
    page = client.get(f"/requests/{pending.id}").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 4  # vote, recusal, comment, and the language switcher
    for path in (f"/councils/{scene.council.slug}/budget/2026/envelope", f"/requests/{pending.id}/decide"):
        assert 'name="csrf_token"' in client.get(path).get_data(as_text=True)
    response = client.post(f"/requests/{pending.id}/comment", data={"body": "Forged."})
    assert response.status_code == 400
    assert db.scalars(select(ReviewComment).where(ReviewComment.request_id == pending.id)).all() == []


def test_every_step_of_a_review_is_an_audit_event(client, login, make, scene, db):
    draft = make.budget_request(scene.initiative, created_by=scene.coordinator)
    make.grant(scene.members[2], Role.COORDINATOR, organisation=scene.organisation)
    login(scene.chair)
    client.post(f"/councils/{scene.council.slug}/budget/2026/envelope", data={"amount": "20000"})
    login(scene.coordinator)
    client.post(f"/requests/{draft.id}/submit")
    for member in (scene.chair, scene.treasurer, scene.members[0]):
        login(member)
        client.post(f"/requests/{draft.id}/vote", data={"choice": "approve", "reason": "Fine."})
    login(scene.members[1])
    client.post(f"/requests/{draft.id}/comment", data={"body": "Agreed."})
    login(scene.chair)
    client.post(f"/requests/{draft.id}/decide", data={"outcome": "approved"})
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a.startswith("budget.")] == [
        "budget.envelope.change", "budget.recusal", "budget.request.submit", "budget.vote", "budget.vote", "budget.vote",
        "budget.comment", "budget.decision"]
