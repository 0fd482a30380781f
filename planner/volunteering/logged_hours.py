"""Hours given outside a shift: a volunteer logs them against a programme, one of its coordinators verifies or
declines them, and verified they count beside the rosters' hours (volunteering.contributions).

A volunteer logs a day no later than today on their own calendar and no earlier than a year back, and at most a
day's hours on any one day across what they logged; what is still waiting they may withdraw. A coordinator of the
programme decides, never on their own hours; the decision is audited and e-mailed to the volunteer.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import format_date, gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import contains_eager, joinedload

from planner.accounts.models import User
from planner.accounts.services import find_user
from planner.accounts.your_data import rows
from planner.audit.services import record_event
from planner.clock import today_for, utcnow
from planner.db import session
from planner.digits import format_count
from planner.i18n import isolate, worded_for
from planner.notifications.services import queue_email
from planner.permissions import run_by
from planner.translated import shown_name
from planner.urls import absolute_url
from planner.volunteering.models import (LOGGED_NOTE_LENGTH, MOST_HOURS_A_DAY, LoggedHours, LoggedHoursStatus,
                                         Programme)
from planner.volunteering.roster import HOURS_STEP
from planner.volunteering.services import COORDINATORS_TOLD, VolunteeringError, lock_user

LOOK_BACK = timedelta(days=366)  # how far back a day may be logged: last year's work, reported at the year's end
MOST_WAITING = 50  # a volunteer's logged hours waiting for a coordinator at one time
TELL_EVERY = timedelta(days=1)  # the coordinators are e-mailed of a programme's waiting logs at most this often


def log(volunteer, programme: Programme, worked_on: date, hours: Decimal, description: str,
        now: datetime | None = None, by_volunteer: bool = True) -> LoggedHours:
    """Log hours given to the programme on a day, for its coordinators to verify. `by_volunteer`: the volunteer
    logs them (not a coordinator for them, record_for), so they may have at most MOST_WAITING waiting at once, and
    the coordinators are told that hours wait (tell_coordinators)."""
    now = now or utcnow()
    hours = _checked_hours(hours)
    lock_user(volunteer.id)  # two logs sent at once are weighed against the day one after the other
    _check_day(volunteer, worked_on, hours, now)
    description = _one_line(description, "description")
    if not description:
        raise VolunteeringError(_l("Say in a few words what you did."), field="description")
    if by_volunteer and waiting_count(volunteer.id) >= MOST_WAITING:
        raise VolunteeringError(_l("You have %(num)s logs of hours waiting for a coordinator. Please wait until "
                                   "some are verified before logging more.", num=format_count(MOST_WAITING)))
    entry = LoggedHours(volunteer_id=volunteer.id, programme_id=programme.id, worked_on=worked_on, hours=hours,
                        description=description, status=LoggedHoursStatus.PENDING, logged_at=now)
    session.add(entry)
    session.flush()
    if by_volunteer:
        tell_coordinators(entry, now)
    return entry


def record_for(actor, programme: Programme, email: str, worked_on: date, hours: Decimal, description: str,
               now: datetime | None = None) -> LoggedHours:
    """A coordinator records hours a volunteer gave the programme outside its shifts (told by telephone, or on
    paper), verified at once; the volunteer is told. Another coordinator records a coordinator's own."""
    now = now or utcnow()
    volunteer = find_user(email)
    if volunteer is None or not volunteer.is_active or volunteer.is_deleted:
        raise VolunteeringError(_l("No open account uses this address: the volunteer needs one for their hours to "
                                   "count."), field="email")
    if volunteer.id == actor.id:
        raise VolunteeringError(_l("Log your own hours from the programme's page: another coordinator verifies "
                                   "them."), field="email")
    entry = log(volunteer, programme, worked_on, hours, description, now, by_volunteer=False)
    return verify(actor, entry, now=now)


def tell_coordinators(entry: LoggedHours, now: datetime) -> bool:
    """E-mail the programme's coordinators (the first COORDINATORS_TOLD of those who want it, never the volunteer)
    that hours wait for them, unless they were told of another log of this programme in the past day that still
    waits: a volunteer logging a week's errands one by one sends one e-mail. True if they were told."""
    told_lately = session.scalar(select(exists().where(
        LoggedHours.programme_id == entry.programme_id, LoggedHours.status == LoggedHoursStatus.PENDING,
        LoggedHours.coordinators_told.is_(True), LoggedHours.logged_at > now - TELL_EVERY, LoggedHours.id != entry.id)))
    if told_lately:
        return False
    programme = entry.programme
    coordinators = session.scalars(select(User).where(
        run_by(programme), User.logged_hours_emails.is_(True), User.deleted_at.is_(None), User.id != entry.volunteer_id)
        .order_by(User.id).limit(COORDINATORS_TOLD)).all()
    waiting = waiting_by_programme([programme.id]).get(programme.id, 0)
    for coordinator in coordinators:
        _tell_coordinator(coordinator, entry, waiting)
    entry.coordinators_told = True
    return True


def _tell_coordinator(coordinator: User, entry: LoggedHours, waiting: int) -> None:
    """To one coordinator: who logged how many hours for which day, how many logs wait, and the queue."""
    with worded_for(coordinator):
        values = {"name": isolate(coordinator.name), "volunteer": isolate(entry.volunteer.shown_name),
                  "programme": isolate(shown_name(entry.programme)), "day": format_date(entry.worked_on, "long"),
                  "hours": format_count(entry.hours), "what": isolate(entry.description)}
        subject = _("Hours to verify: %(programme)s", **values)
        body = (_("Hello %(name)s,\n\n%(volunteer)s logged %(hours)s hours given to %(programme)s on %(day)s: "
                  "“%(what)s”.", **values) + " "
                + ngettext("%(num)s log of hours waits for a coordinator to verify or decline it.",
                           "%(num)s logs of hours wait for a coordinator to verify or decline them.", waiting)
                + "\n\n" + _("The queue: %(link)s", link=absolute_url("volunteering.logged_hours.queue",
                                                                       key=entry.programme.slug))
                + "\n\n" + _("While these wait, hours logged in the next day are not e-mailed again. You can turn "
                              "these e-mails off on your profile: %(link)s", link=absolute_url("accounts.profile")))
    queue_email(coordinator, "logged_hours.waiting", subject, body)


def _one_line(text: str, field: str) -> str:
    """What a volunteer or a coordinator wrote, on one line with single spaces, refused when too long."""
    line = " ".join((text or "").split())
    if len(line) > LOGGED_NOTE_LENGTH:
        raise VolunteeringError(_l("Please keep it under %(num)s characters.", num=format_count(LOGGED_NOTE_LENGTH)),
                                field=field)
    return line


def _checked_hours(hours: Decimal | None) -> Decimal:
    """The hours to the hundredth, more than none and no more than a day (compared before rounding: a figure like
    1e309 has no hundredths to round to)."""
    fits = hours is not None and Decimal(hours).is_finite() and 0 < Decimal(hours) <= MOST_HOURS_A_DAY
    rounded = Decimal(hours).quantize(HOURS_STEP) if fits else None
    if not rounded:
        raise VolunteeringError(_l("Enter more than %(least)s and at most %(most)s hours.", least=format_count(0),
                                   most=format_count(MOST_HOURS_A_DAY)), field="hours")
    return rounded


def _check_day(volunteer, worked_on: date, hours: Decimal, now: datetime) -> None:
    """The day is past or today, within a year, and what the volunteer logged on it stays within a day's hours."""
    today = today_for(volunteer, now)
    if worked_on > today:
        raise VolunteeringError(_l("Hours can be logged once they are given: choose today or a day before."),
                                field="worked_on")
    if worked_on < today - LOOK_BACK:
        raise VolunteeringError(_l("Hours older than a year cannot be logged."), field="worked_on")
    already = session.scalar(select(func.coalesce(func.sum(LoggedHours.hours), 0, type_=LoggedHours.hours.type)).where(
        LoggedHours.volunteer_id == volunteer.id, LoggedHours.worked_on == worked_on,
        LoggedHours.status != LoggedHoursStatus.DECLINED)) or 0
    if Decimal(already) + hours > MOST_HOURS_A_DAY:
        raise VolunteeringError(_l("You have already logged %(hours)s hours on that day; a day has %(most)s.",
                                   hours=format_count(Decimal(already)), most=format_count(MOST_HOURS_A_DAY)),
                                field="hours")


def withdraw(volunteer, entry: LoggedHours) -> None:
    """Take back hours logged by mistake, while no coordinator has decided on them."""
    if entry.status is not LoggedHoursStatus.PENDING:
        raise VolunteeringError(_l("A coordinator has already decided on these hours."))
    session.delete(entry)
    session.flush()


def verify(actor, entry: LoggedHours, hours: Decimal | None = None, now: datetime | None = None) -> LoggedHours:
    """Verify the logged hours, as logged or corrected (`hours`), and tell the volunteer."""
    _refuse_decided(entry)
    before = {"status": entry.status.value, "hours": entry.hours}
    entry.hours = entry.hours if hours is None else _checked_hours(hours)
    _decide(actor, entry, LoggedHoursStatus.VERIFIED, "", now)
    record_event(actor, "logged_hours.verify", entry, before=before,
                 after={"status": entry.status.value, "hours": entry.hours})
    _tell(entry)
    return entry


def decline(actor, entry: LoggedHours, reason: str, now: datetime | None = None) -> LoggedHours:
    """Decline the logged hours, saying why if the coordinator will, and tell the volunteer."""
    _refuse_decided(entry)
    reason = _one_line(reason, "reason")
    _decide(actor, entry, LoggedHoursStatus.DECLINED, reason, now)
    record_event(actor, "logged_hours.decline", entry, before={"status": LoggedHoursStatus.PENDING.value},
                 after={"status": entry.status.value, "reason": reason})
    _tell(entry)
    return entry


def _refuse_decided(entry: LoggedHours) -> None:
    if entry.status is not LoggedHoursStatus.PENDING:
        raise VolunteeringError(_l("These hours have already been decided on."))


def _decide(actor, entry: LoggedHours, status: LoggedHoursStatus, reason: str, now: datetime | None) -> None:
    entry.status, entry.reason = status, reason
    entry.decided_at, entry.decided_by_id = now or utcnow(), actor.id
    session.flush()


def _tell(entry: LoggedHours) -> None:
    """E-mail the volunteer the decision, in their language."""
    volunteer = entry.volunteer
    with worded_for(volunteer):
        values = {"name": isolate(volunteer.name), "programme": isolate(shown_name(entry.programme)),
                  "day": format_date(entry.worked_on, "long"), "hours": format_count(entry.hours),
                  "link": absolute_url("volunteering.logged_hours.mine")}
        if entry.status is LoggedHoursStatus.VERIFIED:
            subject = _("Your hours are verified: %(programme)s", **values)
            body = _("Hello %(name)s,\n\nA coordinator of %(programme)s verified the %(hours)s hours you gave on "
                     "%(day)s. They now count in your hours and on your certificates.\n\n%(link)s", **values)
        else:
            subject = _("Your hours were not accepted: %(programme)s", **values)
            body = _("Hello %(name)s,\n\nA coordinator of %(programme)s did not accept the %(hours)s hours you "
                     "logged for %(day)s.", **values)
            if entry.reason:
                body += "\n\n" + _("Their reason: %(reason)s", reason=isolate(entry.reason))
            body += "\n\n" + values["link"]
    queue_email(volunteer, f"logged_hours.{entry.status.value}", subject, body)


# --- reading ----------------------------------------------------------------------------------


def waiting_count(volunteer_id: int) -> int:
    """How many of the volunteer's logged hours wait for a coordinator."""
    return session.scalar(select(func.count()).select_from(LoggedHours).where(
        LoggedHours.volunteer_id == volunteer_id, LoggedHours.status == LoggedHoursStatus.PENDING)) or 0


def of_volunteer(volunteer_id: int) -> Select:
    """The volunteer's logged hours, latest day first, each with its programme (paginate it)."""
    return (select(LoggedHours).where(LoggedHours.volunteer_id == volunteer_id)
            .options(joinedload(LoggedHours.programme))
            .order_by(LoggedHours.worked_on.desc(), LoggedHours.id.desc()))


def of_programme(programme_id: int, status: LoggedHoursStatus) -> Select:
    """The programme's logged hours in one state, with their volunteers: those waiting oldest first, as a queue;
    those decided latest first (paginate it)."""
    statement = (select(LoggedHours).join(LoggedHours.volunteer).options(contains_eager(LoggedHours.volunteer))
                 .where(LoggedHours.programme_id == programme_id, LoggedHours.status == status))
    if status is LoggedHoursStatus.PENDING:
        return statement.order_by(LoggedHours.worked_on, LoggedHours.id)
    return statement.order_by(LoggedHours.decided_at.desc(), LoggedHours.id.desc())


def waiting_by_programme(programme_ids: list[int]) -> dict[int, int]:
    """How many logged hours wait in each of these programmes (one grouped query)."""
    if not programme_ids:
        return {}
    return dict(session.execute(
        select(LoggedHours.programme_id, func.count()).where(
            LoggedHours.programme_id.in_(programme_ids), LoggedHours.status == LoggedHoursStatus.PENDING)
        .group_by(LoggedHours.programme_id)).all())


def personal_data(user: User) -> dict:
    """The person's logged hours, for their data export (accounts.signals.export_requested)."""
    entries = session.scalars(of_volunteer(user.id).limit(20_000)).all()
    return {"hours_logged": [{"programme": entry.programme.name, **row} for entry, row in zip(
        entries, rows(entries, "worked_on", "hours", "description", "status", "logged_at", "decided_at", "reason"))]}


def forget_logs_of(user: User) -> None:
    """The account is closing: what is still waiting goes, and what was decided keeps its hours (they count in
    the programme's reports, as the rosters' hours do) but forgets what the volunteer wrote."""
    session.execute(LoggedHours.__table__.delete().where(
        LoggedHours.volunteer_id == user.id, LoggedHours.status == LoggedHoursStatus.PENDING))
    session.execute(LoggedHours.__table__.update().where(LoggedHours.volunteer_id == user.id)
                    .values(description="", reason=""))
