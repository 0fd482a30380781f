"""URL helpers shared by every feature: the record-id converter of routes, and safe `next` targets."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.routing import IntegerConverter

from planner.config import ADDRESS_LANGUAGE
from planner.types import LARGEST_ID

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class RecordIdConverter(IntegerConverter):
    """`<id:name>` in a route: a record id, 1 to the largest the column holds; anything else is not found."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=LARGEST_ID)


def absolute_url(endpoint: str, **values) -> str:
    """A full link for use away from the site (an e-mail, a calendar, the API), from the configured base URL.

    Never from the request's Host header, which the client chooses. It names a language only when asked
    (`lang=`): whoever follows it reads it in their own, not in the one the page that made it was shown in.
    """
    values.setdefault(ADDRESS_LANGUAGE, None)
    base = current_app.config["BASE_URL"]
    if has_request_context():
        return base + url_for(endpoint, **values)
    parts = urlsplit(base)  # a command (the outbox worker) has no request to build from
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def site_host() -> str:
    """The configured site's host name (for identifiers such as calendar event UIDs)."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "planner"


def is_local_url(target: str | None) -> bool:
    """Whether a `next` value is a path on this site (nothing off-site, no scheme, no `//host`)."""
    if not target:
        return False
    parts = urlsplit(target)
    local = not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")
    return local and "\\" not in target and not CONTROL_CHARACTERS.search(target)


def local_url_or(target: str | None, fallback_url: str) -> str:
    """The target if it is a local path, otherwise the fallback URL."""
    return target if is_local_url(target) else fallback_url


def safe_next_url(target: str | None, fallback_endpoint: str = "directory.home") -> str:
    """A local path to return to; anything pointing off-site falls back to a safe page."""
    return target if is_local_url(target) else url_for(fallback_endpoint)
