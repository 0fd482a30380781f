"""Search engines find every public record through the sitemaps, and robots.txt keeps them off what would only
cost the site (filters, search, accounts, downloads) or expose people (certificates, calendar links)."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

from planner.directory import crawlers
from planner.initiatives.models import Initiative, InitiativeStatus

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, address: str, element: str) -> list[str]:
    answer = client.get(address)
    assert answer.status_code == 200 and answer.mimetype == "application/xml", address
    root = ElementTree.fromstring(answer.get_data())
    return [found.text for found in root.iterfind(f"s:{element}/s:loc", NAMESPACE)]


def path_of(address: str) -> str:
    return urlsplit(address).path


def every_address(client) -> list[str]:
    parts = locations(client, "/sitemap.xml", "sitemap")
    return [address for part in parts for address in locations(client, path_of(part), "url")]


def test_the_sitemaps_name_each_public_record_once_and_nothing_hidden(client, world, app):
    addresses = every_address(client)
    assert len(addresses) == len(set(addresses))
    assert all(address.startswith(app.config["BASE_URL"] + "/") for address in addresses)
    paths = {path_of(address) for address in addresses}
    assert {"/", "/councils", "/initiatives", "/partnerships"} <= paths
    for record in (world.council_a, world.centre_b, world.org_a, world.initiative_a, world.partnership_a):
        assert any(path.endswith(f"/{record.slug}") for path in paths), record.slug
    for hidden in (world.council_hidden, world.centre_hidden, world.org_hidden):
        assert not any(path.endswith(f"/{hidden.slug}") for path in paths), hidden.slug
    for path in paths:  # every address named answers, to anyone
        assert client.get(path).status_code == 200, path


def test_a_draft_initiative_is_named_once_it_is_published(client, make, world, db):
    draft = make.initiative("Ksarzed draft garden", in_council=world.council_a, lead=world.org_a,
                            status=InitiativeStatus.DRAFT)
    db.commit()
    slug, draft_id = draft.slug, draft.id
    assert not any(address.endswith(f"/{slug}") for address in every_address(client))
    db.get(Initiative, draft_id).status = InitiativeStatus.PUBLISHED  # the requests closed the session it came from
    db.commit()
    assert any(address.endswith(f"/{slug}") for address in every_address(client))


def test_many_records_are_spread_over_parts_by_their_ids(client, world, monkeypatch):
    monkeypatch.setattr(crawlers, "PART_SIZE", 2)
    parts = [path_of(part) for part in locations(client, "/sitemap.xml", "sitemap")]
    initiative_parts = [part for part in parts if part.startswith("/sitemaps/initiatives-")]
    assert len(initiative_parts) > 1
    for part in initiative_parts:
        assert len(locations(client, part, "url")) <= 2, part


def test_a_part_that_does_not_exist_is_a_404(client, world):
    for address in ("/sitemaps/people-0.xml", "/sitemaps/initiatives-99999999.xml", "/sitemaps/initiatives--1.xml",
                    "/sitemaps/initiatives-x.xml"):
        assert client.get(address).status_code == 404, address


def test_robots_keep_crawlers_off_filters_search_accounts_and_people(client, app):
    answer = client.get("/robots.txt")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    lines = answer.get_data(as_text=True).splitlines()
    for kept_away in ("/*?", "/search", "/me", "/account", "/admin", "/certificates", "/calendar/", "/*.csv$"):
        assert f"Disallow: {kept_away}" in lines
    assert "Allow: /static/" in lines  # the stylesheet, so a crawler sees the pages as people do
    assert f"Sitemap: {app.config['BASE_URL']}/sitemap.xml" in lines
