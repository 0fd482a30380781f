"""A party named by someone who does not speak for it is asked: the directory names it only once it agrees, and
shows the partnership once two parties have agreed; declining takes it out. Whoever recorded it is told."""
from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.accounts.models import User
from planner.notifications.models import Notification
from planner.partnerships.models import Partnership, PartnershipParty
from planner.places.models import Country
from tests.records.conftest import events, snapshot
from tests.records.test_partnerships import partnership_form, the_partnership


@pytest.fixture(autouse=True)
def _a_fixed_day(clock):
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def _party(db, record) -> PartnershipParty:
    db.expire_all()
    key = f"country:{record.code}" if isinstance(record, Country) else f"{type(record).__name__.lower()}:{record.id}"
    return db.scalars(select(PartnershipParty).where(PartnershipParty.party_key == key)).one()


def _mail(db, kind: str) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def _plain(text: str) -> str:
    """The text without the marks that keep each name in its own direction."""
    return text.replace("\u2068", "").replace("\u2069", "")


def _page(client, address: str) -> str:
    return html.unescape(client.get(address).get_data(as_text=True))


def _parties_shown(page: str) -> str:
    return page.split('id="parties-heading"')[1].split("</section>")[0]


def _answer(client, partnership: Partnership, party: PartnershipParty, answer: str):
    return client.post(f"/partnerships/{partnership.slug}/parties/{party.id}/{answer}")


def _answer_at(client, slug: str, party_id: int, answer: str):
    return client.post(f"/partnerships/{slug}/parties/{party_id}/{answer}")


def test_a_party_named_by_another_is_asked_and_not_named_in_public_until_it_agrees(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))  # Alpha (theirs), Beta, Jordan
    partnership = the_partnership(db)
    assert not _party(db, world.organisation_b).agreed
    assert _party(db, world.organisation_a).agreed and _party(db, db.get(Country, "JO")).agreed
    assert partnership.is_agreed  # Alpha and Jordan: the public sees it, without Beta

    mail = _mail(db, "partnership.asked")
    assert [m.to_address for m in mail] == [db.get(User, world.coordinator_b.id).email]  # not the recorder
    assert _plain(mail[0].subject) == "Is Organisation Beta a party to “Shared Tutoring Network”?"
    assert "Karim Coordinator" in mail[0].body and f"/partnerships/{partnership.slug}" in mail[0].body

    client.post("/logout")
    page = _page(client, f"/partnerships/{partnership.slug}")
    assert "Organisation Alpha" in _parties_shown(page) and "Organisation Beta" not in page
    assert "Shared Tutoring Network" not in _page(client, f"/organisations/{world.organisation_b.slug}")
    assert "Shared Tutoring Network" in _page(client, f"/organisations/{world.organisation_a.slug}")
    api = client.get(f"/api/v1/partnerships/{partnership.slug}").get_json()["data"]
    assert [party["name"] for party in api["parties"]] == ["Organisation Alpha", "Jordan"]
    assert "Organisation Beta" not in client.get("/partnerships.csv").get_data(as_text=True)
    assert "Shared Tutoring Network" not in _page(client, "/search?q=Beta")

    login(world.coordinator_b)
    assert "Organisation Beta" in _page(client, f"/partnerships/{partnership.slug}").split('id="asked-heading"')[1]
    assert _answer(client, partnership, _party(db, world.organisation_b), "agree").status_code == 302
    assert _party(db, world.organisation_b).agreed
    assert events(db, "partnership.agree")[-1].after == {"agreed": f"organisation:{world.organisation_b.id}"}
    told = _mail(db, "partnership.answered")
    assert [m.to_address for m in told] == [db.get(User, world.coordinator_a.id).email]
    assert _plain(told[0].subject) == "Organisation Beta agreed to be a party to “Shared Tutoring Network”"

    client.post("/logout")
    assert "Organisation Beta" in _parties_shown(_page(client, f"/partnerships/{partnership.slug}"))
    assert "Shared Tutoring Network" in _page(client, f"/organisations/{world.organisation_b.slug}")
    assert "Shared Tutoring Network" in _page(client, "/search?q=Beta")


def test_a_partnership_only_one_party_agreed_to_is_seen_only_by_those_it_names(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world, country_codes=[]))  # Alpha and Beta
    partnership = the_partnership(db)
    assert not partnership.is_agreed

    page = _page(client, f"/partnerships/{partnership.slug}")
    assert "the directory shows it once 2 of its parties have agreed" in page
    client.post("/logout")
    assert client.get(f"/partnerships/{partnership.slug}").status_code == 404
    assert "Shared Tutoring Network" not in _page(client, "/partnerships")
    assert client.get(f"/api/v1/partnerships/{partnership.slug}").status_code == 404
    login(world.member_b)  # named nowhere in it
    assert client.get(f"/partnerships/{partnership.slug}").status_code == 404

    login(world.coordinator_b)
    response = client.post(f"/partnerships/{partnership.slug}/parties/{_party(db, world.organisation_b).id}/agree",
                           follow_redirects=True)
    assert "You agreed: the partnership names you among its parties" in html.unescape(response.get_data(as_text=True))
    client.post("/logout")
    assert "Shared Tutoring Network" in _page(client, "/partnerships")
    public = _page(client, f"/partnerships/{partnership.slug}")
    assert "Only whoever recorded this partnership" not in public and "the directory shows it once" not in public
    assert "Organisation Beta" in _parties_shown(public)


def test_declining_takes_the_party_out_and_tells_whoever_recorded_it(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world, country_codes=[]))  # Alpha and Beta
    partnership = the_partnership(db)

    login(world.coordinator_b)
    response = _answer(client, partnership, _party(db, world.organisation_b), "decline")
    assert response.headers["Location"] == "/me"  # the partnership no longer names them: they no longer see it
    db.expire_all()
    assert [party.party_key for party in db.get(Partnership, partnership.id).parties] == [
        f"organisation:{world.organisation_a.id}"]
    assert events(db, "partnership.decline")[-1].before == {"asked": f"organisation:{world.organisation_b.id}"}
    told = _mail(db, "partnership.answered")
    assert _plain(told[0].subject) == "Organisation Beta declined to be a party to “Shared Tutoring Network”"
    assert "Lina Coordinator" in told[0].body
    assert client.get(f"/partnerships/{partnership.slug}").status_code == 404


def test_only_those_who_speak_for_the_party_answer_for_it_and_only_once(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    slug = the_partnership(db).slug
    asked, theirs = _party(db, world.organisation_b).id, _party(db, world.organisation_a).id
    before = snapshot(db, PartnershipParty, asked)

    for person in (world.coordinator_a, world.member_b, world.admin):  # the recorder, a stranger, an administrator
        login(person)
        for answer in ("agree", "decline"):
            assert _answer_at(client, slug, asked, answer).status_code in (403, 404), (person.name, answer)
    assert snapshot(db, PartnershipParty, asked) == before

    login(world.coordinator_b)
    assert _answer_at(client, slug, theirs, "decline").status_code == 403  # a party they do not speak for
    assert _answer_at(client, slug, 99999, "agree").status_code == 404  # not a party of this partnership
    _answer_at(client, slug, asked, "agree")
    response = client.post(f"/partnerships/{slug}/parties/{asked}/decline", follow_redirects=True)
    assert "This party has answered already" in html.unescape(response.get_data(as_text=True))
    assert _party(db, world.organisation_b).agreed


def test_a_party_asked_sees_the_partnership_but_may_not_edit_or_archive_it(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world, country_codes=[]))
    partnership = the_partnership(db)

    login(world.coordinator_b)
    page = _page(client, f"/partnerships/{partnership.slug}")
    assert "Agree to be named" in page and "Decline" in page
    assert f"/partnerships/{partnership.slug}/edit" not in page
    assert client.get(f"/partnerships/{partnership.slug}/edit").status_code == 403
    assert client.post(f"/partnerships/{partnership.slug}/archive").status_code == 403


def test_my_planner_lists_the_partnerships_asking_and_forgets_them_once_answered(client, login, world, db, make):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    make.partnership("Council Link", parties=[world.organisation_a, world.council_a], asked=[world.council_b])
    db.commit()

    login(world.coordinator_b)
    page = _page(client, "/me")
    assert "1 partnership asks whether you are a party" in page
    section = page.split('id="partnerships-asking"')[1].split("</section>")[0]
    assert "Shared Tutoring Network" in section and "names Organisation Beta" in _plain(section)
    assert "Council Link" not in section
    login(world.member_b)
    assert "Council Link" in _page(client, "/me").split('id="partnerships-asking"')[1]

    login(world.coordinator_b)
    _answer(client, the_partnership(db), _party(db, world.organisation_b), "agree")
    assert 'id="partnerships-asking"' not in _page(client, "/me")


def test_an_edit_that_adds_a_party_asks_it_and_keeps_the_others_answers(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    partnership = the_partnership(db)
    data = partnership_form(world, council_ids=[str(world.council_b.id)])
    assert client.post(f"/partnerships/{partnership.slug}/edit", data=data).status_code == 302

    assert not _party(db, world.council_b).agreed and not _party(db, world.organisation_b).agreed
    assert _party(db, world.organisation_a).agreed
    assert [m.to_address for m in _mail(db, "partnership.asked")][-1] == db.get(User, world.member_b.id).email


def test_an_administrator_records_for_the_directory_and_every_party_is_named_at_once(client, login, world, db):
    login(world.admin)
    data = partnership_form(world, organisation_ids=[str(world.organisation_b.id)],
                            council_ids=[str(world.council_b.id)], country_codes=[])
    client.post("/partnerships/new", data=data)

    partnership = the_partnership(db)
    assert partnership.is_agreed and all(party.agreed for party in partnership.parties)
    assert _mail(db, "partnership.asked") == []


def test_an_archived_partnership_takes_no_answer(client, login, world, db):
    login(world.coordinator_a)
    client.post("/partnerships/new", data=partnership_form(world))
    slug = the_partnership(db).slug
    client.post(f"/partnerships/{slug}/archive")
    asked = _party(db, world.organisation_b).id

    login(world.coordinator_b)
    assert "Agree to be named" not in _page(client, f"/partnerships/{slug}")
    response = client.post(f"/partnerships/{slug}/parties/{asked}/agree", follow_redirects=True)
    assert "This partnership is archived and can no longer be changed" in html.unescape(
        response.get_data(as_text=True))
    assert not _party(db, world.organisation_b).agreed
