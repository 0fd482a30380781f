"""Shifts imported from a spreadsheet saved as CSV: a season's schedule typed once, not shift by shift.

Every row is held to the rules a shift typed into the new-shift form is held to (the form's own checks, then
the service's: a time the clocks skip, a start in the past, a year out of reach), and either every row becomes a
shift or none does: the coordinator gets each row's problems by line and column, and the programme is left as it
was. The file's first line names the columns, in any order (COLUMNS); times are written on the clock of the
shift's place, as 2027-03-06 09:00, day first as 06/03/2027 09:00, or with the month's name as 6 Mar 2027 09:00
(planner.volunteering.written_times; a file written month first, as a spreadsheet set to United States dates
writes them, is refused whole). The file is UTF-8 (spreadsheets offer "CSV UTF-8"), its cells separated by commas,
semicolons (as spreadsheets write them where the comma is the decimal sign) or tabs.

Before anything is added, a chosen file is checked by importing it in a transaction that is rolled back
(`pipeline.dry_run`), and what it would add is shown (`preview`); the preview sends the file back to be added, and
it is checked again then. A programme's own shifts download in the same columns (`programme_rows`), so a season is
copied by changing its dates.

Languages: a row's texts are in the language its `language` column gives (a code; the page's when left out), and
`title_fr`, `place_ar`, `instructions_tr` and the like give its texts in the other languages. The download writes
them, so a copied season keeps its languages.
"""
from __future__ import annotations

import base64
import binascii
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from operator import attrgetter

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from planner.centres.models import Centre
from planner.clean_text import garbled
from planner.clock import to_local, utcnow
from planner.db import session
from planner.i18n import isolate, listed
from planner.names import by_shown_name, place_names, reader_language
from planner.places.models import Locality
from planner.translated import LANGUAGES, original_of, set_texts, shown_name, text_in
from planner.types import RecordStatus
from planner.volunteering import management
from planner.volunteering.forms import ShiftForm
from planner.volunteering.models import Programme, Shift, ShiftStatus
from planner.volunteering.services import VolunteeringError
from planner.volunteering.timezones import shift_when
from planner.volunteering.written_times import (DAY_FIRST_EXAMPLE, ISO_EXAMPLE, read_wall_time,
                                                written_month_first)

MAX_MEGABYTES = 1
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_ROWS = 500
PROBLEMS_SHOWN = 100
# The columns, by the name the heading gives them, and the form field each fills.
COLUMNS = {"title": "title", "starts": "starts_at", "ends": "ends_at", "place": "place", "capacity": "capacity",
           "locality": "locality", "centre": "centre", "signup_cutoff_hours": "signup_cutoff_hours",
           "party_limit": "party_limit", "instructions": "instructions"}
LANGUAGE_COLUMN = "language"
# The texts in other languages than the row's: {"title_fr": ("title", "fr"), …}
TEXT_COLUMNS = {f"{name}_{language}": (name, language) for language in LANGUAGES for name in Shift.TRANSLATED}
KNOWN = (*COLUMNS, LANGUAGE_COLUMN, *TEXT_COLUMNS)
REQUIRED = ("title", "starts", "ends", "capacity")
COLUMN_OF = {form_field: column for column, form_field in COLUMNS.items()}
TIME_COLUMNS = ("starts", "ends")
SEPARATORS = ",;\t"
FILE_HINT = _l("At most %(size)s MB and %(count)s shifts.", size=MAX_MEGABYTES, count=MAX_ROWS)
CHOSEN = ("locality", "centre")  # named in the file, checked against what is offered (_choice_problems)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one line of the file (and in which column, if one)."""

    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return str(_l("Line %(line)s, %(column)s: %(message)s", line=self.line, column=isolate(self.column),
                          message=self.message))
        return str(_l("Line %(line)s: %(message)s", line=self.line, message=self.message))


class ImportRefused(VolunteeringError):
    """Some lines cannot become shifts: nothing was imported, and `problems` says what to correct where."""

    def __init__(self, problems: list[Problem]):
        lines = len({problem.line for problem in problems})
        super().__init__(lazy_ngettext("Nothing was imported: %(num)s line needs correcting.",
                                       "Nothing was imported: %(num)s lines need correcting.", lines))
        self.problems = problems


@dataclass
class Choices:
    """The places and centres a shift of this programme may be at, as the new-shift form offers them."""

    places: dict[str, Locality]
    centres: dict[str, Centre]
    place_keys: dict[str, str] = field(init=False)
    centre_keys: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.place_keys = _names_to_keys(self.places, lambda place: (*place_names(place), place.slug))
        self.centre_keys = _names_to_keys(self.centres, lambda centre: (centre.name, shown_name(centre), centre.slug))


def _names_to_keys(records: dict, names_of) -> dict[str, str]:
    """Each record's key under each of its names, as typed in any case."""
    return {name.casefold(): key for key, record in records.items() for name in names_of(record) if name}


@dataclass(frozen=True)
class Planned:
    """One shift a checked file would add, worded for the preview."""

    title: str
    when: str
    where: str
    capacity: int


@dataclass(frozen=True)
class Preview:
    """What a checked file would add, and the file itself, sealed to be sent back to add it."""

    shifts: list[Planned]
    checked: str


def preview(shifts: list[Shift], data: bytes) -> Preview:
    """The shifts an import made, worded while they are still there (the preview's transaction is then rolled
    back), in the order they will run."""
    ordered = sorted(shifts, key=attrgetter("starts_at"))
    return Preview([Planned(shift.title, shift_when(shift), _where(shift), shift.capacity) for shift in ordered],
                   base64.b64encode(data).decode("ascii"))


def _where(shift: Shift) -> str:
    return listed((shift.place, shift.centre and shown_name(shift.centre), shift.locality.shown_name))


def unsealed(checked: str) -> bytes:
    """The file a preview showed, as its form sent it back."""
    try:
        return base64.b64decode(checked, validate=True)
    except (binascii.Error, ValueError) as error:
        raise VolunteeringError(_l("The file checked before could not be read back. Please choose it again."),
                                field="file") from error


def template_rows(choices: Choices) -> list[list[str]]:
    """A file to fill in: the heading naming every column, and two example shifts a week apart, starting a week
    from today at the first place offered (in its language as the page's, and on its clock)."""
    place = next(iter(choices.places.values()), None)
    today = to_local(utcnow(), place.timezone if place else None).date()
    examples = [{"title": _("Food parcels"), "starts": f"{day} 09:00", "ends": f"{day} 12:00", "capacity": "8",
                 "locality": place.shown_name if place else "", "place": _("Hall B")}
                for day in ((today + timedelta(weeks=weeks)).isoformat() for weeks in (1, 2))]
    return [list(COLUMNS), *(_row(example) for example in examples)]


def programme_rows(programme: Programme) -> list[list[str]]:
    """The programme's latest scheduled shifts (as many as one file may import) in the import's columns, in the
    order they run: a season to copy by changing its dates and importing the file again."""
    latest = session.scalars(
        select(Shift).where(Shift.programme_id == programme.id, Shift.status == ShiftStatus.SCHEDULED)
        .order_by(Shift.starts_at.desc(), Shift.id.desc()).limit(MAX_ROWS)
        .options(joinedload(Shift.locality), joinedload(Shift.centre))).all()
    written = [_written(shift) for shift in reversed(latest)]
    given = [column for column in TEXT_COLUMNS if any(cells.get(column) for cells in written)]
    heading = [*COLUMNS, LANGUAGE_COLUMN, *given]  # only the other languages' columns some shift has text in
    return [heading, *(_row(cells, heading) for cells in written)]


def _written(shift: Shift) -> dict[str, str]:
    """A shift's cells, as the import reads them: its own texts, the language they are in, and its others."""
    zone = shift.locality.timezone
    cutoff = shift.signup_cutoff_at and (shift.starts_at - shift.signup_cutoff_at) // timedelta(hours=1)
    original = original_of(shift)
    return {"title": shift.title, "starts": _wall_time(shift.starts_at, zone), "ends": _wall_time(shift.ends_at, zone),
            "place": shift.place, "capacity": str(shift.capacity), "locality": shift.locality.name,
            "centre": shift.centre.name if shift.centre else "", "signup_cutoff_hours": str(cutoff or ""),
            "party_limit": str(shift.party_limit or ""), "instructions": shift.instructions,
            LANGUAGE_COLUMN: original,
            **{column: text_in(shift, name, language) for column, (name, language) in TEXT_COLUMNS.items()
               if language != original}}


def _wall_time(instant, zone: str) -> str:
    return to_local(instant, zone).strftime("%Y-%m-%d %H:%M")


def _row(cells: dict[str, str], heading=COLUMNS) -> list[str]:
    return [cells.get(column, "") for column in heading]


def import_shifts(actor, programme: Programme, data: bytes, choices: Choices) -> list[Shift]:
    """The file's rows as new shifts of the programme, all of them or none (ImportRefused, with every problem)."""
    if programme.status is RecordStatus.ARCHIVED:
        raise VolunteeringError(_l("This programme is archived, so it takes no new shifts."))
    rows = read_rows(data)
    _refuse_month_first(rows)
    problems: list[Problem] = []
    shifts: list[Shift] = []
    planned = _planned(programme)
    for line, row in rows:
        details = _details(line, row, choices, problems)
        if details is None:
            continue
        try:
            shift = management.create_shift(actor, programme, details)
        except VolunteeringError as error:
            problems.append(Problem(line, error.message, COLUMN_OF.get(error.field or "", "")))
            continue
        _give_languages(shift, row)
        if _sameness(shift) in planned:  # a file sent twice, or a line written twice
            problems.append(Problem(line, _l("The programme already has this shift: the same title, place and "
                                             "times.")))
        planned.add(_sameness(shift))
        shifts.append(shift)
    if problems:
        raise ImportRefused(problems)
    return shifts


def _give_languages(shift: Shift, row: dict[str, str]) -> None:
    """The row's language, and its texts in the others (checked by _language_problems)."""
    shift.original_language = _row_language(row) or original_of(shift)
    for language in LANGUAGES:
        if language != shift.original_language:
            set_texts(shift, language, {name: row.get(column, "") for column, (name, written_in)
                                        in TEXT_COLUMNS.items() if written_in == language})


def _refuse_month_first(rows: list[tuple[int, dict[str, str]]]) -> None:
    """A file whose dates put the month first (3/13/2027, or 9:00 AM) is refused whole: read day first, its other
    dates (3/6/2027) would become other days without a word."""
    for line, row in rows:
        for column in TIME_COLUMNS:
            typed = row.get(column, "")
            if written_month_first(typed):
                raise VolunteeringError(_l(
                    "Line %(line)s gives %(typed)s, the way a spreadsheet set to United States dates writes them "
                    "(the month first). This import reads dates day first, as %(day_first)s, or as %(iso)s: change "
                    "the format of the file's date cells and choose it again.", line=line, typed=isolate(typed),
                    day_first=isolate(DAY_FIRST_EXAMPLE), iso=isolate(ISO_EXAMPLE)), field="file")


def _sameness(shift: Shift) -> tuple:
    """What makes two shifts the same one written twice."""
    return shift.title.casefold(), shift.starts_at, shift.ends_at, shift.locality_id


def _planned(programme: Programme) -> set[tuple]:
    """The programme's shifts still to come, as _sameness sees them (one statement)."""
    return {(title.casefold(), starts, ends, place) for title, starts, ends, place in session.execute(
        select(Shift.title, Shift.starts_at, Shift.ends_at, Shift.locality_id)
        .where(Shift.programme_id == programme.id, Shift.status == ShiftStatus.SCHEDULED, Shift.starts_at > utcnow()))}


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: cell}) for each row under the heading; a file that cannot be read is refused whole."""
    if len(data) > MAX_BYTES:
        raise VolunteeringError(_l("The file is larger than %(size)s MB; please split it into smaller files.",
                                   size=MAX_MEGABYTES), field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise VolunteeringError(_l("The file is not saved as UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” "
                                   "and choose it again."), field="file") from error
    if "\x00" in text:
        raise VolunteeringError(_l("This is not a CSV file. In your spreadsheet, save it as “CSV UTF-8”."),
                                field="file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
    try:
        columns = _heading(next(reader, []))
        rows = list(_rows(reader, columns))
    except csv.Error as error:  # a cell past the csv module's size limit, a quote left open at the end
        raise VolunteeringError(_l("Line %(line)s cannot be read as CSV: is a quotation mark left open, or a cell "
                                   "very long?", line=reader.line_num), field="file") from error
    if not rows:
        raise VolunteeringError(_l("The file has no shifts under its heading line."), field="file")
    return rows


def _separator(text: str) -> str:
    """The separator the heading line uses most: a comma, a semicolon or a tab."""
    heading = text.split("\n", 1)[0]
    return max(SEPARATORS, key=heading.count)


def _heading(cells: list[str]) -> list[str]:
    names = [cell.strip().casefold().replace(" ", "_") for cell in cells]
    unknown = [name for name in names if name and name not in KNOWN]
    if unknown:
        raise VolunteeringError(_l("The heading line names columns this import does not know: %(unknown)s. It may "
                                   "name: %(known)s.", unknown=", ".join(isolate(name) for name in unknown),
                                   known=", ".join(KNOWN)), field="file")
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise VolunteeringError(_l("The heading line names %(columns)s more than once.",
                                   columns=", ".join(isolate(name) for name in twice)), field="file")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise VolunteeringError(_l("The heading line must name the columns %(missing)s.", missing=", ".join(missing)),
                                field="file")
    return names


def _rows(reader, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    for count, cells in enumerate(reader, start=1):
        if count > MAX_ROWS:
            raise VolunteeringError(_l("The file has more than %(count)s rows; please split it into smaller files.",
                                       count=MAX_ROWS), field="file")
        if any(cell.strip() for cell in cells):
            yield reader.line_num, {column: cell.strip() for column, cell in zip(columns, cells) if column}


def _details(line: int, row: dict[str, str], choices: Choices, problems: list[Problem]):
    """The row as a new shift's details, checked as the new-shift form checks what is typed into it; None (with
    the row's problems noted) when it does not pass."""
    form = ShiftForm(formdata=_as_form_data(row, choices), meta={"csrf": False})
    form.locality.choices = by_shown_name([(key, place.shown_name) for key, place in choices.places.items()])
    form.centre.choices = [("", "")] + [(key, shown_name(centre)) for key, centre in choices.centres.items()]
    found = len(problems)
    unread = {column: problem for column in TIME_COLUMNS if (problem := _time_problem(row.get(column, "")))}
    problems += [Problem(line, problem, column) for column, problem in unread.items()]
    if not form.validate():
        problems += [Problem(line, message, COLUMN_OF.get(name, name))
                     for name, messages in form.errors.items()
                     if name in COLUMN_OF and name not in CHOSEN and COLUMN_OF[name] not in unread
                     for message in messages]
    problems += _choice_problems(line, row, form, choices)
    problems += _language_problems(line, row)
    problems += _garbled_problems(line, row)
    if len(problems) > found:
        return None
    return form.details(choices.places, choices.centres)


def _garbled_problems(line: int, row: dict[str, str]) -> list[Problem]:
    """Texts whose letters were broken by a spreadsheet that read the file in another encoding and saved it again
    ("Ã©" for "é", "ÅŸ" for "ş"): refused, rather than stored for every reader to see."""
    texts = (column for column in row if column in Shift.TRANSLATED or column in TEXT_COLUMNS)
    return [Problem(line, _l("This text looks garbled: “%(broken)s” should probably read “%(meant)s”. Open the "
                             "file in a spreadsheet as UTF-8 and save it again as “CSV UTF-8”.",
                             broken=isolate(found[0]), meant=isolate(found[1])), column)
            for column in texts if (found := garbled(row[column]))]


def _row_language(row: dict[str, str]) -> str:
    """The code the row's language column gives, however it is cased ("" when none)."""
    return row.get(LANGUAGE_COLUMN, "").casefold()


def _language_problems(line: int, row: dict[str, str]) -> list[Problem]:
    """A language that is not one of the planner's, a text too long for its field, and a text in the row's own
    language that differs from the one its own column gives."""
    language = _row_language(row)
    if language and language not in LANGUAGES:
        return [Problem(line, _l("Write the language as one of %(codes)s.", codes=", ".join(LANGUAGES)),
                        LANGUAGE_COLUMN)]
    problems = []
    for column, (name, written_in) in TEXT_COLUMNS.items():
        text, longest = row.get(column, ""), Shift.__table__.c[name].type.length
        if len(text) > longest:
            problems.append(Problem(line, lazy_ngettext("Use at most %(num)s character.",
                                                        "Use at most %(num)s characters.", longest), column))
        elif text and written_in == (language or reader_language()) and text != row.get(name, ""):
            problems.append(Problem(line, _l("This is the line's own language: its text goes in the %(column)s "
                                             "column.", column=isolate(name)), column))
    return problems


def _time_problem(typed: str):
    """Why a time cell cannot be read (the form's own word, "Not a valid datetime value", says less), or None."""
    written = read_wall_time(typed)
    if written is None:
        return _l("Write the time as %(iso)s, or day first as %(day_first)s.", iso=isolate(ISO_EXAMPLE),
                  day_first=isolate(DAY_FIRST_EXAMPLE))
    if not written.on_calendar():
        return _l("There is no such day or time as %(typed)s.", typed=isolate(typed))
    return None


def _as_form_data(row: dict[str, str], choices: Choices) -> MultiDict:
    """What the new-shift form would have been sent for this row."""
    data = {COLUMNS[column]: value for column, value in row.items() if column in COLUMNS}
    for name in ("starts_at", "ends_at"):
        data[name] = _form_time(data.get(name, ""))
    data["locality"] = _key(row.get("locality", ""), choices.place_keys, only=choices.places)
    data["centre"] = _key(row.get("centre", ""), choices.centre_keys)
    data["signup_cutoff_hours"] = data.get("signup_cutoff_hours") or "0"  # left out or empty: open until it starts
    return MultiDict(data)


def _form_time(typed: str) -> str:
    """A time the import reads (planner.volunteering.written_times) as the form's field takes it; anything else as
    typed, which the field then refuses."""
    written = read_wall_time(typed)
    return written.for_form() if written else typed


def _key(name: str, keys: dict[str, str], only: dict | None = None) -> str:
    """The key of the place or centre the cell names; with `only`, the one offered when the cell is empty."""
    if not name and only is not None and len(only) == 1:
        return next(iter(only))
    return keys.get(name.casefold(), "") if name else ""


def _choice_problems(line: int, row: dict[str, str], form, choices: Choices) -> list[Problem]:
    problems = []
    if form.locality.data not in choices.places:
        typed = row.get("locality", "")
        message = (_l("No place offered for this programme is called %(name)s.", name=isolate(typed)) if typed
                   else _l("Name the shift's place (a town or district, as the new-shift form lists them)."))
        problems.append(Problem(line, message, "locality"))
    if row.get("centre") and form.centre.data not in choices.centres:
        problems.append(Problem(line, _l("No centre offered for this programme is called %(name)s.",
                                         name=isolate(row["centre"])), "centre"))
    return problems
