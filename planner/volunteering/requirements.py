"""What a programme asks of its volunteers before they take a place, and who has it.

A programme's coordinators name what they ask (a safeguarding check, a training, a first-aid course; at most
MOST_REQUIREMENTS) and record, by the volunteer's address, who has it, until a day or for good. A sign-up for one of
its shifts, whoever makes it, is refused to a volunteer who lacks one on the shift's day (the rule is in
volunteering.services, beside the sign-up's other checks), and a waitlist passes such a volunteer over, keeping their
position, until it is recorded. Each record is audited and e-mailed to the volunteer;
closing an account deletes its records. The outbox worker tells a volunteer, LAPSE_NOTICE ahead, that a record
is about to lapse.

Coordinators running several programmes may have one ask for what another asks (`share`): a record of it then
holds for every programme asking, so a volunteer's safeguarding check is recorded once for all of them. The
programme it was written for keeps its name and languages; it goes, with its records, when no programme asks for it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from flask_babel import format_date, gettext as _, lazy_gettext as _l, lazy_ngettext
from sqlalchemy import Select, and_, case, delete, exists, func, select, true
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import contains_eager, selectinload

from planner.accounts.models import User, canonical_email
from planner.accounts.services import named_or_addressed
from planner.audit.services import record_event
from planner.clock import utcnow
from planner.db import session
from planner.digits import format_count
from planner.i18n import isolate, listed, worded_for
from planner.notifications.services import queue_email
from planner.translated import all_texts, shown_name
from planner.types import RecordStatus
from planner.urls import absolute_url
from planner.volunteering import services
from planner.volunteering.models import (REQUIREMENT_NAME_LENGTH, Programme, ProgrammeRequirement, RequirementMet,
                                         Shift, ShiftStatus, Signup, SignupStatus, requirement_asks)
from planner.volunteering.services import VolunteeringError
from planner.volunteering.timezones import shift_day

MOST_REQUIREMENTS = 10
MOST_AT_ONCE = 100  # addresses recorded in one go: a training's class list
SHAREABLE = 100  # what other programmes ask, offered to share: a coordinator runs a few programmes
LAPSE_NOTICE = timedelta(days=30)  # how long before a record lapses its volunteer is told
LAPSE_BATCH = 500  # records told of per pass of the worker
WAITLISTS_MOVED = 100  # shifts whose waitlists a record or a removal moves at once; the bound keeps a request short


def of_programme(programme_id: int, with_programmes: bool = False) -> list[ProgrammeRequirement]:
    """What the programme asks (its own and those shared with it), by name (at most MOST_REQUIREMENTS); with the
    programme keeping each and those asking for it, when the page shows them."""
    shown = [selectinload(ProgrammeRequirement.programme), selectinload(ProgrammeRequirement.asking)]
    return list(session.scalars(select(ProgrammeRequirement).where(ProgrammeRequirement.asked_by(programme_id))
                                .options(*(shown if with_programmes else []))
                                .order_by(ProgrammeRequirement.name, ProgrammeRequirement.id)))


def add(actor, programme: Programme, name: str, now: datetime | None = None,
        shareable: list[ProgrammeRequirement] = ()) -> ProgrammeRequirement:
    """Ask the programme's volunteers for something more: from now on a sign-up needs it. What one of `shareable`
    (another programme of the coordinator's) asks under that name is refused: asking for it too keeps one record."""
    asked = of_programme(programme.id)
    name = _checked_name(name, asked)
    if same := next((item for item in shareable if _named(item, name)), None):
        raise VolunteeringError(_l("%(programme)s asks for this already: ask for it too, below, and one record of it "
                                   "holds for both.", programme=isolate(shown_name(same.programme))), field="name")
    _room_for_one_more(asked, "name")
    requirement = ProgrammeRequirement(programme_id=programme.id, name=name, created_at=now or utcnow(),
                                       asking=[programme])
    session.add(requirement)
    session.flush()
    record_event(actor, "requirement.add", requirement, after={"programme": programme.id, "name": name})
    return requirement


def shareable_with(programme: Programme, kept_by: Select) -> Select:
    """What other programmes ask that this one could ask for too: the requirements kept by `kept_by` (the
    programmes the coordinator runs, from planner.permissions) that it does not ask for yet."""
    return (select(ProgrammeRequirement).join(ProgrammeRequirement.programme)
            .where(Programme.id.in_(kept_by), Programme.id != programme.id,
                   Programme.status != RecordStatus.ARCHIVED, ~ProgrammeRequirement.asked_by(programme.id))
            .options(contains_eager(ProgrammeRequirement.programme))
            .order_by(ProgrammeRequirement.name, ProgrammeRequirement.id).limit(SHAREABLE))


def share(actor, programme: Programme, requirement: ProgrammeRequirement) -> None:
    """Ask the programme's volunteers for what another programme asks: from now on a sign-up needs it, and a record
    of it, made on either programme's page, holds for both."""
    _hold(requirement)
    asked = of_programme(programme.id)
    if requirement in asked:
        raise VolunteeringError(_l("The programme already asks for this."), field="requirement")
    if any(_named(item, text) for item in asked for text in all_texts(requirement, "name")):
        raise VolunteeringError(_l("The programme already asks for something of this name: stop asking for it "
                                   "first."), field="requirement")
    _room_for_one_more(asked, "requirement")
    requirement.asking.append(programme)
    session.flush()
    record_event(actor, "requirement.share", requirement, after={"programme": programme.id,
                                                                  "name": requirement.name})


def _hold(requirement: ProgrammeRequirement) -> None:
    """The requirement's row locked until the transaction ends, and who asks for it read afresh: programmes sharing
    it or stopping at once take turns, so the last to stop takes its records with it. Gone meanwhile: refused."""
    try:
        session.refresh(requirement, attribute_names=["name"], with_for_update=True)
    except InvalidRequestError as error:  # SQLAlchemy's word for a row it could not read again
        raise VolunteeringError(_l("No programme asks for it any more.")) from error
    session.expire(requirement, ["asking"])


def _room_for_one_more(asked: list[ProgrammeRequirement], field: str) -> None:
    if len(asked) >= MOST_REQUIREMENTS:
        raise VolunteeringError(lazy_ngettext("A programme asks for at most %(num)s thing; stop asking for it first.",
                                              "A programme asks for at most %(num)s things; stop asking for one first.",
                                              MOST_REQUIREMENTS), field=field)


def rename(actor, requirement: ProgrammeRequirement, name: str) -> ProgrammeRequirement:
    """Correct or change what it is called, keeping who has it; its other languages, written for the earlier name,
    are set aside for its translators (planner.translated). The name may not be one that a programme asking for it
    asks for under another requirement."""
    beside = requirement_asks.alias("beside")
    others = list(session.scalars(select(ProgrammeRequirement).where(
        ProgrammeRequirement.id != requirement.id, ProgrammeRequirement.id.in_(
            select(beside.c.requirement_id).where(beside.c.programme_id.in_(_programmes_asking(requirement.id)))))))
    name, before = _checked_name(name, others), requirement.name
    if name != before:
        requirement.name = name
        session.flush()
        record_event(actor, "requirement.rename", requirement, before={"name": before}, after={"name": name})
    return requirement


def _checked_name(name: str, others: list[ProgrammeRequirement]) -> str:
    """The name with its spaces tidied, refused when empty, too long, or what the programme already asks for under
    another requirement in any language."""
    name = " ".join((name or "").split())
    if not name:
        raise VolunteeringError(_l("Name what the programme asks for."), field="name")
    if len(name) > REQUIREMENT_NAME_LENGTH:
        raise VolunteeringError(_l("Please keep it under %(num)s characters.",
                                   num=format_count(REQUIREMENT_NAME_LENGTH)), field="name")
    if any(_named(other, name) for other in others):
        raise VolunteeringError(_l("The programme already asks for this."), field="name")
    return name


def _named(requirement: ProgrammeRequirement, name: str) -> bool:
    """Whether the requirement is called that in some language, whatever the case."""
    return any(name.casefold() == text.casefold() for text in all_texts(requirement, "name"))


def remove(actor, programme: Programme, requirement: ProgrammeRequirement) -> None:
    """The programme stops asking for it: its sign-ups no longer need it, and those its waitlists passed over for it
    may take the places free. When no programme asks for it any more, the records of who had it go with it."""
    _hold(requirement)
    if programme not in requirement.asking:
        return  # it stopped asking meanwhile
    record_event(actor, "requirement.remove", requirement, before={"programme": programme.id,
                                                                   "name": requirement.name})
    requirement.asking.remove(programme)
    if not requirement.asking:
        session.execute(delete(RequirementMet).where(RequirementMet.requirement_id == requirement.id))
        session.delete(requirement)
    session.flush()
    _move_waitlists([programme.id])


def record_met(actor, programme: Programme, requirement: ProgrammeRequirement, addresses: str,
               valid_until: date | None, today: date) -> list[RequirementMet]:
    """Record that the volunteers with these addresses (one a line, or between commas) have what the programme asks
    (until `valid_until`, or for good), or change until when; each is told. It holds for every programme asking for
    it. An address no open account uses refuses them all: nothing is recorded."""
    if valid_until is not None and valid_until < today:
        raise VolunteeringError(_l("That day has passed: give the last day it holds, or leave it empty."),
                                field="valid_until")
    volunteers = _volunteers_at(addresses)
    held = {met.volunteer_id: met for met in session.scalars(select(RequirementMet).where(
        RequirementMet.requirement_id == requirement.id,
        RequirementMet.volunteer_id.in_([volunteer.id for volunteer in volunteers])))}
    recorded = [_record_one(actor, programme, requirement, volunteer, held.get(volunteer.id), valid_until)
                for volunteer in volunteers]
    _move_waitlists(_programmes_asking(requirement.id), [volunteer.id for volunteer in volunteers])
    return recorded


def _volunteers_at(addresses: str) -> list[User]:
    """The open accounts using these addresses, in the order given, each once; refused, naming them, when an address
    has none, and when there are more than MOST_AT_ONCE."""
    wanted = list(dict.fromkeys(canonical_email(part) for part in re.split(r"[\s,;]+", addresses or "") if part))
    if not wanted:
        raise VolunteeringError(_l("Give the volunteer's email address."), field="emails")
    if len(wanted) > MOST_AT_ONCE:
        raise VolunteeringError(_l("At most %(num)s addresses at once, please.", num=format_count(MOST_AT_ONCE)),
                                field="emails")
    found = {user.email_canonical: user for user in session.scalars(select(User).where(
        User.email_canonical.in_(wanted), User.is_active.is_(True), User.deleted_at.is_(None)))}
    missing = [address for address in wanted if address not in found]
    if missing:
        raise VolunteeringError(lazy_ngettext("No open account uses this address: %(addresses)s.",
                                              "No open account uses these addresses: %(addresses)s.",
                                              len(missing), addresses=listed(missing)), field="emails")
    return [found[address] for address in wanted]


def _record_one(actor, programme: Programme, requirement: ProgrammeRequirement, volunteer: User,
                met: RequirementMet | None, valid_until: date | None) -> RequirementMet:
    """The volunteer's record written (or its day changed), audited and told."""
    before = {"valid_until": met.valid_until} if met else None
    if met is None:
        met = RequirementMet(requirement_id=requirement.id, volunteer_id=volunteer.id, volunteer=volunteer)
        session.add(met)
    met.valid_until, met.recorded_at, met.recorded_by_id = valid_until, utcnow(), actor.id
    met.lapse_told_at = None  # a new day to lapse on: the volunteer is told again before it
    session.flush()
    record_event(actor, "requirement.met", met, before=before,
                 after={"requirement": requirement.name, "volunteer": volunteer.id, "valid_until": valid_until})
    _tell(volunteer, programme, requirement, valid_until)
    return met


def withdraw(actor, met: RequirementMet) -> None:
    """Take a record back (entered by mistake, or no longer true): sign-ups from now on need it again. The volunteer's
    row is held first, as their sign-ups hold it, so that none of theirs under way reads the record as it goes."""
    services.lock_user(met.volunteer_id)
    record_event(actor, "requirement.withdraw", met, before={"requirement": met.requirement.name,
                                                             "volunteer": met.volunteer_id,
                                                             "valid_until": met.valid_until})
    session.delete(met)
    session.flush()


def _programmes_asking(requirement_id: int) -> Select:
    return select(requirement_asks.c.programme_id).where(requirement_asks.c.requirement_id == requirement_id)


def _move_waitlists(programme_ids, volunteer_ids: list[int] | None = None) -> None:
    """The programmes' shifts to come with places free that someone waits for (one of these volunteers, when they
    are given): those passed over while they lacked what a programme asks may take them now."""
    now = utcnow()
    waiting = [Signup.status == SignupStatus.WAITLISTED,
               *([Signup.volunteer_id.in_(volunteer_ids)] if volunteer_ids is not None else [])]
    waited = session.scalars(select(Shift.id).where(
        Shift.programme_id.in_(programme_ids), Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now,
        Shift.confirmed_count < Shift.capacity, exists().where(Signup.shift_id == Shift.id, *waiting))
        .order_by(Shift.starts_at).limit(WAITLISTS_MOVED)).all()
    for shift_id in waited:
        services.fill_free_places(services.lock_shift(shift_id), now)


def _tell(volunteer: User, programme: Programme, requirement: ProgrammeRequirement,
          valid_until: date | None) -> None:
    """E-mail the volunteer what was recorded (on the page of `programme`), in their language."""
    with worded_for(volunteer):
        values = {"name": isolate(volunteer.name), "programme": isolate(shown_name(programme)),
                  "requirement": isolate(shown_name(requirement)),
                  "link": absolute_url("directory.programme", key=programme.slug)}
        subject = _("Recorded for %(programme)s: %(requirement)s", **values)
        held = (_("It holds until %(day)s.", day=format_date(valid_until, "long")) if valid_until else
                _("It does not lapse."))
        others = [shown_name(item) for item in requirement.asking if item.id != programme.id]
        also = ("\n\n" + _("It counts for the other programmes asking for it too: %(programmes)s.",
                             programmes=listed(others))) if others else ""
        body = (_("Hello %(name)s,\n\nA coordinator of %(programme)s recorded that you have what the programme "
                  "asks of its volunteers: %(requirement)s.", **values) + " " + held + also + "\n\n"
                + _("Its shifts: %(link)s", **values))
    queue_email(volunteer, "requirement.met", subject, body)


# --- before a record lapses -------------------------------------------------------------------


def queue_lapse_notices(now: datetime | None = None) -> int:
    """Write, once, to each volunteer whose record lapses within LAPSE_NOTICE (LAPSE_BATCH a pass: the next pass
    takes the rest); how many. The records are held, another worker's skipped, so no one is told twice."""
    now = now or utcnow()
    lapsing = session.scalars(
        select(RequirementMet).join(RequirementMet.volunteer)
        .where(RequirementMet.lapse_told_at.is_(None), *_lapsing_soon(now.date()), User.is_active.is_(True),
               User.deleted_at.is_(None), RequirementMet.requirement_id.in_(_asked_by_a_running_programme()))
        .options(contains_eager(RequirementMet.volunteer), selectinload(RequirementMet.requirement))
        .order_by(RequirementMet.valid_until, RequirementMet.id).limit(LAPSE_BATCH)
        .with_for_update(of=RequirementMet, skip_locked=True)).all()
    asking = _running_programmes_asking([met.requirement_id for met in lapsing])
    for met in lapsing:
        if asking[met.requirement_id]:  # none when the last programme stopped asking meanwhile
            _tell_lapsing(met, asking[met.requirement_id])
        met.lapse_told_at = now
    session.flush()
    return len(lapsing)


def _lapsing_soon(today: date) -> list:
    """The records that still hold on `today` and lapse within LAPSE_NOTICE of it: what volunteers are told of (the
    worker reads the UTC day: a day's difference does not matter to a month's notice) and what pages show (on the
    reader's own calendar)."""
    return [RequirementMet.valid_until >= today, RequirementMet.valid_until <= today + LAPSE_NOTICE]


def _asked_by_a_running_programme() -> Select:
    """The requirements some programme not archived asks for."""
    return (select(requirement_asks.c.requirement_id).join(Programme, Programme.id == requirement_asks.c.programme_id)
            .where(Programme.status != RecordStatus.ARCHIVED))


def _running_programmes_asking(requirement_ids: list[int]) -> dict[int, list[Programme]]:
    """The programmes not archived asking for each of these requirements (one query)."""
    asking: dict[int, list[Programme]] = {requirement_id: [] for requirement_id in requirement_ids}
    for requirement_id, programme in session.execute(
            select(requirement_asks.c.requirement_id, Programme)
            .join(Programme, Programme.id == requirement_asks.c.programme_id)
            .where(requirement_asks.c.requirement_id.in_(set(requirement_ids)),
                   Programme.status != RecordStatus.ARCHIVED).order_by(Programme.id)):
        asking[requirement_id].append(programme)
    return asking


def lapsing_by_programme(programme_ids: list[int], today: date) -> dict[int, int]:
    """How many records of what each of these programmes asks lapse within LAPSE_NOTICE of today (one grouped
    query)."""
    if not programme_ids:
        return {}
    return dict(session.execute(
        select(requirement_asks.c.programme_id, func.count()).select_from(RequirementMet)
        .join(requirement_asks, requirement_asks.c.requirement_id == RequirementMet.requirement_id)
        .where(requirement_asks.c.programme_id.in_(programme_ids), *_lapsing_soon(today))
        .group_by(requirement_asks.c.programme_id)).all())


def lapsing_for(volunteer_id: int, today: date, limit: int) -> list[RequirementMet]:
    """The volunteer's records that lapse within LAPSE_NOTICE of their today, soonest first, each with its
    requirement and the programmes asking for it that still run (for their own page, as the lapse notice names
    them: `asking` is loaded with those alone)."""
    running = ProgrammeRequirement.asking.and_(Programme.status != RecordStatus.ARCHIVED)
    return list(session.scalars(
        select(RequirementMet).join(RequirementMet.requirement)
        .where(RequirementMet.volunteer_id == volunteer_id, *_lapsing_soon(today))
        .options(contains_eager(RequirementMet.requirement).selectinload(running))
        .order_by(RequirementMet.valid_until, RequirementMet.id).limit(limit)))


def queue_lapse_notices_now(_sender=None) -> int:
    """The outbox worker's hook (notifications.signals.pass_starting)."""
    return queue_lapse_notices()


def _tell_lapsing(met: RequirementMet, asking: list[Programme]) -> None:
    """E-mail the volunteer, in their language, that the record lapses and what to do before it does, naming the
    programmes asking for it."""
    volunteer, requirement = met.volunteer, met.requirement
    with worded_for(volunteer):
        values = {"name": isolate(volunteer.name), "programme": listed(shown_name(item) for item in asking),
                  "requirement": isolate(shown_name(requirement)), "day": format_date(met.valid_until, "long"),
                  "link": absolute_url("directory.programme", key=asking[0].slug)}
        subject = _("%(requirement)s, for %(programme)s: it lapses on %(day)s", **values)
        body = (_("Hello %(name)s,\n\nThe coordinators of %(programme)s recorded that you have what the programme "
                  "asks of its volunteers, %(requirement)s, until %(day)s. From the next day its shifts need it "
                  "recorded again: show them the renewed proof before then.", **values) + "\n\n"
                + _("Its shifts: %(link)s", **values))
    queue_email(volunteer, "requirement.lapsing", subject, body)


# --- reading ----------------------------------------------------------------------------------


def held_by(volunteer_id: int, requirement_ids: list[int]) -> dict[int, RequirementMet]:
    """The records of these requirements the volunteer has, by requirement (lapsed ones too: the page says so)."""
    return {met.requirement_id: met for met in session.scalars(select(RequirementMet).where(
        RequirementMet.volunteer_id == volunteer_id, RequirementMet.requirement_id.in_(requirement_ids)))}


def lacking_on_the_day(shift: Shift, volunteer_ids: list[int]) -> dict[int, str]:
    """For the shift's roster: what each of these volunteers lacks of what the programme asks, on the shift's day (a
    place taken before it was asked, a record lapsing before the shift; a waitlist passes them over), as a list for a
    sentence; those who lack nothing are left out."""
    asked = of_programme(shift.programme_id)
    if not (asked and volunteer_ids):
        return {}
    held = {(volunteer_id, requirement_id) for volunteer_id, requirement_id in session.execute(
        select(RequirementMet.volunteer_id, RequirementMet.requirement_id).where(
            RequirementMet.requirement_id.in_([item.id for item in asked]),
            RequirementMet.volunteer_id.in_(set(volunteer_ids)), RequirementMet.holds_on(shift_day(shift))))}
    lacking = {volunteer_id: [shown_name(item) for item in asked if (volunteer_id, item.id) not in held]
               for volunteer_id in set(volunteer_ids)}
    return {volunteer_id: listed(names) for volunteer_id, names in lacking.items() if names}


RECORD_VIEWS: dict[str, Callable[[date], list]] = {  # the records page's views, on the reader's today
    "": lambda today: [true()],
    "lapsing": _lapsing_soon,
    "lapsed": lambda today: [RequirementMet.valid_until < today],
}


def met_in_programme(programme_id: int, today: date, view: str = "", text: str = "") -> Select:
    """Who the coordinators recorded as having what the programme asks, by requirement and name (paginate it): in
    one of RECORD_VIEWS on the reader's today, and with `text` in the volunteer's name or address when it is given."""
    statement = (select(RequirementMet).join(RequirementMet.requirement).join(RequirementMet.volunteer)
                 .options(contains_eager(RequirementMet.requirement), contains_eager(RequirementMet.volunteer))
                 .where(ProgrammeRequirement.asked_by(programme_id), *RECORD_VIEWS[view](today))
                 .order_by(ProgrammeRequirement.name, User.name, RequirementMet.id))
    return statement.where(named_or_addressed(text)) if text else statement


def met_counts(programme_id: int, today: date) -> dict[str, int]:
    """How many records each of RECORD_VIEWS holds, in one statement."""
    counted = [func.count(case((and_(*conditions(today)), 1))) for conditions in RECORD_VIEWS.values()]
    row = session.execute(select(*counted).where(
        RequirementMet.requirement_id.in_(ProgrammeRequirement.ids_asked_by(programme_id)))).one()
    return dict(zip(RECORD_VIEWS, row))


def personal_data(user: User) -> dict:
    """What the coordinators recorded the person as having, for their data export (accounts.signals)."""
    records = session.scalars(select(RequirementMet).where(RequirementMet.volunteer_id == user.id)
                              .join(RequirementMet.requirement)
                              .options(contains_eager(RequirementMet.requirement)
                                       .joinedload(ProgrammeRequirement.programme))
                              .order_by(RequirementMet.id).limit(10_000)).all()
    return {"requirements_met": [{"programme": met.requirement.programme.name, "requirement": met.requirement.name,
                                  "valid_until": met.valid_until.isoformat() if met.valid_until else None,
                                  "recorded_at": met.recorded_at.isoformat()} for met in records]}


def forget_records_of(user: User) -> None:
    """The account is closing: what the coordinators recorded of the person goes with it."""
    session.execute(delete(RequirementMet).where(RequirementMet.volunteer_id == user.id))
