"""How fast the API and the CSV download stay with 100,000 initiatives on PostgreSQL, as a ratio to bare Flask.

    python -m benchmarks.api --database-url postgresql+psycopg://postgres@127.0.0.1:5432/planner_bench

The same generated data and the same measuring as the directory's benchmark (`benchmarks.directory`):
each address through the Flask test client, N times after a warm-up, beside a bare Flask endpoint.
The deep page is reached by a cursor near the end of the table, as a client following `links.next` would.
"""
from __future__ import annotations

from flask.testing import FlaskClient

from planner.api.params import encode_cursor
from benchmarks.directory import run
from benchmarks.directory_data import RARE_WORD


class ReadingClient(FlaskClient):
    """A test client that reads the whole body, so a streamed CSV is timed to its last line."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


def pages(initiatives: int) -> list[tuple[str, str]]:
    """The addresses measured (the deep cursor points 1,000 rows before the last initiative)."""
    deep = encode_cursor(max(initiatives - 1_000, 1))
    return [
        ("planner app, endpoint with no SQL", "/_bare"),
        ("/api/v1/initiatives first page (20)", "/api/v1/initiatives"),
        ("/api/v1/initiatives first page (100)", "/api/v1/initiatives?limit=100"),
        ("/api/v1/initiatives deep cursor", f"/api/v1/initiatives?cursor={deep}"),
        ("/api/v1/initiatives theme + country", "/api/v1/initiatives?theme=youth&country=MA"),
        ("/api/v1/initiatives?q= common word", "/api/v1/initiatives?q=football"),
        ("/api/v1/initiatives?q= rare word", f"/api/v1/initiatives?q={RARE_WORD}"),
        ("/api/v1/councils", "/api/v1/councils?limit=100"),
        ("/api/v1/initiatives/<slug>", "/api/v1/initiatives/bench-initiative-4242"),
        ("/api/openapi.json", "/api/openapi.json"),
        ("/initiatives.csv?q= rare word", f"/initiatives.csv?q={RARE_WORD}"),
        ("/initiatives.csv theme + country", "/initiatives.csv?theme=youth&country=MA"),
    ]


def main(argv: list[str] | None = None) -> None:
    """Make the database, fill it, measure the API and CSV addresses, report, clean up."""
    run(argv, __doc__, pages, client_class=ReadingClient)


if __name__ == "__main__":
    main()
