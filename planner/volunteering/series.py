"""Shifts that repeat: a series holds an iCalendar RRULE and a template; the shifts themselves are made ahead.

The rule is read on the locality's wall clock (10:00 every Saturday stays 10:00 across a change
of daylight saving time), through python-dateutil. Shifts are made for the occurrences inside a
rolling horizon (HORIZON from now); the notification worker extends every series as time goes
on. Each shift records the occurrence it was made for, and a unique index on
(series, occurrence) means making them again never doubles one, even from two workers.

Editing "this and the following" splits the series in two at that shift: the earlier shifts keep
the old series unchanged, the rest move to a new one with the new template. Each shift is
changed through the ordinary shift edit, so volunteers who signed up are told.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from babel.dates import format_time, get_day_names
from babel.lists import format_list
from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.audit.services import record_event
from planner.clock import to_local, utcnow
from planner.db import session
from planner.digits import in_chosen_digits
from planner.translated import copy_languages
from planner.types import RecordStatus
from planner.volunteering import management, services
from planner.volunteering.management import ShiftDetails
from planner.volunteering.models import Programme, Shift, ShiftSeries, ShiftStatus
from planner.volunteering.services import VolunteeringError

HORIZON = timedelta(weeks=12)
MOST_OCCURRENCES = 260  # five years of weekly shifts; a longer series is cut off here
WEEKLY_KIND, MONTHLY_KIND = "weekly", "monthly"
LAST = -1


@dataclass
class Repeat:
    """How a series repeats, as a coordinator chose it on the form."""

    kind: str  # WEEKLY_KIND or MONTHLY_KIND
    weekdays: list[int] = field(default_factory=list)  # 0 is Monday; weekly only
    nth: int = 1  # monthly: the 1st to 4th weekday of the month, or LAST
    until: date | None = None
    count: int | None = None
    exceptions: list[date] = field(default_factory=list)


# --- the rule ------------------------------------------------------------------------------


def rule_for(repeat: Repeat, first_local: datetime) -> rrule:
    """The dateutil rule for the coordinator's choice, starting at the first shift's local time."""
    if repeat.count is None and repeat.until is None:
        raise VolunteeringError(_l("Say when the series ends: on a date, or after a number of shifts."), field="ends")
    if repeat.count is not None and not 1 <= repeat.count <= MOST_OCCURRENCES:
        raise VolunteeringError(_l("A series has between %(least)s and %(most)s shifts.", least=1,
                                   most=MOST_OCCURRENCES), field="count")
    until = datetime.combine(repeat.until, datetime.max.time()).replace(microsecond=0) if repeat.until else None
    if until is not None and until < first_local:
        raise VolunteeringError(_l("The series must end after its first shift."), field="until")
    ends = {"count": repeat.count} if repeat.count is not None else {"until": until}
    if repeat.kind == WEEKLY_KIND:
        days = sorted(set(repeat.weekdays)) or [first_local.weekday()]
        return rrule(WEEKLY, dtstart=first_local, byweekday=days, **ends)
    if repeat.kind == MONTHLY_KIND:
        day = weekday(first_local.weekday(), repeat.nth)
        return rrule(MONTHLY, dtstart=first_local, byweekday=day, **ends)
    raise VolunteeringError(_l("Choose how the shift repeats."), field="repeat")


def open_weekly_rule(first_local: datetime) -> str:
    """Every week on the first shift's day, with no end (the seeds' weekly shifts)."""
    return rule_text(rrule(WEEKLY, dtstart=first_local, byweekday=[first_local.weekday()]))


def rule_text(rule: rrule) -> str:
    """The RRULE line alone (DTSTART is stored in its own column)."""
    return next(line for line in str(rule).splitlines() if line.startswith("RRULE:"))


def rule_of(series: ShiftSeries) -> rrule:
    return rrulestr(series.rule, dtstart=series.first_start_local)


def occurrences(series: ShiftSeries, after_local: datetime, until_local: datetime) -> list[datetime]:
    """The series' local start times in (after, until], less its exceptions, at most MOST_OCCURRENCES."""
    skipped = set(series.exceptions or [])
    found = []
    for start in rule_of(series).xafter(after_local, count=MOST_OCCURRENCES, inc=False):
        if start > until_local:
            break
        if start.date().isoformat() not in skipped:
            found.append(start)
    return found


# --- making shifts ---------------------------------------------------------------------------


def create_series(actor, programme: Programme, details: ShiftDetails, repeat: Repeat,
                  now: datetime | None = None) -> ShiftSeries:
    """A new series from the first shift's details and the repeat rule, with its shifts made ahead."""
    now = now or utcnow()
    if programme.status is RecordStatus.ARCHIVED:
        raise VolunteeringError(_l("This programme is archived, so it takes no new shifts."))
    starts, ends = management.instants(details, now)
    if starts <= now:
        raise VolunteeringError(_l("A new shift must start in the future."), field="starts_at")
    rule = rule_for(repeat, details.starts_local)
    series = ShiftSeries(programme=programme, rule=rule_text(rule), first_start_local=details.starts_local,
                         exceptions=sorted({day.isoformat() for day in repeat.exceptions}))
    _apply_template(series, details, starts, ends)
    if details.copied_from:
        copy_languages(details.copied_from, series)
    session.add(series)
    session.flush()
    made = make_shifts(series, now)
    if not made:
        raise VolunteeringError(_l("This rule gives no shift in the coming weeks; check its days and its end."),
                                field="repeat")
    record_event(actor, "series.create", series, after={"rule": series.rule, "title": series.title,
                                                        "first": details.starts_local, "shifts": made})
    return series


def _apply_template(series: ShiftSeries, details: ShiftDetails, starts: datetime, ends: datetime) -> None:
    series.title, series.place, series.capacity = details.title, details.place, details.capacity
    series.locality, series.centre = details.locality, details.centre
    series.cutoff_hours, series.party_limit = details.cutoff_hours, details.party_limit
    if details.instructions is not None:
        series.instructions = details.instructions
    series.minutes = int((ends - starts).total_seconds() // 60)


def make_shifts(series: ShiftSeries, now: datetime | None = None) -> int:
    """Make the series' shifts that start between now and the horizon and do not exist yet; returns how many."""
    now = now or utcnow()
    if series.cancelled_at is not None:
        return 0
    zone = series.locality.timezone
    horizon = to_local(now + HORIZON, zone).replace(tzinfo=None)
    after = max(to_local(now, zone).replace(tzinfo=None), series.made_until_local or datetime.min)
    made = 0
    for local_start in occurrences(series, after, horizon):
        made += _make_one(series, local_start)
    series.made_until_local = horizon
    session.flush()
    return made


def _make_one(series: ShiftSeries, local_start: datetime) -> int:
    details = _details(series, local_start)
    try:
        starts, ends = management.instants(details)
    except VolunteeringError:
        return 0  # no time at all left between start and end that day (a shift inside the hour the clocks skip)
    taken = session.scalar(select(Shift.id).where(Shift.series_id == series.id, Shift.occurrence == local_start))
    if taken is not None:
        return 0
    try:
        with session.begin_nested():
            shift = Shift(programme_id=series.programme_id, series=series, occurrence=local_start,
                          confirmed_count=0, original_language=series.original_language,
                          translations=dict(series.translations or {}))
            management.apply_shift(shift, details, starts, ends)
            session.add(shift)
            session.flush()
    except IntegrityError:
        return 0  # another worker made it a moment ago
    return 1


def _details(series: ShiftSeries, local_start: datetime) -> ShiftDetails:
    """The template's details for one occurrence."""
    return ShiftDetails(
        title=series.title, starts_local=local_start, ends_local=local_start + timedelta(minutes=series.minutes),
        locality=series.locality, centre=series.centre, place=series.place, capacity=series.capacity,
        cutoff_hours=series.cutoff_hours, party_limit=series.party_limit, repeating=True,
        instructions=series.instructions,
    )


def extend_all(now: datetime | None = None, limit: int = 1000) -> int:
    """Keep every live series' shifts made up to the horizon (the notification worker calls this)."""
    now = now or utcnow()
    due = session.scalars(select(ShiftSeries).where(
        ShiftSeries.cancelled_at.is_(None)).order_by(ShiftSeries.id).limit(limit)).all()
    return sum(make_shifts(series, now) for series in due)


# --- changing a series -----------------------------------------------------------------------


def edit_following(actor, shift_id: int, details: ShiftDetails, now: datetime | None = None) -> int:
    """Change this shift and the ones after it in its series; the earlier ones stay as they are.

    The day and time move by as much as this shift's did. Returns how many shifts changed.
    """
    now = now or utcnow()
    shift = services.lock_shift(shift_id)
    old = shift.series
    if old is None or shift.occurrence is None:
        raise VolunteeringError(_l("This shift is not part of a series."))
    following = _following(old, shift)
    moved_by = details.starts_local - shift.occurrence
    new = _split(old, shift.occurrence, moved_by, details)
    for each in following:
        local_start = each.occurrence + moved_by
        management.edit_shift(actor, each.id, replace(_details(new, local_start), announce=details.announce), now)
        each.series, each.occurrence = new, local_start
    session.flush()
    record_event(actor, "series.split", new, before={"series": old.id, "from": shift.occurrence},
                 after={"rule": new.rule, "title": new.title, "shifts": len(following)})
    return len(following)


def _following(series: ShiftSeries, shift: Shift) -> list[Shift]:
    return list(session.scalars(select(Shift).where(
        Shift.series_id == series.id, Shift.occurrence >= shift.occurrence,
        Shift.status == ShiftStatus.SCHEDULED).order_by(Shift.occurrence)))


def _parts(rule: rrule) -> tuple[int, list[int], list[tuple[int, int]], int | None, datetime | None]:
    """What dateutil keeps of a rule (it has no public reader): frequency, weekdays, (weekday, n), count, until."""
    return (rule._freq, list(rule._byweekday or ()), list(rule._bynweekday or ()),  # noqa: SLF001
            rule._count, rule._until)  # noqa: SLF001


def _split(old: ShiftSeries, at: datetime, moved_by: timedelta, details: ShiftDetails) -> ShiftSeries:
    """End the old series just before `at`; a new series takes over from there with the new template."""
    rule = rule_of(old)
    frequency, days, nth_days, count, until = _parts(rule)
    first = at + moved_by
    day_shift = (first.date() - at.date()).days
    if count is not None:
        count -= sum(1 for start in rule if start < at)
    if nth_days:
        new_days = [weekday((day + day_shift) % 7, n) for day, n in nth_days]
    else:
        new_days = [(day + day_shift) % 7 for day in days] or None
    ends = {"count": count} if count is not None else {"until": until}
    old.rule = rule_text(rule.replace(until=at - timedelta(seconds=1), count=None))
    old.made_until_local = min(old.made_until_local or at, at)
    new = ShiftSeries(programme_id=old.programme_id, continues_id=old.id, first_start_local=first,
                      rule=rule_text(rrule(frequency, dtstart=first, byweekday=new_days, **ends)),
                      exceptions=list(old.exceptions or []), made_until_local=old.made_until_local)
    starts, ends_at = management.instants(details)
    _apply_template(new, details, starts, ends_at)
    copy_languages(old, new)  # its texts are the old series' language, with the others of what did not change
    session.add(new)
    session.flush()
    return new


def cancel_series(actor, series_id: int, reason: str, now: datetime | None = None) -> int:
    """Cancel every shift of the series still to come (each volunteer is told) and make no more."""
    now = now or utcnow()
    series = session.get(ShiftSeries, series_id)
    if series is None or series.cancelled_at is not None:
        raise VolunteeringError(_l("This series is already cancelled."))
    upcoming = session.scalars(select(Shift.id).where(
        Shift.series_id == series.id, Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now)
        .order_by(Shift.starts_at)).all()
    for shift_id in upcoming:
        management.cancel_shift(actor, shift_id, reason, now)
    series.cancelled_at = now
    record_event(actor, "series.cancel", series, after={"shifts": len(upcoming)}, comment=reason)
    session.flush()
    return len(upcoming)


# --- describing a series ---------------------------------------------------------------------

NTH_WORDS = {
    1: _l("On the first %(day)s of each month"),
    2: _l("On the second %(day)s of each month"),
    3: _l("On the third %(day)s of each month"),
    4: _l("On the fourth %(day)s of each month"),
    LAST: _l("On the last %(day)s of each month"),
}


def describe(series: ShiftSeries) -> str:
    """"Every Saturday, 10:00–13:00", in the reader's language, on the locality's clock."""
    rule = rule_of(series)
    names = get_day_names("wide", locale=str(get_locale() or "en"))
    start = series.first_start_local
    locale = str(get_locale() or "en")
    end = start + timedelta(minutes=series.minutes)
    hours = _("%(start)s–%(end)s", start=in_chosen_digits(format_time(start.time(), "short", locale=locale)),
              end=in_chosen_digits(format_time(end.time(), "short", locale=locale)))
    _frequency, days, nth_days, _count, _until = _parts(rule)
    if nth_days:
        day, nth = nth_days[0]
        return _("%(days)s, %(hours)s", days=NTH_WORDS.get(nth, NTH_WORDS[1]) % {"day": names[day]}, hours=hours)
    listed = format_list([names[day] for day in sorted(days or [start.weekday()])], locale=locale)
    return _("Every %(days)s, %(hours)s", days=listed, hours=hours)


def upcoming_of(series_id: int, now: datetime | None = None, limit: int = 60) -> list[Shift]:
    """The series' scheduled shifts still to come, soonest first."""
    now = now or utcnow()
    return list(session.scalars(select(Shift).where(
        Shift.series_id == series_id, Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now)
        .order_by(Shift.starts_at).limit(limit)))



def make_series_shifts_now(_sender=None) -> int:
    """The outbox worker's hook (notifications.signals.pass_starting): it queues no message, so it counts none."""
    extend_all()
    return 0
