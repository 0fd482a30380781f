"""Reading shifts and sign-ups for pages: the public list with its filters, counts per page, a volunteer's record."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, bindparam, case, distinct, exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from planner.accounts.models import User, user_skills
from planner.accounts.services import named_or_addressed
from planner.accounts.your_data import plain, rows
from planner.cache import remember
from planner.clock import utcnow, zone
from planner.db import session
from planner.initiatives.models import Initiative
from planner.local_calendar import local_date, local_hour, local_weekday, local_year
from planner.names import PlaceNames, by_shown_name, place_name
from planner.pagination import Page, paginate
from planner.places.models import Locality
from planner.places.weekends import on_weekend
from planner.vocab.choices import skill_choices, theme_choices
from planner.volunteering.models import (
    HOLDS_A_PLACE,
    Certificate,
    Programme,
    Shift,
    ShiftSeries,
    ShiftStatus,
    Signup,
    SignupStatus,
    programme_languages,
    programme_skills,
)
from planner.volunteering.services import LIVE

CHOICE_LIMIT = 300
AHEAD_OF_UTC, BEHIND_UTC = timedelta(hours=14), timedelta(hours=12)  # the furthest any place's clock is from UTC
REACH = (date(1900, 1, 1), date(2199, 12, 31))  # every shift's day lies within these
# The parts of the day a volunteer may be free, by the hours a shift starts in (on its place's clock).
PARTS_OF_DAY = {"morning": range(0, 12), "afternoon": range(12, 17), "evening": range(17, 24)}
DAYS = ("weekdays", "weekend")


@dataclass
class ShiftFilters:
    """What a visitor narrowed the list of shifts to; empty values mean no filter."""

    locality: str = ""
    date_from: date | None = None
    date_to: date | None = None
    theme: str = ""
    skill: str = ""
    language: str = ""
    programme: str = ""
    skills_of_user: int | None = None
    days: str = ""  # one of DAYS: the weekend as each shift's country keeps it, or the other days
    part_of_day: str = ""  # one of PARTS_OF_DAY
    every_date: bool = False  # the week view lists each date of a series; the lists show a series once


def programme_is_public():
    """SQL: the programme is active and, if it belongs to an initiative, that initiative is published."""
    return Programme.is_public


def _day_start(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone(zone_name))


def _zone_of(shift):
    """SQL: the time zone of the shift's place (for any alias of Shift)."""
    return (select(Locality.timezone).where(Locality.id == shift.locality_id)
            .correlate_except(Locality).scalar_subquery())


def _within_reach(day: date | None) -> date | None:
    """A filter's day brought within the days any shift can be on: a day before them all means from the start, one
    after them all to the end (and either would overflow once a day or a zone's offset is added)."""
    return None if day is None else min(max(day, REACH[0]), REACH[1])


def _date_window(filters: ShiftFilters, zone_name: str | None):
    """The date filters as conditions on any alias of Shift and of Locality joined to it as its place: days on
    the clock of the chosen place, or, with no place chosen (zone_name None), each shift's day on its own place's
    clock, found among the instants any place's day could hold (so the index on the start still narrows the
    search)."""
    first, last = _within_reach(filters.date_from), _within_reach(filters.date_to)
    slack_before, slack_after = (AHEAD_OF_UTC, BEHIND_UTC) if zone_name is None else (timedelta(0), timedelta(0))

    def conditions(shift, place) -> list:
        found = []
        own_day = local_date(shift.starts_at, place.timezone) if zone_name is None else None
        if first:
            found.append(shift.starts_at >= _day_start(first, zone_name or "UTC") - slack_before)
            if own_day is not None:
                found.append(own_day >= first)
        if last:
            found.append(shift.starts_at < _day_start(last + timedelta(days=1), zone_name or "UTC") + slack_after)
            if own_day is not None:
                found.append(own_day <= last)
        return found
    return conditions


def _days_and_hours(filters: ShiftFilters):
    """The weekday and time-of-day filters as conditions on any alias of Shift and of Locality joined to it as its
    place, each shift read on its own place's clock and its country's week."""
    countries = (session.scalars(select(Locality.country_code).distinct()).all()
                 if filters.days in DAYS else [])

    def conditions(shift, place) -> list:
        found = []
        if filters.days in DAYS:
            weekend = on_weekend(local_weekday(shift.starts_at, place.timezone), place.country_code, countries)
            found.append(weekend if filters.days == "weekend" else ~weekend)
        if filters.part_of_day in PARTS_OF_DAY:
            hours = PARTS_OF_DAY[filters.part_of_day]
            found.append(local_hour(shift.starts_at, place.timezone).between(hours.start, hours.stop - 1))
        return found
    return conditions


def _together(*windows):
    """Several filters' conditions on any alias of Shift (and of its place) as one."""
    return lambda shift, place: [condition for window in windows for condition in window(shift, place)]


def _first_of_its_series(now: datetime, window):
    """A list shows a series once: by its next shift in the chosen dates (a single shift always shows)."""
    earlier, its_place = aliased(Shift), aliased(Locality)
    sooner = exists().where(earlier.series_id == Shift.series_id, earlier.status == ShiftStatus.SCHEDULED,
                            earlier.starts_at > now, earlier.starts_at < Shift.starts_at,
                            its_place.id == earlier.locality_id, *window(earlier, its_place))
    return or_(Shift.series_id.is_(None), ~sooner)


def series_of(shifts: list[Shift]) -> dict[int, ShiftSeries]:
    """The series of the shifts on a page that belong to one, by id, in one query."""
    ids = {shift.series_id for shift in shifts if shift.series_id}
    if not ids:
        return {}
    return {record.id: record for record in session.scalars(
        select(ShiftSeries).where(ShiftSeries.id.in_(ids)).options(joinedload(ShiftSeries.locality)))}


def public_shifts() -> Select:
    """The shifts of public programmes, whatever their status and start, each with its programme, place and centre
    loaded (the place joined, for filters that read its zone or country)."""
    return (select(Shift).join(Shift.programme).join(Shift.locality).where(programme_is_public())
            .options(joinedload(Shift.programme), contains_eager(Shift.locality), joinedload(Shift.centre)))


def upcoming_shifts(filters: ShiftFilters, now: datetime | None = None) -> Select:
    """Scheduled public shifts that have not started, soonest first, narrowed by the filters.

    Dates are days on the chosen locality's clock (each shift's own when no locality is chosen); weekdays and
    hours on each shift's own place's (joined, not looked up per row: the filters read its zone and country).
    """
    now = now or utcnow()
    query = (public_shifts().where(Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now)
             .order_by(Shift.starts_at, Shift.id))
    zone_name = None  # each shift's own place
    if filters.locality:
        place = session.scalars(select(Locality).where(Locality.slug == filters.locality)).first()
        query = query.where(Shift.locality_id == (place.id if place else -1))
        zone_name = place.timezone if place else "UTC"
    window = _together(_date_window(filters, zone_name), _days_and_hours(filters))
    query = query.where(*window(Shift, Locality))
    if not filters.every_date:
        query = query.where(_first_of_its_series(now, window))
    if filters.theme:
        query = query.where(exists().where(Initiative.id == Programme.initiative_id,
                                           Initiative.theme_key == filters.theme))
    if filters.skill:
        query = query.where(exists().where(programme_skills.c.programme_id == Programme.id,
                                           programme_skills.c.skill_key == filters.skill))
    if filters.language:
        query = query.where(exists().where(programme_languages.c.programme_id == Programme.id,
                                           programme_languages.c.language_code == filters.language))
    if filters.programme:
        query = query.where(Programme.slug == filters.programme)
    if filters.skills_of_user is not None:
        wanted = select(user_skills.c.skill_key).where(user_skills.c.user_id == filters.skills_of_user)
        query = query.where(exists().where(programme_skills.c.programme_id == Programme.id,
                                           programme_skills.c.skill_key.in_(wanted)))
    return query


def waitlist_lengths(shift_ids: list[int]) -> dict[int, int]:
    """How many wait on each of these shifts: one grouped query for a whole page."""
    if not shift_ids:
        return {}
    rows = session.execute(
        select(Signup.shift_id, func.count())
        .where(Signup.shift_id.in_(shift_ids), Signup.status == SignupStatus.WAITLISTED)
        .group_by(Signup.shift_id)
    )
    return dict(rows.all())


@dataclass(frozen=True)
class ProgrammeReach:
    """Whom a message to a programme's volunteers reaches: its shifts not yet over, and the people on them."""

    shifts: int
    with_a_place: int
    waiting: int


def programme_reach(programme_id: int, now: datetime | None = None) -> ProgrammeReach:
    """How many scheduled shifts of the programme have not ended, how many volunteers hold a place on them and how
    many wait for one (each counted once, however many shifts they are on): two statements."""
    coming = ((Shift.programme_id == programme_id) & (Shift.status == ShiftStatus.SCHEDULED)
              & (Shift.ends_at > (now or utcnow())))
    shifts = session.scalar(select(func.count()).select_from(Shift).where(coming))
    people = session.execute(
        select(*(func.count(distinct(case((Signup.status.in_(statuses), Signup.volunteer_id))))
                 for statuses in (HOLDS_A_PLACE, (SignupStatus.WAITLISTED,))))
        .select_from(Signup).join(Signup.shift).join(Signup.volunteer).where(coming, User.deleted_at.is_(None))
    ).one()
    return ProgrammeReach(shifts, *people)


def signups_of(user_id: int | None, shift_ids: list[int]) -> dict[int, Signup]:
    """The user's live sign-ups on these shifts, by shift id."""
    if user_id is None or not shift_ids:
        return {}
    rows = session.scalars(
        select(Signup).where(Signup.volunteer_id == user_id, Signup.shift_id.in_(shift_ids), Signup.status.in_(LIVE))
    )
    return {signup.shift_id: signup for signup in rows}


def filter_choices(now: datetime | None = None) -> dict[str, list[tuple[str, str]]]:
    """The options of the filter form: places that have upcoming shifts, every theme and skill.

    The places come from the shared cache, kept per hour (a place drops out once its last shift has begun).
    """
    now = now or utcnow()
    places = remember("shift-places-in-languages", lambda: _places_with_shifts_after(now), now.strftime("%Y%m%d%H"))
    named = by_shown_name([(place.slug, place_name(place)) for place in places])
    return {"locality": named, "theme": theme_choices(), "skill": skill_choices()}


def _places_with_shifts_after(now: datetime) -> list[PlaceNames]:
    """Each place with shifts to come, with its names: named for each reader afterwards."""
    return [PlaceNames(*row) for row in session.execute(
        select(Locality.slug, Locality.name, Locality.name_local, Locality.names, Locality.country_code).where(
            exists().where(Shift.locality_id == Locality.id, Shift.status == ShiftStatus.SCHEDULED,
                           Shift.starts_at > now)
        ).order_by(Locality.name).limit(CHOICE_LIMIT)
    )]


def today_where_shifts_are(locality_slug: str = "", now: datetime | None = None) -> date:
    """The day the week view calls today: on the chosen place's clock, or, with none chosen, the earliest date on
    the clocks of the places with shifts to come, so that no such shift falls in a week before the one shown."""
    now = now or utcnow()
    if locality_slug:
        zones = session.scalars(select(Locality.timezone).where(Locality.slug == locality_slug)).all()
    else:
        zones = remember("shift-zones", lambda: _zones_with_shifts_after(now), now.strftime("%Y%m%d%H"))
    return min((now.astimezone(zone(name)).date() for name in zones), default=now.date())


def _zones_with_shifts_after(now: datetime) -> list[str]:
    return list(session.scalars(
        select(Locality.timezone).distinct().where(
            exists().where(Shift.locality_id == Locality.id, Shift.status == ShiftStatus.SCHEDULED,
                           Shift.starts_at > now)
        ).limit(CHOICE_LIMIT)
    ))


def languages_of(programme_ids: list[int]) -> dict[int, list[str]]:
    """The language codes of each programme."""
    if not programme_ids:
        return {}
    found: dict[int, list[str]] = {}
    for programme_id, code in session.execute(
        select(programme_languages.c.programme_id, programme_languages.c.language_code)
        .where(programme_languages.c.programme_id.in_(programme_ids))
        .order_by(programme_languages.c.language_code)
    ):
        found.setdefault(programme_id, []).append(code)
    return found


# --- a volunteer's own record ----------------------------------------------------------------


def _mine(user_id: int) -> Select:
    return (
        select(Signup).join(Signup.shift).where(Signup.volunteer_id == user_id)
        .options(joinedload(Signup.shift).joinedload(Shift.programme),
                 joinedload(Signup.shift).joinedload(Shift.locality))
    )


def upcoming_for(user_id: int, now: datetime | None = None, limit: int = 100) -> list[Signup]:
    """The volunteer's confirmed and waitlisted places on shifts still to come."""
    now = now or utcnow()
    return list(session.scalars(
        _mine(user_id).where(Signup.status.in_(LIVE), Shift.starts_at > now,
                             Shift.status == ShiftStatus.SCHEDULED)
        .order_by(Shift.starts_at).limit(limit)
    ))


def history_for(user_id: int, now: datetime | None = None) -> Select:
    """Everything else: past shifts, cancelled sign-ups and cancelled shifts, latest first (paginate it)."""
    now = now or utcnow()
    return _mine(user_id).where(
        or_(Shift.starts_at <= now, Signup.status.notin_(LIVE), Shift.status == ShiftStatus.CANCELLED)
    ).order_by(Shift.starts_at.desc(), Signup.id.desc())


def shift_year():
    """SQL for the year a shift starts in on the calendar of its place (a shift at 00:30 on New Year's Day in Amman
    starts in the old year by UTC): the year its hours count in."""
    return local_year(Shift.starts_at, _zone_of(Shift))


def hours_rows(user_id: int) -> Select:
    """Every shift the volunteer held a place on, for their hours export (stream it)."""
    return _mine(user_id).where(Signup.status.in_(HOLDS_A_PLACE)).order_by(Shift.starts_at, Signup.id)


# --- a shift's roster ---------------------------------------------------------------------------


ROSTER_PAGE_SIZE = 50
# The roster's views: who each shows (everyone with a place by default), all within one shift's places.
ROSTER_VIEWS = {
    "": Signup.status.in_(HOLDS_A_PLACE),
    "to_mark": Signup.status == SignupStatus.CONFIRMED,
    "not_in": (Signup.status == SignupStatus.CONFIRMED) & Signup.checked_in_at.is_(None),
    "attended": Signup.status == SignupStatus.ATTENDED,
    "no_show": Signup.status == SignupStatus.NO_SHOW,
}


@dataclass
class RosterFilter:
    """What the coordinator looks for on a roster: one of ROSTER_VIEWS, and text in the volunteer's name or
    address."""

    view: str = ""
    text: str = ""

    def args(self) -> dict[str, str]:
        """The query string that asks for it again."""
        return {key: value for key, value in (("show", self.view), ("q", self.text)) if value}


def roster_page(shift_id: int, chosen: RosterFilter, number: int, query_args: dict) -> Page:
    """One page of the shift's roster, in sign-up order, with each volunteer loaded in the same statement."""
    statement = (select(Signup).join(Signup.volunteer).options(contains_eager(Signup.volunteer))
                 .where(Signup.shift_id == shift_id, ROSTER_VIEWS[chosen.view]).order_by(Signup.id))
    if chosen.text:
        statement = statement.where(named_or_addressed(chosen.text))
    return paginate(statement, number, ROSTER_PAGE_SIZE, query_args)


def roster_counts(shift_id: int) -> dict[str, int]:
    """How many each of the roster's views shows, in one statement."""
    counted = [func.count(case((condition, 1))).label(view or "all") for view, condition in ROSTER_VIEWS.items()]
    row = session.execute(select(*counted).where(Signup.shift_id == shift_id)).one()
    return {view: row[index] for index, view in enumerate(ROSTER_VIEWS)}


def roster(shift_id: int) -> list[Signup]:
    """Everyone holding a place on the shift, in sign-up order (the roster's download)."""
    return list(session.scalars(
        select(Signup).where(Signup.shift_id == shift_id, Signup.status.in_(HOLDS_A_PLACE))
        .options(joinedload(Signup.volunteer)).order_by(Signup.id)
    ))


def waitlist(shift_id: int, limit: int = 200) -> list[Signup]:
    """The first people waiting for a place, in order."""
    return list(session.scalars(
        select(Signup).where(Signup.shift_id == shift_id, Signup.status == SignupStatus.WAITLISTED)
        .options(joinedload(Signup.volunteer)).order_by(Signup.id).limit(limit)
    ))


def programme_shift(programme_id: int, shift_id: int) -> Shift | None:
    """The shift, if it is one of the programme's."""
    return session.scalars(select(Shift).where(Shift.id == shift_id, Shift.programme_id == programme_id)
                           .options(joinedload(Shift.locality), joinedload(Shift.centre))).first()


def shift_for_page(shift_id: int) -> Shift | None:
    """A shift with what its pages show, loaded in one go."""
    return session.scalars(
        select(Shift).where(Shift.id == shift_id)
        .options(joinedload(Shift.programme).joinedload(Programme.initiative), joinedload(Shift.locality),
                 joinedload(Shift.centre), joinedload(Shift.programme).selectinload(Programme.skills))
    ).first()


_SHIFT_TO_SIGN_UP_FOR = (select(Shift).where(Shift.id == bindparam("shift_id"))
                         .options(joinedload(Shift.programme), joinedload(Shift.locality)))


def shift_to_sign_up_for(shift_id: int) -> Shift | None:
    """A shift with the programme and place a sign-up's messages name, in one statement built once (a sign-up runs
    it each time)."""
    return session.execute(_SHIFT_TO_SIGN_UP_FOR, {"shift_id": shift_id}).unique().scalar_one_or_none()


def waitlist_positions(signups: list[Signup]) -> dict[int, int]:
    """Each waitlisted sign-up's place in its queue, by sign-up id, in one query."""
    waiting_ids = [s.id for s in signups if s.status is SignupStatus.WAITLISTED]
    if not waiting_ids:
        return {}
    other = Signup.__table__.alias("other")
    position = (
        select(func.count()).select_from(other)
        .where(other.c.shift_id == Signup.shift_id, other.c.status == SignupStatus.WAITLISTED.value,
               other.c.id <= Signup.id)
        .scalar_subquery()
    )
    return dict(session.execute(select(Signup.id, position).where(Signup.id.in_(waiting_ids))).all())


def personal_data(user) -> dict:
    """The person's sign-ups, hours and certificates, for their data export (connected to
    accounts.signals.export_requested)."""
    signups = session.scalars(select(Signup).where(Signup.volunteer_id == user.id)
                              .options(joinedload(Signup.shift).joinedload(Shift.programme)).order_by(Signup.id))
    issued = session.scalars(select(Certificate).where(Certificate.volunteer_id == user.id).order_by(Certificate.id))
    return {
        "shift_signups": [{
            "shift": signup.shift.title, "programme": signup.shift.programme.name,
            "starts_at": plain(signup.shift.starts_at), "ends_at": plain(signup.shift.ends_at),
            "status": plain(signup.status), "signed_up_at": plain(signup.created_at),
            "party_size": signup.party_size, "guest_names": signup.guest_names, "note": signup.note,
            "promoted_at": plain(signup.promoted_at), "coming_confirmed_at": plain(signup.coming_confirmed_at),
            "cancelled_at": plain(signup.cancelled_at), "checked_in_at": plain(signup.checked_in_at),
            "checked_out_at": plain(signup.checked_out_at), "hours": plain(signup.hours),
            "hours_verified_at": plain(signup.hours_verified_at)} for signup in signups],
        "certificates": rows(issued, "code", "name_printed", "programme_name", "organisation_name", "year", "hours",
                             "shifts", "logged_hours", "language", "issued_at", "issued_on", "revoked_at"),
    }


def checked_in_count(shift_id: int) -> int:
    """How many volunteers of the shift have checked in."""
    return session.scalar(select(func.count()).select_from(Signup).where(
        Signup.shift_id == shift_id, Signup.checked_in_at.is_not(None))) or 0
