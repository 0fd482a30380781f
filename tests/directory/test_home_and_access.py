"""The home page, and the accessibility basics every directory page keeps."""
from __future__ import annotations

import html
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from planner.clock import utcnow
from planner.volunteering.models import ShiftStatus


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_home_says_what_the_planner_is_and_offers_a_search(client, world):
    page = text(client.get("/"))
    assert "One place for the civic life of a town" in page
    assert 'action="/search"' in page and 'for="home-search"' in page


def test_home_lists_the_latest_published_initiatives(client, world):
    page = text(client.get("/"))
    assert "Ksarzed youth football" in page
    assert "Ksarzed secret draft" not in page


def test_home_lists_open_shifts_with_the_places_left(client, world, make, db):
    make.shift(of=world.programme_a, capacity=4, confirmed_count=4, title="Already full shift")
    make.shift(of=world.programme_a, title="Cancelled shift", status=ShiftStatus.CANCELLED)
    make.shift(of=world.programme_a, title="Closed sign-up shift", signup_cutoff_at=utcnow() - timedelta(hours=1))
    make.shift(of=world.programme_of_draft, title="Shift of a draft")
    db.commit()
    page = text(client.get("/"))
    assert "Saturday training" in page and "3 places left" in page
    for hidden in ("Already full shift", "Cancelled shift", "Closed sign-up shift", "Shift of a draft"):
        assert hidden not in page


def test_home_links_to_every_list(client, world):
    page = text(client.get("/"))
    for path in ("/councils", "/centres", "/organisations", "/initiatives", "/programmes", "/partnerships"):
        assert f'href="{path}"' in page


class PageAudit(HTMLParser):
    """Collects what the accessibility checks need from one page."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.fields: list[dict] = []
        self.tags: list[str] = []
        self.tables = self.captions = self.headers = 0
        self.inline_styles = self.inline_scripts = 0
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit", "button"):
            self.fields.append(attributes)
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th":
            self.headers += 1
        if "style" in attributes:
            self.inline_styles += 1
        if tag == "script" and "src" not in attributes:
            self.inline_scripts += 1

    def unlabelled(self) -> list[dict]:
        return [f for f in self.fields
                if f.get("id") not in self.labels and not f.get("aria-label") and not f.get("aria-labelledby")]


def pages(world) -> list[str]:
    return [
        "/", "/search", "/search?q=Ksarzed", "/search?q=zzzz", "/search?q=Ksarzed&page=99",
        "/councils", "/centres?audience=refugees", "/organisations?kind=bogus", "/initiatives?theme=youth&q=ksarzed",
        "/programmes", "/partnerships?page=500",
        f"/councils/{world.council_a.slug}", f"/centres/{world.centre_a.slug}", f"/organisations/{world.org_b.slug}",
        f"/initiatives/{world.initiative_a.slug}", f"/programmes/{world.programme_a.slug}",
        f"/partnerships/{world.partnership_a.slug}", "/councils/no-such-council",
    ]


def test_every_page_keeps_the_accessibility_basics(client, world):
    for path in pages(world):
        audit = PageAudit()
        audit.feed(client.get(path).get_data(as_text=True))
        assert audit.h1 == 1, path
        assert audit.html_lang, path
        assert not audit.unlabelled(), (path, audit.unlabelled())
        assert {"header", "nav", "main", "footer"} <= set(audit.tags), path
        assert audit.captions == audit.tables, path
        if audit.tables:
            assert audit.headers, path
        assert audit.inline_styles == 0 and audit.inline_scripts == 0, path


@pytest.mark.parametrize("language", ["ar", "fr", "tr"])
def test_pages_render_in_every_interface_language(client, world, language):
    for path in pages(world):
        response = client.get(path, headers={"Accept-Language": language})
        assert response.status_code in (200, 404), path
        assert f'lang="{language}"' in response.get_data(as_text=True)


def test_home_puts_the_most_recently_published_first(client, world, make, db):
    later = utcnow() + timedelta(days=1)  # after everything else the test database published
    make.initiative("Published last week", in_council=world.council_a, lead=world.org_a,
                    published_at=later - timedelta(hours=3))
    make.initiative("Published this morning", in_council=world.council_a, lead=world.org_a,
                    published_at=later)
    db.commit()
    page = text(client.get("/"))
    assert page.index("Published this morning") < page.index("Published last week")
