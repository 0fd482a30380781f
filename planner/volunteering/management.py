"""Coordinators' changes to programmes and shifts: create, edit, archive, with the rules each must keep."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from slugify import slugify
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from planner.accounts.recovery import open_account_for
from planner.accounts.services import find_user
from planner.audit.services import record_event
from planner.centres.models import Centre
from planner.clock import to_local, utcnow
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.places.models import Locality
from planner.i18n import language_of
from planner.translated import LANGUAGES, copy_languages, shown, shown_name
from planner.types import RecordStatus
from planner.vocab.models import Skill
from planner.volunteering import checkin, notices, reminders, services
from planner.volunteering.models import (DEFAULT_SHORT_NOTICE_HOURS, HOLDS_A_PLACE, LONGEST_SHORT_NOTICE_HOURS,
                                         Programme, Shift, ShiftSeries, ShiftStatus, Signup, SignupStatus,
                                         programme_languages)
from planner.volunteering.services import LIVE, VolunteeringError
from planner.volunteering.timezones import LocalTimeError, calendar_instant, to_utc

PLANNING_YEARS = 5  # how far ahead a shift can be planned (a series' shifts are made a little at a time)
EARLIEST_YEAR = 2000  # no shift the planner holds is older: a year before it is a slip of the finger


@dataclass
class ProgrammeDetails:
    """What a coordinator may set on a programme."""

    name: str
    summary: str
    initiative: Initiative | None
    skill_keys: list[str]
    language_codes: list[str]
    reminder_hours: str = "48, 3"  # as typed: hours before each shift, separated by commas
    short_notice_hours: int | None = None  # None: as it was (a new programme: DEFAULT_SHORT_NOTICE_HOURS)


@dataclass
class ShiftDetails:
    """What a coordinator may set on a shift; times are wall-clock times in the locality's zone."""

    title: str
    starts_local: datetime
    ends_local: datetime
    locality: Locality
    centre: Centre | None
    place: str
    capacity: int
    cutoff_hours: int
    party_limit: int = 0
    repeating: bool = False  # an occurrence of a series: its times are placed as calendars place them, never refused
    instructions: str | None = None  # what volunteers should know; None: as it was (a form that did not show it)
    announce: bool = False  # on an edit, tell the volunteers when what they should know changes
    copied_from: Shift | None = None  # a new shift or series made from a copy of this shift (its languages)


# --- programmes ----------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name, max_length=100) or "programme"
    taken = set(session.scalars(select(Programme.slug).where(Programme.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_initiative(owner_organisation_id: int | None, initiative: Initiative | None) -> None:
    if initiative is None:
        return
    if initiative.lead_organisation_id != owner_organisation_id:
        raise VolunteeringError(_l("Choose an initiative that this organisation leads."), field="initiative")
    if initiative.status is InitiativeStatus.ARCHIVED:
        raise VolunteeringError(_l("This initiative is archived."), field="initiative")


def _apply(programme: Programme, details: ProgrammeDetails) -> None:
    hours = reminders.parse_hours(details.reminder_hours)
    if hours is None:
        raise VolunteeringError(_l("Give up to five whole numbers of hours between %(least)s and %(most)s, separated "
                                   "by commas, such as 48, 3.", least=1, most=reminders.LONGEST_LEAD),
                                field="reminder_hours")
    programme.reminder_hours = hours
    programme.short_notice_hours = _short_notice(details.short_notice_hours, programme.short_notice_hours)
    programme.name, programme.summary = details.name, details.summary
    programme.initiative = details.initiative
    programme.skills = list(session.scalars(select(Skill).where(Skill.key.in_(details.skill_keys))))
    session.flush()
    session.execute(delete(programme_languages).where(programme_languages.c.programme_id == programme.id))
    codes = sorted(set(details.language_codes))
    if codes:
        session.execute(insert(programme_languages), [{"programme_id": programme.id, "language_code": code}
                                                      for code in codes])


def _short_notice(hours: int | None, current: int | None) -> int:
    if hours is None:
        return DEFAULT_SHORT_NOTICE_HOURS if current is None else current
    if not 0 <= hours <= LONGEST_SHORT_NOTICE_HOURS:
        raise VolunteeringError(_l("Give a whole number of hours from %(least)s to %(most)s.", least=0,
                                   most=LONGEST_SHORT_NOTICE_HOURS), field="short_notice_hours")
    return hours


def create_programme(actor, owner: Organisation | Centre, details: ProgrammeDetails) -> Programme:
    """A new programme run by the organisation or centre; an initiative must be one the organisation leads."""
    organisation = owner if isinstance(owner, Organisation) else None
    _check_initiative(organisation.id if organisation else None, details.initiative)
    programme = Programme(slug=_unique_slug(details.name), organisation=organisation,
                          centre=owner if isinstance(owner, Centre) else None)
    session.add(programme)
    _apply(programme, details)
    record_event(actor, "programme.create", programme, after={"name": programme.name, "slug": programme.slug})
    session.flush()
    return programme


def edit_programme(actor, programme: Programme, details: ProgrammeDetails) -> Programme:
    """Change a programme's name, summary, initiative, skills and languages."""
    _check_initiative(programme.organisation_id, details.initiative)
    before = {"name": programme.name, "initiative_id": programme.initiative_id}
    _apply(programme, details)
    record_event(actor, "programme.edit", programme, before=before,
                 after={"name": programme.name, "initiative_id": programme.initiative_id})
    session.flush()
    return programme


def archive_programme(actor, programme: Programme, now: datetime | None = None) -> int:
    """Archive a programme; its upcoming shifts are cancelled and their volunteers told. Returns how many."""
    now = now or utcnow()
    if programme.status is RecordStatus.ARCHIVED:
        raise VolunteeringError(_l("This programme is already archived."))
    upcoming = session.scalars(
        select(Shift.id).where(Shift.programme_id == programme.id, Shift.status == ShiftStatus.SCHEDULED,
                               Shift.starts_at > now).order_by(Shift.id)
    ).all()
    programme.status = RecordStatus.ARCHIVED  # first: the volunteers' messages say the programme has ended
    for shift_id in upcoming:
        services.cancel_shift(shift_id, now=now)
    record_event(actor, "programme.archive", programme, before={"status": "active"}, after={"status": "archived"})
    session.flush()
    return len(upcoming)


# --- shifts --------------------------------------------------------------------------------


def instants(details: ShiftDetails, now: datetime | None = None) -> tuple[datetime, datetime]:
    """When the shift starts and ends, in UTC. A time typed for one shift that the clocks skip or repeat that day is
    refused with a message; an occurrence of a series takes the time calendars give it (timezones.calendar_instant),
    so that a clock change never silently drops a week's shift. A year typed wrong is refused first."""
    zone = details.locality.timezone
    _refuse_years_out_of_reach(details, to_local(now or utcnow(), zone).replace(tzinfo=None))
    if details.repeating:
        return _in_order(calendar_instant(details.starts_local, zone), calendar_instant(details.ends_local, zone))
    try:
        starts = to_utc(details.starts_local, zone)
    except LocalTimeError as error:
        raise VolunteeringError(error.args[0], field="starts_at") from error
    try:
        ends = to_utc(details.ends_local, zone)
    except LocalTimeError as error:
        raise VolunteeringError(error.args[0], field="ends_at") from error
    return _in_order(starts, ends)


def _refuse_years_out_of_reach(details: ShiftDetails, local_now: datetime) -> None:
    """A shift is planned at most PLANNING_YEARS ahead, and not before EARLIEST_YEAR (2062 for 2026 is a slip of
    the finger; and a wall-clock time at either end of the calendar cannot be read in a zone)."""
    latest = local_now.replace(year=local_now.year + PLANNING_YEARS, month=12, day=31, hour=23, minute=59)
    for field, wall_clock in (("starts_at", details.starts_local), ("ends_at", details.ends_local)):
        if wall_clock > latest:
            raise VolunteeringError(_l("A shift can be planned at most %(years)s years ahead; please check the year.",
                                       years=PLANNING_YEARS), field=field)
        if wall_clock.year < EARLIEST_YEAR:
            raise VolunteeringError(_l("Please check the year: that date is long past."), field=field)


def _in_order(starts: datetime, ends: datetime) -> tuple[datetime, datetime]:
    if ends <= starts:
        raise VolunteeringError(_l("The shift must end after it starts."), field="ends_at")
    return starts, ends


def apply_shift(shift: Shift, details: ShiftDetails, starts: datetime, ends: datetime) -> None:
    shift.title, shift.place, shift.capacity = details.title, details.place, details.capacity
    shift.party_limit = details.party_limit
    if details.instructions is not None:
        shift.instructions = details.instructions
    shift.starts_at, shift.ends_at = starts, ends
    shift.locality, shift.centre = details.locality, details.centre
    shift.signup_cutoff_at = starts - timedelta(hours=details.cutoff_hours) if details.cutoff_hours else None


def create_shift(actor, programme: Programme, details: ShiftDetails, now: datetime | None = None) -> Shift:
    """A new shift of the programme, starting in the future."""
    now = now or utcnow()
    if programme.status is RecordStatus.ARCHIVED:
        raise VolunteeringError(_l("This programme is archived, so it takes no new shifts."))
    starts, ends = instants(details, now)
    if starts <= now:
        raise VolunteeringError(_l("A new shift must start in the future."), field="starts_at")
    shift = Shift(programme=programme, confirmed_count=0)
    apply_shift(shift, details, starts, ends)
    if details.copied_from:
        copy_languages(details.copied_from, shift)
    session.add(shift)
    session.flush()
    record_event(actor, "shift.create", shift, after={"title": shift.title, "starts_at": starts,
                                                      "capacity": shift.capacity})
    return shift


def weeks_to_copy_on(shift: Shift, now: datetime | None = None) -> timedelta:
    """How far a copy of the shift moves it: a week on, or as many weeks as its first such day still to come
    (whole weeks, so the copy keeps the weekday and hours on its place's clock)."""
    today = to_local(now or utcnow(), shift.locality.timezone).replace(tzinfo=None)
    starts = to_local(shift.starts_at, shift.locality.timezone).replace(tzinfo=None)
    return timedelta(weeks=max(1, -((starts - today) // timedelta(weeks=1))))


def edit_shift(actor, shift_id: int, details: ShiftDetails, now: datetime | None = None) -> int:
    """Change a scheduled shift. Places never drop below those confirmed; new places go to the waitlist.
    Returns how many volunteers were written to about the change (none when it does not concern them)."""
    now = now or utcnow()
    shift = services.lock_shift(shift_id)
    if shift.status is ShiftStatus.CANCELLED:
        raise VolunteeringError(_l("This shift is cancelled, so it can no longer be changed."))
    starts, ends = instants(details, now)
    moved = (starts, ends, details.locality.id, details.place) != (
        shift.starts_at, shift.ends_at, shift.locality_id, shift.place)
    renamed = details.title != shift.title
    reworded = details.instructions is not None and details.instructions != shift.instructions
    if moved and starts <= now:
        raise VolunteeringError(_l("A shift can only be moved to a time in the future."), field="starts_at")
    if details.capacity < shift.confirmed_count:
        raise VolunteeringError(
            lazy_ngettext("%(num)s volunteer already has a place; the shift needs at least that many places.",
                          "%(num)s volunteers already have a place; the shift needs at least that many places.",
                          shift.confirmed_count), field="capacity")
    before = {"title": shift.title, "starts_at": shift.starts_at, "capacity": shift.capacity}
    apply_shift(shift, details, starts, ends)
    session.flush()
    if moved:
        reminders.withdraw_waiting_reminders(shift)
    told = 0
    if moved or renamed:
        told = _tell_volunteers(shift, notices.shift_changed)
    elif reworded and details.announce:
        told = _tell_volunteers(shift, notices.instructions_changed)
    services.fill_free_places(shift, now)
    record_event(actor, "shift.edit", shift, before=before,
                 after={"title": shift.title, "starts_at": shift.starts_at, "capacity": shift.capacity})
    return told


def _tell_volunteers(shift: Shift, notice) -> int:
    """Write the notice of a change to each volunteer with a place on the shift or waiting for one; how many."""
    signups = session.scalars(
        select(Signup).where(Signup.shift_id == shift.id, Signup.status.in_(LIVE))
        .options(selectinload(Signup.volunteer)).order_by(Signup.id)
    ).all()
    for signup in signups:
        notice(signup.volunteer, shift, held_a_place=signup.status in HOLDS_A_PLACE)
    return len(signups)


def shifts_to_come(record, now: datetime) -> list[Shift]:
    """The shifts whose volunteers may be told when the record's languages are given: a shift, or a series' shifts,
    as long as they are scheduled and have not begun."""
    if isinstance(record, Shift):
        return [record] if record.status is ShiftStatus.SCHEDULED and record.starts_at > now else []
    if isinstance(record, ShiftSeries):
        return list(session.scalars(select(Shift).where(
            Shift.series_id == record.id, Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now)))
    return []


WHAT_TO_KNOW = ("place", "instructions")  # the words a volunteer needs to come: where to meet, what to bring


def instructions_as_read(shifts: list[Shift]) -> dict[int, dict[str, tuple[str, ...]]]:
    """What a reader of each language is shown as each shift's meeting place and instructions, by shift id."""
    return {shift.id: {language: tuple(shown(shift, field, language).text for field in WHAT_TO_KNOW)
                       for language in LANGUAGES} for shift in shifts}


def tell_readers_of_new_instructions(shifts: list[Shift], read_before: dict[int, dict[str, tuple[str, ...]]]) -> int:
    """After the shifts' languages were given: write what they should know to the volunteers (with a place or
    waiting) whose language shows another meeting place or other instructions than before, and to no one else;
    how many."""
    read_now = instructions_as_read(shifts)
    changed = {shift.id: {language for language, words in read_now[shift.id].items()
                          if words != read_before[shift.id][language]} for shift in shifts}
    shift_of = {shift.id: shift for shift in shifts if changed[shift.id]}
    if not shift_of:
        return 0
    signups = session.scalars(
        select(Signup).where(Signup.shift_id.in_(shift_of), Signup.status.in_(LIVE))
        .options(selectinload(Signup.volunteer)).order_by(Signup.id)
    ).all()
    told = [signup for signup in signups if language_of(signup.volunteer) in changed[signup.shift_id]]
    for signup in told:
        notices.instructions_changed(signup.volunteer, shift_of[signup.shift_id],
                                     held_a_place=signup.status in HOLDS_A_PLACE)
    return len(told)


@dataclass
class Newcomer:
    """Someone a coordinator adds who may have no account yet: their name, whether they agreed that one is opened
    for them, and the language to write to them in (the coordinator's page language when not given). `opened` is
    set once an account has been opened for them."""

    name: str = ""
    agreed: bool = False
    language: str | None = None
    opened: bool = False


def sign_up_for(actor, shift_id: int, email: str, party: services.Party, now: datetime | None = None,
                newcomer: Newcomer | None = None, note: str = "") -> services.SignupOutcome:
    """Sign a volunteer up for them, found by their account's address (one who asked by phone or at the centre):
    the rules of their own sign-up, a waitlist place when the shift is full, a message saying who did it, and an
    audit event naming the coordinator. Someone with no account gets one, when they agreed (`_volunteer_for`)."""
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise VolunteeringError(_l("That shift does not exist."))
    volunteer = _volunteer_for(actor, shift, email, newcomer)
    outcome = services.sign_up(volunteer.id, shift_id, now, party, by_coordinator=True, note=note)
    record_event(actor, "signup.create_for", outcome.signup,
                 after={"volunteer_id": volunteer.id, "status": outcome.signup.status.value, "party": party.size})
    return outcome


def add_who_came(actor, shift: Shift, email: str, now: datetime | None = None,
                 newcomer: Newcomer | None = None) -> Signup:
    """Once the shift has started: a volunteer who came without a place, found by their account's address (or given
    one, when they agreed), takes a free one. While the shift runs they are checked in as they take it
    (checkin.walk_in); recorded after it has ended, they are marked on the roster, with their hours, like anyone
    with a place."""
    now = now or utcnow()
    volunteer = _volunteer_for(actor, shift, email, newcomer)
    if now < shift.ends_at:
        return checkin.walk_in(actor, volunteer.id, shift, now)
    signup = services.take_free_place(volunteer.id, shift.id, now, by_coordinator=True, after_the_end=True)
    record_event(actor, "signup.walk_in", signup, after={"volunteer_id": volunteer.id, "after_the_end": True})
    return signup


def _volunteer_for(actor, shift: Shift, email: str, newcomer: Newcomer | None):
    """The active account with this address; with none, one opened for the newcomer when they gave their name and
    agreed (it goes if the place cannot be had: one transaction). A closed or switched-off account is refused."""
    volunteer = find_user(email)
    if volunteer is None:
        return _open_account_for(actor, shift, email, newcomer or Newcomer())
    if not volunteer.is_active or volunteer.is_deleted:
        raise VolunteeringError(_l("The account with this address cannot be used. The person can ask the planner's "
                                   "administrators about it."), field="email")
    return volunteer


def _open_account_for(actor, shift: Shift, email: str, newcomer: Newcomer):
    if not newcomer.name.strip() and not newcomer.agreed:
        raise VolunteeringError(_l("No account uses this address. To add them, write their name and tick that "
                                   "they agree: we open an account for them and e-mail them a link to choose a "
                                   "password."), field="email")
    if not newcomer.name.strip():
        raise VolunteeringError(_l("Write their name as they want it shown."), field="name")
    if not newcomer.agreed:
        raise VolunteeringError(_l("Tick this once they have agreed that we open an account for them."),
                                field="agreed")
    language = newcomer.language or str(get_locale())
    with force_locale(language):
        helped_at = shown_name(shift)  # as their e-mail names it
    volunteer = open_account_for(actor, newcomer.name, email, language, helped_at)
    newcomer.opened = True
    return volunteer


def release_place(actor, signup_id: int, reason: str, now: datetime | None = None) -> Signup:
    """Give up a volunteer's place, or their place on the waitlist, for them before the shift (they phoned to say
    they cannot come, say): a freed place goes to the first person waiting, and the volunteer is told, with the
    coordinator's reason when one is given."""
    now = now or utcnow()
    signup = session.get(Signup, signup_id)
    if signup is None:
        raise VolunteeringError(_l("That sign-up does not exist."))
    shift = services.lock_shift(signup.shift_id)  # whoever else changes this sign-up holds it too
    session.refresh(signup)
    if shift.starts_at <= now:
        raise VolunteeringError(_l("This shift has already started: mark the volunteer as a no-show instead."))
    held = signup.status
    services.cancel(signup_id, now, by_coordinator=True)
    notices.place_released(signup.volunteer, signup.shift, held is SignupStatus.CONFIRMED, reason)
    record_event(actor, "signup.release", signup, before={"status": held.value}, after={"status": "cancelled"},
                 comment=reason)
    return signup


def cancel_shift(actor, shift_id: int, reason: str, now: datetime | None = None) -> int:
    """Cancel a shift for everyone on it (each is told); returns how many volunteers were on it."""
    affected = services.cancel_shift(shift_id, reason, now)
    shift = session.get(Shift, shift_id)
    record_event(actor, "shift.cancel", shift, before={"status": "scheduled"}, after={"status": "cancelled"},
                 comment=reason)
    return len(affected)
