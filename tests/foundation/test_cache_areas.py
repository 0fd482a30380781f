"""The cache keeps a data version per area (planner.cache): sign-ups move the shifts' version only, so the directory's
stored pages outlive a storm of them, while every page that shows places is built again at once. The pages said to
show no shift (page_cache.RECORD_PAGES) are held to it: none of them reads a shift's or a sign-up's table; and those
said to read no clock (TIMELESS_PAGES, kept without the minute in their key) come out the same a year later."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from planner.cache import SHIFT_TABLES, data_version, move_on
from planner.councils.models import Council
from planner.db import session
from planner.page_cache import RECORD_PAGES, TIMELESS_PAGES
from planner.volunteering import services
from tests.conftest import statements_sent

SHIFT_TABLE_READ = re.compile(r"\b(FROM|JOIN)\s+(%s)\b" % "|".join(sorted(SHIFT_TABLES)), re.IGNORECASE)


@pytest.fixture
def visitor(app, db) -> FlaskClient:
    """A browser that is not signed in; unlike the `client` fixture it leaves the cache's versions alone."""
    return FlaskClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def directory(make, db, clock):
    """One record of each kind, a programme with a shift of three places, and a council's published budget."""
    clock.set(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    council = make.council(name="Areas Council")
    organisation = make.organisation(name="Areas Organisation")
    centre = make.centre(name="Areas Centre", in_council=council)
    initiative = make.initiative(title="Areas Initiative", in_council=council, lead=organisation)
    # run by the organisation, at the centre, for the initiative: each of their pages lists it
    programme = make.programme(name="Areas Programme", owner=organisation, centre_id=centre.id,
                               initiative_id=initiative.id)
    shift = make.shift(of=programme, capacity=3, title="Areas shift")
    records = {
        "council": council, "organisation": organisation, "programme": programme, "shift": shift,
        "centre": centre, "initiative": initiative, "volunteer": make.user(name="Areas Volunteer"),
        "envelope": make.envelope(council, year=2027),
    }
    records["partnership"] = make.partnership(title="Areas Partnership", parties=(council, organisation),
                                              initiatives=(records["initiative"],))
    make.signup(shift)
    db.commit()
    return records


def sign_up_through_the_app(app, volunteer_id: int, shift_id: int) -> None:
    with app.app_context():
        services.sign_up(volunteer_id, shift_id)
        session.commit()


def test_a_sign_up_leaves_the_directory_s_stored_pages_alone(app, visitor, directory):
    before = visitor.get("/councils").get_data()
    sign_up_through_the_app(app, directory["volunteer"].id, directory["shift"].id)
    with statements_sent(app) as sent:
        after = visitor.get("/councils")
    assert sent == [] and after.get_data() == before, "a sign-up should not empty the directory's cache"


def test_every_page_that_shows_places_shows_the_sign_up_at_once(app, visitor, directory):
    programme_page = f"/programmes/{directory['programme'].slug}"
    assert "2 places left" in visitor.get("/").get_data(as_text=True)
    assert places_left(visitor.get(programme_page).get_data(as_text=True)) == "2"
    assert "2 places left of 3" in visitor.get(f"/shifts/{directory['shift'].id}").get_data(as_text=True)
    sign_up_through_the_app(app, directory["volunteer"].id, directory["shift"].id)
    assert "1 place left" in visitor.get("/").get_data(as_text=True)
    assert "2 places left" not in visitor.get("/").get_data(as_text=True)
    assert places_left(visitor.get(programme_page).get_data(as_text=True)) == "1"
    assert "1 place left of 3" in visitor.get(f"/shifts/{directory['shift'].id}").get_data(as_text=True)


def places_left(programme_page: str) -> str:
    return re.search(r'<td class="num"[^>]*>\s*(\S+)\s*<span class="meta">of 3', programme_page).group(1)


def test_a_change_to_a_record_moves_every_page_on(app, visitor, directory):
    visitor.get("/councils")
    visitor.get("/")
    with app.app_context():  # a statement, not a flushed record: it counts as a write too
        session.execute(update(Council).where(Council.id == directory["council"].id).values(name="Renamed Areas"))
        session.commit()
    assert "Renamed Areas" in visitor.get("/councils").get_data(as_text=True)


def test_a_sign_up_moves_only_the_shifts_version(app, directory):
    with app.test_request_context():
        records, shifts = data_version(("records",)), data_version(("shifts",))
    sign_up_through_the_app(app, directory["volunteer"].id, directory["shift"].id)
    with app.test_request_context():
        assert data_version(("records",)) == records and data_version(("shifts",)) != shifts


def record_pages(records) -> dict[str, list[str]]:
    """An address (or several) for every page said to show no shift."""
    slug = {kind: records[kind].slug for kind in ("council", "centre", "organisation", "initiative", "programme",
                                                   "partnership")}
    return {
        "directory.councils": ["/councils", "/councils?q=areas"],
        "directory.centres": ["/centres", "/centres?q=areas"],
        "directory.organisations": ["/organisations", "/organisations?q=areas"],
        "directory.initiatives": ["/initiatives", "/initiatives?q=areas", "/initiatives?theme=youth"],
        "directory.programmes": ["/programmes", "/programmes?q=areas"],
        "directory.partnerships": ["/partnerships", "/partnerships?q=areas"],
        "directory.search": ["/search?q=areas", "/search?q=areas&kind=programme"],
        **{f"directory.{kind}": [f"/{kind}s/{slug[kind]}"] for kind in ("council", "centre", "organisation",
                                                                         "initiative", "partnership")},
        "budget_pages.budget_home": [f"/councils/{slug['council']}/budget"],
        "budget_pages.budget_year": [f"/councils/{slug['council']}/budget/2027"],
        "budget_pages.decisions_csv": [f"/councils/{slug['council']}/budget/2027/decisions.csv"],
    }


def test_the_pages_said_to_show_no_shift_read_none(app, visitor, directory):
    addresses = record_pages(directory)
    assert set(addresses) == RECORD_PAGES, "every page in RECORD_PAGES needs an address here"
    for endpoint, paths in addresses.items():
        for path in paths:
            with statements_sent(app) as sent:
                answer = visitor.get(path)
            assert answer.status_code in (200, 302), (path, answer.status_code)
            assert sent, f"{path} was answered from the cache: this test must see it built"
            assert not [statement for statement in sent if SHIFT_TABLE_READ.search(statement)], path
    for kind in ("centre", "organisation", "initiative"):  # the programme is on their pages, its shift is not
        assert "Areas Programme" in visitor.get(addresses[f"directory.{kind}"][0]).get_data(as_text=True), kind


def test_the_pages_said_to_read_no_clock_are_the_same_a_year_later(app, visitor, directory, clock):
    addresses = {endpoint: paths for endpoint, paths in record_pages(directory).items() if endpoint in TIMELESS_PAGES}
    assert set(addresses) == TIMELESS_PAGES
    paths = [path for group in addresses.values() for path in group]
    now = {path: visitor.get(path).get_data(as_text=True) for path in paths}
    clock.set(datetime(2028, 2, 29, 23, 59, tzinfo=UTC))
    with app.app_context():
        move_on()  # built again, not read from the cache
    for path in paths:
        assert visitor.get(path).get_data(as_text=True) == now[path], path


def test_every_public_page_a_visitor_reads_is_kept_for_the_next_one(app, visitor, directory, csrf_on):
    """No public page gives a visitor a cookie (a form's token would): such a page could never be stored, and every
    visitor would be handed a cookie for nothing."""
    shift, programme = directory["shift"], directory["programme"]
    addresses = [path for paths in record_pages(directory).values() for path in paths] + [
        "/", f"/programmes/{programme.slug}", "/shifts", f"/shifts/{shift.id}", "/api/v1/initiatives",
        f"/api/v1/programmes/{programme.slug}"]
    for path in addresses:
        first = visitor.get(path)
        assert first.status_code in (200, 302), (path, first.status_code)
        assert "Set-Cookie" not in first.headers, path
        if first.status_code != 200:
            continue  # a redirect is not stored: the page it leads to is
        with statements_sent(app) as sent:
            visitor.get(path)
        assert sent == [], f"{path} was built again for the next visitor"
