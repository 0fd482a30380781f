"""The CSV of a council's published decisions for a year, written a line at a time."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from planner.budgets.money import to_money

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decisions_csv_lines(rows: Iterable) -> Iterator[str]:
    """The header, then one line per decision row (from queries.public_decisions)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line([_("Decision"), _("Decided on"), _("Request"), _("Request title"), _("Initiative"), _("Theme"),
                _("Outcome"), _("Requested"), _("Approved"), _("Currency"), _("Reason"), _("Corrects decision"),
                _("Corrected by decision")])
    for row in rows:
        yield line([row.id, row.decided_at.date().isoformat(), row.request_id, _defused(row.request_title),
                    _defused(row.initiative_title), _defused(row.theme_name or ""), row.outcome.value,
                    to_money(row.requested, row.currency), to_money(row.approved_amount, row.currency), row.currency, _defused(row.reason), row.corrects_id or "",
                    row.corrected_by_id or ""])


def _defused(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
