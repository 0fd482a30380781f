"""A coordinator drafts an itemised request, submits it, withdraws it, or revises and resubmits it."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.accounts.models import Role
from planner.audit.models import AuditEvent
from planner.budgets.models import BudgetRequest, Decision, DecisionOutcome, RequestStatus, RequestVersion


def request_form(**overrides) -> dict:
    """A filled-in request form: two line items in rows 0 and 2 (row 1 left blank), and a typed 'total'."""
    data = {
        "title": "Tutors and laptops",
        "fiscal_year": "2026",
        "justification": "Students lack tutors and devices.",
        "expected_outcomes": "80 students tutored.",
        "items-0-category": "staff", "items-0-description": "Tutor stipend (months)",
        "items-0-quantity": "10", "items-0-unit_cost": "500.00",
        "items-1-category": "", "items-1-description": "", "items-1-quantity": "", "items-1-unit_cost": "",
        "items-2-category": "equipment", "items-2-description": "Laptops",
        "items-2-quantity": "3", "items-2-unit_cost": "333.33",
        "total": "1.00",  # never used: the total is computed
        "action": "save",
    }
    data.update(overrides)
    return data


def _only_request(db, initiative) -> BudgetRequest:
    return db.scalars(select(BudgetRequest).where(BudgetRequest.initiative_id == initiative.id)).one()


def test_coordinator_drafts_an_itemised_request_and_the_total_is_computed(client, login, scene, db):
    login(scene.coordinator)
    assert client.get(f"/initiatives/{scene.initiative.slug}/requests/new").status_code == 200
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form())
    assert response.status_code == 302
    created = _only_request(db, scene.initiative)
    assert created.status is RequestStatus.DRAFT
    assert created.total == Decimal("5999.99")  # 10 × 500.00 + 3 × 333.33, not the typed 1.00
    assert created.council_id == scene.council.id and created.organisation_id == scene.organisation.id
    assert created.currency == scene.council.currency
    items = created.versions[0].items
    assert [(i.description, i.amount) for i in items] == [("Tutor stipend (months)", Decimal("5000.00")),
                                                          ("Laptops", Decimal("999.99"))]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tutors and laptops" in page and "5,999.99" in page and "Draft" in page


def test_line_amounts_round_half_up_to_the_currencys_minor_unit(client, login, scene, db):
    login(scene.coordinator)
    client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form(**{
        "items-0-quantity": "1.5", "items-0-unit_cost": "0.003", "items-2-category": "", "items-2-description": "",
        "items-2-quantity": "", "items-2-unit_cost": ""}))
    assert _only_request(db, scene.initiative).total == Decimal("0.005")  # JOD: 0.0045 rounds up to 5 fils


@pytest.mark.parametrize("overrides, message", [
    ({"items-0-quantity": "0"}, "The quantity must be more than zero."),
    ({"items-0-quantity": "ten"}, "Enter a number such as 1500.00"),
    ({"items-0-unit_cost": "-1"}, "A unit cost cannot be negative."),
    ({"items-0-unit_cost": "1.2345"}, "Amounts in JOD have at most 3 decimal places."),
    ({"items-0-quantity": "1.234"}, "Use at most two decimal places."),
    ({"items-0-description": ""}, "Describe what this line pays for."),
    ({"items-0-category": "bribes"}, "Choose a category."),
    ({"items-0-unit_cost": ""}, "Enter a unit cost."),
    ({"justification": ""}, "This field is required."),
    ({"fiscal_year": "1850"}, "Choose a year from the list."),
    ({"fiscal_year": "next year"}, "Choose a year from the list."),
    # a forged request: the title becomes the subject of the members' e-mail
    ({"title": "Youth club\r\nBcc: everyone@example.org"}, "Write this on one line, without line breaks."),
    ({"items-0-description": "Chairs\nand tables"}, "Write this on one line, without line breaks."),
])
def test_bad_request_input_is_shown_beside_the_field_and_nothing_is_saved(client, login, scene, db, overrides, message):
    login(scene.coordinator)
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.scalars(select(BudgetRequest).where(BudgetRequest.initiative_id == scene.initiative.id)).all() == []


def test_a_request_needs_at_least_one_line_item(client, login, scene, db):
    login(scene.coordinator)
    blank = {f"items-{n}-{name}": "" for n in range(3) for name in ("category", "description", "quantity", "unit_cost")}
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form(**blank))
    assert "Add at least one line item." in response.get_data(as_text=True)
    assert db.scalars(select(BudgetRequest).where(BudgetRequest.initiative_id == scene.initiative.id)).all() == []


def test_more_rows_button_keeps_what_was_typed_and_saves_nothing(client, login, scene, db):
    login(scene.coordinator)
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new",
                           data=request_form(action="add_rows"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="items-11-description"' in page  # 8 rows were shown, and 4 more were added
    assert 'value="Tutor stipend (months)"' in page
    assert db.scalars(select(BudgetRequest).where(BudgetRequest.initiative_id == scene.initiative.id)).all() == []


def test_only_the_lead_organisations_coordinators_may_ask(client, login, make, scene):
    outsider = make.user()
    make.grant(outsider, Role.COORDINATOR, organisation=make.organisation())
    login(outsider)
    assert client.get(f"/initiatives/{scene.initiative.slug}/requests/new").status_code == 403
    login(scene.members[0])
    assert client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form()).status_code == 403


def test_submit_then_withdraw(client, login, scene, db):
    login(scene.coordinator)
    client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form())
    created = _only_request(db, scene.initiative)
    client.post(f"/requests/{created.id}/submit")
    created = db.get(BudgetRequest, created.id)
    assert created.status is RequestStatus.SUBMITTED and created.versions[0].submitted_at is not None
    # A submitted request can no longer be edited.
    assert client.post(f"/requests/{created.id}/edit", data=request_form(title="Changed")).status_code == 302
    assert db.get(BudgetRequest, created.id).title == "Tutors and laptops"
    client.post(f"/requests/{created.id}/withdraw")
    created = db.get(BudgetRequest, created.id)
    assert created.status is RequestStatus.WITHDRAWN
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "budget_requests",
                                                         AuditEvent.record_id == created.id)
                         .order_by(AuditEvent.id)).all()
    assert actions == ["budget.request.create", "budget.request.submit", "budget.request.withdraw"]


def test_a_withdrawn_or_decided_request_cannot_be_withdrawn_again(client, login, make, scene, db):
    done = make.budget_request(scene.initiative, status=RequestStatus.DECIDED)
    login(scene.coordinator)
    response = client.post(f"/requests/{done.id}/withdraw", follow_redirects=True)
    assert "Only a request awaiting a decision can be withdrawn." in response.get_data(as_text=True)
    assert db.get(BudgetRequest, done.id).status is RequestStatus.DECIDED


def test_returned_request_is_revised_and_resubmitted_and_version_one_stays_readable(client, login, scene, db, make):
    login(scene.coordinator)
    client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form())
    created = _only_request(db, scene.initiative)
    client.post(f"/requests/{created.id}/submit")
    # The council returns it for changes (the chair's decision is covered in test_decisions).
    created = db.get(BudgetRequest, created.id)
    created.status = RequestStatus.RETURNED
    db.add(Decision(request_id=created.id, version_number=1, council_id=created.council_id, fiscal_year=2026,
                    outcome=DecisionOutcome.RETURNED, approved_amount=Decimal("0"), currency=created.currency,
                    reason="Cut the laptops."))
    db.commit()

    # Resubmitting unchanged is refused: the council asked for changes.
    response = client.post(f"/requests/{created.id}/resubmit", follow_redirects=True)
    assert "Revise the request before resubmitting it" in response.get_data(as_text=True)

    revised = request_form(title="Tutors only", **{"items-2-category": "", "items-2-description": "",
                                                     "items-2-quantity": "", "items-2-unit_cost": ""})
    first_showing = client.get(f"/requests/{created.id}/edit").get_data(as_text=True)
    assert "Saving creates version 2; version 1 stays readable." in first_showing
    client.post(f"/requests/{created.id}/edit", data=revised)
    # the revision saved and opened again: still version 2, with version 1 the one that stays readable
    assert "Saving creates version 2; version 1 stays readable." in client.get(
        f"/requests/{created.id}/edit").get_data(as_text=True)
    client.post(f"/requests/{created.id}/resubmit")
    db.expire_all()
    created = db.get(BudgetRequest, created.id)
    assert created.status is RequestStatus.SUBMITTED
    assert created.version_number == 2 and created.total == Decimal("5000.00")
    versions = db.scalars(select(RequestVersion).where(RequestVersion.request_id == created.id)
                          .order_by(RequestVersion.number)).all()
    assert [(v.number, v.total) for v in versions] == [(1, Decimal("5999.99")), (2, Decimal("5000.00"))]

    first = client.get(f"/requests/{created.id}/versions/1").get_data(as_text=True)
    assert "Laptops" in first and "earlier version" in first and "5,999.99" in first
    current = client.get(f"/requests/{created.id}").get_data(as_text=True)
    assert "Laptops" not in current and "Version 2" in current
    assert client.get(f"/requests/{created.id}/versions/3").status_code == 404
    assert client.get(f"/requests/{created.id}/versions/0").status_code == 404
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "budget_requests",
                                                         AuditEvent.record_id == created.id)).all()
    assert "budget.request.resubmit" in actions and "budget.request.edit" in actions


def test_a_draft_is_hidden_from_the_council_and_the_public(client, login, make, scene):
    draft = make.budget_request(scene.initiative)
    login(scene.members[0])
    assert client.get(f"/requests/{draft.id}").status_code == 403
    client.post("/logout")
    assert client.get(f"/requests/{draft.id}").status_code == 302  # to the login page
    login(scene.coordinator)
    assert client.get(f"/requests/{draft.id}").status_code == 200


def test_unknown_request_is_a_404(client, login, scene):
    login(scene.coordinator)
    assert client.get("/requests/999999999").status_code == 404
    assert client.get("/requests/abc").status_code == 404


@pytest.mark.parametrize("field, typed", [("items-0-quantity", "1e999999"), ("items-0-unit_cost", "9" * 40),
                                          ("items-0-quantity", "99999999999.00")])
def test_absurdly_large_numbers_are_refused_not_crashed_on(client, login, scene, db, field, typed):
    login(scene.coordinator)
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form(**{field: typed}))
    assert response.status_code == 200
    assert "too large" in response.get_data(as_text=True)
    assert db.scalars(select(BudgetRequest).where(BudgetRequest.initiative_id == scene.initiative.id)).all() == []


def test_services_refuse_huge_numbers_whatever_form_they_came_from(make, scene, db):
    from planner.budgets.errors import BudgetError
    from planner.budgets.requests import LineItemData, RequestData, create_request

    data = RequestData("Huge", 2026, "Why", items=[LineItemData("staff", "x", Decimal("1e999999"), Decimal("1"))])
    with pytest.raises(BudgetError, match="too large"):
        create_request(scene.initiative, data, scene.coordinator)


def test_submitting_tells_every_member_who_may_vote_and_not_the_recused(client, login, make, scene, db):
    from planner.notifications.models import Notification

    conflicted = scene.members[0]
    make.grant(conflicted, Role.COORDINATOR, organisation=scene.organisation)
    login(scene.coordinator)
    client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form())
    created = _only_request(db, scene.initiative)
    client.post(f"/requests/{created.id}/submit")
    told = db.scalars(select(Notification).where(Notification.kind == "budget.submitted")).all()
    assert {n.user_id for n in told} == {v.id for v in scene.voters} - {conflicted.id}
    assert all("“\u2068Tutors and laptops\u2069”" in n.subject for n in told)  # the title isolated


def test_a_line_items_own_checks_speak_the_visitors_language(client, login, scene, db):
    login(scene.coordinator)
    client.post("/language", data={"locale": "fr", "next": "/"})
    response = client.post(f"/initiatives/{scene.initiative.slug}/requests/new",
                           data=request_form(**{"items-0-description": "x" * 301}))
    assert response.status_code == 200
    assert "Le champ ne peut pas contenir plus de 300 caractères." in response.get_data(as_text=True)
    assert db.scalars(select(BudgetRequest).where(BudgetRequest.initiative_id == scene.initiative.id)).first() is None


def test_a_line_described_as_before_keeps_its_languages_and_one_rewritten_has_them_set_aside(client, login, scene,
                                                                                                db):
    login(scene.coordinator)
    client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form())
    created = _only_request(db, scene.initiative)
    tutors, laptops = created.versions[-1].items
    client.post(f"/languages/request/{created.id}", data={
        "original_language": "en", "ar__title": "مدرّسون وحواسيب",
        f"ar__item{tutors.id}_description": "مكافأة المدرّسين (بالأشهر)",
        f"ar__item{laptops.id}_description": "حواسيب محمولة"})

    saved = client.post(f"/requests/{created.id}/edit", data=request_form(**{
        "justification": "More students lack tutors.", "items-2-description": "Laptops for the library"}))

    assert saved.status_code == 302
    db.expire_all()
    tutors, laptops = db.get(BudgetRequest, created.id).versions[-1].items
    assert tutors.translations == {"ar": {"description": "مكافأة المدرّسين (بالأشهر)"}}
    assert laptops.description == "Laptops for the library"  # rewritten in its place: its Arabic set aside
    assert laptops.translations == {"@outdated": {"ar": {"description": "حواسيب محمولة"}}}
    assert db.get(BudgetRequest, created.id).translations == {"ar": {"title": "مدرّسون وحواسيب"}}
    arabic = client.get(f"/requests/{created.id}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "مكافأة المدرّسين (بالأشهر)" in arabic and "Laptops for the library" in arabic
    assert "حواسيب محمولة" not in arabic  # written for the earlier words: not shown as if it were these
    queue = client.get("/languages/to-translate").get_data(as_text=True)
    assert f"/languages/request/{created.id}" in queue  # the request waits, for its line
    languages_page = client.get(f"/languages/request/{created.id}").get_data(as_text=True)
    assert "حواسيب محمولة" in languages_page  # the earlier Arabic, to start from

    client.post(f"/requests/{created.id}/edit", data=request_form(**{
        "items-2-category": "venue", "items-2-description": "Hall for the sessions"}))
    db.expire_all()
    _tutors, hall = db.get(BudgetRequest, created.id).versions[-1].items
    assert hall.translations == {}  # another kind of line in its place: nothing of the laptops' words is its


def test_a_line_moved_and_rewritten_has_the_languages_of_the_line_it_replaces_set_aside(client, login, scene, db):
    login(scene.coordinator)
    client.post(f"/initiatives/{scene.initiative.slug}/requests/new", data=request_form())
    created = _only_request(db, scene.initiative)
    tutors, laptops = created.versions[-1].items
    client.post(f"/languages/request/{created.id}", data={
        "original_language": "en", f"ar__item{tutors.id}_description": "مكافأة المدرّسين (بالأشهر)",
        f"ar__item{laptops.id}_description": "حواسيب محمولة"})

    client.post(f"/requests/{created.id}/edit", data=request_form(**{  # the laptops first now, and reworded
        "items-0-category": "equipment", "items-0-description": "Laptops for the library",
        "items-0-quantity": "3", "items-0-unit_cost": "333.33",
        "items-2-category": "staff", "items-2-description": "Tutor stipend (months)",
        "items-2-quantity": "10", "items-2-unit_cost": "500.00"}))

    db.expire_all()
    laptops, tutors = db.get(BudgetRequest, created.id).versions[-1].items
    assert laptops.description == "Laptops for the library"
    assert laptops.translations == {"@outdated": {"ar": {"description": "حواسيب محمولة"}}}
    assert tutors.translations == {"ar": {"description": "مكافأة المدرّسين (بالأشهر)"}}
    assert f"/languages/request/{created.id}" in client.get("/languages/to-translate").get_data(as_text=True)
