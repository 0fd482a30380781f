"""Public pages for visitors come from the shared cache, with ETag and 304; a commit shows at once; a signed-in
person, a waiting message or another language never gets someone else's page."""
from __future__ import annotations

import threading
import time

import pytest
from flask.testing import FlaskClient

from planner.accounts.models import Role
from planner.councils.models import Council
from planner.db import session
from tests import factories
from tests.conftest import log_in, statements_sent


@pytest.fixture
def visitor(app, db) -> FlaskClient:
    """A browser that is not signed in; unlike the `client` fixture it leaves the cache's version alone."""
    return FlaskClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def council(app, make, db):
    record = make.council(name="Cached Council of Tafileh")
    db.commit()
    return record


def rename(app, council_id: int, name: str) -> None:
    """A change committed by the app, as a form would commit it."""
    with app.app_context():
        session.get(Council, council_id).name = name
        session.commit()


def test_the_second_visit_comes_from_the_cache_without_a_query(app, visitor, council):
    first = visitor.get("/councils")
    assert first.status_code == 200 and "Cached Council of Tafileh" in first.get_data(as_text=True)
    with statements_sent(app) as sent:
        second = visitor.get("/councils")
    assert sent == [], "a cached page should not reach the database"
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"] and second.headers["Cache-Control"] == "no-cache"
    assert "Content-Security-Policy" in second.headers  # the security headers come with cached pages too


def test_a_browser_with_the_current_copy_gets_304(visitor, council):
    tag = visitor.get("/councils").headers["ETag"]
    again = visitor.get("/councils", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_committed_change_is_on_the_next_visit(app, visitor, council):
    assert "Cached Council of Tafileh" in visitor.get(f"/councils/{council.slug}").get_data(as_text=True)
    rename(app, council.id, "Renamed Council of Tafileh")
    page = visitor.get(f"/councils/{council.slug}").get_data(as_text=True)
    assert "Renamed Council of Tafileh" in page and "Cached Council of Tafileh" not in page


def test_a_signed_in_person_never_gets_a_visitor_s_page_nor_leaves_theirs(app, visitor, council, make):
    assert "Log out" not in visitor.get("/councils").get_data(as_text=True)
    member = make.user(name="Signed-in Samira")
    make.grant(member, Role.COUNCIL_MEMBER, council=council)
    session.commit()
    signed_in = FlaskClient(app, app.response_class, use_cookies=True)
    log_in(signed_in, member)
    theirs = signed_in.get("/councils").get_data(as_text=True)
    assert "Log out" in theirs and 'name="csrf_token"' in theirs
    assert "Log out" not in visitor.get("/councils").get_data(as_text=True)


def test_each_language_and_calendar_has_its_own_page(visitor, council):
    english = visitor.get("/councils", headers={"Accept-Language": "en"}).get_data(as_text=True)
    arabic = visitor.get("/councils", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="en"' in english and '<html lang="ar"' in arabic
    vary = visitor.get("/councils", headers={"Accept-Language": "ar"}).headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary  # a proxy on the way keeps the languages apart too
    visitor.post("/calendar-preference", data={"hijri": "on", "next": "/councils"})
    page = visitor.get("/councils", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Hide Hijri dates" in page


def test_a_waiting_message_is_shown_not_a_stored_page(app, visitor, council, make, db):
    visitor.get("/")  # the home page is in the cache now
    person = make.user()
    db.commit()
    browser = FlaskClient(app, app.response_class, use_cookies=True)
    log_in(browser, person)
    answer = browser.post("/logout", follow_redirects=True)  # no longer signed in, with a message to see
    assert "You have logged out." in answer.get_data(as_text=True)


def test_a_visitor_s_footer_carries_no_token_and_switches_language_with_csrf_on(visitor, council, csrf_on):
    page = visitor.get("/councils").get_data(as_text=True)
    assert 'name="csrf_token"' not in page
    answer = visitor.post("/language", data={"locale": "tr", "next": "/councils"}, follow_redirects=True)
    assert '<html lang="tr"' in answer.get_data(as_text=True)


def test_a_signed_in_switch_without_its_token_is_refused(app, make, db, csrf_on):
    person = make.user(locale="en")
    db.commit()
    browser = FlaskClient(app, app.response_class, use_cookies=True)
    log_in(browser, person)
    assert browser.post("/language", data={"locale": "ar", "save": "on", "next": "/"}).status_code == 400
    assert db.get(type(person), person.id).locale == "en"


def test_pages_with_a_form_of_one_s_own_are_never_stored(visitor, csrf_on):
    first, second = visitor.get("/login"), visitor.get("/login")  # each carries this browser's CSRF token
    assert "ETag" not in first.headers and "ETag" not in second.headers
    assert 'name="csrf_token"' in second.get_data(as_text=True)


def _signed_in_browser(app, person) -> FlaskClient:
    browser = FlaskClient(app, app.response_class, use_cookies=True)
    log_in(browser, person)
    return browser


def test_a_signed_in_reader_gets_the_shared_results_from_the_cache_around_their_own_header(app, council, make, db):
    samira, karim = make.user(name="Reader Samira"), make.user(name="Reader Karim")
    db.commit()
    first, second = _signed_in_browser(app, samira), _signed_in_browser(app, karim)
    assert "Cached Council of Tafileh" in first.get("/councils?q=Tafileh").get_data(as_text=True)
    with statements_sent(app) as sent:
        page = second.get("/councils?q=Tafileh").get_data(as_text=True)
    assert "Cached Council of Tafileh" in page and "Reader Karim" in page and "Reader Samira" not in page
    assert not [statement for statement in sent if "search_entries" in statement or "FROM councils" in statement]
    rename(app, council.id, "Renamed Council of Tafileh")
    assert "Renamed Council of Tafileh" in second.get("/councils?q=Tafileh").get_data(as_text=True)


def test_the_shared_results_keep_each_reader_s_digits(app, council, make, db):
    make.council(name="Tafileh Second Council")
    western, eastern = make.user(digits="latn"), make.user(digits="arab")
    db.commit()
    arabic = {"Accept-Language": "ar"}
    assert "٢" not in _signed_in_browser(app, western).get("/search?q=Tafileh", headers=arabic).get_data(as_text=True)
    assert "٢" in _signed_in_browser(app, eastern).get("/search?q=Tafileh", headers=arabic).get_data(as_text=True)


def _visited_at_once(live_app, endpoint: str, address: str, visitors: int, seconds: float) -> tuple[list, int, int]:
    """Each visitor's (status, body) for `address`, all asked at once while the view takes `seconds` to build it;
    how many times it was built, and the most builds under way at one time."""
    view, builds, answers, under_way, counting = live_app.view_functions[endpoint], [], [], [0, 0], threading.Lock()

    def slow_view(*args, **kwargs):
        with counting:
            builds.append(1)
            under_way[0] += 1
            under_way[1] = max(under_way)
        time.sleep(seconds)  # the others arrive while it is being built
        with counting:
            under_way[0] -= 1
        return view(*args, **kwargs)

    start = threading.Barrier(visitors)

    def visit() -> None:
        browser = FlaskClient(live_app, live_app.response_class)
        start.wait(timeout=10)
        answer = browser.get(address)
        answers.append((answer.status_code, answer.get_data()))

    live_app.view_functions[endpoint] = slow_view
    try:
        threads = [threading.Thread(target=visit) for _ in range(visitors)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
    finally:
        live_app.view_functions[endpoint] = view
    return answers, len(builds), under_way[1]


def test_visitors_missing_the_same_page_at_once_wait_for_one_build_of_it(live_app):
    """When a popular page's entry runs out (its minute turns, or a commit moves the version on), the requests
    that miss it meanwhile wait for the first one's build instead of each building the same page."""
    with live_app.app_context():
        factories.council(name="Council of the crowded minute")
        session.commit()  # a new version: nobody has the page stored yet
    answers, builds, _most_at_once = _visited_at_once(live_app, "directory.councils", "/councils", visitors=6,
                                                      seconds=0.3)
    assert len(answers) == 6 and {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1 and b"Council of the crowded minute" in answers[0][1]
    assert builds == 1, f"the page was built {builds} times for visitors who came at once"


def test_a_page_that_is_not_kept_is_built_for_each_visitor_after_the_first(live_app):
    """A request waits at most for one other's build: a page that is never stored (here, one that answers 404)
    is then built for each, not queued behind each other."""
    answers, builds, most_at_once = _visited_at_once(live_app, "directory.council", "/councils/no-such-council",
                                                     visitors=4, seconds=0.3)
    assert [status for status, _ in answers] == [404] * 4 and builds == 4
    assert most_at_once == 3, "after the first build, the others should build side by side, not one after another"
