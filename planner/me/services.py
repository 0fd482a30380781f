"""What waits for one person: read from the features that own it, each list bounded, no query per row."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from planner.accounts.models import TWO_FACTOR_ROLES, CouncilInvitation, RoleGrant, User
from planner.audit.models import AuditEvent
from planner.budgets import review
from planner.budgets.envelopes import this_year
from planner.budgets.models import BudgetEnvelope, BudgetRequest, RequestStatus
from planner.budgets.queries import budget_summary, my_part_in, review_queue as request_queue
from planner.centres.models import Centre
from planner.clock import to_local, today_for, utcnow, zone_of
from planner.councils.models import Council
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.initiatives.services import review_queue as initiative_queue
from planner.languages.services import texts_to_translate
from planner.notifications.models import Notification, NotificationStatus
from planner.organisations.models import Organisation
from planner.pagination import BoundedPage, count_up_to
from planner.partnerships import services as partnerships
from planner.permissions import (
    Permission,
    can,
    chairs as chairs_council,
    coordinated_centre_ids,
    coordinated_organisation_ids,
    grants_in_effect,
)
from planner.vocab.models import Skill
from planner.volunteering import contributions, following, logged_hours, requirements
from planner.volunteering import queries as volunteering
from planner.volunteering.models import (Programme, RequirementMet, Shift, ShiftStatus, Signup, SignupStatus,
                                         shown_checkin_code)

SHOWN = 5  # items per list; the page links to the full one
ASKED_SHOWN = 20  # partnerships asking whether a party agrees, answered on My planner's links (no fuller list)
MARKING_WINDOW = timedelta(days=30)  # a roster still unmarked this long after its shift is no longer asked about
DOOR_CODE_AHEAD = timedelta(hours=24)  # a place's check-in code shows from a day before its shift
WAITING_BOUND = 1001  # counts of what waits for someone stop here


@dataclass
class VolunteerWork:
    upcoming: list[Signup]
    positions: dict[int, int]
    hours_this_year: Decimal
    matching: list[Shift]
    door_codes: dict[int, str] = field(default_factory=dict)  # check-in codes of places on shifts starting soon
    followed: list[Programme] = field(default_factory=list)  # programmes whose new shifts they are e-mailed
    lapsing: list[RequirementMet] = field(default_factory=list)  # records that lapse within a month


@dataclass
class ProgrammeFigures:
    programme: Programme
    places: int
    taken: int
    no_shows: int
    attended: int
    logged_waiting: int = 0  # hours volunteers logged outside the shifts, waiting to be verified
    records_lapsing: int = 0  # records of what the programme asks that lapse within a month

    @property
    def fill_rate(self) -> int | None:
        return round(100 * self.taken / self.places) if self.places else None

    @property
    def no_show_rate(self) -> int | None:
        finished = self.no_shows + self.attended
        return round(100 * self.no_shows / finished) if finished else None


@dataclass
class OwnerWork:
    owner: Organisation | Centre
    initiatives: dict[InitiativeStatus, int] = field(default_factory=dict)
    programmes: list[ProgrammeFigures] = field(default_factory=list)
    today: list[Shift] = field(default_factory=list)
    to_mark: list[tuple[Shift, int]] = field(default_factory=list)  # ended shifts, and how many are still unmarked
    requests: dict[RequestStatus, int] = field(default_factory=dict)


@dataclass
class CouncilWork:
    council: Council
    chairs: bool
    awaiting_vote: list[BudgetRequest]
    awaiting_decision: list[BudgetRequest]
    envelope_use: object | None  # budgets.queries.BudgetSummary of this year, when an envelope is set


@dataclass
class AdminWork:
    failed_notifications: int
    latest_events: list[AuditEvent]
    open_invitations: int = 0
    latest_invitations: list[CouncilInvitation] = field(default_factory=list)
    dormant_holders: int = 0  # people whose role waits for their two-step verification
    latest_dormant: list[User] = field(default_factory=list)


def volunteer_work(user, now: datetime | None = None) -> VolunteerWork:
    """The next shifts, waiting-list places, verified hours this year, open shifts that want the user's skills, the
    programmes they follow and the records of what programmes ask that lapse soon."""
    now = now or utcnow()
    upcoming = volunteering.upcoming_for(user.id, now, limit=SHOWN)
    door_codes = {signup.id: shown_checkin_code(signup.checkin_code) for signup in upcoming
                  if signup.status is SignupStatus.CONFIRMED and signup.shift.starts_at - now <= DOOR_CODE_AHEAD}
    this_year = to_local(now, zone_of(user)).year  # on the user's own calendar
    return VolunteerWork(upcoming, volunteering.waitlist_positions(upcoming),
                         contributions.verified_hours_in(user.id, this_year), _matching_shifts(user, now), door_codes,
                         following.programmes_followed(user.id, SHOWN), requirements.lapsing_for(user.id, today_for(user, now), SHOWN))


def _matching_shifts(user, now: datetime) -> list[Shift]:
    """Open shifts ahead, in the user's locality when they gave one, of programmes wanting one of their skills."""
    skill_keys = [skill.key for skill in user.skills]
    if not skill_keys:
        return []
    statement = (select(Shift).join(Programme).where(
        Shift.starts_at > now, Shift.status == ShiftStatus.SCHEDULED, Shift.confirmed_count < Shift.capacity,
        Programme.skills.any(Skill.key.in_(skill_keys)),
        volunteering.programme_is_public())
        .order_by(Shift.starts_at).limit(SHOWN))
    if user.locality_id:
        statement = statement.where(Shift.locality_id == user.locality_id)
    return list(session.scalars(statement))


def coordinator_work(user, now: datetime | None = None) -> list[OwnerWork]:
    """For each organisation and centre the user runs: initiatives by state, programmes' figures, today's shifts,
    budget requests by state."""
    now = now or utcnow()
    organisations = _active(Organisation, coordinated_organisation_ids(user))
    centres = _active(Centre, coordinated_centre_ids(user))
    work = {("organisation", o.id): OwnerWork(o) for o in organisations}
    work |= {("centre", c.id): OwnerWork(c) for c in centres}
    if not work:
        return []
    _count_initiatives(work, [o.id for o in organisations])
    _count_requests(work, [o.id for o in organisations])
    _programme_figures(work, [o.id for o in organisations], [c.id for c in centres], now, today_for(user, now))
    return list(work.values())


def _active(model, ids: set[int]) -> list:
    if not ids:
        return []
    return list(session.scalars(select(model).where(model.id.in_(ids)).order_by(model.name).limit(50)))


def _count_initiatives(work: dict, organisation_ids: list[int]) -> None:
    for organisation_id, status, count in _by_status(Initiative.lead_organisation_id, Initiative.status,
                                                     organisation_ids):
        work[("organisation", organisation_id)].initiatives[status] = count


def _count_requests(work: dict, organisation_ids: list[int]) -> None:
    for organisation_id, status, count in _by_status(BudgetRequest.organisation_id, BudgetRequest.status,
                                                     organisation_ids):
        work[("organisation", organisation_id)].requests[status] = count


def _by_status(owner_column, status_column, owner_ids: list[int]):
    """(owner, status, how many) in one grouped query."""
    return session.execute(select(owner_column, status_column, func.count()).where(owner_column.in_(owner_ids))
                           .group_by(owner_column, status_column))


def _programme_figures(work: dict, organisation_ids: list[int], centre_ids: list[int], now: datetime,
                       their_day: date) -> None:
    owned = (Programme.organisation_id.in_(organisation_ids or [0])) | (Programme.centre_id.in_(centre_ids or [0]))
    programmes = list(session.scalars(select(Programme).where(owned).order_by(Programme.name).limit(50)))
    if not programmes:
        return
    ids = [programme.id for programme in programmes]
    ahead = dict((pid, (places, taken)) for pid, places, taken in session.execute(
        select(Shift.programme_id, func.sum(Shift.capacity), func.sum(Shift.confirmed_count))
        .where(Shift.programme_id.in_(ids), Shift.starts_at > now, Shift.status == ShiftStatus.SCHEDULED)
        .group_by(Shift.programme_id)))
    past = dict((pid, (no_shows, attended)) for pid, no_shows, attended in session.execute(
        select(Shift.programme_id, func.sum(case((Signup.status == SignupStatus.NO_SHOW, 1), else_=0)),
               func.sum(case((Signup.status == SignupStatus.ATTENDED, 1), else_=0)))
        .join(Signup, Signup.shift_id == Shift.id).where(Shift.programme_id.in_(ids), Shift.starts_at <= now)
        .group_by(Shift.programme_id)))
    today = _todays_shifts(ids, now)
    to_mark = _rosters_to_mark(ids, now)
    logged = logged_hours.waiting_by_programme(ids)
    lapsing = requirements.lapsing_by_programme(ids, their_day)  # on the coordinator's own calendar
    for programme in programmes:
        key = ("organisation", programme.organisation_id) if programme.organisation_id in organisation_ids \
            else ("centre", programme.centre_id)
        places, taken = ahead.get(programme.id, (0, 0))
        no_shows, attended = past.get(programme.id, (0, 0))
        work[key].programmes.append(ProgrammeFigures(programme, int(places or 0), int(taken or 0),
                                                     int(no_shows or 0), int(attended or 0),
                                                     logged.get(programme.id, 0), lapsing.get(programme.id, 0)))
        work[key].today.extend(today.get(programme.id, []))
        work[key].to_mark.extend(to_mark.get(programme.id, []))


def _todays_shifts(programme_ids: list[int], now: datetime) -> dict[int, list[Shift]]:
    """The shifts of these programmes running from six hours ago to eighteen hours ahead, by programme."""
    found: dict[int, list[Shift]] = {}
    for shift in session.scalars(select(Shift).where(
            Shift.programme_id.in_(programme_ids), Shift.starts_at < now + timedelta(hours=18),
            Shift.ends_at > now - timedelta(hours=6), Shift.status == ShiftStatus.SCHEDULED)
            .order_by(Shift.starts_at).limit(20)):
        found.setdefault(shift.programme_id, []).append(shift)
    return found


def _rosters_to_mark(programme_ids: list[int], now: datetime) -> dict[int, list[tuple[Shift, int]]]:
    """The shifts of these programmes that ended within MARKING_WINDOW with places nobody has marked as attended or
    no-show (the hours their volunteers wait to have verified), latest first, each with how many, by programme."""
    found: dict[int, list[tuple[Shift, int]]] = {}
    for shift, unmarked in session.execute(
            select(Shift, func.count()).join(Signup, Signup.shift_id == Shift.id)
            .where(Shift.programme_id.in_(programme_ids), Shift.status == ShiftStatus.SCHEDULED,
                   Shift.ends_at <= now, Shift.ends_at > now - MARKING_WINDOW,
                   Signup.status == SignupStatus.CONFIRMED)
            .group_by(Shift.id).order_by(Shift.ends_at.desc(), Shift.id).limit(20)
            .options(selectinload(Shift.locality))):
        found.setdefault(shift.programme_id, []).append((shift, unmarked))
    return found


def council_work(user, now: datetime | None = None) -> tuple[int, list[CouncilWork]]:
    """Initiatives waiting for review, and per council: requests awaiting the user's vote or the chair's decision,
    and this year's envelope."""
    now = now or utcnow()
    council_ids = {grant.council_id for grant in grants_in_effect(user) if grant.council_id}
    if not council_ids:
        return 0, []
    to_review = session.scalar(select(func.count()).select_from(initiative_queue(user).limit(1000).subquery()))
    councils = session.scalars(select(Council).where(Council.id.in_(council_ids)).order_by(Council.name)).all()
    return to_review or 0, [_one_council(user, council, now) for council in councils]


def _one_council(user, council: Council, now: datetime) -> CouncilWork:
    submitted = list(session.scalars(request_queue(council.id, RequestStatus.SUBMITTED).limit(50)))
    voted, recused = my_part_in([r.id for r in submitted], user.id)
    awaiting_vote = [r for r in submitted if r.id not in voted and r.id not in recused][:SHOWN]
    chairs = chairs_council(user, council.id)
    awaiting_decision = [r for r in submitted[:20] if review.quorum_status(r).reached][:SHOWN] if chairs else []
    year = this_year(council, now)
    envelope = session.scalar(select(BudgetEnvelope).where(BudgetEnvelope.council_id == council.id,
                                                           BudgetEnvelope.fiscal_year == year))
    use = budget_summary(council, year, envelope) if envelope is not None else None
    return CouncilWork(council, chairs, awaiting_vote, awaiting_decision, use)


def admin_work(user, now: datetime | None = None) -> AdminWork | None:
    """What waits for administrators: failed messages, council roles offered and not yet accepted, roles held
    by people who have not set up two-step verification yet (the role does nothing until they do), and the
    latest audit events."""
    if not can(user, Permission.AUDIT_VIEW):
        return None
    now = now or utcnow()
    failed = select(Notification.id).where(Notification.status == NotificationStatus.FAILED)
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(SHOWN)))
    offered = (CouncilInvitation.accepted_at.is_(None), CouncilInvitation.cancelled_at.is_(None),
               CouncilInvitation.expires_at > now)
    dormant = (User.deleted_at.is_(None), or_(User.totp_confirmed_at.is_(None), User.totp_secret.is_(None)),
               exists().where(RoleGrant.user_id == User.id, RoleGrant.revoked_at.is_(None),
                              RoleGrant.role.in_(TWO_FACTOR_ROLES)))
    return AdminWork(
        failed_notifications=_count_up_to(failed), latest_events=events,
        open_invitations=_count_up_to(select(CouncilInvitation.id).where(*offered)),
        latest_invitations=list(session.scalars(
            select(CouncilInvitation).where(*offered).options(joinedload(CouncilInvitation.council))
            .order_by(CouncilInvitation.created_at.desc(), CouncilInvitation.id.desc()).limit(SHOWN))),
        dormant_holders=_count_up_to(select(User.id).where(*dormant)),
        latest_dormant=list(session.scalars(select(User).where(*dormant).order_by(User.id.desc()).limit(SHOWN))),
    )


def translator_work(user, now: datetime | None = None) -> BoundedPage:
    """The first records whose texts the user may give again in the languages set aside when their original
    changed (permissions.translatable decides which: for most volunteers, none)."""
    return texts_to_translate(user, now or utcnow(), per_page=SHOWN)


def partnerships_asking(user) -> tuple[list, bool]:
    """The parties the user speaks for that partnerships name and ask to agree (ASKED_SHOWN of them), and whether
    more wait."""
    asked = partnerships.asked_of(user, ASKED_SHOWN + 1)
    return asked[:ASKED_SHOWN], len(asked) > ASKED_SHOWN


def _count_up_to(query) -> int:
    """What waits for one person is far fewer than WAITING_BOUND; the bound keeps a runaway table cheap."""
    return count_up_to(query, WAITING_BOUND)
