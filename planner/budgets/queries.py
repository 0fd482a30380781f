"""Read-only queries for the budget pages: the public page's totals, chart and decisions, panels, queues.

Everything the public page shows is aggregated in SQL (one GROUP BY for the chart, the
envelope row for the totals) and the decisions table is one paginated query with its joins,
so the page costs the same handful of queries however many decisions a council has.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from planner.budgets.decisions import current_decision_filter
from planner.budgets.envelopes import envelope_for
from planner.budgets.models import (
    BudgetEnvelope,
    BudgetRequest,
    Decision,
    DecisionOutcome,
    RequestStatus,
    Vote,
    Recusal,
)
from planner.budgets.money import ZERO
from planner.db import session
from planner.initiatives.models import Initiative
from planner.permissions import coordinated_organisation_ids, is_admin, sits_on
from planner.vocab.models import Theme

PUBLIC_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED, DecisionOutcome.REJECTED)
GRANTING_OUTCOMES = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED)


@dataclass(frozen=True)
class ThemeTotal:
    """Money approved for one theme, and how many current decisions granted it."""

    key: str | None
    name: str | None
    amount: Decimal
    decisions: int


@dataclass(frozen=True)
class BudgetSummary:
    """The figures at the top of a public budget page."""

    envelope: BudgetEnvelope | None
    currency: str
    allocated: Decimal
    by_theme: list[ThemeTotal]

    @property
    def amount(self) -> Decimal | None:
        return self.envelope.amount if self.envelope else None

    @property
    def remaining(self) -> Decimal | None:
        return self.envelope.remaining if self.envelope else None


def _public_decisions(council_id: int, year: int):
    return (Decision.council_id == council_id, Decision.fiscal_year == year, Decision.outcome.in_(PUBLIC_OUTCOMES))


def budget_summary(council, year: int) -> BudgetSummary:
    """Envelope, allocated and remaining, and the money approved per theme (current decisions only)."""
    envelope = envelope_for(council.id, year)
    rows = session.execute(
        select(Decision.theme_key, Theme.name, func.sum(Decision.approved_amount), func.count())
        .outerjoin(Theme, Theme.key == Decision.theme_key)
        .where(*_public_decisions(council.id, year), Decision.outcome.in_(GRANTING_OUTCOMES),
               current_decision_filter())
        .group_by(Decision.theme_key, Theme.name)
        .order_by(func.sum(Decision.approved_amount).desc(), Theme.name)
    ).all()
    by_theme = [ThemeTotal(key, name, amount or ZERO, count) for key, name, amount, count in rows]
    allocated = envelope.allocated if envelope else sum((t.amount for t in by_theme), ZERO)
    return BudgetSummary(envelope, envelope.currency if envelope else council.currency, allocated, by_theme)


def has_public_budget(council_id: int, year: int) -> bool:
    """Whether a year has anything to show: an envelope or a published decision."""
    return envelope_for(council_id, year) is not None or session.scalar(
        select(Decision.id).where(*_public_decisions(council_id, year)).limit(1)) is not None


def public_decisions(council_id: int, year: int) -> Select:
    """Every published decision of a council's year, newest first, with what the table shows beside it."""
    correction = aliased(Decision)
    return (
        select(Decision.id, Decision.decided_at, Decision.outcome, Decision.approved_amount, Decision.currency,
               Decision.reason, Decision.corrects_id, correction.id.label("corrected_by_id"),
               BudgetRequest.id.label("request_id"), BudgetRequest.title.label("request_title"),
               BudgetRequest.total.label("requested"), Initiative.title.label("initiative_title"),
               Initiative.slug.label("initiative_slug"), Theme.name.label("theme_name"))
        .join(BudgetRequest, BudgetRequest.id == Decision.request_id)
        .join(Initiative, Initiative.id == BudgetRequest.initiative_id)
        .outerjoin(Theme, Theme.key == Decision.theme_key)
        .outerjoin(correction, correction.corrects_id == Decision.id)
        .where(*_public_decisions(council_id, year))
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    )


def public_decisions_in_batches(council_id: int, year: int, batch: int = 1000):
    """The published decisions in the order they were made, fetched a batch at a time (for the CSV)."""
    statement = public_decisions(council_id, year).order_by(None).order_by(Decision.id).limit(batch)
    last_id = 0
    while True:
        rows = session.execute(statement.where(Decision.id > last_id)).all()
        yield from rows
        if len(rows) < batch:
            return
        last_id = rows[-1].id


def budget_years(council_id: int) -> list[int]:
    """The years a council has an envelope or a published decision for, newest first."""
    envelope_years = select(BudgetEnvelope.fiscal_year.label("year")).where(BudgetEnvelope.council_id == council_id)
    decision_years = select(Decision.fiscal_year.label("year")).where(
        Decision.council_id == council_id, Decision.outcome.in_(PUBLIC_OUTCOMES))
    union = envelope_years.union(decision_years).subquery()
    return list(session.scalars(select(union.c.year).order_by(union.c.year.desc()).limit(50)))


def review_queue(council_id: int, status: RequestStatus) -> Select:
    """A council's requests in one status (never drafts), oldest submission first."""
    return (
        select(BudgetRequest)
        .options(selectinload(BudgetRequest.initiative), selectinload(BudgetRequest.organisation))
        .where(BudgetRequest.council_id == council_id, BudgetRequest.status == status)
        .order_by(BudgetRequest.submitted_at, BudgetRequest.id)
    )


def my_part_in(request_ids: list[int], user_id: int) -> tuple[set[int], set[int]]:
    """Among these requests, those the user voted on (current version) and those they are recused from."""
    if not request_ids:
        return set(), set()
    voted = set(session.scalars(select(Vote.request_id).join(BudgetRequest, BudgetRequest.id == Vote.request_id).where(
        Vote.request_id.in_(request_ids), Vote.member_id == user_id,
        Vote.version_number == BudgetRequest.version_number)))
    recused = set(session.scalars(select(Recusal.request_id).where(
        Recusal.request_id.in_(request_ids), Recusal.member_id == user_id)))
    return voted, recused


def requests_of_initiative(initiative, user, limit: int = 10) -> list[BudgetRequest]:
    """The initiative's latest requests this user may see: coordinators' own, the council's non-drafts, decided ones."""
    statement = select(BudgetRequest).where(BudgetRequest.initiative_id == initiative.id)
    if not (user.is_authenticated and is_admin(user)):
        visible = [BudgetRequest.status == RequestStatus.DECIDED]
        if user.is_authenticated:
            visible.append(BudgetRequest.organisation_id.in_(coordinated_organisation_ids(user)))
            if sits_on(user, initiative.council_id):
                visible.append(BudgetRequest.status != RequestStatus.DRAFT)
        statement = statement.where(or_(*visible))
    return list(session.scalars(statement.order_by(BudgetRequest.fiscal_year.desc(), BudgetRequest.id.desc())
                                .limit(limit)))
