"""The CSV of a council's published decisions for a year: its heading and a row per decision, written a line at a
time by planner.spreadsheets."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from planner.budgets.money import to_money
from planner.spreadsheets import csv_lines


def decisions_csv_lines(rows: Iterable) -> Iterator[str]:
    """The header, then one line per decision row (from queries.public_decisions)."""
    header = [_("Decision"), _("Decided on"), _("Request"), _("Request title"), _("Initiative"), _("Theme"),
              _("Outcome"), _("Requested"), _("Approved"), _("Currency"), _("Reason"), _("Corrects decision"),
              _("Corrected by decision")]
    return csv_lines(header, (_cells(row) for row in rows))


def _cells(row) -> list:
    return [row.id, row.decided_at.date().isoformat(), row.request_id, row.request_title, row.initiative_title,
            row.theme_name or "", row.outcome.value, to_money(row.requested, row.currency),
            to_money(row.approved_amount, row.currency), row.currency, row.reason, row.corrects_id or "",
            row.corrected_by_id or ""]
