"""The stylesheet and scripts under /static/, addressed by their content, so that browsers keep them for a year.

Every `url_for("static", filename=…)` gets `?v=` and the start of the file's SHA-256. The answer at the address of
a file as it is now may be kept for a year without asking again (immutable); any other address (no `v`, or an
older one that a stored page still names) is served as before, asked about each time. So no page waits a round trip
to check its stylesheet, which holds up the first paint, and a changed file has a new address, fetched at once.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

KEPT_SECONDS = 365 * 24 * 3600
VERSION = "v"


def init_app(app: Flask) -> None:
    app.url_defaults(_with_version)
    app.after_request(_kept_when_current)


def fingerprint(filename: str) -> str | None:
    """The start of the static file's SHA-256 (read again whenever the file changes), or None if there is no such
    file in the static folder."""
    path = safe_join(current_app.static_folder or "", filename)
    if path is None:
        return None
    try:
        found = Path(path).stat()
    except OSError:
        return None
    return _digest(path, found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=64)
def _digest(path: str, _modified: int, _size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _with_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and VERSION not in values:
        version = fingerprint(values.get("filename", ""))
        if version:
            values[VERSION] = version


def _kept_when_current(response: Response) -> Response:
    """A year's keep for the file asked for at its current address; anything else as Flask sends it."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    asked = request.args.get(VERSION)
    if asked and asked == fingerprint((request.view_args or {}).get("filename", "")):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = KEPT_SECONDS
        response.cache_control.immutable = True
    return response
