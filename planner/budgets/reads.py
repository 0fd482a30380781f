"""The bottom of the budget services: reading a request (locked, or its current version).

The services sit above it in one direction: requests → review → decisions; none imports a
service above it.
"""
from __future__ import annotations

from sqlalchemy import select

from planner.accounts.your_data import rows
from planner.budgets.models import BudgetRequest, Recusal, RequestVersion, ReviewComment, Vote
from planner.db import session


def lock_request(request_id: int) -> BudgetRequest:
    """The request, re-read and locked until the transaction ends (so two people cannot move it at once)."""
    statement = (select(BudgetRequest).where(BudgetRequest.id == request_id)
                 .with_for_update().execution_options(populate_existing=True))
    return session.scalars(statement).one()


def current_version(request: BudgetRequest) -> RequestVersion:
    """The request's latest version: the one being edited or reviewed."""
    return next(v for v in request.versions if v.number == request.version_number)


def personal_data(user) -> dict:
    """The votes, comments and recusals the person wrote, for their data export (see accounts.signals)."""
    def mine(model, author):
        return session.scalars(select(model).where(author == user.id).order_by(model.id))

    return {
        "budget_votes": rows(mine(Vote, Vote.member_id), "request_id", "version_number", "choice", "reason",
                             "created_at"),
        "budget_review_comments": rows(mine(ReviewComment, ReviewComment.author_id), "request_id", "version_number",
                                       "body", "created_at"),
        "budget_recusals": rows(mine(Recusal, Recusal.member_id), "request_id", "reason", "note", "created_at"),
    }
