"""What search engines are told: which addresses to leave alone (robots.txt), and every public record (sitemaps).

A directory is only useful if people can find it from a search engine, and only affordable if crawlers do not
wander its endless filter combinations. So robots.txt keeps them off every address with a query string (filters,
pages, search words) but a page's language, off search, accounts, people's certificates, secret calendar links and
downloads, and points them to the sitemaps, which name each public record once (its page names its languages).

The sitemaps follow sitemaps.org: an index (`/sitemap.xml`) names a part per kind and per PART_SIZE ids
(`/sitemaps/<plural>-<n>.xml` holds the ids from n × PART_SIZE on), so no part passes the protocol's 50,000
addresses however many records there are, and each part is one range read of the primary key.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from planner.db import session
from planner.directory.kinds import KINDS, Kind
from planner.urls import absolute_url

MOST_ID = 2**31 - 1
PART_SIZE = 10_000  # ids per part (the protocol allows 50,000 addresses): about 1 MB, quick to make and to keep
KEPT_AWAY = ("/*?", "/search", "/me", "/account", "/admin", "/login", "/logout", "/register", "/password-reset",
             "/requests", "/certificates", "/calendar/", "/shifts/reply/", "/reminders/", "/api/", "/*.csv$",
             "/*.ics$",
             # downloads under the pages allowed in each language below: longer, so that these rules win
             "/councils/*/budget/*.csv", "/programmes/*/shifts.ics", "/shifts/*/roster.csv")
# Each language of a page that names its languages (planner.sharing: home, records, shifts) at its own address
# (`?lang=ar`), though every other address with a query string is kept away: crawlers take the longest rule that
# matches, so these win over "/*?" and lose to the longer ones above.
LANGUAGES_OF_PAGES = ("/?lang=", *(f"/{kind.plural}/*?lang=" for kind in KINDS.values()), "/shifts/*?lang=")


@dataclass(frozen=True)
class Entry:
    """One address in a sitemap, with the day its page last changed (when known)."""

    address: str
    changed: date | None = None


def robots_lines() -> list[str]:
    """robots.txt, a line each."""
    return ["User-agent: *", "Allow: /static/", *(f"Disallow: {path}" for path in KEPT_AWAY),
            *(f"Allow: {path}" for path in LANGUAGES_OF_PAGES), "Allow: /", "",
            f"Sitemap: {absolute_url('crawlers.sitemap_index')}"]


def sitemap_parts() -> list[str]:
    """The address of every part: the site's own pages, then each kind's ranges of ids."""
    parts = [absolute_url("crawlers.sitemap_pages")]
    for kind in KINDS.values():
        lowest, highest = session.execute(select(func.min(kind.model.id), func.max(kind.model.id))).one()
        if lowest is not None:
            parts += [absolute_url("crawlers.sitemap_part", plural=kind.plural, number=number)
                      for number in range(lowest // PART_SIZE, highest // PART_SIZE + 1)]
    return parts


def site_pages() -> list[Entry]:
    """Home and the six lists."""
    lists = [Entry(absolute_url(kind.list_endpoint)) for kind in KINDS.values()]
    return [Entry(absolute_url("directory.home")), *lists]


def kind_named(plural: str) -> Kind | None:
    return next((kind for kind in KINDS.values() if kind.plural == plural), None)


def could_hold_ids(number: int) -> bool:
    """Whether a part of that number covers ids a record may have (they are 32-bit)."""
    return 0 <= number <= MOST_ID // PART_SIZE


def records_in_part(kind: Kind, number: int) -> list[Entry]:
    """The public records of the kind whose ids fall in the part, in id order."""
    model = kind.model
    rows = session.execute(
        select(model.slug, model.updated_at)
        .where(model.id >= number * PART_SIZE, model.id < (number + 1) * PART_SIZE, model.is_public)
        .order_by(model.id)
    )
    start = absolute_url(kind.detail_endpoint, key="-")[:-1]  # built once: url_for per row would cost the most
    return [Entry(start + slug, changed.date() if changed else None) for slug, changed in rows]
