"""The CSV of a council's published decisions for a year: its heading and a row per decision, written a line at a
time by planner.spreadsheets, in the reader's language as the page is (the outcome in words; titles, theme and
reason where they have it)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from planner.budgets.labels import outcome_label
from planner.budgets.money import to_money
from planner.clock import to_local
from planner.spreadsheets import csv_lines
from planner.translated import shown_text, written
from planner.vocab.choices import theme_names


def decisions_csv_lines(rows: Iterable, zone_name: str) -> Iterator[str]:
    """The header, then one line per decision row (from queries.public_decisions), each dated on the council's clock
    (the time zone of its place)."""
    header = [_("Decision"), _("Decided on"), _("Request"), _("Request title"), _("Initiative"), _("Theme"),
              _("Outcome"), _("Requested"), _("Approved"), _("Currency"), _("Reason"), _("Corrects decision"),
              _("Corrected by decision")]
    themes = theme_names()
    return csv_lines(header, (_cells(row, themes, zone_name) for row in rows))


def _cells(row, themes: dict[str, str], zone_name: str) -> list:
    request_title = shown_text(written("title", row.request_title, row.request_language, row.request_translations),
                               "title")
    initiative_title = shown_text(written("title", row.initiative_title, row.initiative_language,
                                          row.initiative_translations), "title")
    reason = shown_text(written("reason", row.reason, row.original_language, row.translations), "reason")
    theme = themes.get(row.theme_key, row.theme_name) if row.theme_key else ""
    decided_on = to_local(row.decided_at, zone_name).date().isoformat()
    return [row.id, decided_on, row.request_id, request_title, initiative_title, theme,
            outcome_label(row.outcome), to_money(row.requested, row.currency), to_money(row.approved_amount, row.currency),
            row.currency, reason, row.corrects_id or "", row.corrected_by_id or ""]
