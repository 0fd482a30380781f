"""Following a programme: a signed-in person follows it from its page and is e-mailed the shifts added to it once
they have settled, at most once a day unless they chose otherwise, each new series once; the e-mail's link (or the
page) stops it."""
from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from planner.accounts.models import User
from planner.notifications.models import Notification
from planner.places.models import Locality
from planner.types import RecordStatus
from planner.volunteering import following, series
from planner.volunteering.management import ShiftDetails
from planner.volunteering.models import Programme, ProgrammeFollower, ShiftStatus
from planner.volunteering.series import make_shifts

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _news(db, user_id: int | None = None) -> list[Notification]:
    db.expire_all()
    return list(db.scalars(select(Notification).where(Notification.kind == "programme.news",
                                                     *([Notification.user_id == user_id] if user_id else []))
                           .order_by(Notification.id)))


def _pass_at(app, db, clock, when: datetime) -> int:
    """The outbox worker's pass at this moment, in a context of its own as the worker has, committed as it commits."""
    clock.set(when)
    with app.app_context():
        written = following.queue_news(when)
        db.commit()
    return written


def _page(client, address: str) -> str:
    return html.unescape(client.get(address).get_data(as_text=True))


def _followed(app, db, clock, when: datetime, user_id: int, programme_id: int) -> None:
    clock.set(when)
    with app.test_request_context():
        following.follow(db.get(User, user_id), db.get(Programme, programme_id), when)
        db.commit()


def test_a_visitor_is_asked_to_log_in_and_a_volunteer_follows_and_stops_from_the_page(db, client, login, clock,
                                                                                      make):
    clock.set(NOW)
    programme = make.programme("Harbour food bank")
    volunteer = make.user()
    db.commit()
    key, programme_id, volunteer_id = programme.slug, programme.id, volunteer.id

    page = _page(client, f"/programmes/{key}")
    assert "Log in to follow this programme" in page and "Follow: e-mail me" not in page
    assert client.post(f"/programmes/{key}/follow", data={"wanted": "on"}).status_code == 302
    assert db.scalar(select(ProgrammeFollower)) is None

    login(volunteer)
    assert "Follow: e-mail me when shifts are added" in _page(client, f"/programmes/{key}")
    done = client.post(f"/programmes/{key}/follow", data={"wanted": "on"}, follow_redirects=True)
    page = html.unescape(done.get_data(as_text=True))
    assert "You now follow this programme." in page
    assert "You follow this programme: we e-mail you when shifts are added to it." in page
    assert "Stop following" in page
    client.post(f"/programmes/{key}/follow", data={"wanted": "on"})  # twice: still one
    assert len(db.scalars(select(ProgrammeFollower)).all()) == 1
    refused = client.post(f"/programmes/{key}/follow", data={"wanted": "maybe"}, follow_redirects=True)
    assert "nothing was changed" in refused.get_data(as_text=True)
    assert "Harbour food bank" in _page(client, "/me").split("Programmes you follow")[1]
    stopped = client.post(f"/programmes/{key}/follow", data={"wanted": "off"}, follow_redirects=True)
    assert "You no longer follow this programme." in html.unescape(stopped.get_data(as_text=True))
    db.expire_all()
    assert following.follower(volunteer_id, programme_id) is None
    assert "Programmes you follow" not in _page(client, "/me")


def test_the_list_of_programmes_followed_stops_any_of_them(app, db, client, login, clock, make):
    clock.set(NOW)
    harbour, olives, archived = make.programme("Harbour food bank"), make.programme("Olive press"), make.programme(
        "Closed orchard")
    volunteer = make.user()
    db.commit()
    volunteer_id, harbour_id, olives_key = volunteer.id, harbour.id, olives.slug
    for programme in (harbour, olives, archived):
        _followed(app, db, clock, NOW, volunteer_id, programme.id)
    db.get(Programme, archived.id).status = RecordStatus.ARCHIVED
    db.commit()

    assert client.get("/me/following").status_code == 302  # a visitor is sent to log in
    login(db.get(User, volunteer_id))
    assert "All the programmes you follow" in _page(client, "/me")
    page = _page(client, "/me/following")
    assert "Harbour food bank" in page and "Olive press" in page and "Closed orchard" not in page
    done = client.post(f"/programmes/{olives_key}/follow", data={"wanted": "off", "next": "/me/following"})
    assert urlsplit(done.headers["Location"]).path == "/me/following"
    page = html.unescape(client.get("/me/following").get_data(as_text=True))
    assert "You no longer follow this programme." in page
    assert "Harbour food bank" in page and "Olive press" not in page
    elsewhere = client.post(f"/programmes/{olives_key}/follow", data={"wanted": "on", "next": "https://example.com/"})
    assert urlsplit(elsewhere.headers["Location"]).path == f"/programmes/{olives_key}"  # never off the site
    client.post(f"/programmes/{db.get(Programme, harbour_id).slug}/follow", data={"wanted": "off"})
    client.post(f"/programmes/{olives_key}/follow", data={"wanted": "off"})
    assert "You follow no programme." in _page(client, "/me/following")


def test_an_archived_programme_cannot_be_followed(db, client, login, clock, make):
    clock.set(NOW)
    programme = make.programme(status=RecordStatus.ARCHIVED)
    coordinator = make.coordinator(of=programme.organisation)
    db.commit()
    key = programme.slug

    login(coordinator)  # who may still see it
    assert "Follow: e-mail me" not in _page(client, f"/programmes/{key}")
    assert client.post(f"/programmes/{key}/follow", data={"wanted": "on"}).status_code == 404
    assert db.scalar(select(ProgrammeFollower)) is None


def test_those_who_run_a_programme_see_how_many_follow_it_and_nobody_else_does(app, db, client, login, clock, make):
    clock.set(NOW)
    programme, unfollowed = make.programme("Harbour food bank"), make.programme("Olive press")
    coordinator, other_coordinator = make.coordinator(of=programme.organisation), make.coordinator(
        of=unfollowed.organisation)
    followers = [make.user(), make.user(), make.user(is_active=False)]
    db.commit()
    key, unfollowed_key = programme.slug, unfollowed.slug
    for follower in followers:
        _followed(app, db, clock, NOW, follower.id, programme.id)

    login(coordinator)
    page = _page(client, f"/programmes/{key}")
    assert "2 people follow this programme: each is e-mailed the shifts you add." in page  # not the suspended one
    login(followers[0])
    page = _page(client, f"/programmes/{key}")
    assert "follow this programme: each" not in page and "Stop following" in page
    login(other_coordinator)  # who runs another organisation's programmes
    assert "follow this programme: each" not in _page(client, f"/programmes/{key}")
    assert "Nobody follows this programme yet." in _page(client, f"/programmes/{unfollowed_key}")


def test_shifts_added_are_e_mailed_once_settled_at_most_once_a_day_and_a_series_once(app, db, clock, make):
    clock.set(NOW - DAY)
    programme = make.programme("Harbour food bank")
    make.shift(of=programme, starts_at=NOW + 3 * DAY, title="Already there")
    other = make.programme("Olive press")
    volunteer = make.user(name="Vera Volunteer", locale="fr")
    db.commit()
    programme_id, volunteer_id = programme.id, volunteer.id
    _followed(app, db, clock, NOW, volunteer_id, programme_id)

    clock.set(NOW + timedelta(hours=1))
    make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 5 * DAY, title="Sorting tins")
    make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 4 * DAY, title="Packing boxes")
    cancelled = make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 6 * DAY, title="Called off")
    cancelled.status = ShiftStatus.CANCELLED
    make.shift(of=other, starts_at=NOW + 4 * DAY, title="Pressing olives")
    weekly = make.series(db.get(Programme, programme_id), title="Weekly sorting", rule="RRULE:FREQ=WEEKLY",
                         first_start_local=(NOW + 7 * DAY).replace(tzinfo=None))
    db.commit()
    make_shifts(weekly, NOW + timedelta(hours=1))
    db.commit()

    assert _pass_at(app, db, clock, NOW + timedelta(hours=1, minutes=30)) == 0  # still being added
    assert _pass_at(app, db, clock, NOW + timedelta(hours=2, minutes=30)) == 1
    [mail] = _news(db)
    assert mail.user_id == volunteer_id and mail.language == "fr"
    assert mail.subject == "Nouveaux créneaux dans «\u00a0\u2068Harbour food bank\u2069\u00a0»"
    assert "Packing boxes" in mail.body and "Sorting tins" in mail.body
    assert mail.body.index("Packing boxes") < mail.body.index("Sorting tins")  # soonest first
    assert mail.body.count("Weekly sorting") == 1 and "et à d’autres dates" in mail.body
    for absent in ("Already there", "Called off", "Pressing olives"):
        assert absent not in mail.body
    assert mail.opt_out_url and mail.opt_out_url in mail.body
    assert _pass_at(app, db, clock, NOW + timedelta(hours=3)) == 0  # told

    clock.set(NOW + timedelta(hours=5))
    make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 8 * DAY, title="Harvest day")
    db.commit()
    assert _pass_at(app, db, clock, NOW + timedelta(hours=7)) == 0  # written to today already
    assert _pass_at(app, db, clock, NOW + DAY + timedelta(hours=3)) == 1
    latest = _news(db)[-1]
    assert "Harvest day" in latest.body and "Sorting tins" not in latest.body
    clock.set(NOW + 30 * DAY)
    assert make_shifts(db.get(type(weekly), weekly.id), NOW + 30 * DAY) > 0  # the series' next dates: not news
    db.commit()
    assert _pass_at(app, db, clock, NOW + 33 * DAY) == 0


def test_a_series_edited_from_one_shift_onwards_is_not_news_again(app, db, clock, make):
    clock.set(NOW - DAY)
    programme = make.programme("Harbour food bank")
    coordinator, volunteer = make.coordinator(of=programme.organisation), make.user()
    place = make.locality("Harbour")
    db.commit()
    programme_id, coordinator_id, volunteer_id, place_id = programme.id, coordinator.id, volunteer.id, place.id
    _followed(app, db, clock, NOW, volunteer_id, programme_id)
    first = (NOW + 5 * DAY).replace(tzinfo=None, hour=10)

    def details(title: str, start: datetime) -> ShiftDetails:
        return ShiftDetails(title=title, starts_local=start, ends_local=start + timedelta(hours=3),
                            locality=db.get(Locality, place_id), centre=None, place="Hall", capacity=4,
                            cutoff_hours=0)

    clock.set(NOW + timedelta(hours=1))
    with app.test_request_context():
        made = series.create_series(db.get(User, coordinator_id), db.get(Programme, programme_id),
                                    details("Saturday sorting", first), series.Repeat("weekly", [first.weekday()],
                                                                                       count=6))
        db.commit()
        third = series.upcoming_of(made.id)[2]
    assert _pass_at(app, db, clock, NOW + timedelta(hours=3)) == 1
    assert _news(db)[0].body.count("Saturday sorting") == 1

    clock.set(NOW + 2 * DAY)
    with app.test_request_context():
        moved = series.edit_following(db.get(User, coordinator_id), third.id,
                                      details("Saturday sorting (later)", third.occurrence + timedelta(hours=2)))
        db.commit()
    assert moved == 4
    assert _pass_at(app, db, clock, NOW + 3 * DAY + timedelta(hours=3)) == 0  # the same shifts, not new ones
    assert len(_news(db, volunteer_id)) == 1


def test_no_e_mail_for_a_programme_no_longer_public_nor_to_a_closed_account(app, db, clock, make):
    clock.set(NOW - DAY)
    programme, kept = make.programme(), make.programme()
    leaving, staying = make.user(), make.user()
    db.commit()
    programme_id, kept_id, leaving_id, staying_id = programme.id, kept.id, leaving.id, staying.id
    _followed(app, db, clock, NOW, staying_id, programme_id)
    _followed(app, db, clock, NOW, leaving_id, kept_id)
    clock.set(NOW + timedelta(hours=1))
    make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 5 * DAY)
    make.shift(of=db.get(Programme, kept_id), starts_at=NOW + 5 * DAY)
    db.get(Programme, programme_id).status = RecordStatus.ARCHIVED
    db.commit()
    with app.test_request_context():
        following.forget_follows_of(db.get(User, leaving_id))
        db.commit()

    assert _pass_at(app, db, clock, NOW + 3 * DAY) == 0
    assert _news(db) == []


def test_the_e_mail_s_link_stops_them_without_logging_in(app, db, client, clock, make):
    clock.set(NOW - DAY)
    programme, volunteer = make.programme("Harbour food bank"), make.user()
    db.commit()
    programme_id, volunteer_id = programme.id, volunteer.id
    _followed(app, db, clock, NOW, volunteer_id, programme_id)
    clock.set(NOW + timedelta(hours=1))
    make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 5 * DAY)
    db.commit()
    _pass_at(app, db, clock, NOW + 3 * DAY)
    [mail] = _news(db)
    stop = urlsplit(mail.opt_out_url).path

    page = _page(client, stop)
    assert "Stop these e-mails" in page and "Harbour food bank" in page
    assert following.follower(volunteer_id, programme_id) is not None  # a GET changes nothing
    client.post(stop)  # as a mail client's one-click "Unsubscribe" sends it: no form, no session
    db.expire_all()
    assert following.follower(volunteer_id, programme_id) is None
    assert "These e-mails are off" in _page(client, stop)
    assert client.get(stop[:-3] + "abc").status_code == 404  # a link we did not make
    other = make.programme()
    db.commit()
    assert client.get(stop.replace(f"/programmes/{programme.slug}/", f"/programmes/{other.slug}/")).status_code == 404


def test_a_reader_of_several_programmes_gets_one_e_mail_for_all_once_a_day(app, db, clock, make):
    clock.set(NOW - DAY)
    harbour, olives, orchard = make.programme("Harbour food bank"), make.programme("Olive press"), make.programme(
        "Orchard")
    both, one = make.user(name="Vera Volunteer"), make.user()
    db.commit()
    ids = {"harbour": harbour.id, "olives": olives.id, "orchard": orchard.id}
    for programme in ("harbour", "olives", "orchard"):
        _followed(app, db, clock, NOW, both.id, ids[programme])
    _followed(app, db, clock, NOW, one.id, ids["harbour"])
    both_id, one_id = both.id, one.id

    clock.set(NOW + timedelta(hours=1))
    make.shift(of=db.get(Programme, ids["harbour"]), starts_at=NOW + 5 * DAY, title="Packing boxes")
    make.shift(of=db.get(Programme, ids["olives"]), starts_at=NOW + 4 * DAY, title="Pressing olives")
    db.commit()
    assert _pass_at(app, db, clock, NOW + timedelta(hours=2, minutes=30)) == 2

    [mail] = _news(db, both_id)
    assert mail.subject == "New shifts in 2 programmes you follow"
    body = mail.body
    assert body.index("Harbour food bank") < body.index("Packing boxes") < body.index("Olive press") < body.index(
        "Pressing olives")
    assert "Orchard" not in body  # nothing new there
    for key in ("harbour", "olives"):  # each programme's own stop link
        slug = db.get(Programme, ids[key]).slug
        assert f"/programmes/{slug}/news/off/" in body
    assert "/following/off/" in mail.opt_out_url and mail.opt_out_url in body  # and one that stops them all
    [single] = _news(db, one_id)
    assert single.subject == "New shifts in “\u2068Harbour food bank\u2069”" and "Pressing olives" not in single.body
    assert urlsplit(single.opt_out_url).path.startswith(f"/programmes/{db.get(Programme, ids['harbour']).slug}/")

    clock.set(NOW + timedelta(hours=5))
    make.shift(of=db.get(Programme, ids["orchard"]), starts_at=NOW + 6 * DAY, title="Picking apples")
    db.commit()
    assert _pass_at(app, db, clock, NOW + timedelta(hours=7)) == 0  # one e-mail a day, whichever programme
    assert _pass_at(app, db, clock, NOW + DAY + timedelta(hours=3)) == 1
    latest = _news(db, both_id)[-1]
    assert latest.subject == "New shifts in “\u2068Orchard\u2069”" and "Picking apples" in latest.body
    assert "Packing boxes" not in latest.body


def test_the_link_that_stops_every_programme_s_e_mails(app, db, client, clock, make):
    clock.set(NOW - DAY)
    harbour, olives = make.programme("Harbour food bank"), make.programme("Olive press")
    reader, other = make.user(), make.user()
    db.commit()
    reader_id, other_id, harbour_id = reader.id, other.id, harbour.id
    for programme in (harbour, olives):
        _followed(app, db, clock, NOW, reader_id, programme.id)
    _followed(app, db, clock, NOW, other_id, harbour_id)
    clock.set(NOW + timedelta(hours=1))
    make.shift(of=db.get(Programme, harbour_id), starts_at=NOW + 5 * DAY)
    make.shift(of=db.get(Programme, olives.id), starts_at=NOW + 5 * DAY)
    db.commit()
    _pass_at(app, db, clock, NOW + 3 * DAY)
    stop = urlsplit(_news(db, reader_id)[0].opt_out_url).path

    page = _page(client, stop)
    assert "Stop all these e-mails" in page and "Harbour food bank" in page and "Olive press" in page
    assert len(db.scalars(select(ProgrammeFollower).where(ProgrammeFollower.user_id == reader_id)).all()) == 2
    client.post(stop)  # a mail client's one-click "Unsubscribe"
    db.expire_all()
    assert db.scalars(select(ProgrammeFollower).where(ProgrammeFollower.user_id == reader_id)).all() == []
    assert following.follower(other_id, harbour_id) is not None  # nobody else's
    assert "These e-mails are off" in _page(client, stop)
    assert client.get(stop[:-3] + "abc").status_code == 404  # a link we did not make
    with app.test_request_context():
        one_programme = following.stop_link(db.get(User, other_id), db.get(Programme, harbour_id))
    assert client.get("/following/off/" + one_programme.rsplit("/", 1)[1]).status_code == 404  # of another kind


def test_an_export_lists_the_programmes_followed(app, db, client, login, clock, make):
    clock.set(NOW)
    programme, volunteer = make.programme("Harbour food bank"), make.user()
    db.commit()
    _followed(app, db, clock, NOW, volunteer.id, programme.id)

    login(db.get(User, volunteer.id))
    exported = json.loads(client.post("/account/export").get_data(as_text=True))
    assert [item["programme"] for item in exported["programmes_followed"]] == ["Harbour food bank"]
    assert exported["programme_news_every"] == "day"


def test_a_follower_chooses_on_their_profile_how_often_they_are_written_to(app, db, client, login, clock, make):
    clock.set(NOW)
    programme, volunteer, other = make.programme("Harbour food bank"), make.user(), make.user()
    db.commit()
    volunteer_id, other_id = volunteer.id, other.id
    _followed(app, db, clock, NOW, volunteer_id, programme.id)
    profile = {"name": "Vera Volunteer", "locale": "en", "locality": "", "shift_reminders": "y"}

    login(db.get(User, other_id))  # follows nothing: not asked
    assert "programmes I follow" not in client.get("/account/profile").get_data(as_text=True)
    login(db.get(User, volunteer_id))
    page = client.get("/account/profile").get_data(as_text=True)
    assert "E-mail me the shifts added to the programmes I follow" in page
    assert '<option selected value="day">At most once a day</option>' in page
    mine = html.unescape(client.get("/me/following").get_data(as_text=True))
    assert "We write when shifts are added, at most once a day." in mine and "Choose how often" in mine

    refused = client.post("/account/profile", data={**profile, "programme_news_every": "hourly"})
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, volunteer_id).programme_news_every == "day"
    assert client.post("/account/profile", data={**profile, "programme_news_every": "week"}).status_code == 302
    db.expire_all()
    assert db.get(User, volunteer_id).programme_news_every == "week"
    assert "at most once a week." in html.unescape(client.get("/me/following").get_data(as_text=True))


def test_a_weekly_reader_is_written_to_once_a_week_and_a_soon_reader_after_each_addition(app, db, clock, make):
    clock.set(NOW - DAY)
    programme = make.programme("Harbour food bank")
    weekly, soon, daily = (make.user(name=name) for name in ("Wafa Weekly", "Sami Soon", "Dina Daily"))
    weekly.programme_news_every, soon.programme_news_every = "week", "soon"
    db.commit()
    programme_id, ids = programme.id, {"week": weekly.id, "soon": soon.id, "day": daily.id}
    for user_id in ids.values():
        _followed(app, db, clock, NOW, user_id, programme_id)

    def add(title: str, at: datetime) -> None:
        clock.set(at)
        make.shift(of=db.get(Programme, programme_id), starts_at=NOW + 20 * DAY, title=title)
        db.commit()

    def written() -> dict[str, int]:
        return {every: len(_news(db, user_id)) for every, user_id in ids.items()}

    add("Sorting tins", NOW + timedelta(hours=1))
    _pass_at(app, db, clock, NOW + timedelta(hours=2, minutes=30))
    assert written() == {"week": 1, "soon": 1, "day": 1}
    add("Packing boxes", NOW + timedelta(hours=3))
    _pass_at(app, db, clock, NOW + timedelta(hours=4, minutes=30))
    assert written() == {"week": 1, "soon": 2, "day": 1}  # the same day: only who asked to hear soon
    _pass_at(app, db, clock, NOW + DAY + timedelta(hours=3))
    assert written() == {"week": 1, "soon": 2, "day": 2}
    add("Harvest day", NOW + 3 * DAY)
    _pass_at(app, db, clock, NOW + 6 * DAY)
    assert written() == {"week": 1, "soon": 3, "day": 3}
    _pass_at(app, db, clock, NOW + 7 * DAY + timedelta(hours=3))
    assert written() == {"week": 2, "soon": 3, "day": 3}
    latest = _news(db, ids["week"])[-1]
    for title in ("Packing boxes", "Harvest day"):  # all the week's news in one e-mail
        assert title in latest.body
    assert "at most once a week." in latest.body and "/account/profile#programme_news_every" in latest.body
    assert "soon after shifts are added" in _news(db, ids["soon"])[-1].body
