"""Council members' side of a request: recusal for conflicts of interest, comments, votes and the quorum.

A member is recused automatically when they hold a coordinator grant on the requesting
organisation or coordinate the initiative itself; a recused member cannot vote or comment.
The quorum is counted among the members who are not recused.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from planner.accounts.models import COUNCIL_ROLES, Role, RoleGrant, User
from planner.audit.services import record_event
from planner.budgets.errors import BudgetError
from planner.budgets.models import (
    BudgetRequest,
    Recusal,
    RecusalReason,
    RequestStatus,
    ReviewComment,
    Vote,
    VoteChoice,
)
from planner.budgets.money import format_money
from planner.budgets.reads import lock_request
from planner.db import session
from planner.i18n import isolate, worded_for
from planner.notifications.services import queue_email
from planner.permissions import Permission, can
from planner.translated import shown_name

MAX_TEXT = 5000


@dataclass(frozen=True)
class QuorumStatus:
    """How many non-recused members have voted on the current version, against how many must."""

    eligible: int
    needed: int
    voted: int

    @property
    def reached(self) -> bool:
        """Whether the chair may decide."""
        return self.eligible > 0 and self.voted >= self.needed

    @property
    def still_needed(self) -> int:
        """Votes still missing before the chair may decide."""
        return max(self.needed - self.voted, 0)

    @property
    def unreachable(self) -> bool:
        """Whether fewer members can vote than the quorum asks for."""
        return self.needed > self.eligible


def member_ids(council_id: int) -> set[int]:
    """Everyone holding a live member, chair or treasurer grant on the council."""
    return set(session.scalars(select(RoleGrant.user_id).where(
        RoleGrant.council_id == council_id, RoleGrant.role.in_(COUNCIL_ROLES), RoleGrant.revoked_at.is_(None),
    )))


def conflicts(request: BudgetRequest, user_ids: set[int]) -> dict[int, RecusalReason]:
    """Which of these users have a conflict of interest with the request, and why."""
    if not user_ids:
        return {}
    found = {user_id: RecusalReason.COORDINATES_ORGANISATION for user_id in session.scalars(select(RoleGrant.user_id).where(
        RoleGrant.user_id.in_(user_ids), RoleGrant.role == Role.COORDINATOR,
        RoleGrant.organisation_id == request.organisation_id, RoleGrant.revoked_at.is_(None),
    ))}
    coordinator_id = request.initiative.coordinator_id
    if coordinator_id in user_ids and coordinator_id not in found:
        found[coordinator_id] = RecusalReason.COORDINATES_INITIATIVE
    return found


def recusals(request: BudgetRequest) -> list[Recusal]:
    """The members who stood aside from this request, with their reasons."""
    return list(session.scalars(select(Recusal).where(Recusal.request_id == request.id).order_by(Recusal.id)))


def recusal_of(request: BudgetRequest, user) -> Recusal | None:
    """The user's recusal from the request: the stored one, or the one their grants give them.

    Only reads: a conflict that arose after the request was submitted (a new grant) counts at once,
    without writing anything; it is stored at the next submission (record_conflicts).
    """
    stored = session.scalars(select(Recusal).where(Recusal.request_id == request.id, Recusal.member_id == user.id)).first()
    if stored is not None:
        return stored
    reason = conflicts(request, {user.id}).get(user.id)
    return Recusal(request_id=request.id, member_id=user.id, reason=reason, note="") if reason else None


def record_conflicts(request: BudgetRequest) -> None:
    """Recuse every member of the council who has a conflict with the request (done at each submission)."""
    already = {r.member_id for r in recusals(request)}
    for user_id, reason in conflicts(request, member_ids(request.council_id) - already).items():
        _record_recusal(request, user_id, reason)


def record_conflicts_of(user: User) -> None:
    """Store the recusals a new role gives this user on the requests under review in their councils
    (connected to accounts.signals.role_granted)."""
    seats = select(RoleGrant.council_id).where(RoleGrant.user_id == user.id, RoleGrant.role.in_(COUNCIL_ROLES),
                                               RoleGrant.revoked_at.is_(None))
    recused = select(Recusal.request_id).where(Recusal.member_id == user.id)
    under_review = session.scalars(select(BudgetRequest).where(
        BudgetRequest.status == RequestStatus.SUBMITTED, BudgetRequest.council_id.in_(seats),
        BudgetRequest.id.not_in(recused)))
    for request in under_review:
        reason = conflicts(request, {user.id}).get(user.id)
        if reason:
            _record_recusal(request, user.id, reason)


def tell_members(request: BudgetRequest) -> None:
    """Queue an email to each council member who may vote on the request, in their own language."""
    voters = member_ids(request.council_id) - {r.member_id for r in recusals(request)}
    for member in session.scalars(select(User).where(User.id.in_(voters), User.is_active.is_(True))):
        with worded_for(member):
            subject = _("A budget request awaits your review: “%(title)s”", title=isolate(shown_name(request)))
            body = _("%(organisation)s asks %(council)s for %(amount)s for %(year)s. Open your council's review "
                     "queue to comment and vote.", organisation=isolate(shown_name(request.organisation)),
                     council=isolate(shown_name(request.council)), amount=format_money(request.total, request.currency),
                     year=request.fiscal_year)
        queue_email(member, "budget.submitted", subject, body)


def declare_recusal(request: BudgetRequest, user, note: str) -> Recusal:
    """A member stands aside of their own accord, saying why."""
    request = lock_request(request.id)
    if request.status is not RequestStatus.SUBMITTED:
        raise BudgetError(_("You can only recuse yourself while the request awaits a decision."))
    check_budget_action(request, user, BudgetAction.RECUSE)
    if _vote_of(request, user) is not None:
        raise BudgetError(_("You have already voted on this version, so you can no longer recuse yourself."))
    note = _text(note, "note", _("Say why you are recusing yourself."))
    return _record_recusal(request, user.id, RecusalReason.DECLARED, note, actor=user)


def cast_vote(request: BudgetRequest, user, choice: VoteChoice, reason: str) -> Vote:
    """Record (or change) a member's vote on the current version, unless they are recused."""
    request = lock_request(request.id)
    check_budget_action(request, user, BudgetAction.VOTE)
    reason = _text(reason, "reason", _("Give a reason for your vote."))
    vote = _vote_of(request, user)
    if vote is not None:
        before = {"choice": vote.choice, "reason": vote.reason}
        vote.choice, vote.reason = VoteChoice(choice), reason
        session.flush()
        record_event(user, "budget.vote.change", request, before=before, after={"choice": vote.choice}, comment=reason)
        return vote
    vote = Vote(request_id=request.id, version_number=request.version_number, member_id=user.id,
                choice=VoteChoice(choice), reason=reason)
    try:
        with session.begin_nested():
            session.add(vote)
            session.flush()
    except IntegrityError as error:
        raise BudgetError(_("Your vote was already recorded; reload the page to see it.")) from error
    record_event(user, "budget.vote", request, after={"choice": vote.choice, "version": vote.version_number},
                 comment=reason)
    return vote


def add_comment(request: BudgetRequest, user, body: str) -> ReviewComment:
    """A member's comment on the request under review."""
    check_budget_action(request, user, BudgetAction.COMMENT)
    comment = ReviewComment(request_id=request.id, version_number=request.version_number, author_id=user.id,
                            body=_text(body, "body", _("Write a comment.")))
    session.add(comment)
    session.flush()
    record_event(user, "budget.comment", request, after={"version": comment.version_number})
    return comment


def quorum_status(request: BudgetRequest) -> QuorumStatus:
    """Votes cast on the current version by non-recused members, against the council's quorum."""
    members = member_ids(request.council_id)
    recused = {r.member_id for r in recusals(request)} | set(conflicts(request, members))
    eligible = members - recused
    needed = request.council.quorum or len(eligible) // 2 + 1
    voted = session.scalar(select(func.count()).select_from(Vote).where(
        Vote.request_id == request.id, Vote.version_number == request.version_number, Vote.member_id.in_(eligible),
    )) if eligible else 0
    return QuorumStatus(eligible=len(eligible), needed=needed, voted=voted or 0)


def votes_on(request: BudgetRequest, version_number: int) -> list[Vote]:
    """The votes cast on one version, with their members."""
    return list(session.scalars(select(Vote).options(selectinload(Vote.member)).where(
        Vote.request_id == request.id, Vote.version_number == version_number).order_by(Vote.id)))


def comments_on(request: BudgetRequest) -> list[ReviewComment]:
    """The review comments on a request, oldest first, with their authors."""
    return list(session.scalars(select(ReviewComment).options(selectinload(ReviewComment.author))
                                .where(ReviewComment.request_id == request.id).order_by(ReviewComment.id)))


def explain_recusal(recusal: Recusal) -> str:
    """Why this member may not vote, in a sentence addressed to them."""
    request = session.get(BudgetRequest, recusal.request_id)
    if recusal.reason is RecusalReason.COORDINATES_ORGANISATION:
        return _("You are recused from this request: you coordinate %(organisation)s, the organisation asking for "
                 "the money, so you cannot vote on it.", organisation=isolate(shown_name(request.organisation)))
    if recusal.reason is RecusalReason.COORDINATES_INITIATIVE:
        return _("You are recused from this request: you coordinate the initiative “%(initiative)s” it is for, so "
                 "you cannot vote on it.", initiative=isolate(shown_name(request.initiative)))
    return _("You recused yourself from this request: %(note)s", note=isolate(recusal.note))


class BudgetAction(enum.Enum):
    """What a council member does to a request; each goes through check_budget_action first."""

    VOTE = "vote"
    COMMENT = "comment"
    RECUSE = "recuse"
    DECIDE = "decide"
    CORRECT = "correct"


# action → (the permission it needs, the state the request must be in, whether the quorum must have voted)
ACTION_RULES = {
    BudgetAction.VOTE: (Permission.REQUEST_REVIEW, RequestStatus.SUBMITTED, False),
    BudgetAction.COMMENT: (Permission.REQUEST_REVIEW, RequestStatus.SUBMITTED, False),
    BudgetAction.RECUSE: (Permission.REQUEST_REVIEW, RequestStatus.SUBMITTED, False),
    BudgetAction.DECIDE: (Permission.REQUEST_DECIDE, RequestStatus.SUBMITTED, True),
    BudgetAction.CORRECT: (Permission.REQUEST_DECIDE, RequestStatus.DECIDED, True),
}


def check_budget_action(request: BudgetRequest, user, action: BudgetAction) -> None:
    """The one check before a vote, a recusal, a decision or a correction: role, state, recusal, quorum.

    Raises BudgetError with the reason; every path that writes any of these calls it first.
    """
    permission, state, needs_quorum = ACTION_RULES[action]
    if not can(user, permission, request):
        raise BudgetError(_("Your role does not let you do this on this council's requests."))
    if request.status is not state:
        raise BudgetError(_("This request is not awaiting a decision, so the review is closed.")
                          if state is RequestStatus.SUBMITTED else _("Only a decided request can be corrected."))
    recusal = recusal_of(request, user)
    if recusal is not None:
        raise BudgetError(explain_recusal(recusal))
    quorum = quorum_status(request) if needs_quorum else None
    if quorum is not None and not quorum.reached:
        raise BudgetError(_("The quorum has not voted yet: %(voted)s of %(needed)s votes from members who are not "
                            "recused.", voted=quorum.voted, needed=quorum.needed))


def _vote_of(request: BudgetRequest, user) -> Vote | None:
    return session.scalars(select(Vote).where(
        Vote.request_id == request.id, Vote.version_number == request.version_number, Vote.member_id == user.id,
    )).first()


def _record_recusal(request: BudgetRequest, member_id: int, reason: RecusalReason, note: str = "",
                    actor=None) -> Recusal:
    """Store a recusal (the planner itself is the actor of an automatic one)."""
    recusal = Recusal(request_id=request.id, member_id=member_id, reason=reason, note=note)
    try:
        with session.begin_nested():
            session.add(recusal)
            session.flush()
    except IntegrityError:
        return session.scalars(select(Recusal).where(Recusal.request_id == request.id,
                                                     Recusal.member_id == member_id)).one()
    record_event(actor, "budget.recusal", recusal,
                 after={"request_id": request.id, "member_id": member_id, "reason": reason}, comment=note)
    return recusal


def _text(value: str | None, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BudgetError(missing, field)
    if len(value) > MAX_TEXT:
        raise BudgetError(_("Keep it under %(count)s characters.", count=MAX_TEXT), field)
    return value
