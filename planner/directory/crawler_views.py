"""robots.txt and the sitemaps (planner.directory.crawlers), for search engines."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from planner.directory import crawlers

bp = Blueprint("crawlers", __name__)


@bp.get("/robots.txt")
def robots():
    """Which addresses crawlers should leave alone, and where the sitemaps are."""
    return Response("\n".join(crawlers.robots_lines()) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap_index():
    """The sitemap index: a part for the site's own pages, and parts for each kind of record."""
    return _xml(render_template("directory/sitemap_index.xml", parts=crawlers.sitemap_parts()))


@bp.get("/sitemaps/pages.xml")
def sitemap_pages():
    """Home and the six lists."""
    return _xml(render_template("directory/sitemap.xml", entries=crawlers.site_pages()))


@bp.get("/sitemaps/<plural>-<int:number>.xml")
def sitemap_part(plural: str, number: int):
    """One kind's public records in one range of ids."""
    kind = crawlers.kind_named(plural)
    if kind is None or not crawlers.could_hold_ids(number):
        abort(404)
    return _xml(render_template("directory/sitemap.xml", entries=crawlers.records_in_part(kind, number)))


def _xml(text: str) -> Response:
    return Response(text, mimetype="application/xml")
