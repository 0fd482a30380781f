"""/api/v1/shifts/changes: the shifts changed since a moment, for a site or app that keeps a copy of the shifts in
step: every change brings a shift back (cancelled and past ones too), in the order of the changes, and the cursor a
reader keeps leads on to the changes made after it, none skipped."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from planner.accounts.models import User
from planner.centres.models import Centre
from planner.centres.services import archive_centre
from planner.db import session as db_session
from planner.initiatives import services as initiative_services
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.volunteering import management
from planner.volunteering.models import Programme, Shift, ShiftStatus
from planner.volunteering.services import cancel, sign_up

NOW = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)
SINCE = "2027-03-01T07:00:00Z"


def _get(client, address: str) -> dict:
    answer = client.get(address)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _changed(db, clock, when: datetime, shift_id: int, **values) -> None:
    clock.set(when)
    shift = db.get(Shift, shift_id)
    for name, value in values.items():
        setattr(shift, name, value)
    db.commit()


def test_changed_shifts_come_in_the_order_of_their_changes_and_the_cursor_leads_on(app, clock, client, make, db):
    clock.set(NOW - timedelta(days=1))
    programme = make.programme("Harbour food bank")
    untouched = make.shift(of=programme, starts_at=NOW + timedelta(days=3), title="Untouched")
    clock.set(NOW)
    sorting = make.shift(of=programme, starts_at=NOW + timedelta(days=2), title="Sorting tins")
    last_week = make.shift(of=programme, starts_at=NOW - timedelta(days=7), title="Last week's packing")
    draft = make.initiative(status=InitiativeStatus.DRAFT)
    unseen = make.shift(of=make.programme(initiative_id=draft.id), starts_at=NOW + timedelta(days=1),
                        title="Draft's shift", instructions="Only the coordinators know of it yet.")
    db.commit()
    volunteer_id = make.user().id
    sorting_id, last_week_id, untouched_id, unseen_id = sorting.id, last_week.id, untouched.id, unseen.id
    _changed(db, clock, NOW + timedelta(minutes=1), last_week_id, instructions="Bring the receipts.")
    _changed(db, clock, NOW + timedelta(minutes=2), sorting_id, title="Sorting tins and jars", capacity=8)

    clock.set(NOW + timedelta(minutes=2, seconds=5))  # the last change is not ten seconds old yet
    early = _get(client, f"/api/v1/shifts/changes?since={SINCE}")
    assert [(item["id"], item.get("title")) for item in early["data"]] == [
        (unseen_id, None), (last_week_id, "Last week's packing")]
    assert set(early["data"][0]) == {"id", "status", "changed_at"} and early["data"][0]["status"] == "withdrawn"
    assert "Draft" not in str(early) and "coordinators" not in str(early)
    clock.set(NOW + timedelta(minutes=3))
    first = _get(client, f"/api/v1/shifts/changes?since={SINCE}&limit=2")
    assert [item["id"] for item in first["data"]] == [unseen_id, last_week_id] and first["meta"]["more"] is True
    assert first["data"][1]["changed_at"] == "2027-03-01T07:01:00Z" and first["data"][1]["status"] == "scheduled"
    second = _get(client, _path(first["links"]["next"]))
    assert [item["title"] for item in second["data"]] == ["Sorting tins and jars"]
    assert second["data"][0]["capacity"] == 8 and second["meta"] == {"limit": 2, "count": 1, "more": False}
    assert untouched_id not in [item["id"] for item in first["data"] + second["data"]]

    kept = _path(second["links"]["next"])  # what the reader keeps for its next visit
    assert _get(client, kept)["data"] == []
    _changed(db, clock, NOW + timedelta(hours=1), untouched_id, status=ShiftStatus.CANCELLED)
    clock.set(NOW + timedelta(hours=1, minutes=1))
    later = _get(client, kept)
    assert [(item["id"], item["status"]) for item in later["data"]] == [(untouched_id, "cancelled")]
    kept = _path(later["links"]["next"])
    assert _get(client, kept)["data"] == []

    clock.set(NOW + timedelta(hours=2))
    with app.test_request_context():
        sign_up(volunteer_id, sorting_id)  # a place taken is a change too
        db.commit()
    clock.set(NOW + timedelta(hours=2, minutes=1))
    [taken] = _get(client, kept)["data"]
    assert (taken["id"], taken["confirmed"], taken["places_left"]) == (sorting_id, 1, 7)


def test_the_language_asked_for_is_kept_from_page_to_page(clock, client, make, db):
    clock.set(NOW)
    programme = make.programme()
    for day in (1, 2):
        make.shift(of=programme, starts_at=NOW + timedelta(days=day), title=f"Day {day}",
                   translations={"fr": {"title": f"Jour {day}"}})
    db.commit()
    clock.set(NOW + timedelta(minutes=1))

    first = _get(client, f"/api/v1/shifts/changes?since={SINCE}&limit=1&lang=fr")
    second = _get(client, _path(first["links"]["next"]))
    assert [item["title"] for item in first["data"] + second["data"]] == ["Jour 1", "Jour 2"]


def test_a_question_it_cannot_answer_is_refused_with_a_message(clock, client, make, db):
    clock.set(NOW)
    make.shift(starts_at=NOW + timedelta(days=1))
    db.commit()
    clock.set(NOW + timedelta(minutes=1))
    first = _get(client, f"/api/v1/shifts/changes?since={SINCE}")
    cursor = urlsplit(first["links"]["next"]).query.split("cursor=")[1].split("&")[0]

    for query, named in [("", "since"), (f"since={SINCE}&cursor={cursor}", "since"),
                         ("since=2027-03-01T07:00:00", "since"), ("since=yesterday", "since"),
                         ("since=1900-01-01T00:00:00Z", "since"), ("since=2027-03-01", "since"),
                         (f"since={SINCE}&since={SINCE}", "since"), ("cursor=not-ours", "cursor"),
                         (f"since={SINCE}&programme=food", "programme")]:
        answer = client.get(f"/api/v1/shifts/changes?{query}")
        assert answer.status_code == 400, query
        assert f"“{named}”" in answer.get_json()["message"] or named in answer.get_json()["message"], query
    assert _get(client, "/api/v1/shifts/changes?since=2027-03-01T10:00:00%2B03:00")["data"]  # an offset of its own


def test_a_waiting_list_that_grows_or_shrinks_brings_the_shift_back(app, clock, client, make, db):
    clock.set(NOW)
    shift_id = make.shift(starts_at=NOW + timedelta(days=2), capacity=1).id
    first, second = make.user().id, make.user().id
    with app.test_request_context():
        sign_up(first, shift_id)
        db.commit()
    clock.set(NOW + timedelta(minutes=1))
    kept = _path(_get(client, f"/api/v1/shifts/changes?since={SINCE}")["links"]["next"])

    clock.set(NOW + timedelta(hours=1))
    with app.test_request_context():
        waiting_id = sign_up(second, shift_id).signup.id
        db.commit()
    clock.set(NOW + timedelta(hours=1, minutes=1))
    joined = _get(client, kept)
    assert [(item["id"], item["waitlist"]) for item in joined["data"]] == [(shift_id, 1)]
    assert joined["data"][0]["changed_at"].startswith("2027-03-01T08:00:00")

    clock.set(NOW + timedelta(hours=2))
    with app.test_request_context():
        cancel(waiting_id)
        db.commit()
    clock.set(NOW + timedelta(hours=2, minutes=1))
    left = _get(client, _path(joined["links"]["next"]))
    assert [(item["id"], item["waitlist"], item["confirmed"]) for item in left["data"]] == [(shift_id, 0, 1)]


def _feed(app, clock, client, kept: str, when: datetime, change) -> tuple[list[tuple[int, str]], str]:
    """Make a change at `when` through the services, then read the feed from `kept` a minute later."""
    clock.set(when)
    with app.test_request_context():
        change()
        db_session.commit()
    clock.set(when + timedelta(minutes=1))
    page = _get(client, kept)
    return [(item["id"], item["status"]) for item in page["data"]], _path(page["links"]["next"])


def test_a_shift_out_of_public_view_comes_back_withdrawn_and_comes_back_whole_when_it_returns(
        app, clock, client, make, db):
    clock.set(NOW - timedelta(days=10))
    initiative = make.initiative(status=InitiativeStatus.PUBLISHED)
    under_initiative = make.programme(initiative_id=initiative.id)
    coming = make.shift(of=under_initiative, starts_at=NOW + timedelta(days=2)).id
    past = make.shift(of=under_initiative, starts_at=NOW - timedelta(days=2)).id
    of_organisation = make.programme()
    ended = make.shift(of=of_organisation, starts_at=NOW - timedelta(days=3)).id
    elsewhere = make.shift(starts_at=NOW + timedelta(days=4)).id
    admin, draft = make.admin(), make.initiative(status=InitiativeStatus.SUBMITTED)
    waiting = make.shift(of=make.programme(initiative_id=draft.id), starts_at=NOW + timedelta(days=5),
                         title="Opening soon").id
    db.commit()
    clock.set(NOW)
    kept = _path(_get(client, f"/api/v1/shifts/changes?since={SINCE}")["links"]["next"])

    seen, kept = _feed(app, clock, client, kept, NOW + timedelta(hours=1),
                       lambda: initiative_services.archive(db.get(User, admin.id), db.get(Initiative, initiative.id)))
    assert seen == [(coming, "withdrawn"), (past, "withdrawn")]
    seen, kept = _feed(app, clock, client, kept, NOW + timedelta(hours=2), lambda: management.archive_programme(
        db.get(User, admin.id), db.get(Programme, of_organisation.id)))
    assert seen == [(ended, "withdrawn")]
    seen, kept = _feed(app, clock, client, kept, NOW + timedelta(hours=3),
                       lambda: initiative_services.publish(db.get(User, admin.id), db.get(Initiative, draft.id)))
    assert seen == [(waiting, "scheduled")]
    assert elsewhere not in [shift_id for shift_id, _status in seen]
    whole = _get(client, "/api/v1/shifts/changes?since=2027-03-01T09:30:00Z")["data"]
    assert [(item["id"], item["title"]) for item in whole] == [(waiting, "Opening soon")]


def test_a_programme_renamed_or_a_centre_closed_brings_back_the_shifts_that_name_them(app, clock, client, make, db):
    clock.set(NOW - timedelta(days=10))
    programme, centre, other = make.programme("Harbour food bank"), make.centre("Harbour hall"), make.programme()
    in_hall = make.shift(of=programme, starts_at=NOW + timedelta(days=2), centre_id=centre.id).id
    outside = make.shift(of=programme, starts_at=NOW + timedelta(days=3)).id
    make.shift(of=other, starts_at=NOW + timedelta(days=2), centre_id=make.centre().id)
    admin = make.admin()
    db.commit()
    clock.set(NOW)
    kept = _path(_get(client, f"/api/v1/shifts/changes?since={SINCE}")["links"]["next"])

    clock.set(NOW + timedelta(hours=1))
    db.get(Programme, programme.id).name = "Harbour food bank and pantry"
    db.commit()
    clock.set(NOW + timedelta(hours=1, minutes=1))
    renamed = _get(client, kept)
    assert [(item["id"], item["programme"]["name"]) for item in renamed["data"]] == [
        (in_hall, "Harbour food bank and pantry"), (outside, "Harbour food bank and pantry")]
    assert renamed["data"][0]["centre"]["name"] == "Harbour hall"

    seen, _kept = _feed(app, clock, client, _path(renamed["links"]["next"]), NOW + timedelta(hours=2),
                        lambda: archive_centre(db.get(User, admin.id), db.get(Centre, centre.id)))
    assert seen == [(in_hall, "scheduled")]
    assert _get(client, "/api/v1/shifts/changes?since=2027-03-01T08:30:00Z")["data"][0]["centre"] is None
