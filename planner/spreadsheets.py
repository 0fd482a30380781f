"""CSV downloads, written for the spreadsheet people open them in.

Every CSV the planner hands out (the directory's lists, a council's budget decisions, a shift's
roster, a volunteer's hours) is made here, so that each keeps the same three promises:
- it starts with a byte-order mark: without it spreadsheets read UTF-8 as a local code page, and
  Arabic or Turkish text comes out garbled;
- a cell is text, and text a spreadsheet would run as a formula (starting with = + - @, a tab or a
  carriage return) gets a leading quote, so a name typed as `=HYPERLINK(…)` stays a name;
- lines are made one at a time, so a long public list streams in bounded memory.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text; text a spreadsheet would run as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The byte-order mark and the heading line, then a line per row, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield BYTE_ORDER_MARK + line(header)
    for row in rows:
        yield line(row)


def csv_download(filename: str, lines: Iterable[str], *, private: bool = False) -> Response:
    """The lines as a CSV attachment. A public file streams as its lines are made; a private one (a roster, a
    person's hours) is written while the request's database session is open, and no cache may keep it."""
    if private:
        response = Response("".join(lines), mimetype="text/csv")
        response.headers["Cache-Control"] = "no-store"
    else:
        response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
