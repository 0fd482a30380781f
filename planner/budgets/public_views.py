"""The public budget pages: a council's budget for a year (envelope, allocation, decisions) and its CSV.

Anyone may read them; nothing here writes. The council's own work on budgets (envelopes,
requests, review and decisions) is in views.py.
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.budgets import queries
from planner.budgets.chart import CHART, theme_bars
from planner.budgets.csv_export import decisions_csv_lines
from planner.budgets.envelopes import envelope_for, this_year, valid_year
from planner.councils.models import Council
from planner.permissions import Permission, can, require
from planner.pipeline import by_id_or_slug
from planner.provenance import source_title
from planner.spreadsheets import csv_download
from planner.vocab.choices import theme_names

bp = Blueprint("budget_pages", __name__)


@bp.get("/councils/<key>/budget")
def budget_home(key: str):
    """Send visitors to the year that matters now: this year if it has a budget, else the latest before it."""
    council = _council(key)
    years = queries.budget_years(council.id)
    current = this_year(council)
    if not years:
        return render_template("budgets/none_yet.html", council=council, year=current,
                               can_set=can(current_user, Permission.ENVELOPE_SET, council))
    year = current if current in years else next((y for y in years if y < current), years[-1])
    return redirect(url_for("budget_pages.budget_year", key=key, year=year))


@bp.get("/councils/<key>/budget/<int(min=1, max=9999):year>")
def budget_year(key: str, year: int):
    """A council's public budget for a year: envelope, allocated, remaining, the chart, every decision."""
    council = _council(key)
    summary = queries.budget_summary(council, year, _public_envelope_or_404(council, year))
    page = queries.public_decisions_page(council.id, year, summary.published, query_args={"key": key, "year": year})
    bars, height = theme_bars(summary.by_theme, _("No theme"))
    return render_template(
        "budgets/public.html", council=council, year=year, summary=summary, page=page, bars=bars,
        theme_names=theme_names(), source=source_title(summary.envelope.source_document if summary.envelope else None),
        chart_height=height, chart=CHART, years=queries.budget_years(council.id),
        can_set=can(current_user, Permission.ENVELOPE_SET, council),
        can_review=can(current_user, Permission.REQUEST_QUEUE_VIEW, council),
    )


@bp.get("/councils/<key>/budget/<int(min=1, max=9999):year>/decisions.csv")
def decisions_csv(key: str, year: int):
    """Every published decision of the year as CSV, streamed row by row."""
    council = _council(key)
    _public_envelope_or_404(council, year)
    rows = queries.public_decisions_in_batches(council.id, year)
    filename = f"{council.slug}-budget-{year}-decisions.csv"
    return csv_download(filename, decisions_csv_lines(rows, council.locality.timezone))


def _council(key: str) -> Council:
    council = by_id_or_slug(Council, key)
    require(Permission.RECORD_VIEW, council)
    return council


def _public_envelope_or_404(council: Council, year: int):
    """The year's envelope (or None); 404 for a year the planner cannot hold or with nothing published."""
    if not valid_year(year):
        abort(404)
    envelope = envelope_for(council.id, year)
    if envelope is None and not queries.has_public_decision(council.id, year):
        abort(404)
    return envelope
