"""The rules of a record's languages: which parts a form covers, saving what an editor gave, the translators'
queue of the records whose texts wait to be given again since their original changed, and the list of those with
text never given in a language.

The record's own columns keep the text in its original language (edited on the record's own form);
this form adds or corrects the other languages, or says the record was written in another one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, cast, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import False_

from planner.audit.services import audit_edit
from planner.budgets.models import BudgetRequest, Decision, LineItem, RequestVersion
from planner.centres.models import Centre
from planner.councils.models import Council
from planner.clock import utcnow
from planner.db import session
from planner.initiatives.models import Initiative, InitiativeStatus
from planner.organisations.models import Organisation
from planner.pagination import BoundedPage, bounded_paginate, bounds, count_up_to
from planner.partnerships.models import Partnership
from planner.permissions import translatable
from planner.records.errors import RecordError
from planner.translated import (FIELD_LABELS, LANGUAGES, OutdatedText, labels_listed, languages_listed, make_original,
                                original_of, set_texts, text_in)
from planner.types import RecordStatus
from planner.volunteering import management
from planner.volunteering.models import Programme, ProgrammeRequirement, Shift, ShiftSeries, ShiftStatus


# The kinds of record that have a languages page, by the name their address gives them.
KINDS: dict[str, type] = {
    "council": Council, "centre": Centre, "organisation": Organisation, "initiative": Initiative,
    "programme": Programme, "partnership": Partnership, "shift": Shift, "series": ShiftSeries,
    "request": BudgetRequest, "decision": Decision, "requirement": ProgrammeRequirement,
}

KIND_LABELS = {
    "council": _l("Council"), "centre": _l("Community centre"), "organisation": _l("Organisation"),
    "initiative": _l("Initiative"), "programme": _l("Volunteer programme"), "partnership": _l("Partnership"),
    "shift": _l("Shift"), "series": _l("Repeating shift"), "request": _l("Budget request"), "decision": _l("Decision"),
    "requirement": _l("What a programme asks of its volunteers"),
}
QUEUE_BOUND = 1000  # the queue counts this far ("more than 1,000") and pages no further


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


@dataclass(frozen=True)
class Saved:
    """What saving a record's languages did: the record, and how many volunteers were written to about it."""

    record: object
    told: int = 0


def save_languages(actor, record, original: str, texts: dict[str, dict[str, str]], announce: bool = False,
                   now: datetime | None = None) -> Saved:
    """Store the texts given per language, and the record's original language if it changed.

    `texts` is {language: {prefix + field: text}}; an empty text removes that language's version.
    The original's own text is not changed here, so a required field can never become empty.
    With `announce`, the volunteers of a shift (or of a series' shifts to come) who now read another meeting place
    or other instructions in their language are written to, as the shift's own form does for a change of the
    original.
    """
    if getattr(record, "status", None) is RecordStatus.ARCHIVED:
        raise RecordError(_l("This record is archived and can no longer be changed."))
    if original not in LANGUAGES:
        raise RecordError(_l("Choose a language from the list."), "original_language")
    parts = parts_of(record)
    before = {part.prefix: (original_of(part.record), part.record.translations) for part in parts}
    shifts = management.shifts_to_come(record, now or utcnow()) if announce else []
    read_before = management.instructions_as_read(shifts)
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
    return Saved(record, management.tell_readers_of_new_instructions(shifts, read_before) if shifts else 0)


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



# --- the translators' queue -----------------------------------------------------------------


@dataclass(frozen=True)
class ToTranslate:
    """A record whose texts in some languages wait to be given, set aside as outdated or never given, for someone who
    may translate it."""

    kind: str
    record: object
    languages: list[str]  # the languages to give again, in the order of LANGUAGES
    since: datetime | None  # when the latest of them was set aside (None: never given)
    missing: tuple = ()  # for a record with text never given: what its one language lacks, by label

    @property
    def named_by(self):
        """The record whose name the queue shows: the record, or a decision's request."""
        return self.record.request if isinstance(self.record, Decision) else self.record

    @property
    def languages_shown(self) -> str:
        """The languages to give again, as a list in the reader's language."""
        return languages_listed(self.languages)

    @property
    def missing_shown(self) -> str:
        """What was never given, by label, as a list in the reader's language."""
        return labels_listed(self.missing)


def texts_to_translate(user, now: datetime, number: int = 1, per_page: int | None = None) -> BoundedPage:
    """One page of the records the user may translate whose texts in some language wait to be given again, newest
    first, with their languages and how many records wait: one pass over the index of outdated texts (no record's
    JSON is read to find them). Shifts that follow their series are one entry, the series: its languages page gives
    them all; so are the lines of a budget request's latest version, the request."""
    parts = [part for part in (*(_outdated_of(kind, model, user, now) for kind, model in KINDS.items()),
                               _followed_series(user, now), _outdated_lines(user)) if part is not None]
    per_page, limit, max_page = bounds(QUEUE_BOUND, per_page)
    if not parts:  # nothing the user may translate: no statement to run
        return BoundedPage([], number, per_page, 0, {}, limit=limit, max_page=max_page)
    waiting = union_all(*parts).subquery()
    records = (select(waiting.c.kind, waiting.c.record_id, func.max(waiting.c.since).label("since"),
                      func.aggregate_strings(waiting.c.language, " ").label("languages"),
                      func.count().over().label("total"))  # every record must be grouped to be sorted anyway
               .group_by(waiting.c.kind, waiting.c.record_id)).subquery()
    rows = [] if number > max_page else session.execute(
        select(records).order_by(records.c.since.desc(), records.c.kind, records.c.record_id)
        .limit(per_page).offset((number - 1) * per_page)).all()
    total = rows[0].total if rows else count_up_to(select(records.c.record_id), limit + 1) if number > 1 else 0
    page = BoundedPage([], number, per_page, total, {}, limit=limit, max_page=max_page)
    if page.beyond_end or page.too_deep:
        return page
    found = _records_of(rows)
    page.items = [ToTranslate(row.kind, found[row.kind, row.record_id], _in_order(row.languages.split()), row.since)
                  for row in rows if (row.kind, row.record_id) in found]
    return page


def not_yet_in(user, kind: str | None, language: str, now: datetime, number: int = 1) -> BoundedPage:
    """One page of the records of one kind (None: of every kind) the user may translate that are still in use and
    have some text their original gives and this language does not, newest first, counted as far as QUEUE_BOUND.
    Those with a text of this language set aside are left to the queue of texts to give again; shifts that follow
    their series, to the series."""
    if kind is None:
        return _not_yet_of_every_kind(user, language, now, number)
    model = KINDS[kind]
    statement = (select(model).where(*_never_given(user, model, language, now))
                 .order_by(model.id.desc()).options(*_named_by(model)))
    page = bounded_paginate(statement, number, {"kind": kind, "language": language}, QUEUE_BOUND)
    page.items = [ToTranslate(kind, record, [language], None, _not_given(record, language)) for record in page.items]
    return page


def _never_given(user, model, language: str, now: datetime) -> list:
    """What puts a record of this model on the list of texts never given in the language (see not_yet_in)."""
    conditions = _still_in_use(model, now) + ([~_follows_its_series()] if model is Shift else [])
    return [translatable(user, model), *conditions, _lacks(model, language), ~_set_aside_in(model, language)]


def _not_yet_of_every_kind(user, language: str, now: datetime, number: int) -> BoundedPage:
    """The list over every kind the user may translate, the records made last first: a bounded count, then the
    page from the newest records of each kind (no kind gives more than the page's end, each read in the order of
    its key, as one kind's list is), then each kind's records of the page in one query."""
    parts = {model: select(cast(literal(kind), String(16)).label("kind"), model.id.label("record_id"),
                           _made_at(model).label("made_at")).where(*_never_given(user, model, language, now))
             for kind, model in KINDS.items() if not isinstance(translatable(user, model), False_)}
    per_page, limit, max_page = bounds(QUEUE_BOUND)
    page = BoundedPage([], number, per_page, 0, {"language": language}, limit=limit, max_page=max_page)
    if not parts:
        return page
    page.total = count_up_to(select(union_all(*parts.values()).subquery().c.record_id), limit + 1)
    if page.beyond_end or page.too_deep:
        return page
    newest = union_all(*(select(part.order_by(model.id.desc()).limit(number * per_page).subquery())
                         for model, part in parts.items())).subquery()
    rows = session.execute(select(newest).order_by(newest.c.made_at.desc(), newest.c.kind, newest.c.record_id.desc())
                           .limit(per_page).offset((number - 1) * per_page)).all()
    found = _records_of(rows)
    page.items = [ToTranslate(row.kind, record, [language], None, _not_given(record, language)) for row in rows
                  if (record := found.get((row.kind, row.record_id))) is not None]
    return page


def _made_at(model):
    """When a record was made: a decision, when it was taken."""
    return Decision.decided_at if model is Decision else model.created_at


def may_translate_any(user, kind: str | None, now: datetime) -> bool:
    """Whether the user may translate some record of this kind (None: of any kind) still in use (the list of texts
    never translated says so when it is empty, rather than call every one of none whole)."""
    for model in KINDS.values() if kind is None else (KINDS[kind],):
        rule = translatable(user, model)
        if not isinstance(rule, False_) and session.scalar(
                select(select(model.id).where(rule, *_still_in_use(model, now)).exists())):
            return True
    return False


def _not_given(record, language: str) -> tuple:
    """What of the record's parts (itself; a budget request's latest lines) its original gives and this language
    does not, by label: the Python twin of _lacks."""
    return tuple(part.heading or FIELD_LABELS.get(field, field) for part in parts_of(record)
                 for field in part.record.TRANSLATED
                 if (getattr(part.record, field) or "") and not text_in(part.record, field, language))


def _lacks(model, language: str):
    """Some text of the record, or of a line of a budget request's latest version, never given in the language."""
    own = and_(model.original_language != language, _some_text_not_in(model, language))
    if model is not BudgetRequest:
        return own
    return or_(own, _latest_line(LineItem.original_language != language, _some_text_not_in(LineItem, language)))


def _some_text_not_in(model, language: str):
    """A field the original gives whose text in this language is not given."""
    return or_(*(and_(func.coalesce(getattr(model, field), "") != "",
                      func.coalesce(model.translations[(language, field)].as_string(), "") == "")
                 for field in model.TRANSLATED))


def _set_aside_in(model, language: str):
    """Some text of the record (or of a line of a request's latest version) set aside in the language: the record
    is then in the queue of texts to give again."""
    own = _has_set_aside(model, language)
    return or_(own, _latest_line(_has_set_aside(LineItem, language))) if model is BudgetRequest else own


def _has_set_aside(model, language: str):
    return exists().where(OutdatedText.record_table == model.__tablename__, OutdatedText.record_id == model.id,
                          OutdatedText.language == language)


def _latest_line(*conditions):
    """A line of the budget request's latest version meeting the conditions."""
    return exists().where(RequestVersion.request_id == BudgetRequest.id,
                          RequestVersion.number == BudgetRequest.version_number,
                          LineItem.version_id == RequestVersion.id, *conditions)


def _outdated_of(kind: str, model, user, now: datetime):
    """The texts set aside of one kind's records that the user may translate and that are still in use (a shift
    that follows its series is left to _followed_series)."""
    conditions = _still_in_use(model, now) + ([~_follows_its_series()] if model is Shift else [])
    return _waiting(kind, OutdatedText.record_id, model, translatable(user, model), conditions)


def _followed_series(user, now: datetime):
    """The texts set aside of shifts that follow their series, as the series'."""
    return _waiting("series", Shift.series_id, Shift, translatable(user, Shift),
                    [*_still_in_use(Shift, now), _follows_its_series()])


def _waiting(kind: str, record_id, model, allowed, conditions: list, through: tuple = ()):
    """One kind's part of the queue's union; None when the user may translate no record of it. `through`: the
    joins, (table, condition), from a part of a record to the record."""
    if isinstance(allowed, False_):
        return None
    statement = (select(cast(literal(kind), String(16)).label("kind"), record_id.label("record_id"),
                        OutdatedText.language.label("language"), OutdatedText.since.label("since"))
                 .join(model, and_(OutdatedText.record_table == model.__tablename__,
                                   OutdatedText.record_id == model.id)))
    for table, condition in through:
        statement = statement.join(table, condition)
    return statement.where(allowed, *conditions)


def _outdated_lines(user):
    """The texts set aside of the lines of each budget request's latest version, as the request's (its languages
    page gives them)."""
    return _waiting("request", BudgetRequest.id, LineItem, translatable(user, BudgetRequest), [],
                    through=_LINE_TO_REQUEST)


# From a line to its request, through the request's latest version (the one its languages page shows).
_LINE_TO_REQUEST = ((RequestVersion, RequestVersion.id == LineItem.version_id),
                    (BudgetRequest, and_(BudgetRequest.id == RequestVersion.request_id,
                                         BudgetRequest.version_number == RequestVersion.number)))


def _follows_its_series():
    """A shift of a series whose name and place are still the series' (its languages follow the series': see
    _follow_series)."""
    return Shift.series.has(and_(ShiftSeries.title == Shift.title, ShiftSeries.place == Shift.place))


def _still_in_use(model, now: datetime) -> list:
    """Records worth translating: not archived, and a shift still to come."""
    if model is Shift:
        return [Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > now]
    if model is Initiative:
        return [Initiative.status != InitiativeStatus.ARCHIVED]
    if model in (Council, Centre, Organisation, Programme, Partnership):
        return [model.status != RecordStatus.ARCHIVED]
    if model is ProgrammeRequirement:
        return [ProgrammeRequirement.programme.has(Programme.status != RecordStatus.ARCHIVED)]
    return []


def _records_of(rows) -> dict[tuple[str, int], object]:
    """The records the rows name, one query per kind among them."""
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row.kind, []).append(row.record_id)
    return {(kind, record.id): record for kind, ids in wanted.items()
            for record in session.scalars(select(KINDS[kind]).where(KINDS[kind].id.in_(ids))
                                          .options(*_named_by(KINDS[kind])))}


def _named_by(model) -> list:
    """What the queue names a record by, loaded with it: a decision is named by its request; a request's lines
    are among its texts."""
    if model is BudgetRequest:
        return [selectinload(BudgetRequest.versions).selectinload(RequestVersion.items)]
    return [selectinload(Decision.request)] if model is Decision else []


def _in_order(languages: list[str]) -> list[str]:
    """The languages once each, in the order of LANGUAGES (any unknown code last)."""
    order = {language: place for place, language in enumerate(LANGUAGES)}
    return sorted(set(languages), key=lambda language: order.get(language, len(order)))
