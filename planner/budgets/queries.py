"""Read-only queries for the budget pages: the public page's totals, chart and decisions, panels, queues.

Everything the public page shows is aggregated in SQL (one GROUP BY for the chart, the
envelope row for the totals) and the decisions table is one paginated query with its joins,
so the page costs the same handful of queries however many decisions a council has.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

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
from planner.pagination import Page, requested_page
from planner.permissions import visible_requests
from planner.vocab.choices import theme_names
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
    published: int = 0  # decisions on the public page, corrections included

    @property
    def amount(self) -> Decimal | None:
        """The envelope, if one is set."""
        return self.envelope.amount if self.envelope else None

    @property
    def remaining(self) -> Decimal | None:
        """What is left to allocate, if an envelope is set."""
        return self.envelope.remaining if self.envelope else None


def _public_decisions(council_id: int, year: int):
    return (Decision.council_id == council_id, Decision.fiscal_year == year, Decision.outcome.in_(PUBLIC_OUTCOMES))


def budget_summary(council, year: int, envelope: BudgetEnvelope | None) -> BudgetSummary:
    """Envelope, allocated, remaining, the money approved per theme (current decisions) and the decision count.

    One GROUP BY over the year's published decisions gives both the chart and the count.
    """
    correction = aliased(Decision)
    is_current = correction.id.is_(None)
    rows = session.execute(
        select(Decision.theme_key, Theme.name, Decision.outcome, is_current, func.sum(Decision.approved_amount),
               func.count())
        .outerjoin(Theme, Theme.key == Decision.theme_key)
        .outerjoin(correction, correction.corrects_id == Decision.id)
        .where(*_public_decisions(council.id, year))
        .group_by(Decision.theme_key, Theme.name, Decision.outcome, is_current)
    ).all()
    themes: dict[str | None, ThemeTotal] = {}
    shown = theme_names()
    for key, name, outcome, current, amount, count in rows:
        name = shown.get(key, name)
        if current and outcome in GRANTING_OUTCOMES:
            before = themes.get(key, ThemeTotal(key, name, ZERO, 0))
            themes[key] = ThemeTotal(key, name, before.amount + (amount or ZERO), before.decisions + count)
    by_theme = sorted(themes.values(), key=lambda t: (-t.amount, t.name or ""))
    allocated = envelope.allocated if envelope else sum((t.amount for t in by_theme), ZERO)
    return BudgetSummary(envelope, envelope.currency if envelope else council.currency, allocated, by_theme,
                         published=sum(row[5] for row in rows))


def has_public_decision(council_id: int, year: int) -> bool:
    """Whether the council published any decision for the year."""
    return session.scalar(select(Decision.id).where(*_public_decisions(council_id, year)).limit(1)) is not None


def public_decisions(council_id: int, year: int) -> Select:
    """Every published decision of a council's year, newest first, with what the table shows beside it."""
    correction = aliased(Decision)
    return (
        select(Decision.id, Decision.decided_at, Decision.outcome, Decision.approved_amount, Decision.currency,
               Decision.reason, Decision.original_language, Decision.translations, Decision.corrects_id,
               correction.id.label("corrected_by_id"),
               BudgetRequest.id.label("request_id"), BudgetRequest.title.label("request_title"),
               BudgetRequest.original_language.label("request_language"),
               BudgetRequest.translations.label("request_translations"),
               Initiative.original_language.label("initiative_language"),
               Initiative.translations.label("initiative_translations"),
               BudgetRequest.total.label("requested"), Initiative.title.label("initiative_title"),
               Initiative.slug.label("initiative_slug"), Theme.name.label("theme_name"),
               Decision.theme_key)
        .join(BudgetRequest, BudgetRequest.id == Decision.request_id)
        .join(Initiative, Initiative.id == BudgetRequest.initiative_id)
        .outerjoin(Theme, Theme.key == Decision.theme_key)
        .outerjoin(correction, correction.corrects_id == Decision.id)
        .where(*_public_decisions(council_id, year))
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    )


def public_decisions_page(council_id: int, year: int, total: int, query_args: dict) -> Page:
    """One page of the `total` published decisions: windowed on the decisions table alone, then joined."""
    number, per_page = requested_page(), current_app.config["PAGE_SIZE"]
    page = Page([], number, per_page, total, query_args)
    if page.beyond_end or number > current_app.config["MAX_PAGE"]:
        return page
    window = (select(Decision.id).where(*_public_decisions(council_id, year))
              .order_by(Decision.decided_at.desc(), Decision.id.desc())
              .limit(per_page).offset((number - 1) * per_page).subquery())
    page.items = session.execute(public_decisions(council_id, year).join(window, window.c.id == Decision.id)).all()
    return page


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
    """The years a council has set an envelope for, newest first."""
    return list(session.scalars(select(BudgetEnvelope.fiscal_year).where(BudgetEnvelope.council_id == council_id)
                                .order_by(BudgetEnvelope.fiscal_year.desc()).limit(50)))


def review_queue(council_id: int, status: RequestStatus) -> Select:
    """A council's requests in one status (never drafts), oldest submission first."""
    return (
        select(BudgetRequest)
        .options(selectinload(BudgetRequest.initiative), selectinload(BudgetRequest.organisation))
        .where(BudgetRequest.council_id == council_id, BudgetRequest.status == status)
        .order_by(BudgetRequest.submitted_at, BudgetRequest.id)
    )


def requests_of(organisation_id: int, status: RequestStatus | None = None) -> Select:
    """An organisation's requests, drafts included, all or those in one status, the latest changed first."""
    statement = (
        select(BudgetRequest)
        .options(selectinload(BudgetRequest.initiative), selectinload(BudgetRequest.council))
        .where(BudgetRequest.organisation_id == organisation_id)
        .order_by(BudgetRequest.updated_at.desc(), BudgetRequest.id.desc())
    )
    return statement.where(BudgetRequest.status == status) if status else statement


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
    statement = select(BudgetRequest).where(BudgetRequest.initiative_id == initiative.id,
                                            visible_requests(user, BudgetRequest))
    return list(session.scalars(statement.order_by(BudgetRequest.fiscal_year.desc(), BudgetRequest.id.desc())
                                .limit(limit)))
