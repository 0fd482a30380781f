"""Links between the volunteering pages and the directory's programme pages."""
from __future__ import annotations

from flask import url_for
from werkzeug.routing import BuildError

from planner.volunteering.models import Programme


def programme_url(programme: Programme) -> str:
    """The programme's public page (the directory's), or its list of shifts when that page is not there."""
    try:
        return url_for("directory.programme", key=programme.slug)
    except BuildError:
        return url_for("volunteering.shifts", programme=programme.slug)
