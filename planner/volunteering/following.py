"""Following a programme: its followers are e-mailed the shifts added to it, so that they need not keep looking.

Anyone signed in may follow a public programme from its page, and stop from there or from the signed link in each
e-mail (no log-in; mail clients' one-click "Unsubscribe" too). The news is what was added since the follower was
last told (`told_up_to`, first the moment they followed): a shift on its own, or a new series, named once by its
next date rather than by each date the rolling horizon adds later (nor again when "this shift and the following"
are edited, which carries them on in a series of their own). A shift still open to sign-ups counts; one cancelled,
started or of a programme no longer public does not.

The outbox worker's pass (notifications.signals.pass_starting) writes the e-mails due: to each follower of a
programme with news at least SETTLED old (a coordinator adding a week of shifts one by one is done by then), at
most once a day per programme (WRITE_EVERY), a few at a time (PER_PASS), held so that two workers never write the
same one; news older than LOOK_BACK is not looked for.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

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
WRITE_EVERY = timedelta(days=1)
LOOK_BACK = timedelta(days=8)
PER_PASS = 50
LISTED = 10
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


def programmes_followed(user_id: int, limit: int) -> list[Programme]:
    """The public programmes the user follows, the latest followed first (for My planner)."""
    return list(session.scalars(
        select(Programme).join(ProgrammeFollower, ProgrammeFollower.programme_id == Programme.id)
        .where(ProgrammeFollower.user_id == user_id, programme_is_public())
        .order_by(ProgrammeFollower.followed_at.desc(), Programme.id).limit(limit)))


def forget_follows_of(user: User) -> None:
    """An account that closes follows nothing any more (accounts.signals.account_closing)."""
    session.execute(delete(ProgrammeFollower).where(ProgrammeFollower.user_id == user.id))


def followed_by(user) -> dict:
    """The programmes the person follows, for their data export (accounts.signals.export_requested)."""
    found = session.scalars(select(ProgrammeFollower).where(ProgrammeFollower.user_id == user.id)
                            .options(joinedload(ProgrammeFollower.programme)).order_by(ProgrammeFollower.followed_at))
    return {"programmes_followed": [{"programme": item.programme.name, "followed_at": plain(item.followed_at),
                                     "last_e_mail_at": plain(item.written_at)} for item in found]}


def news_off_kind(programme_id: int) -> str:
    """The kind of opt-out link (planner.notifications.opt_out) that stops one programme's news for one account."""
    return f"programme-news-off-{programme_id}"


def stop_link(user: User, programme: Programme) -> str:
    """A link that stops this programme's e-mails for this account without logging in."""
    return absolute_url("volunteering.stop_news", key=programme.slug,
                        token=opt_out_token(news_off_kind(programme.id), user.id))


def account_stopping(programme: Programme, token: str) -> User | None:
    """The active account a stop link of this programme was made for, or None when we did not make it."""
    user = account_of(news_off_kind(programme.id), token)
    return user if user is not None and user.is_active and not user.is_deleted else None


# --- the news -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    """A shift added to the programme, or the next date of a series added to it."""

    shift: Shift
    repeats: bool


def queue_news(now: datetime | None = None) -> int:
    """Write the e-mails due now (see the module's notes); how many."""
    now = now or utcnow()
    written = 0
    for found in session.scalars(_due_followers(now)):
        written += _tell(found, now)
    return written


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


def _due_followers(now: datetime):
    """The followings with news not yet told, not written to for a day, of active accounts and public programmes,
    each with its account and programme (read in the same statement); the longest untold first, held so that two
    workers never take the same one."""
    lately = _added_lately(now)
    return (select(ProgrammeFollower)
            .join(lately, and_(lately.c.programme_id == ProgrammeFollower.programme_id,
                               ProgrammeFollower.told_up_to < lately.c.last_added))
            .join(User, User.id == ProgrammeFollower.user_id)
            .join(Programme, Programme.id == ProgrammeFollower.programme_id)
            .where(User.is_active.is_(True), User.deleted_at.is_(None), programme_is_public(),
                   or_(ProgrammeFollower.written_at.is_(None), ProgrammeFollower.written_at <= now - WRITE_EVERY))
            .options(contains_eager(ProgrammeFollower.user), contains_eager(ProgrammeFollower.programme))
            .order_by(ProgrammeFollower.told_up_to, ProgrammeFollower.user_id)
            .limit(PER_PASS).with_for_update(of=ProgrammeFollower, skip_locked=True))


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


def _tell(found: ProgrammeFollower, now: datetime) -> int:
    """Write the follower the news, if there still is some (a shift may have been cancelled since); 1 if written.
    Either way they have been told up to now."""
    news = openings(found, now)
    found.told_up_to = now - SETTLED
    if not news:
        return 0
    _write(found.user, found.programme, news)
    found.written_at = now
    return 1


def _write(reader: User, programme: Programme, news: list[Opening]) -> None:
    """The e-mail, in the reader's language: the shifts added, the programme's page, and the stop link."""
    with worded_for(reader):
        name = isolate(shown_name(programme))
        subject = _("New shifts in “%(programme)s”", programme=name)
        lines = [_line(opening) for opening in news[:LISTED]]
        if len(news) > LISTED:
            lines.append(_("and more on the programme's page"))
        stop = stop_link(reader, programme)
        body = (_("Hello %(name)s,\n\nShifts were added to “%(programme)s”, which you follow:",
                  name=isolate(reader.name), programme=name)
                + "\n\n" + "\n".join(lines) + "\n\n"
                + _("All its shifts: %(link)s", link=absolute_url("directory.programme", key=programme.slug)) + "\n\n"
                + _("We write when shifts are added, at most once a day. To stop these e-mails: %(link)s",
                    link=stop))
        message = queue_email(reader, "programme.news", subject, body)
    message.opt_out_url = stop


def _line(opening: Opening) -> str:
    """One shift added: when, its title (and that it repeats), and its page."""
    shift = opening.shift
    title = isolate(shown_name(shift))
    words = (_("%(when)s: %(title)s, and on other dates", when=shift_when(shift), title=title) if opening.repeats
             else _("%(when)s: %(title)s", when=shift_when(shift), title=title))
    return "- " + words + "\n  " + absolute_url("volunteering.shift", shift_id=shift.id)

