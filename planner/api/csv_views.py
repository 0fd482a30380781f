"""The directory lists as CSV: `/<plural>.csv` takes the list's words and filters and streams every match.

Rows are read a batch at a time in id order (`api.queries.directory_in_batches`) and written as
they come, so memory stays bounded however long the list. Cells go through the roster export's
`safe_cell`, so a spreadsheet never runs one as a formula. A filter we cannot use is a 400: the
list page's own link only ever carries the filters it applied.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, request, stream_with_context

from planner.api.csv_columns import COLUMNS, Column
from planner.api.params import read_list_query
from planner.api.queries import directory_in_batches
from planner.directory.kinds import KINDS
from planner.directory.lists import LISTINGS
from planner.volunteering.exports import safe_cell

bp = Blueprint("directory_csv", __name__)
BYTE_ORDER_MARK = "\ufeff"  # spreadsheets then read Arabic and Turkish text as UTF-8


def csv_lines(columns: list[Column], records: Iterable) -> Iterator[str]:
    """The heading line, then one line per record, each cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield BYTE_ORDER_MARK + line(str(heading) for heading, _ in columns)
    for record in records:
        yield line(read(record) for _, read in columns)


def _download(kind_name: str) -> Response:
    query = read_list_query(LISTINGS[kind_name], request.args, extra=())
    records = directory_in_batches(kind_name, query)
    filename = f"{KINDS[kind_name].plural}.csv"
    return Response(stream_with_context(csv_lines(COLUMNS[kind_name], records)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


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
