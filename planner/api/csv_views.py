"""The directory lists as CSV: `/<plural>.csv` takes the list's words and filters and streams every match.

Rows are read a batch at a time in id order (`api.queries.directory_in_batches`) and written as
they come, so memory stays bounded however long the list; planner.spreadsheets writes the lines
(a byte-order mark first, no cell a spreadsheet would run as a formula). A filter we cannot use
is a 400: the list page's own link only ever carries the filters it applied, and the language its address names
(`lang`, the headings' language; planner.i18n).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, request

from planner.api import open_to_every_site
from planner.api.csv_columns import COLUMNS, Column
from planner.api.params import LANGUAGE, read_language, read_list_query
from planner.api.queries import directory_in_batches
from planner.directory.kinds import KINDS
from planner.directory.lists import LISTINGS
from planner.spreadsheets import csv_download, csv_lines

bp = Blueprint("directory_csv", __name__)
open_to_every_site(bp)


def directory_lines(columns: list[Column], records: Iterable) -> Iterator[str]:
    """The headings, then one line per record (planner.spreadsheets makes each cell safe)."""
    headings = [str(heading) for heading, _read in columns]
    return csv_lines(headings, ([read(record) for _heading, read in columns] for record in records))


def _download(kind_name: str) -> Response:
    query = read_list_query(LISTINGS[kind_name], request.args, extra=(LANGUAGE,))
    read_language(request.args)  # one of ours, or a 400 (the headings follow it: planner.i18n.select_locale)
    records = directory_in_batches(kind_name, query)
    filename = f"{KINDS[kind_name].plural}.csv"
    return csv_download(filename, directory_lines(COLUMNS[kind_name], records))


@bp.get("/councils.csv")
def councils():
    """The public councils matching the list's words and filters, as CSV."""
    return _download("council")


@bp.get("/centres.csv")
def centres():
    """The public centres matching the list's words and filters, as CSV."""
    return _download("centre")


@bp.get("/organisations.csv")
def organisations():
    """The public organisations matching the list's words and filters, as CSV."""
    return _download("organisation")


@bp.get("/initiatives.csv")
def initiatives():
    """The published initiatives matching the list's words and filters, as CSV."""
    return _download("initiative")


@bp.get("/programmes.csv")
def programmes():
    """The public programmes matching the list's words and filters, as CSV."""
    return _download("programme")


@bp.get("/partnerships.csv")
def partnerships():
    """The public partnerships matching the list's words and filters, as CSV."""
    return _download("partnership")
