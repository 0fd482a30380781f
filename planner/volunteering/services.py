"""Signing up, cancelling and the waitlist: the rules, with the database guarding capacity.

Every change to a shift's places runs under that shift's row lock (on SQLite every transaction
already starts with BEGIN IMMEDIATE, which serialises writers). Places are taken with one
conditional UPDATE (`confirmed_count + party <= capacity`, and the shift still open), which takes
the lock itself; the CHECK constraint on the table is the last line of defence, and the partial
unique index on sign-ups refuses a second live sign-up for the same shift.

A sign-up holds its shift's lock as briefly as it can, since everyone signing up for a popular
shift queues for it: it first locks the volunteer's user row (so that one person's sign-ups for
different shifts cannot race past the overlap check) and makes every check it can without the
shift's lock, then takes its places with the UPDATE, and only inserts its rows after. Only when
the UPDATE finds no place does it lock the shift (SELECT … FOR UPDATE) to see why, and try once
more, so that a place freed meanwhile is never left empty while it waits. Cancelling, promoting
and coordinators' changes lock the shift first, then users; the retry in `planner.pipeline`
covers a rare circle of waits.

A volunteer may bring others (up to the shift's party limit). A party takes all its places in
the one conditional UPDATE, or waits for them together: it is never split. The waitlist rule
for parties: waiting parties keep the order they signed up in; when places come free, the queue
is walked from the front and each party that fits in the places left is given them. A party
that does not fit is passed over but keeps its position, so it is the first to be offered the
next places that free up; being passed over never moves anyone back. A volunteer who lacks what
the programme asks on the shift's day (volunteering.requirements) is passed over the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import ColumnElement, Integer, bindparam, exists, func, inspect, literal, or_, select, update
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from planner import permissions
from planner.accounts.models import UNVERIFIED_SIGNUP_LIMIT, User
from planner.clock import utcnow
from planner.db import session
from planner.i18n import isolate, listed
from planner.notifications.models import Notification
from planner.rules import RuleError
from planner.translated import shown_name
from planner.volunteering import notices, reminders
from planner.volunteering.models import (GUEST_NAMES_LENGTH, HOLDS_A_PLACE, ProgrammeRequirement, RequirementMet,
                                         Shift, ShiftStatus, Signup, SignupStatus, requirement_asks)
from planner.volunteering.timezones import shift_day, shift_when

LIVE = (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)
COORDINATORS_TOLD = 20


class VolunteeringError(RuleError):
    """A change the rules refuse; the message says why, and `field` names the form field at fault."""


@dataclass(frozen=True)
class Party:
    """Who a volunteer brings along: how many others, and their names if the volunteer gives them."""

    guests: int = 0
    names: str = ""

    @property
    def size(self) -> int:
        return 1 + self.guests


ALONE = Party()


@dataclass
class SignupOutcome:
    """The new sign-up, and the volunteer's place in the queue when the shift was full."""

    signup: Signup
    position: int | None = None

    @property
    def confirmed(self) -> bool:
        return self.signup.status is SignupStatus.CONFIRMED


# --- locks ---------------------------------------------------------------------------------


def lock_shift(shift_id: int) -> Shift:
    """The shift (with its programme and locality), freshly read and locked until the transaction ends."""
    shift = session.scalars(
        select(Shift).where(Shift.id == shift_id)
        .options(joinedload(Shift.programme), joinedload(Shift.locality))
        .with_for_update(of=Shift)
        .execution_options(populate_existing=True)
    ).first()
    if shift is None:
        raise VolunteeringError(_l("That shift does not exist."))
    return shift


SHIFT_COLUMNS = tuple(column.key for column in inspect(Shift).column_attrs)


# The statements every sign-up runs are built once, with their values bound at each run: building a statement
# and working out its cache key cost SQLAlchemy more than sending it (about 1 ms against 0.3 for the checks).
_USER_LOCK = select(User.id).where(User.id == bindparam("user_id")).with_for_update()
_PARTIES_WAITING = select(func.count()).select_from(Signup).where(
    Signup.shift_id == bindparam("shift_id"), Signup.status == SignupStatus.WAITLISTED)


def lock_user(user_id: int) -> User:
    """Lock the user's row (one person's sign-ups, or logs of hours, queue behind each other), and return the
    user."""
    session.execute(_USER_LOCK, {"user_id": user_id})
    return session.get(User, user_id)


def _take_places(shift: Shift, places: int = 1, open_at: datetime | None = None) -> bool:
    """Take this many free places if there are as many: a single conditional UPDATE, never read-then-write.

    With `open_at`, only while the shift is still open for sign-ups at that moment (scheduled, and
    neither started nor past its cut-off), so that no lock is needed to know it.
    """
    values = {"shift_id": shift.id, "places": places, **({"open_at": open_at} if open_at is not None else {})}
    count = session.execute(_TAKE_PLACES[open_at is not None], values).scalar()
    if count is None:
        return False
    set_committed_value(shift, "confirmed_count", count)
    return True


def _places_update(while_open: bool):
    places = bindparam("places", type_=Integer)
    conditions = [Shift.id == bindparam("shift_id"), Shift.confirmed_count + places <= Shift.capacity]
    if while_open:
        open_at = bindparam("open_at", type_=Shift.starts_at.type)
        conditions += [Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > open_at,
                       func.coalesce(Shift.signup_cutoff_at, Shift.starts_at) > open_at]
    return (update(Shift).where(*conditions).values(confirmed_count=Shift.confirmed_count + places)
            .returning(Shift.confirmed_count).execution_options(synchronize_session=False))


_TAKE_PLACES = {while_open: _places_update(while_open) for while_open in (False, True)}


def _release_places(shift: Shift, places: int = 1) -> None:
    count = session.execute(
        update(Shift)
        .where(Shift.id == shift.id, Shift.confirmed_count >= places)
        .values(confirmed_count=Shift.confirmed_count - places)
        .returning(Shift.confirmed_count)
        .execution_options(synchronize_session=False)
    ).scalar()
    if count is not None:
        set_committed_value(shift, "confirmed_count", count)


# --- checks --------------------------------------------------------------------------------


def signups_close_at(shift: Shift) -> datetime:
    """When sign-ups close: the coordinator's cut-off, or the start of the shift."""
    return shift.signup_cutoff_at or shift.starts_at


def refusal_reason(shift: Shift, now: datetime | None = None):
    """Why this shift takes no sign-ups now, or None when it does."""
    now = now or utcnow()
    if shift.status is ShiftStatus.CANCELLED:
        return _l("This shift has been cancelled, so it takes no sign-ups.")
    if shift.starts_at <= now:
        return _l("This shift has already started or taken place, so it takes no sign-ups.")
    if signups_close_at(shift) <= now:
        return _l("Sign-ups for this shift have closed.")
    return None


def clashing_signup(volunteer_id: int, shift: Shift) -> Signup | None:
    """The volunteer's confirmed place on another live shift that overlaps this one, if any."""
    return session.scalars(
        select(Signup)
        .join(Signup.shift)
        .where(
            Signup.volunteer_id == volunteer_id,
            Signup.status.in_(HOLDS_A_PLACE),
            Shift.id != shift.id,
            Shift.status == ShiftStatus.SCHEDULED,
            Shift.starts_at < shift.ends_at,
            Shift.ends_at > shift.starts_at,
        )
        .order_by(Shift.starts_at)
        .limit(1)
    ).first()


def live_signup(volunteer_id: int, shift_id: int) -> Signup | None:
    """The volunteer's confirmed or waitlisted sign-up for the shift, if any."""
    return session.scalars(
        select(Signup).where(Signup.volunteer_id == volunteer_id, Signup.shift_id == shift_id,
                             Signup.status.in_(LIVE))
    ).first()


def waitlist_position(signup: Signup) -> int | None:
    """1 for the first party waiting, and so on; None when the sign-up is not waiting."""
    if signup.status is not SignupStatus.WAITLISTED:
        return None
    ahead = session.scalar(
        select(func.count()).select_from(Signup).where(
            Signup.shift_id == signup.shift_id, Signup.status == SignupStatus.WAITLISTED, Signup.id < signup.id
        )
    )
    return ahead + 1


# --- signing up and cancelling -------------------------------------------------------------


def sign_up(volunteer_id: int, shift_id: int, now: datetime | None = None, party: Party = ALONE,
            by_coordinator: bool = False, note: str = "") -> SignupOutcome:
    """Give the volunteer (and those they bring) places on the shift, or a waitlist place when too few are free;
    `note` is what they tell the coordinator.

    `by_coordinator`: a coordinator signs the volunteer up for them (management.sign_up_for), so refusals name the
    volunteer rather than say "you", the coordinator vouches for the address, and the message says who did it."""
    now = now or utcnow()
    shift = _unlocked_shift(shift_id)
    _refuse_if_closed(shift, now)
    _check_party(shift, party)
    volunteer = lock_user(volunteer_id)
    _refuse_what_stands_in_the_way(volunteer, shift, by_coordinator)
    seen_free = shift.confirmed_count + party.size <= shift.capacity
    # worded before the shift's row is held, and only for a shift that looks as if it has the places
    confirmation = notices.confirmation(volunteer, shift, by_coordinator) if seen_free else None
    if seen_free and _take_places(shift, party.size, open_at=now):
        return SignupOutcome(_insert(shift, volunteer, party, SignupStatus.CONFIRMED, by_coordinator, confirmation,
                                     note=note))
    shift = _hold_fresh(shift)  # full (as read, or now), closed, or just taken: decided with the row held
    _refuse_if_closed(shift, now)
    if shift.confirmed_count + party.size <= shift.capacity and _take_places(shift, party.size):
        confirmation = confirmation or notices.confirmation(volunteer, shift, by_coordinator)
        return SignupOutcome(_insert(shift, volunteer, party, SignupStatus.CONFIRMED, by_coordinator, confirmation,
                                     note=note))
    position = _parties_waiting(shift) + 1
    notice = notices.waitlisted(volunteer, shift, position, by_coordinator)
    _waitlist_changed(shift)
    return SignupOutcome(_insert(shift, volunteer, party, SignupStatus.WAITLISTED, by_coordinator, notice, note=note),
                         position)


def take_free_place(volunteer_id: int, shift_id: int, now: datetime, by_coordinator: bool = False,
                    after_the_end: bool = False) -> Signup:
    """A free place for a volunteer who came to the shift without one: at the door until the shift ends
    (checkin.walk_in), or, `after_the_end`, as the coordinator records afterwards someone who helped. No waitlist to
    join (with no place free, the coordinator decides who helps), the overlap rule as for any sign-up, and no
    message (they are there). Few do this, so the shift's row is simply held."""
    shift = lock_shift(shift_id)
    if shift.status is ShiftStatus.CANCELLED:
        raise VolunteeringError(_l("This shift has been cancelled, so it takes no sign-ups."))
    if shift.ends_at <= now and not after_the_end:
        raise VolunteeringError(_l("This shift has ended, so no place can be taken any more."))
    volunteer = lock_user(volunteer_id)
    _refuse_what_stands_in_the_way(volunteer, shift, by_coordinator)
    if not _take_places(shift):
        raise VolunteeringError(_l("No place on this shift is free. The coordinator decides who else can help."))
    return _insert(shift, volunteer, ALONE, SignupStatus.CONFIRMED, by_coordinator)


def _unlocked_shift(shift_id: int) -> Shift:
    """The shift, read without a lock (sign_up holds it when it must), often already loaded by the page, with
    the programme and place its messages name loaded now rather than while its row is held."""
    shift = session.get(Shift, shift_id, options=[joinedload(Shift.programme), joinedload(Shift.locality)])
    if shift is None:
        raise VolunteeringError(_l("That shift does not exist."))
    shift.programme, shift.locality  # noqa: B018 (loaded here if the page had not)
    return shift


def _refuse_if_closed(shift: Shift, now: datetime) -> None:
    reason = refusal_reason(shift, now)
    if reason:
        raise VolunteeringError(reason)


def _refuse_what_stands_in_the_way(volunteer: User, shift: Shift, by_coordinator: bool) -> None:
    """Refuse past an unconfirmed address's limit (unless a coordinator vouches for it), a second live sign-up for
    this shift, a confirmed place on another that overlaps it, or a volunteer the coordinators have not recorded
    as having what the programme asks: one query for all four (after the user's lock, so it sees their latest
    sign-ups)."""
    day = shift_day(shift)
    found_id, live_count, lacking = session.execute(_IN_THE_WAY[volunteer.is_verified or by_coordinator], {
        "volunteer_id": volunteer.id, "shift_id": shift.id, "shift_start": shift.starts_at,
        "shift_end": shift.ends_at, "programme_id": shift.programme_id, "shift_day": day}).one()
    if lacking:
        raise VolunteeringError(_lacking_message(volunteer, shift.programme_id, day, by_coordinator))
    if live_count >= UNVERIFIED_SIGNUP_LIMIT:
        raise VolunteeringError(_l("Please confirm your e-mail address to sign up for more than %(count)s shifts. "
                                   "The link is in the message we sent; your profile page can send it again.",
                                   count=UNVERIFIED_SIGNUP_LIMIT))
    if found_id is None:
        return
    found = session.get(Signup, found_id, options=[joinedload(Signup.shift)])
    if found.shift_id == shift.id:
        raise VolunteeringError(_already_signed_up(volunteer, by_coordinator))
    other, when = isolate(shown_name(found.shift)), shift_when(found.shift)
    if by_coordinator:
        raise VolunteeringError(_l("%(name)s already has a confirmed place on “%(other)s” (%(when)s), which "
                                   "overlaps this shift.", name=isolate(volunteer.shown_name), other=other, when=when))
    raise VolunteeringError(_l("You already have a confirmed place on “%(other)s” (%(when)s), which overlaps "
                               "this shift.", other=other, when=when))


def _lacking_message(volunteer: User, programme_id: int, shift_day: date, by_coordinator: bool):
    """What the programme asks that the coordinators have not recorded the volunteer as having on the shift's day."""
    names = listed(shown_name(item) for item in session.scalars(
        select(ProgrammeRequirement).where(ProgrammeRequirement.asked_by(programme_id),
                                           ~_met_on(volunteer.id, shift_day, ProgrammeRequirement.id))
        .order_by(ProgrammeRequirement.name)))
    if by_coordinator:
        return _l("This programme asks its volunteers for: %(names)s. Record on its page “What volunteers need” that "
                  "%(name)s has it before giving them a place.", names=names, name=isolate(volunteer.shown_name))
    return _l("This programme asks its volunteers for: %(names)s. Its coordinators record it; please ask them "
              "before signing up.", names=names)


def _lacks_a_requirement(volunteer_id, programme_id, day) -> ColumnElement[bool]:
    """Whether the programme asks for something the coordinators have not recorded the volunteer as having on day
    (what it asks is read from requirement_asks alone, by its primary key)."""
    asked = requirement_asks.c
    return (exists().where(asked.programme_id == programme_id, ~_met_on(volunteer_id, day, asked.requirement_id))
            .correlate_except(requirement_asks))


def _met_on(volunteer_id, day, requirement_id) -> ColumnElement[bool]:
    """The coordinators recorded the volunteer as having the requirement (a column of the outer query), holding on
    day."""
    return (exists().where(RequirementMet.requirement_id == requirement_id,
                           RequirementMet.volunteer_id == volunteer_id, RequirementMet.holds_on(day))
            .correlate_except(RequirementMet))  # a volunteer_id column (a waitlist's) belongs to the outer query


def _already_signed_up(volunteer: User, by_coordinator: bool):
    if by_coordinator:
        return _l("%(name)s is already signed up for this shift.", name=isolate(volunteer.shown_name))
    return _l("You are already signed up for this shift.")


def _what_stands_in_the_way(verified: bool):
    """The statement for _refuse_what_stands_in_the_way: the first sign-up in the way, and the live sign-ups' count
    (0 for a confirmed address, which has no limit)."""
    volunteer_id, shift_id = bindparam("volunteer_id"), bindparam("shift_id")
    start, end = bindparam("shift_start", type_=Shift.starts_at.type), bindparam("shift_end", type_=Shift.ends_at.type)
    same_shift = (Signup.shift_id == shift_id) & Signup.status.in_(LIVE)
    overlapping = (Signup.status.in_(HOLDS_A_PLACE) & (Shift.id != shift_id) & (Shift.status == ShiftStatus.SCHEDULED)
                   & (Shift.starts_at < end) & (Shift.ends_at > start))
    in_the_way = (select(Signup.id).join(Signup.shift)
                  .where(Signup.volunteer_id == volunteer_id, same_shift | overlapping)
                  .order_by((Signup.shift_id != shift_id), Shift.starts_at).limit(1))
    live = select(func.count()).select_from(Signup).where(Signup.volunteer_id == volunteer_id, Signup.status.in_(LIVE))
    lacking = _lacks_a_requirement(volunteer_id, bindparam("programme_id"),
                                   bindparam("shift_day", type_=RequirementMet.valid_until.type))
    return select(in_the_way.scalar_subquery(), literal(0) if verified else live.scalar_subquery(), lacking)


_IN_THE_WAY = {verified: _what_stands_in_the_way(verified) for verified in (False, True)}


def _hold_fresh(shift: Shift) -> Shift:
    """The shift's row locked until the transaction ends, its columns read again (its programme and place, loaded
    before, stay loaded: the messages name them while the row is held). Deleted meanwhile: refused, as lock_shift
    refuses."""
    shift_id = shift.id
    try:
        session.refresh(shift, attribute_names=SHIFT_COLUMNS, with_for_update=True)
    except InvalidRequestError as error:  # SQLAlchemy's word for a row it could not read again
        if session.scalar(select(Shift.id).where(Shift.id == shift_id)) is not None:
            raise  # not a deleted shift: a fault of ours, which must not pass for the visitor's
        raise VolunteeringError(_l("That shift does not exist.")) from error
    return shift


def _parties_waiting(shift: Shift) -> int:
    """How many parties wait for this shift (exact while its row is held: whoever joins the waitlist holds it)."""
    return session.scalar(_PARTIES_WAITING, {"shift_id": shift.id})


def _check_party(shift: Shift, party: Party) -> None:
    if party.guests < 0 or party.guests > shift.party_limit:
        message = (lazy_ngettext("Each volunteer may bring up to %(num)s other person on this shift.",
                                 "Each volunteer may bring up to %(num)s others on this shift.", shift.party_limit)
                   if shift.party_limit else _l("This shift takes one person per sign-up."))
        raise VolunteeringError(message, field="guests")
    if len(party.names) > GUEST_NAMES_LENGTH:
        raise VolunteeringError(_l("Please keep the names under %(count)s characters.", count=GUEST_NAMES_LENGTH),
                                field="guest_names")


def _waitlist_changed(shift: Shift) -> None:
    """Mark the shift changed when only its waiting list did (places taken or freed stamp it with their UPDATE): the
    API's feed of changed shifts shows the waiting list's length. Call with the shift's row held."""
    shift.updated_at = utcnow()


def _insert(shift: Shift, volunteer: User, party: Party, status: SignupStatus, by_coordinator: bool,
            *messages: Notification, note: str = "") -> Signup:
    """Add the sign-up and its messages in one flush; a second live sign-up for the shift (a race past the check)
    undoes the whole transaction."""
    signup = Signup(shift_id=shift.id, volunteer_id=volunteer.id, status=status, party_size=party.size,
                    guest_names=party.names.strip() if party.guests else "", note=" ".join(note.split()))
    session.add_all([signup, *messages])
    try:
        session.flush()
    except IntegrityError as error:  # the caller's transaction is rolled back (planner.pipeline), places and all
        raise VolunteeringError(_already_signed_up(volunteer, by_coordinator)) from error
    set_committed_value(signup, "shift", shift)  # known already: set as loaded, so the commit has nothing to flush
    set_committed_value(signup, "volunteer", volunteer)
    return signup


def cancel(signup_id: int, now: datetime | None = None, by_coordinator: bool = False,
           account_closing: bool = False) -> Signup:
    """Cancel a confirmed or waitlisted sign-up; a freed place goes to the first person waiting. A volunteer who
    gives up a place at short notice that no one waiting could take has the programme's coordinators told (not when
    a coordinator released it: they know), by name unless the place goes with a closing account."""
    now = now or utcnow()
    shift_id = session.scalar(select(Signup.shift_id).where(Signup.id == signup_id))
    if shift_id is None:
        raise VolunteeringError(_l("That sign-up does not exist."))
    shift = lock_shift(shift_id)
    signup = session.scalars(
        select(Signup).where(Signup.id == signup_id).execution_options(populate_existing=True)
    ).one()
    if signup.status not in LIVE:
        raise VolunteeringError(_l("This sign-up is not active, so there is nothing to cancel."))
    if shift.starts_at <= now:
        raise VolunteeringError(_l("This shift has already started; please tell the coordinator instead."))
    held_a_place = signup.status is SignupStatus.CONFIRMED
    signup.status, signup.cancelled_at = SignupStatus.CANCELLED, now
    reminders.withdraw_reminder_of(signup)
    session.flush()
    if held_a_place:
        _release_places(shift, signup.party_size)
        fill_free_places(shift, now)
        if not by_coordinator and shift.confirmed_count < shift.capacity and _at_short_notice(shift, now):
            _tell_coordinators_of_free_places(shift, None if account_closing else signup.volunteer)
    else:
        _waitlist_changed(shift)
    return signup


def _at_short_notice(shift: Shift, now: datetime) -> bool:
    """Whether a place given up now is news to the coordinators: within the programme's short notice of the start."""
    hours = shift.programme.short_notice_hours
    return bool(hours) and shift.starts_at - now <= timedelta(hours=hours)


def _tell_coordinators_of_free_places(shift: Shift, volunteer: User | None) -> None:
    """Write to those who run the shift's programme (the first COORDINATORS_TOLD) that places came free soon before
    it and nobody waiting could take them, so that they may find someone (those who turned these e-mails off on
    their profile are not told). Whoever gave them up is named, unless (None) their account is closing: the name
    goes with it."""
    coordinators = session.scalars(select(User).where(permissions.run_by(shift.programme),
                                                      User.short_notice_emails.is_(True))
                                   .order_by(User.id).limit(COORDINATORS_TOLD)).all()
    for coordinator in coordinators:
        notices.places_free_at_short_notice(coordinator, shift, volunteer, shift.capacity - shift.confirmed_count)


def give_up_places_of(user: User, now: datetime | None = None) -> None:
    """Cancel the person's places on shifts still to come (their account is closing); the waitlists move up."""
    now = now or utcnow()
    upcoming = session.scalars(select(Signup.id).join(Signup.shift).where(
        Signup.volunteer_id == user.id, Signup.status.in_(LIVE), Shift.starts_at > now)).all()
    for signup_id in upcoming:
        cancel(signup_id, now, account_closing=True)


def note_open(signup: Signup, now: datetime) -> bool:
    """Whether the volunteer may still change the note left with the sign-up: while it holds or waits for a place,
    until the shift ends."""
    return signup.status in LIVE and now < signup.shift.ends_at


def change_note(signup_id: int, note: str, now: datetime | None = None) -> Signup:
    """Change the note the volunteer left the coordinator (see note_open)."""
    now = now or utcnow()
    signup = session.get(Signup, signup_id)
    if signup is None or signup.status not in LIVE:
        raise VolunteeringError(_l("This sign-up no longer holds a place, so its note cannot be changed."))
    if not note_open(signup, now):
        raise VolunteeringError(_l("This shift has ended, so its note cannot be changed any more."))
    signup.note = " ".join(note.split())
    session.flush()
    return signup


def forget_guests_of(user: User) -> None:
    """The names of the guests a closing account brought, and its notes to coordinators, go with its own; the
    rosters keep how many came."""
    session.execute(update(Signup).where(Signup.volunteer_id == user.id,
                                         or_(Signup.guest_names != "", Signup.note != ""))
                    .values(guest_names="", note=""))


def confirm_coming(signup_id: int, now: datetime | None = None) -> Signup:
    """The volunteer says they will be there (a reminder's "I'll be there")."""
    now = now or utcnow()
    signup = session.get(Signup, signup_id)
    if signup is None or signup.status is not SignupStatus.CONFIRMED:
        raise VolunteeringError(_l("This sign-up no longer holds a place, so there is nothing to confirm."))
    if signup.shift.starts_at <= now:
        raise VolunteeringError(_l("This shift has already started."))
    signup.coming_confirmed_at = now
    session.flush()
    return signup


def fill_free_places(shift: Shift, now: datetime | None = None) -> list[Signup]:
    """Give free places to the waitlist: the first waiting party that fits, again and again (the module's rule).

    Someone now busy at that time leaves the queue; someone who lacks what the programme asks is passed over.
    Call with the shift locked. Afterwards no waiting party that may take them fits in the places that are free.
    """
    now = now or utcnow()
    promoted: list[Signup] = []
    if shift.status is ShiftStatus.CANCELLED or shift.starts_at <= now:
        return promoted
    while shift.confirmed_count < shift.capacity:
        candidate = _first_waiting(shift)
        if candidate is None:
            break
        volunteer = lock_user(candidate.volunteer_id)
        if clashing_signup(volunteer.id, shift):
            candidate.status, candidate.cancelled_at = SignupStatus.CANCELLED, now
            notices.dropped_for_clash(volunteer, shift)
            _waitlist_changed(shift)
            session.flush()
            continue
        if not _take_places(shift, candidate.party_size):
            break
        candidate.status, candidate.promoted_at = SignupStatus.CONFIRMED, now
        session.flush()
        notices.promoted(volunteer, shift)
        promoted.append(candidate)
    return promoted


def _first_waiting(shift: Shift) -> Signup | None:
    """The earliest waiting party small enough for the places now free, whose volunteer has what the programme asks
    on the shift's day (one who lacks it is passed over and keeps their position until it is recorded)."""
    return session.scalars(
        select(Signup)
        .where(Signup.shift_id == shift.id, Signup.status == SignupStatus.WAITLISTED,
               Signup.party_size <= shift.capacity - shift.confirmed_count,
               ~_lacks_a_requirement(Signup.volunteer_id, shift.programme_id, shift_day(shift)))
        .order_by(Signup.id)
        .limit(1)
    ).first()


def cancel_shift(shift_id: int, reason: str = "", now: datetime | None = None) -> list[Signup]:
    """Cancel a shift: every confirmed and waitlisted volunteer loses their sign-up and is told why."""
    now = now or utcnow()
    shift = lock_shift(shift_id)
    if shift.status is ShiftStatus.CANCELLED:
        raise VolunteeringError(_l("This shift is already cancelled."))
    if shift.starts_at <= now:
        raise VolunteeringError(_l("This shift has already started, so it can no longer be cancelled."))
    shift.status, shift.cancel_reason = ShiftStatus.CANCELLED, reason.strip()[:500]
    reminders.withdraw_waiting_reminders(shift)
    affected = list(session.scalars(
        select(Signup)
        .where(Signup.shift_id == shift.id, Signup.status.in_(LIVE))
        .options(selectinload(Signup.volunteer))
        .order_by(Signup.id)
    ))
    for signup in affected:
        notices.shift_cancelled(signup.volunteer, shift, held_a_place=signup.status in HOLDS_A_PLACE)
        signup.status, signup.cancelled_at = SignupStatus.CANCELLED, now
    shift.confirmed_count = 0
    session.flush()
    return affected
