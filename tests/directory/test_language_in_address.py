"""An address may name its language (`?lang=ar`): whoever opens it reads the page in that language, the page's links
and search forms keep it, and search engines find each language of a page at an address of its own."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from protego import Protego
from planner.directory import crawlers

LINK = re.compile(r'<a [^>]*href="([^"#][^"]*)"')
GET_FORM = re.compile(r'<form [^>]*method="get"[^>]*>(.*?)</form>', re.S)


def page_of(client, address: str, language: str = "en") -> str:
    answer = client.get(address, headers={"Accept-Language": language})
    assert answer.status_code == 200, address
    return answer.get_data(as_text=True)


def language_of(page: str) -> str:
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def languages_named(page: str) -> list[list[str] | None]:
    """What each link to one of the site's pages on it says of the language (None: nothing)."""
    body = page.split("<body>", 1)[1]
    found = []
    for address in map(html.unescape, LINK.findall(body)):
        parts = urlsplit(address)
        if not parts.scheme and not parts.netloc and not parts.path.startswith("/static/"):
            found.append(parse_qs(parts.query).get("lang"))
    return found


def test_the_address_s_language_wins_over_the_browser_the_footer_and_the_profile(client, world, login, make):
    assert language_of(page_of(client, "/initiatives?lang=ar", "fr")) == "ar"
    client.post("/language", data={"locale": "tr", "next": "/"})
    assert language_of(page_of(client, f"/councils/{world.council_a.slug}?lang=fr")) == "fr"
    assert language_of(page_of(client, "/initiatives")) == "tr"  # the footer's choice, where the address names none
    login(make.user(locale="ar"))
    assert language_of(page_of(client, "/?lang=en")) == "en"


def test_every_link_and_search_form_on_the_page_keeps_its_language(client, world):
    for address in ("/?lang=ar", "/initiatives?lang=ar&theme=youth", f"/centres/{world.centre_a.slug}?lang=ar",
                    "/search?q=ksarzed&lang=ar", "/shifts?lang=ar"):
        page = page_of(client, address)
        named = languages_named(page)
        assert len(named) > 5 and all(language == ["ar"] for language in named), address
        forms = GET_FORM.findall(page)
        assert forms and all('<input type="hidden" name="lang" value="ar">' in form for form in forms), address
        assert re.search(r'href="/static/style.css\?v=[0-9a-f]+"', page), address  # assets: by their content alone
    searched = page_of(client, "/search?lang=ar&q=Ksarzed")  # the header's search form, sent
    assert language_of(searched) == "ar" and "Ksarzed Welcome House" in searched


def test_a_page_whose_address_names_no_language_links_to_none(client, world):
    page_of(client, "/initiatives?lang=tr")  # the header and footer kept for this language must not be reused below
    for address in ("/initiatives", "/initiatives?lang=xx", "/initiatives?lang=", "/initiatives?lang=ar&lang=fr",
                    "/initiatives?lang=AR"):
        page = page_of(client, address, "tr")
        assert language_of(page) == "tr", address  # a language we do not have, or two: the browser's
        assert not any(languages_named(page)) and 'name="lang"' not in page, address


def test_choosing_another_language_in_the_footer_leaves_the_address_s_behind(client, world):
    answer = client.post("/language?lang=ar", data={"locale": "fr", "next": "/initiatives?lang=ar&theme=youth"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/initiatives?theme=youth"
    assert language_of(page_of(client, "/initiatives?theme=youth")) == "fr"
    answer = client.post("/calendar-preference?lang=ar", data={"hijri": "on", "next": "/initiatives?lang=ar"})
    assert answer.headers["Location"] == "/initiatives?lang=ar"  # the calendar switch keeps the page as it was


def test_a_record_names_its_address_in_each_language(client, world, app):
    base = f"{app.config['BASE_URL']}/initiatives/{world.initiative_a.slug}"
    assert client.get(f"/initiatives/{world.initiative_a.id}?lang=ar").headers["Location"].endswith("?lang=ar")
    for address, canonical in ((f"/initiatives/{world.initiative_a.slug}", base),
                               (f"/initiatives/{world.initiative_a.slug}?lang=ar", f"{base}?lang=ar")):
        head = page_of(client, address).split("</head>")[0]
        assert re.search(r'<link rel="canonical" href="([^"]+)">', head).group(1) == canonical, address
        named = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
        assert named == {"en": f"{base}?lang=en", "ar": f"{base}?lang=ar", "fr": f"{base}?lang=fr",
                         "tr": f"{base}?lang=tr", "x-default": base}
    for language in ("ar", "fr", "tr"):
        assert language_of(page_of(client, f"/initiatives/{world.initiative_a.slug}?lang={language}")) == language


def test_crawlers_may_read_each_language_of_a_page_and_nothing_more(client, world):
    robots = Protego.parse(client.get("/robots.txt").get_data(as_text=True))
    allowed = lambda path: robots.can_fetch(f"http://localhost{path}", "AnyBot")  # noqa: E731
    pages = ["/", *(f"/{kind.plural}/x" for kind in crawlers.KINDS.values()), "/shifts/7"]
    for page in pages:
        assert allowed(page) and allowed(f"{page}?lang=ar"), page
        assert not allowed(f"{page}?theme=youth&lang=ar") and not allowed(f"{page}?page=2"), page
    kept_away = ["/search", "/me", "/account/security", "/login", "/register", "/certificates/ABC",
                 "/councils/x/budget/2026/decisions.csv", "/programmes/x/shifts.ics", "/shifts/7/roster.csv",
                 "/initiatives.csv", "/calendar/secret.ics", "/api/v1/initiatives", "/reminders/off/abc"]
    for address in kept_away:
        assert not allowed(address) and not allowed(f"{address}?lang=ar"), address
    assert allowed("/initiatives") and not allowed("/initiatives?lang=ar")  # lists: their records' pages suffice
