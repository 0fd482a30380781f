"""Following a programme: its followers are e-mailed the shifts added to it, so that they need not keep looking.

Anyone signed in may follow a public programme from its page, and stop from there or from the signed link in each
e-mail (no log-in; mail clients' one-click "Unsubscribe" too). The news is what was added since the follower was
last told (`told_up_to`, first the moment they followed): a shift on its own, or a new series, named once by its
next date rather than by each date the rolling horizon adds later (nor again when "this shift and the following"
are edited, which carries them on in a series of their own). A shift still open to sign-ups counts; one cancelled,
started or of a programme no longer public does not.

The outbox worker's pass (notifications.signals.pass_starting) writes the e-mails due: to each follower of a
programme with news at least SETTLED old (a coordinator adding a week of shifts one by one is done by then), one
e-mail for all the programmes they follow, as often as they chose on their profile (WRITE_EVERY: soon, at most once
a day, the default, or once a week), a few readers at a time (PER_PASS), held so that two workers never write to the
same reader; news older than LOOK_BACK is not looked for. An e-mail of
several programmes has a stop link for each, and one that stops them all (the mail client's "Unsubscribe").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, and_, delete, exists, func, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager, joinedload

from planner.accounts.models import User
from planner.accounts.your_data import plain
from planner.clock import utcnow
from planner.db import session
from planner.i18n import isolate, worded_for
from planner.notifications.opt_out import account_of, opt_out_token
from planner.notifications.services import queue_email
from planner.pagination import count_up_to
from planner.translated import shown_name
from planner.urls import absolute_url
from planner.volunteering.models import Programme, ProgrammeFollower, Shift, ShiftSeries, ShiftStatus
from planner.volunteering.queries import programme_is_public
from planner.volunteering.timezones import shift_when

SETTLED = timedelta(hours=1)
# the least time between two e-mails to one reader, by their choice (accounts.models.NEWS_EVERY)
WRITE_EVERY = {"soon": SETTLED, "day": timedelta(days=1), "week": timedelta(days=7)}
LOOK_BACK = timedelta(days=9)  # more than the longest of WRITE_EVERY, so that a weekly reader misses nothing
PER_PASS = 50  # readers written to in one pass
READ_PER_READER = 20  # on average: a pass reads PER_PASS times as many followings at most
LISTED = 10
ALL_NEWS_OFF = "programme-news-off-all"  # the kind of opt-out link that stops every programme's news for an account
FOLLOWERS_COUNTED = 10_000  # a programme's page says "more than" past this


# --- following and stopping --------------------------------------------------------------------


def follower(user_id: int, programme_id: int) -> ProgrammeFollower | None:
    """The user's following of the programme, if they follow it."""
    return session.get(ProgrammeFollower, (user_id, programme_id))


def followers_of(programme_id: int) -> int:
    """How many people the programme's news goes to (active accounts), counted up to one past FOLLOWERS_COUNTED."""
    return count_up_to(select(ProgrammeFollower.user_id).join(User, User.id == ProgrammeFollower.user_id).where(
        ProgrammeFollower.programme_id == programme_id, User.is_active.is_(True), User.deleted_at.is_(None)),
        FOLLOWERS_COUNTED + 1)


def follow(user: User, programme: Programme, now: datetime | None = None) -> ProgrammeFollower:
    """Follow the programme (following it again changes nothing): shifts added from now on are news."""
    found = follower(user.id, programme.id)
    if found is not None:
        return found
    now = now or utcnow()
    try:
        with session.begin_nested():  # a second click that raced the first finds its row
            found = ProgrammeFollower(user_id=user.id, programme_id=programme.id, followed_at=now, told_up_to=now)
            session.add(found)
    except IntegrityError:
        found = follower(user.id, programme.id)
    return found


def stop_following(user: User, programme: Programme) -> None:
    """Stop following the programme (stopping twice changes nothing)."""
    found = follower(user.id, programme.id)
    if found is not None:
        session.delete(found)
        session.flush()


def followed_programmes(user_id: int) -> Select:
    """The public programmes the user follows, the latest followed first: a statement, to page or to cut."""
    return (select(Programme).join(ProgrammeFollower, ProgrammeFollower.programme_id == Programme.id)
            .where(ProgrammeFollower.user_id == user_id, programme_is_public())
            .order_by(ProgrammeFollower.followed_at.desc(), Programme.id))


def programmes_followed(user_id: int, limit: int) -> list[Programme]:
    """The first of the programmes the user follows (for My planner and the page that stops them all)."""
    return list(session.scalars(followed_programmes(user_id).limit(limit)))


def forget_follows_of(user: User) -> None:
    """Follow nothing any more: an account that closes (accounts.signals.account_closing), or the link that stops
    the e-mails of every programme followed."""
    session.execute(delete(ProgrammeFollower).where(ProgrammeFollower.user_id == user.id))


def setting_offered(user) -> set[str]:
    """The profile asks how often to e-mail the news of those who follow a programme (accounts.signals
    .settings_offered)."""
    follows = session.scalar(select(exists().where(ProgrammeFollower.user_id == user.id)))
    return {"programme_news_every"} if follows else set()


def followed_by(user) -> dict:
    """The programmes the person follows, for their data export (accounts.signals.export_requested)."""
    found = session.scalars(select(ProgrammeFollower).where(ProgrammeFollower.user_id == user.id)
                            .options(joinedload(ProgrammeFollower.programme)).order_by(ProgrammeFollower.followed_at))
    return {"programmes_followed": [{"programme": item.programme.name, "followed_at": plain(item.followed_at),
                                     "last_e_mail_at": plain(item.written_at)} for item in found],
            "programme_news_every": user.programme_news_every}


def news_off_kind(programme_id: int) -> str:
    """The kind of opt-out link (planner.notifications.opt_out) that stops one programme's news for one account."""
    return f"programme-news-off-{programme_id}"


def stop_link(user: User, programme: Programme) -> str:
    """A link that stops this programme's e-mails for this account without logging in."""
    return absolute_url("volunteering.stop_news", key=programme.slug,
                        token=opt_out_token(news_off_kind(programme.id), user.id))


def stop_all_link(user: User) -> str:
    """A link that stops the e-mails of every programme the account follows, without logging in."""
    return absolute_url("volunteering.stop_all_news", token=opt_out_token(ALL_NEWS_OFF, user.id))


def account_stopping_all(token: str) -> User | None:
    """The active account a link stopping all its programmes' e-mails was made for, or None."""
    return _active(account_of(ALL_NEWS_OFF, token))


def account_stopping(programme: Programme, token: str) -> User | None:
    """The active account a stop link of this programme was made for, or None when we did not make it."""
    return _active(account_of(news_off_kind(programme.id), token))


def _active(user: User | None) -> User | None:
    return user if user is not None and user.is_active and not user.is_deleted else None


# --- the news -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    """A shift added to the programme, or the next date of a series added to it."""

    shift: Shift
    repeats: bool


def queue_news(now: datetime | None = None) -> int:
    """Write the e-mails due now (see the module's notes), one to each reader for all their programmes; how many."""
    now = now or utcnow()
    held = _hold_readers(now)
    if not held:
        return 0
    readers: dict[int, list[ProgrammeFollower]] = {}
    for found in session.scalars(_followings_due(now, held)):
        readers.setdefault(found.user_id, []).append(found)
    return sum(_tell(followings, now) for followings in readers.values())


def queue_news_now(_sender=None) -> int:
    """The outbox worker's hook (notifications.signals.pass_starting)."""
    return queue_news()


def _added_lately(now: datetime):
    """Per programme, the last moment a shift on its own or a series was added to it, among those added between
    LOOK_BACK and SETTLED ago (a shift only while still to come and on)."""
    since, until = now - LOOK_BACK, now - SETTLED
    shifts = select(Shift.programme_id.label("programme_id"), Shift.created_at.label("added_at")).where(
        Shift.created_at > since, Shift.created_at <= until, Shift.series_id.is_(None),
        Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now)
    series = select(ShiftSeries.programme_id.label("programme_id"), ShiftSeries.created_at.label("added_at")).where(
        *_series_added(since, until))
    added = union_all(shifts, series).subquery()
    return (select(added.c.programme_id, func.max(added.c.added_at).label("last_added"))
            .group_by(added.c.programme_id).subquery())


def _series_added(since: datetime, until: datetime) -> list:
    """A series added in the window and not cancelled; not one that carries on an older one (its shifts were
    there before: "this shift and the following" edited)."""
    return [ShiftSeries.created_at > since, ShiftSeries.created_at <= until, ShiftSeries.cancelled_at.is_(None),
            ShiftSeries.continues_id.is_(None)]


def _hold_readers(now: datetime) -> list[int]:
    """Up to PER_PASS readers with news due, the longest untold first, their accounts' rows held (another worker's
    skipped) so that two workers never write to the same reader; the rows are held before their followings are
    read, so that no worker holds part of a reader's followings."""
    due = (_due(now, ProgrammeFollower.user_id).group_by(ProgrammeFollower.user_id)
           .order_by(func.min(ProgrammeFollower.told_up_to), ProgrammeFollower.user_id).limit(PER_PASS))
    return list(session.scalars(select(User.id).where(User.id.in_(due)).with_for_update(skip_locked=True)))


def _followings_due(now: datetime, reader_ids: list[int]):
    """The held readers' followings with news not yet told, each with its account and programme (read in the same
    statement); news read again now, as another worker may have written to a reader since it was chosen."""
    return (_due(now, ProgrammeFollower).where(ProgrammeFollower.user_id.in_(reader_ids))
            .options(contains_eager(ProgrammeFollower.user), contains_eager(ProgrammeFollower.programme))
            .order_by(ProgrammeFollower.user_id, ProgrammeFollower.told_up_to, ProgrammeFollower.programme_id)
            .limit(PER_PASS * READ_PER_READER).with_for_update(of=ProgrammeFollower))


def _due(now: datetime, column):
    """The followings with news not yet told, of readers not written to for as long as they chose, active accounts
    and public programmes only."""
    lately = _added_lately(now)
    earlier = aliased(ProgrammeFollower)
    written_lately = exists().where(earlier.user_id == ProgrammeFollower.user_id, or_(*(
        and_(User.programme_news_every == every, earlier.written_at > now - span)
        for every, span in WRITE_EVERY.items())))
    return (select(column)
            .join(lately, and_(lately.c.programme_id == ProgrammeFollower.programme_id,
                               ProgrammeFollower.told_up_to < lately.c.last_added))
            .join(User, User.id == ProgrammeFollower.user_id)
            .join(Programme, Programme.id == ProgrammeFollower.programme_id)
            .where(User.is_active.is_(True), User.deleted_at.is_(None), programme_is_public(), ~written_lately))


def openings(found: ProgrammeFollower, now: datetime, limit: int = LISTED + 1) -> list[Opening]:
    """What was added to the programme since the follower was last told and at least SETTLED ago, soonest first:
    shifts on their own, and each new series by its next date."""
    since, until = found.told_up_to, now - SETTLED
    on = [Shift.programme_id == found.programme_id, Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now]
    own = select(Shift).where(*on, Shift.series_id.is_(None), Shift.created_at > since, Shift.created_at <= until)
    new_series = select(ShiftSeries.id).where(ShiftSeries.programme_id == found.programme_id,
                                              *_series_added(since, until))
    next_dates = select(func.min(Shift.id)).where(*on, Shift.series_id.in_(new_series)).group_by(Shift.series_id)
    statement = (select(Shift).where(or_(Shift.id.in_(own.with_only_columns(Shift.id)), Shift.id.in_(next_dates)))
                 .options(joinedload(Shift.locality)).order_by(Shift.starts_at, Shift.id).limit(limit))
    return [Opening(shift, shift.series_id is not None) for shift in session.scalars(statement)]


def _tell(followings: list[ProgrammeFollower], now: datetime) -> int:
    """Write one reader the news of the programmes they follow, if there still is some (a shift may have been
    cancelled since); 1 if written. Either way they have been told up to now."""
    news = []
    for found in followings:
        added = openings(found, now)
        found.told_up_to = now - SETTLED
        if added:
            news.append((found.programme, added))
    if not news:
        return 0
    _write(followings[0].user, news)
    for found in followings:
        found.written_at = now
    return 1


def _write(reader: User, news: list[tuple[Programme, list[Opening]]]) -> None:
    """The e-mail, in the reader's language: the shifts added to each programme, its page and its stop link (with
    several, one more link that stops them all, which is also the mail client's "Unsubscribe")."""
    with worded_for(reader):
        if len(news) == 1:
            [(programme, added)] = news
            name = isolate(shown_name(programme))
            subject = _("New shifts in “%(programme)s”", programme=name)
            stop = stop_link(reader, programme)
            parts = [_("Hello %(name)s,\n\nShifts were added to “%(programme)s”, which you follow:",
                       name=isolate(reader.name), programme=name), _listed(added),
                     _("All its shifts: %(link)s", link=absolute_url("directory.programme", key=programme.slug)),
                     _how_often(reader), _("To stop these e-mails: %(link)s", link=stop)]
        else:
            subject = ngettext("New shifts in %(num)s programme you follow",
                               "New shifts in %(num)s programmes you follow", len(news))
            stop = stop_all_link(reader)
            parts = [_("Hello %(name)s,\n\nShifts were added to programmes you follow:", name=isolate(reader.name)),
                     *(_section(reader, programme, added) for programme, added in news),
                     _how_often(reader), _("To stop all these e-mails: %(link)s", link=stop)]
        message = queue_email(reader, "programme.news", subject, "\n\n".join(parts))
    message.opt_out_url = stop


def how_often(reader: User) -> str:
    """How often we write to the reader, as they chose."""
    if reader.programme_news_every == "soon":
        return _("We write soon after shifts are added, once they have been there an hour.")
    if reader.programme_news_every == "week":
        return _("We write when shifts are added, at most once a week.")
    return _("We write when shifts are added, at most once a day.")


def _how_often(reader: User) -> str:
    """How often we write, and where to choose again."""
    return how_often(reader) + "\n" + _("To be written to more or less often: %(link)s",
                                         link=absolute_url("accounts.profile") + "#programme_news_every")


def _section(reader: User, programme: Programme, added: list[Opening]) -> str:
    """One programme's part of an e-mail of several: its name, the shifts added, its page and its own stop link."""
    return "\n\n".join((
        _("“%(programme)s”:", programme=isolate(shown_name(programme))), _listed(added),
        _("All its shifts: %(link)s", link=absolute_url("directory.programme", key=programme.slug)),
        _("To stop the e-mails of this programme only: %(link)s", link=stop_link(reader, programme))))


def _listed(added: list[Opening]) -> str:
    """The shifts added, LISTED at most and then a pointer to the programme's page."""
    lines = [_line(opening) for opening in added[:LISTED]]
    if len(added) > LISTED:
        lines.append(_("and more on the programme's page"))
    return "\n".join(lines)


def _line(opening: Opening) -> str:
    """One shift added: when, its title (and that it repeats), and its page."""
    shift = opening.shift
    title = isolate(shown_name(shift))
    words = (_("%(when)s: %(title)s, and on other dates", when=shift_when(shift), title=title) if opening.repeats
             else _("%(when)s: %(title)s", when=shift_when(shift), title=title))
    return "- " + words + "\n  " + absolute_url("volunteering.shift", shift_id=shift.id)

