"""Record text in several languages: the original in the record's own columns, the others beside it.

A translatable record says which of its fields people write (`TRANSLATED`), which language its own
columns are written in (`original_language`), and holds its other languages in one JSON column,
`translations` = {"ar": {"title": "…", "summary": "…"}, "fr": {…}}.

Why one JSON column and not a table of translations or a column per language and field: a page
always shows whole records, so the texts of every language come with the row that is read anyway
(no join, no query per row, nothing to keep in step), on SQLite and PostgreSQL alike. Public pages never
filter or sort on a translation: search reads the folded words of every language from the search index
(planner.directory.indexing), and lists sort by the original; only the translators' list of texts never given
in a language reads the JSON in SQL, one kind of record and one bounded page at a time. Adding a language adds
no column.

A reader sees their own language where the record has it, then the original, then English.

When a record's own text of a field changes (its form) and its other languages do not change with it,
those were written for the earlier text: they are set aside under `translations["@outdated"]`, so
that readers get the original until a translator gives the field again, and the languages page shows
the earlier translation beside its box to start from. Each record's languages set aside are also kept,
one row each, in `outdated_texts` (in step with the JSON at every flush), so that the translators' queue
reads an index rather than every record's JSON.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, ClassVar

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import JSON, Index, Integer, String, delete, event, insert, inspect, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from planner.clock import utcnow
from planner.config import LOCALES
from planner.db import Base
from planner.names import reader_language
from planner.types import UTCDateTime

LANGUAGES = LOCALES
OUTDATED = "@outdated"  # translations written for an earlier original: {language: {field: text}}

# The written fields by the label forms and CSV headings give them.
FIELD_LABELS = {
    "name": _l("Name"), "title": _l("Title"), "summary": _l("Summary"), "mandate": _l("Mandate"),
    "description": _l("Description"), "opening_hours": _l("Opening hours"), "place": _l("Place"),
    "reason": _l("Reason"), "instructions": _l("What volunteers should know"),
}


class TranslatedMixin:
    """Columns and rules of a record whose written fields may be given in several languages."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()

    original_language: Mapped[str] = mapped_column(String(8), server_default=text("'en'"))
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, server_default=text("'{}'"))


class OutdatedText(Base):
    """One language of one record whose translations were set aside as outdated, and since when: what the
    translators' queue lists. Kept in step with the record's `translations["@outdated"]` by every flush."""

    __tablename__ = "outdated_texts"
    __table_args__ = (Index("ix_outdated_texts_since", "since"),)

    record_table: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime())


@event.listens_for(TranslatedMixin, "init", propagate=True)
def _written_in_the_writers_language(target, _args, kwargs) -> None:
    """A new record is taken to be written in the language of the page it was written on."""
    kwargs.setdefault("original_language", reader_language())
    kwargs.setdefault("translations", {})


@dataclass(frozen=True)
class Shown:
    """One field's text as a reader sees it, and the language it is in."""

    text: str
    language: str
    is_original: bool

    def __str__(self) -> str:
        return self.text


def original_of(record) -> str:
    return getattr(record, "original_language", None) or "en"


def text_in(record, field: str, language: str) -> str:
    """The field's text in exactly this language ("" when the record has none in it)."""
    if language == original_of(record):
        return getattr(record, field) or ""
    return ((getattr(record, "translations", None) or {}).get(language) or {}).get(field) or ""


def shown(record, field: str, language: str | None = None) -> Shown:
    """The field in the reader's language when the record has it, else the original, else English."""
    reader = language or reader_language()
    original = original_of(record)
    for candidate in dict.fromkeys((reader, original, "en", *LANGUAGES)):
        value = text_in(record, field, candidate)
        if value:
            return Shown(value, candidate, candidate == original)
    return Shown("", original, True)


def languages_of(record) -> list[str]:
    """The languages the record has any text in, its original first."""
    original = original_of(record)
    given = [language for language, fields in (record.translations or {}).items() if any((fields or {}).values())]
    return list(dict.fromkeys([original, *(language for language in LANGUAGES if language in given)]))


def all_texts(record, field: str) -> list[str]:
    """The field in every language the record has it in (for the search index)."""
    return [value for language in languages_of(record) if (value := text_in(record, field, language))]


def texts_by_language(record) -> dict[str, dict[str, str]]:
    """Every written field in every language the record has, the original included (for the API)."""
    return {language: {field: text_in(record, field, language) for field in record.TRANSLATED}
            for language in languages_of(record)}


def set_texts(record, language: str, values: dict[str, Any]) -> None:
    """Give (or correct, or clear with "") the record's fields in one language other than its original; a field
    given again replaces the translation set aside as outdated."""
    if language == original_of(record):
        for field, value in values.items():
            setattr(record, field, value)
        return
    translations = {key: dict(fields) for key, fields in (record.translations or {}).items()}
    fields = {field: value.strip() for field, value in {**translations.get(language, {}), **values}.items()
              if field in record.TRANSLATED and (value or "").strip()}
    translations[language] = fields
    aside = _outdated(translations)
    aside[language] = {field: text for field, text in aside.get(language, {}).items() if field not in fields}
    _store(record, translations, aside)


def outdated_text(record, field: str, language: str) -> str:
    """The field's translation into this language written for an earlier original, set aside ("" if none)."""
    return _outdated(record.translations or {}).get(language, {}).get(field, "")


def outdated_note(record) -> str:
    """For those who may translate the record: which of its languages have texts set aside as outdated."""
    behind = [language for language in LANGUAGES if _outdated(record.translations or {}).get(language)]
    if not behind:
        return ""
    return _("Its text changed after it was translated into %(languages)s: those versions are not shown until "
             "they are given again.", languages=languages_listed(behind))


def languages_listed(languages: list[str]) -> str:
    """The languages' names as a list in the reader's language ("French and Arabic")."""
    return format_list([language_name(language) for language in languages], locale=reader_language())


def labels_listed(labels) -> str:
    """Labels (of fields, of lines) as a list in the reader's language ("Summary and Description")."""
    return format_list([str(label) for label in labels], locale=reader_language())


def _outdated(translations: dict) -> dict[str, dict[str, str]]:
    return {language: dict(texts) for language, texts in (translations.get(OUTDATED) or {}).items()}


def _store(record, translations: dict, aside: dict[str, dict[str, str]]) -> None:
    """Keep the languages that have text, and the outdated translations of those that have some."""
    kept = {key: value for key, value in translations.items() if value and key != OUTDATED}
    aside = {language: texts for language, texts in aside.items() if texts}
    record.translations = {**kept, OUTDATED: aside} if aside else kept


def _set_aside_outdated(record) -> None:
    """A field whose original text changed while its other languages did not change with it: its translations
    were written for the earlier text, so they are set aside as outdated (see the module's docstring)."""
    state = inspect(record)
    if state.attrs.translations.history.has_changes():
        return  # the writer gave the languages with the change (a seed, a change of original language)
    changed = [field for field in record.TRANSLATED if _text_changed(state.attrs[field].history)]
    if not changed:
        return
    translations = {key: dict(fields) for key, fields in (record.translations or {}).items()}
    aside = _outdated(translations)
    for language, texts in translations.items():
        for field in changed if language != OUTDATED else ():
            if field in texts:
                aside.setdefault(language, {})[field] = texts.pop(field)
    if aside != _outdated(record.translations or {}):
        _store(record, translations, aside)


def _text_changed(history) -> bool:
    """Whether an attribute's loaded text was replaced by another: not first set, nor set to the same, nor given
    where there was none (a translation given then was not one of it)."""
    return bool(history.deleted and history.deleted[0]) and bool(history.added) and history.deleted[0] != (
        history.added[0] or "")


def _queue_in_step(flush_session: Session, record) -> None:
    """The record's rows in `outdated_texts`: one per language it has texts set aside in, no more."""
    history = inspect(record).attrs.translations.history
    if not history.has_changes():
        return
    before = set(_outdated(history.deleted[0] or {})) if history.deleted else None  # None: what stood is unknown
    after = set(_outdated(record.translations or {}))
    if before == after:
        return
    _forget(flush_session, record, None if before is None else before ^ after)
    _note(flush_session, record, after if before is None else after - before)


def _note(flush_session: Session, record, languages: set[str]) -> None:
    """Add the record's rows in `outdated_texts` for these languages."""
    if languages:
        flush_session.connection().execute(insert(OutdatedText), [
            {"record_table": record.__tablename__, "record_id": record.id, "language": language, "since": utcnow()}
            for language in sorted(languages)])


def _forget(flush_session: Session, record, languages: set[str] | None = None) -> None:
    """Take the record's rows out of `outdated_texts` (only those of these languages, when given)."""
    statement = delete(OutdatedText).where(OutdatedText.record_table == record.__tablename__,
                                           OutdatedText.record_id == record.id)
    if languages is not None:
        statement = statement.where(OutdatedText.language.in_(languages))
    flush_session.connection().execute(statement)


def _outdated_before_flush(flush_session: Session, _context, _instances) -> None:
    for record in flush_session.dirty:
        if isinstance(record, TranslatedMixin):
            _set_aside_outdated(record)
            _queue_in_step(flush_session, record)
    for record in flush_session.deleted:
        if isinstance(record, TranslatedMixin) and _outdated(record.translations or {}):
            _forget(flush_session, record)


def _outdated_after_flush(flush_session: Session, _context) -> None:
    """A new record made with texts set aside (a series' next shift takes the series' languages as they stand) has
    its rows once it has an id."""
    for record in flush_session.new:
        if isinstance(record, TranslatedMixin):
            _note(flush_session, record, set(_outdated(record.translations or {})))


def listen(session_class) -> None:
    """Set aside outdated translations, and keep their index in step, in every flush made through sessions of this
    class."""
    for name, hook in (("before_flush", _outdated_before_flush), ("after_flush", _outdated_after_flush)):
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


def make_original(record, language: str) -> None:
    """Say the record was written in another language: its columns take that language's texts.

    The texts its columns held move into the translations under the former original language; a field
    with no text in the new language keeps the old one, so no required field ever becomes empty.
    """
    former = original_of(record)
    if language == former:
        return
    old = {field: getattr(record, field) or "" for field in record.TRANSLATED}
    new = {field: text_in(record, field, language) for field in record.TRANSLATED}
    translations = {key: dict(fields) for key, fields in (record.translations or {}).items() if key != language}
    translations[former] = {field: value for field, value in old.items() if value}
    aside = _outdated(translations)
    aside.pop(language, None)  # the new original's own text is what translations follow now
    _store(record, translations, aside)
    record.original_language = language
    for field, value in new.items():
        if value:
            setattr(record, field, value)


def copy_languages(source, copy) -> None:
    """A record made from another (a copied shift) that kept some of its texts is written in the source's language,
    and keeps the source's other languages of each text it kept: a field changed in the copy has only its new text.
    With every text new, the copy is as any new record: in the language of the page it was written on."""
    if not any(getattr(copy, field) and getattr(copy, field) == getattr(source, field, None)
               for field in copy.TRANSLATED):
        return
    copy.original_language = original_of(source)
    copy.translations = {
        language: kept for language, texts in (source.translations or {}).items()
        if (kept := {field: text for field, text in texts.items()
                     if field in copy.TRANSLATED and getattr(copy, field) == getattr(source, field, None)})
    }


def carry_aside(source, copy) -> None:
    """A record written in place of another with other words (a budget request's line changed in a new version):
    the source's other languages are set aside on the copy, as a change of the source's own text would have set
    them aside, so that translators are asked for them again and start from them. The copy is taken to be written
    in the source's language."""
    original = original_of(source)
    aside: dict[str, dict[str, str]] = {}
    for texts in (_outdated(source.translations or {}), source.translations or {}):  # the newer wins
        for language, fields in texts.items():
            if language not in (OUTDATED, original):
                aside.setdefault(language, {}).update(
                    {field: text for field, text in fields.items() if field in copy.TRANSLATED and text})
    if any(aside.values()):
        copy.original_language = original
        _store(copy, {}, aside)


def written(field: str, value: str, original_language: str | None, translations: dict | None) -> SimpleNamespace:
    """One written field read by a query that selected columns rather than records, shaped like a record."""
    return SimpleNamespace(**{field: value}, original_language=original_language, translations=translations)


# --- on a page -----------------------------------------------------------------------------


def shown_text(record, field: str) -> str:
    """The field as plain text in the reader's language or its fallback (for titles and sentences)."""
    return shown(record, field).text


def shown_name(record) -> str:
    """The record's name or title (its first written field) as plain text in the reader's language or its
    fallback: what every message, feed, download and choice names it by, as its page does."""
    return shown_text(record, record.TRANSLATED[0])


def shown_html(record, field: str, length: int | None = None) -> Markup:
    """The field for a page: text in another language than the page's is marked with its `lang`. Its direction is
    found by the isolating element the template puts around it (a <bdi>, or a paragraph with dir="auto", which then
    aligns to the side the text starts from): a `dir` here would hide the text from theirs."""
    value = shown(record, field)
    words = value.text if length is None else shortened(value.text, length)
    if value.language == reader_language():
        return escape(words)
    return Markup('<span lang="{}">{}</span>').format(value.language, words)


def shortened(words: str, length: int) -> str:
    """At most `length` characters, cut at a space and ended with an ellipsis when cut."""
    if len(words) <= length:
        return words
    cut = words[: length - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def original_language_shown(record) -> str | None:
    """The language a record's page falls back to when the reader's is missing (None: all in theirs)."""
    reader = reader_language()
    for field in record.TRANSLATED:
        value = shown(record, field)
        if value.text and value.language != reader:
            return value.language
    return None


def original_note(record) -> str:
    """The sentence a record's page shows when some of its text is not in the reader's language."""
    language = original_language_shown(record)
    if language is None:
        return ""
    return _("Some of this text is shown in %(language)s, the language it was written in; there is no "
             "%(reader)s version yet.", language=language_name(language), reader=language_name(reader_language()))


def language_name(code: str) -> str:
    """A language's name in the reader's language (the code itself if Babel does not know it)."""
    try:
        return Locale.parse(code).get_display_name(reader_language()) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def other_texts(record, field: str) -> list[tuple[str, str]]:
    """The field in the record's languages other than the one the reader is shown: (language, text)."""
    showing = shown(record, field)
    return [(language, value) for language in languages_of(record)
            if language != showing.language and (value := text_in(record, field, language)) and value != showing.text]
