"""No page sends a statement per row: when every kind of record grows, each page sends no more statements than before.

An administrator (who may open every page) follows the links from the directory's lists, the search and their own
pages, up to two pages of each shape (`/councils/<slug>`, `/shifts/<id>/roster` …), with two of each record. Then
six more of each are added, both on their own and under the same council, organisation, programme, shift and
partnership, so that lists and the records' own pages show more rows, and every page is asked for again.
"""
from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

from planner.budgets.models import RequestStatus
from planner.clock import utcnow
from tests import factories
from tests.conftest import statements_sent

STARTS = ["/", "/councils", "/centres", "/organisations", "/initiatives", "/partnerships", "/programmes", "/shifts",
          "/search?q=test", "/me", "/me/shifts", "/me/certificates", "/admin/users"]
PAGES_OF_EACH_SHAPE = 2
LEFT_OUT = ("/static", "/logout")


class Links(HTMLParser):
    """The addresses of a page's links on this site."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        href = dict(attrs).get("href") or ""
        parts = urlsplit(href)
        if tag == "a" and not parts.netloc and parts.path.startswith("/") and not parts.path.startswith(LEFT_OUT):
            self.found.append(parts.path + (f"?{parts.query}" if parts.query else ""))


def add_records(make, around: dict, admin, times: int) -> None:
    """`times` more of each kind of record: new ones, and more under the same council, organisation and so on."""
    for _ in range(times):
        make.council(place=around["place"])
        make.centre(in_council=around["council"])
        initiative = make.initiative(in_council=around["council"], lead=around["organisation"])
        make.initiative(in_council=make.council(place=around["place"]))
        request = make.budget_request(for_initiative=initiative, status=RequestStatus.SUBMITTED, created_by=admin)
        make.decision(on=request, amount="100.00", decided_by=admin)
        make.programme(owner=around["organisation"])
        later = around["shift"].starts_at + timedelta(days=factories._n())
        make.signup(on=make.shift(of=around["programme"], place=around["place"], starts_at=later), volunteer=admin)
        make.signup(on=around["shift"])
        make.partnership(parties=(around["organisation"], make.organisation()), initiatives=(initiative,))
        make.certificate(admin)


def statements_per_page(app, client, pages: list[str] | None = None) -> dict[str, int]:
    """Each page's statement count: the pages given, or those found by following links from STARTS."""
    counts: dict[str, int] = {}
    queue, shapes = list(pages or STARTS), {}
    while queue:
        page = queue.pop(0)
        if page in counts:
            continue
        with statements_sent(app) as sent:
            response = client.get(page)
            body = response.get_data()
        assert response.status_code < 500, page
        counts[page] = len(sent)
        if pages is not None or "text/html" not in response.content_type:
            continue
        links = Links()
        links.feed(body.decode())
        for found in links.found:
            shape = re.sub(r"\d+", "N", urlsplit(found).path)
            if shapes.get(shape, 0) < PAGES_OF_EACH_SHAPE:
                shapes[shape] = shapes.get(shape, 0) + 1
                queue.append(found)
    return counts


def test_no_page_sends_more_statements_when_its_rows_grow(app, client, db, make, login):
    admin = make.admin()
    place = make.locality()
    organisation, council = make.organisation(), make.council(place=place)
    programme = make.programme(owner=organisation)
    make.envelope(council)
    around = {"place": place, "council": council, "organisation": organisation, "programme": programme,
              "shift": make.shift(of=programme, capacity=100, place=place, starts_at=utcnow() + timedelta(days=3))}
    add_records(make, around, admin, times=2)
    login(admin)
    before = statements_per_page(app, client)
    listed_before = client.get("/initiatives").get_data(as_text=True).count("/initiatives/test-initiative-")

    add_records(make, {name: db.merge(record) for name, record in around.items()}, db.merge(admin), times=6)
    db.commit()
    after = statements_per_page(app, client, list(before))

    assert len(before) > 80  # the links were followed to the records' own pages, forms and exports
    assert client.get("/initiatives").get_data(as_text=True).count("/initiatives/test-initiative-") > listed_before
    grown = {page: (before[page], after[page]) for page in before if after[page] > before[page]}
    assert grown == {}
