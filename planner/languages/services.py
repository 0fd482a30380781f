"""The rules of a record's languages: which parts a form covers, and saving what an editor gave.

The record's own columns keep the text in its original language (edited on the record's own form);
this form adds or corrects the other languages, or says the record was written in another one.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from planner.audit.services import audit_edit
from planner.budgets.models import BudgetRequest
from planner.clock import utcnow
from planner.db import session
from planner.records.errors import RecordError
from planner.translated import FIELD_LABELS, LANGUAGES, make_original, original_of, set_texts, text_in
from planner.types import RecordStatus
from planner.volunteering.models import Shift, ShiftSeries


@dataclass(frozen=True)
class Part:
    """One record whose fields the form shows: the record itself, or one of its line items."""

    prefix: str  # keeps the fields of several parts apart in the form ("" for the record itself)
    record: object
    heading: object = None  # shown above the part's fields (None for the record itself)


def parts_of(record) -> list[Part]:
    """The record, and for a budget request the line items of its latest version."""
    parts = [Part("", record)]
    if isinstance(record, BudgetRequest) and record.versions:
        latest = record.versions[-1]
        parts += [Part(f"item{item.id}_", item, _l("Line %(number)s", number=position))
                  for position, item in enumerate(latest.items, start=1)]
    return parts


def texts_of(parts: list[Part]) -> dict[str, dict[str, dict[str, str]]]:
    """Every part's fields in every language: {language: {prefix + field: text}}."""
    return {language: {part.prefix + field: text_in(part.record, field, language)
                       for part in parts for field in part.record.TRANSLATED} for language in LANGUAGES}


def save_languages(actor, record, original: str, texts: dict[str, dict[str, str]]):
    """Store the texts given per language, and the record's original language if it changed.

    `texts` is {language: {prefix + field: text}}; an empty text removes that language's version.
    The original's own text is not changed here, so a required field can never become empty.
    """
    if getattr(record, "status", None) is RecordStatus.ARCHIVED:
        raise RecordError(_l("This record is archived and can no longer be changed."))
    if original not in LANGUAGES:
        raise RecordError(_l("Choose a language from the list."), "original_language")
    parts = parts_of(record)
    before = {part.prefix: (original_of(part.record), part.record.translations) for part in parts}
    for part in parts:
        for language, given in texts.items():
            if language != original_of(part.record):
                set_texts(part.record, language, _fields_of(part, given))
    _change_original(parts, original)
    if isinstance(record, ShiftSeries):
        _follow_series(record)
    session.flush()
    after = {part.prefix: (original_of(part.record), part.record.translations) for part in parts}
    changed = {prefix for prefix in after if after[prefix] != before[prefix]}
    audit_edit(actor, "record.languages", record, {prefix or "record": before[prefix] for prefix in changed},
               {prefix or "record": after[prefix] for prefix in changed})
    return record


def _follow_series(series: ShiftSeries) -> None:
    """The shifts a series has still to run take its languages (those already run keep theirs)."""
    upcoming = session.scalars(select(Shift).where(Shift.series_id == series.id, Shift.starts_at > utcnow()))
    for shift in upcoming:
        if (shift.title, shift.place) == (series.title, series.place):  # not changed one by one since
            shift.original_language = series.original_language
            shift.translations = dict(series.translations or {})


def _fields_of(part: Part, given: dict[str, str]) -> dict[str, str]:
    return {field: given.get(part.prefix + field, "") for field in part.record.TRANSLATED}


def _change_original(parts: list[Part], original: str) -> None:
    """Make `original` the language the record was written in; it must then have its name or title."""
    record = parts[0].record
    if original == original_of(record):
        return
    title_field = record.TRANSLATED[0]
    if not text_in(record, title_field, original):
        raise RecordError(_l("Give the text in that language first: at least its %(field)s.",
                             field=FIELD_LABELS.get(title_field, title_field)), "original_language")
    for part in parts:
        make_original(part.record, original)

