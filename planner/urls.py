"""URL helpers shared by every feature."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def safe_next_url(target: str | None, fallback_endpoint: str = "directory.home") -> str:
    """A local path to return to; anything pointing off-site falls back to a safe page."""
    if target:
        parts = urlsplit(target)
        local = not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")
        if local and "\\" not in target:
            return target
    return url_for(fallback_endpoint)
