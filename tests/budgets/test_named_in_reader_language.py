"""Messages and downloads name a budget request, its initiative, organisation and council in the reader's language
where the records have it, as the pages do (and each name is direction-isolated)."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from planner.accounts.models import Role
from planner.notifications.models import Notification
from planner.vocab.models import Theme
from tests.budgets.test_decisions import decide, ready

FSI, PDI = "\u2068", "\u2069"


def in_french(db, scene, request) -> None:
    scene.organisation.translations = {"fr": {"name": "Amis de Ksarzed"}}
    scene.council.translations = {"fr": {"name": "Conseil de Ksarzed"}}
    scene.initiative.translations = {"fr": {"title": "Jeunes de Ksarzed"}}
    request.title, request.translations = "Garden tools", {"fr": {"title": "Outils de jardin"}}
    db.flush()


def mail_to(db, person, kind: str) -> Notification:
    return db.scalars(select(Notification).where(Notification.user_id == person.id, Notification.kind == kind)).one()


def test_each_member_is_asked_to_review_with_the_names_in_their_language(client, login, make, scene, db):
    draft = make.budget_request(scene.initiative, created_by=scene.coordinator)
    in_french(db, scene, draft)
    scene.members[0].locale = "fr"
    db.flush()
    login(scene.coordinator)
    client.post(f"/requests/{draft.id}/submit")
    french = mail_to(db, scene.members[0], "budget.submitted")
    english = mail_to(db, scene.members[1], "budget.submitted")
    assert f"{FSI}Outils de jardin{PDI}" in french.subject
    assert f"{FSI}Amis de Ksarzed{PDI}" in french.body and f"{FSI}Conseil de Ksarzed{PDI}" in french.body
    assert "Garden tools" in english.subject and scene.organisation.name in english.body


def test_the_coordinator_hears_of_the_decision_in_their_language(client, login, make, scene, db):
    pending = ready(make, scene, db)
    in_french(db, scene, pending)
    scene.coordinator.locale = "fr"
    db.flush()
    decide(client, login, scene, pending.id, outcome="approved", reason="Clear and modest.")
    assert f"{FSI}Outils de jardin{PDI}" in mail_to(db, scene.coordinator, "budget.decided").subject


def test_the_recused_member_is_told_why_with_the_names_in_their_language(client, login, make, scene, db):
    conflicted = scene.members[0]
    conflicted.locale = "fr"
    make.grant(conflicted, Role.COORDINATOR, organisation=scene.organisation)
    draft = make.budget_request(scene.initiative, created_by=scene.coordinator)
    in_french(db, scene, draft)
    login(scene.coordinator)
    client.post(f"/requests/{draft.id}/submit")
    login(conflicted)
    assert f"{FSI}Amis de Ksarzed{PDI}" in client.get(f"/requests/{draft.id}").get_data(as_text=True)


def test_the_decisions_csv_is_in_the_reader_s_language_as_the_page_is(client, login, make, scene, db):
    pending = ready(make, scene, db)
    in_french(db, scene, pending)
    db.scalars(select(Theme).where(Theme.key == "youth")).one().names = {"fr": "Jeunesse"}
    db.flush()
    decide(client, login, scene, pending.id, outcome="approved", reason="Clear and modest.")
    client.post("/logout")
    address = f"/councils/{scene.council.slug}/budget/2026/decisions.csv"
    french = client.get(address, headers={"Accept-Language": "fr"}).get_data().decode("utf-8-sig")
    [row] = list(csv.reader(io.StringIO(french)))[1:]
    assert "Outils de jardin" in row and "Jeunes de Ksarzed" in row and "Jeunesse" in row
    english = client.get(address, headers={"Accept-Language": "en"}).get_data().decode("utf-8-sig")
    assert "Garden tools" in english and "Outils de jardin" not in english
