"""A signed-in reader's sign-in comes from the cache (planner.accounts.sessions._login_for), and whatever could
change it counts from the next request: a session ended from another browser, an account switched off, a role
withdrawn, in this process and, through Redis, in every other. The cached copy holds no password hash, no
two-step secret and no session token."""
from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import inspect, select, update

from planner import create_app
from planner.accounts.models import LoginSession, Role, RoleGrant, User
from planner.accounts.sessions import _hash, _login_for, end_all_sessions
from planner.cache import RECORDS, SIGN_INS, cache, data_version
from planner.db import engine_of, session
from planner.volunteering.models import Signup
from tests import factories
from tests.conftest import TEST_SECRET_KEY, log_in, statements_sent

SIGNED_IN_PAGE = "/me"


def _signed_in(browser: FlaskClient) -> bool:
    return browser.get(SIGNED_IN_PAGE).status_code == 200


def test_the_next_page_of_a_signed_in_reader_asks_the_database_nothing_about_the_sign_in(app, db, make):
    person = make.user(name="Cached Reader")
    factories.grant(person, Role.COORDINATOR, organisation=make.organisation())
    reader = _reader(app)
    log_in(reader, person)
    reader.get("/initiatives")
    with statements_sent(app) as sent:
        page = reader.get("/initiatives").get_data(as_text=True)
    assert "Cached Reader" in page and "My initiatives" in page  # the name, and the menu the role gives
    assert not [statement for statement in sent if any(table in statement for table in (
        "login_sessions", "role_grants", "FROM users"))], sent


def _reader(app) -> FlaskClient:
    """A browser whose requests commit nothing the test arranged (unlike the `client` fixture's, which moves every
    cache version first): what it sees changes only through commits made as the app makes them."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def _commit_in_the_app(app, db, statement) -> None:
    with app.app_context():  # as a request's commit: the cache's versions move on
        db.execute(statement)
        db.commit()


def test_a_session_ended_from_another_browser_is_signed_out_on_its_next_page(app, db, make):
    reader = _reader(app)
    token = log_in(reader, make.user())
    assert _signed_in(reader) and _signed_in(reader)
    _commit_in_the_app(app, db, update(LoginSession).where(LoginSession.token_hash == _hash(token))
                       .values(revoked_at=datetime.now(UTC)))
    assert not _signed_in(reader)


def test_an_account_switched_off_is_signed_out_on_its_next_page(app, db, make):
    person = make.user()
    reader = _reader(app)
    log_in(reader, person)
    assert _signed_in(reader) and _signed_in(reader)
    _commit_in_the_app(app, db, update(User).where(User.id == person.id).values(is_active=False))
    assert not _signed_in(reader)


def test_a_withdrawn_role_is_gone_from_the_next_page(app, db, make):
    person = make.user()
    grant = factories.grant(person, Role.COORDINATOR, organisation=make.organisation())
    reader = _reader(app)
    log_in(reader, person)
    assert reader.get("/initiatives/new").status_code == 200
    assert reader.get("/initiatives/new").status_code == 200
    _commit_in_the_app(app, db, update(RoleGrant).where(RoleGrant.id == grant.id).values(revoked_at=datetime.now(UTC)))
    assert reader.get("/initiatives/new").status_code in (403, 404)


def test_the_cached_copy_holds_no_password_hash_no_two_step_secret_and_no_token(app, client, make):
    person = make.user()
    token = log_in(client, person)
    with app.test_request_context("/initiatives"):
        _login_for(_hash(token))  # loaded and stored
        stored = cache.get(f"sign-in:{_hash(token)}:{data_version((RECORDS, SIGN_INS))}")
        assert stored.user.email == person.email
        kept = inspect(stored.user).dict
        assert "password_hash" not in kept and "totp_secret" not in kept
        again = _login_for(_hash(token))  # from the cache, joined to the session: the secrets are read when needed
        assert again.user.password_hash == person.password_hash
        signed_in = again.user
        signed_in.session_token = token
        assert pickle.loads(pickle.dumps(signed_in)).session_token is None  # the cookie's token is never stored


def test_through_redis_signing_out_everywhere_in_one_process_signs_out_in_the_other(databases, redis_url, tmp_path):
    first, second = [create_app({"TESTING": True, "DATABASE_URL": databases.migrated("sign_in_redis"),
                                 "SECRET_KEY": TEST_SECRET_KEY, "CACHE_URL": redis_url,
                                 "INSTANCE_FOR_TESTS": str(tmp_path / name)}) for name in ("first", "second")]
    with first.app_context():
        person = factories.user()
        session.commit()
        browser = first.test_client()
        log_in(browser, person)
        person_id = person.id
        session.remove()
    assert _signed_in(browser) and _signed_in(browser)
    with second.app_context():
        end_all_sessions(session.get(User, person_id))
        session.commit()
        session.remove()
    assert not _signed_in(browser)
    for app in (first, second):
        engine_of(app).dispose()


def test_sign_ins_are_cached_only_in_a_store_every_process_shares(databases, redis_url, tmp_path):
    """Each process's own memory would keep a logout from reaching the others: there, every request reads it."""
    def settings(cache_url: str) -> bool:
        app = create_app({"TESTING": True, "DATABASE_URL": databases.migrated("sign_in_where"),
                          "SECRET_KEY": TEST_SECRET_KEY, "CACHE_URL": cache_url,
                          "INSTANCE_FOR_TESTS": str(tmp_path / cache_url.partition(":")[0])})
        engine_of(app).dispose()
        return app.config["SIGN_IN_CACHE"]

    assert settings(redis_url) and not settings("memory://")


def test_a_change_to_one_s_own_account_made_with_a_cached_sign_in_is_saved_and_shown(app, db, make):
    person = make.user(name="Before Cached")
    reader = _reader(app)
    log_in(reader, person)
    assert "Before Cached" in reader.get("/account/profile").get_data(as_text=True)  # the sign-in is now stored
    assert "Before Cached" in reader.get("/account/profile").get_data(as_text=True)  # and read from the cache
    answer = reader.post("/account/profile", data={"name": "After Cached", "locale": "en",
                                                   "locality": str(make.locality().id)})
    assert answer.status_code == 302
    assert "After Cached" in reader.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.get(User, person.id).name == "After Cached"


def test_a_form_sent_a_while_after_the_last_one_notes_when_the_session_was_last_seen(app, db, make, clock):
    clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    person, place = make.user(name="Seen Reader"), make.locality()
    reader = _reader(app)
    token = log_in(reader, person)
    assert _signed_in(reader) and _signed_in(reader)
    clock.set(datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    assert _signed_in(reader)  # a page: reading writes nothing
    with app.app_context():
        seen = db.scalars(select(LoginSession.last_seen_at).where(LoginSession.token_hash == _hash(token))).one()
    assert abs(seen.replace(tzinfo=UTC) - datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) < timedelta(minutes=1)
    assert reader.post("/account/profile", data={"name": "Seen Reader", "locale": "en",
                                                 "locality": str(place.id)}).status_code == 302
    with app.app_context():
        db.expire_all()
        seen = db.scalars(select(LoginSession.last_seen_at).where(LoginSession.token_hash == _hash(token))).one()
    assert abs(seen.replace(tzinfo=UTC) - datetime(2026, 3, 1, 9, 30, tzinfo=UTC)) < timedelta(minutes=1)


def test_someone_else_signing_in_leaves_a_reader_s_cached_sign_in_alone(app, db, make):
    make.user(email="newcomer@example.org")
    reader, newcomer = _reader(app), _reader(app)
    log_in(reader, make.user(name="Steady Reader"))
    assert _signed_in(reader)
    answer = newcomer.post("/login", data={"email": "newcomer@example.org", "password": factories.PASSWORD})
    assert answer.status_code == 302 and _signed_in(newcomer)
    with statements_sent(app) as sent:
        assert "Steady Reader" in reader.get(SIGNED_IN_PAGE).get_data(as_text=True)
    assert not [statement for statement in sent if "login_sessions" in statement], sent


def test_noting_when_a_session_was_last_seen_leaves_every_cached_sign_in_alone(app, db, make, clock):
    clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    first, second = (make.shift(starts_at=datetime(2026, 4, day, 9, 0, tzinfo=UTC)) for day in (1, 2))
    reader, volunteer = _reader(app), _reader(app)
    log_in(reader, make.user(name="Steady Reader"))
    token = log_in(volunteer, make.user(name="Busy Volunteer"))
    assert _signed_in(reader) and _signed_in(volunteer)
    clock.set(datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    assert volunteer.post(f"/shifts/{first.id}/signup").status_code == 302  # with it, when the session was seen
    with statements_sent(app) as sent:
        assert "Steady Reader" in reader.get(SIGNED_IN_PAGE).get_data(as_text=True)
        clock.set(datetime(2026, 3, 1, 9, 31, tzinfo=UTC))
        assert volunteer.post(f"/shifts/{second.id}/signup").status_code == 302  # a minute later: not again
    assert not [statement for statement in sent if "login_sessions" in statement], sent
    with app.app_context():
        seen = db.scalars(select(LoginSession.last_seen_at).where(LoginSession.token_hash == _hash(token))).one()
        signed_up = db.scalars(select(Signup.shift_id).where(Signup.volunteer_id == db.scalars(
            select(LoginSession.user_id).where(LoginSession.token_hash == _hash(token))).one())).all()
    assert abs(seen.replace(tzinfo=UTC) - datetime(2026, 3, 1, 9, 30, tzinfo=UTC)) < timedelta(minutes=1)
    assert sorted(signed_up) == sorted([first.id, second.id])
